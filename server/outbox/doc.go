// Package outbox delivers webhook events durably.
//
// An event is written to the webhook_outbox table in the same transaction
// as the change that causes it (Emit), so it exists exactly when the
// change does. Delivery workers, one pool per Gobi instance, claim due
// rows with a lease (lease_until, claimed_by) taken in a short
// transaction, with FOR UPDATE SKIP LOCKED on PostgreSQL and
// MySQL/MariaDB so instances never wait on each other, and under
// SQLite's single writer there. Each attempt is logged in
// webhook_deliveries together with the row's next step (retry later, or
// done) in one transaction, so an instance killed between attempts loses
// nothing and no attempt is made twice. An instance killed during an
// attempt leaves its lease to expire: that one attempt is made again by
// whoever claims it next (at-least-once, deduplicated by receivers on the
// event id).
//
// What an attempt is (signing, the HTTP request, SSRF checks) and what its
// outcome does to an endpoint (disabling it) belong to the Endpoints the
// worker is given: package webhook.
package outbox
