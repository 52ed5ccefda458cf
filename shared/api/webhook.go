package api

import (
	"encoding/json"
	"time"
)

// The webhook events Gobi emits. GET /api/webhook-events lists them with
// the JSON schema of each one's data.
const (
	EventReportGenerated = "report.generated"
	EventReportFailed    = "report.failed"
	EventAlertTriggered  = "alert.triggered"
	EventWebhookTest     = "webhook.test"
)

// WebhookInput creates or replaces a webhook. Enabled defaults to true.
// Headers are sent with every delivery; they cannot replace the
// signature headers (X-Gobi-*, webhook-*) or the transport's own. On
// update, a header given with an empty value keeps its stored value.
type WebhookInput struct {
	Name    string            `json:"name"`
	URL     string            `json:"url"`
	Events  []string          `json:"events"`
	Headers map[string]string `json:"headers,omitempty"`
	Enabled *bool             `json:"enabled,omitempty"`
}

// Webhook is a webhook as listed: never its secret.
type Webhook struct {
	ID      int64    `json:"id"`
	OwnerID int64    `json:"owner_id"`
	Name    string   `json:"name"`
	URL     string   `json:"url"`
	Events  []string `json:"events"`
	// Headers names the custom headers; their values are never shown
	// (each is ""), as they often hold the receiver's credentials.
	Headers map[string]string `json:"headers"`
	Enabled bool              `json:"enabled"`
	// DisabledReason says why Gobi disabled the webhook (410 Gone, or
	// every delivery failing for too long); empty when a user did.
	DisabledReason string `json:"disabled_reason,omitempty"`
	// FailingSince is the first failed attempt since the last success.
	FailingSince *time.Time `json:"failing_since,omitempty"`
	// PreviousSecretUntil is when the secret replaced by the last
	// rotation stops signing deliveries.
	PreviousSecretUntil *time.Time `json:"previous_secret_until,omitempty"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

// WebhookCreated is returned at creation and at rotation: the only times
// the signing secret is shown.
type WebhookCreated struct {
	Webhook
	// Secret is "whsec_" + base64 of 32 random bytes: Standard Webhooks
	// libraries take it as is; Gobi's X-Gobi-Signature is keyed with the
	// whole string as UTF-8.
	Secret string `json:"secret"`
}

// Delivery outcomes.
const (
	DeliverySucceeded = "succeeded"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one attempt to deliver an event.
type WebhookDelivery struct {
	ID        int64  `json:"id"`
	WebhookID int64  `json:"webhook_id"`
	EventID   string `json:"event_id"`
	Event     string `json:"event"`
	// Attempt counts from 1 for each (event, webhook); a redelivery
	// starts again at 1.
	Attempt int `json:"attempt"`
	// Status is succeeded or failed.
	Status string `json:"status"`
	// NextAttemptAt is when a failed attempt is retried; absent when it
	// succeeded or was the last.
	NextAttemptAt   *time.Time        `json:"next_attempt_at,omitempty"`
	ResponseStatus  int               `json:"response_status,omitempty"`
	ResponseHeaders map[string]string `json:"response_headers,omitempty"`
	// ResponseBody is the first 4 KiB of the receiver's answer.
	ResponseBody string `json:"response_body,omitempty"`
	// Error says why an attempt got no HTTP answer (refused, timed out).
	Error      string  `json:"error,omitempty"`
	DurationMS float64 `json:"duration_ms"`
	// Payload is the JSON body that was sent.
	Payload   json.RawMessage `json:"payload"`
	QueuedAt  time.Time       `json:"queued_at"`
	CreatedAt time.Time       `json:"created_at"`
}

// WebhookDeliveries is one page of attempts, newest first. NextBeforeID,
// when set, is the before_id of the next page.
type WebhookDeliveries struct {
	Deliveries   []WebhookDelivery `json:"deliveries"`
	NextBeforeID int64             `json:"next_before_id,omitempty"`
}

// WebhookQueued answers a test or a redelivery: the event was queued and
// is delivered by the outbox workers, logged under its event id.
type WebhookQueued struct {
	EventID string `json:"event_id"`
}

// WebhookEventType is one entry of the event catalogue.
type WebhookEventType struct {
	Event       string `json:"event"`
	Description string `json:"description"`
	// Schema is the JSON schema of the payload's data object.
	Schema json.RawMessage `json:"schema"`
}

// WebhookPayload is the body of every delivery.
type WebhookPayload struct {
	// ID is the event id: the same on every attempt (and X-Gobi-Delivery,
	// webhook-id), so receivers can drop duplicates.
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// ReportEvent is the data of report.generated and report.failed, as in
// the reference API.
type ReportEvent struct {
	ReportID     int64     `json:"report_id"`
	ReportName   string    `json:"report_name"`
	ScheduleID   int64     `json:"schedule_id"`
	ScheduleName string    `json:"schedule_name"`
	Status       string    `json:"status"`
	GeneratedAt  time.Time `json:"generated_at"`
	FileSize     int64     `json:"file_size"`
	DownloadURL  string    `json:"download_url"`
	Error        string    `json:"error,omitempty"`
}

// AlertEvent is the data of alert.triggered.
type AlertEvent struct {
	AlertID     int64     `json:"alert_id"`
	AlertName   string    `json:"alert_name"`
	QueryID     int64     `json:"query_id"`
	Condition   string    `json:"condition"`
	Value       float64   `json:"value"`
	TriggeredAt time.Time `json:"triggered_at"`
}

// TestEvent is the data of webhook.test.
type TestEvent struct {
	WebhookID int64  `json:"webhook_id"`
	Message   string `json:"message"`
}
