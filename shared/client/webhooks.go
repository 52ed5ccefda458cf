package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gobi-bi/gobi/shared/api"
)

// WebhookEvents lists the events webhooks can subscribe to, with the JSON
// schema of each one's data.
func (c *Client) WebhookEvents(ctx context.Context) ([]api.WebhookEventType, error) {
	var out []api.WebhookEventType
	return out, c.Do(ctx, "GET", "/api/webhook-events", nil, nil, &out)
}

// CreateWebhook registers a webhook; its signing secret is in the result
// only this once.
func (c *Client) CreateWebhook(ctx context.Context, in api.WebhookInput) (*api.WebhookCreated, error) {
	var out api.WebhookCreated
	return &out, c.Do(ctx, "POST", "/api/webhooks", nil, in, &out)
}

// Webhooks lists the caller's webhooks, never their secrets.
func (c *Client) Webhooks(ctx context.Context) ([]api.Webhook, error) {
	var out []api.Webhook
	return out, c.Do(ctx, "GET", "/api/webhooks", nil, nil, &out)
}

// Webhook returns one webhook.
func (c *Client) Webhook(ctx context.Context, id int64) (*api.Webhook, error) {
	var out api.Webhook
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/webhooks/%d", id), nil, nil, &out)
}

// UpdateWebhook replaces a webhook's fields (not its secret).
func (c *Client) UpdateWebhook(ctx context.Context, id int64, in api.WebhookInput) (*api.Webhook, error) {
	var out api.Webhook
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/webhooks/%d", id), nil, in, &out)
}

// DeleteWebhook deletes a webhook with its queue and delivery log.
func (c *Client) DeleteWebhook(ctx context.Context, id int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/webhooks/%d", id), nil, nil, nil)
}

// DeliveryFilter selects logged attempts; zero fields select everything.
type DeliveryFilter struct {
	// Status is api.DeliverySucceeded or api.DeliveryFailed.
	Status  string
	Event   string
	EventID string
	// BeforeID is the previous page's NextBeforeID.
	BeforeID int64
	Limit    int
}

// WebhookDeliveries returns one page of a webhook's attempts, newest first.
func (c *Client) WebhookDeliveries(ctx context.Context, id int64, f DeliveryFilter) (*api.WebhookDeliveries, error) {
	q := url.Values{}
	for name, v := range map[string]string{"status": f.Status, "event": f.Event, "event_id": f.EventID} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.BeforeID != 0 {
		q.Set("before_id", strconv.FormatInt(f.BeforeID, 10))
	}
	if f.Limit != 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var out api.WebhookDeliveries
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/webhooks/%d/deliveries", id), q, nil, &out)
}

// TestWebhook queues a webhook.test event for the webhook.
func (c *Client) TestWebhook(ctx context.Context, id int64) (*api.WebhookQueued, error) {
	var out api.WebhookQueued
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/webhooks/%d/test", id), nil, nil, &out)
}

// RedeliverWebhook queues a logged attempt's event again.
func (c *Client) RedeliverWebhook(ctx context.Context, id, deliveryID int64) (*api.WebhookQueued, error) {
	var out api.WebhookQueued
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/webhooks/%d/deliveries/%d/redeliver", id, deliveryID), nil, nil, &out)
}

// RotateWebhookSecret replaces a webhook's secret; the new one is in the
// result only this once, and the old one signs too for the rotation window.
func (c *Client) RotateWebhookSecret(ctx context.Context, id int64) (*api.WebhookCreated, error) {
	var out api.WebhookCreated
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/webhooks/%d/rotate-secret", id), nil, nil, &out)
}
