// Package webhook is the webhook feature: endpoints users register
// (CRUD, per-user isolated), their signing secrets (generated with
// crypto/rand, sealed at rest, shown once, rotated with a window in which
// both sign), the two signature schemes every delivery carries (Gobi's
// X-Gobi-Signature and Standard Webhooks' webhook-signature), the SSRF
// guard on URLs (checked when saved and at dial time), the event
// catalogue, and what an attempt's outcome does to an endpoint.
//
// Queuing and retrying belong to package outbox, which calls this
// package's Service as its outbox.Endpoints.
package webhook
