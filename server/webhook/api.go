package webhook

import (
	"context"
	"net/http"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the webhook operations. Reading needs the read scope, anything
// that changes a webhook or sends to it the write scope.
func (s *Service) Ops() route.Table {
	return route.Table{
		route.Get("/api/webhook-events", "list-webhook-events", s.events).
			Doc("List webhook events", "Every event a webhook can subscribe to, with the JSON schema of its payload's data.").Needs(api.ScopeRead),
		route.Post("/api/webhooks", "create-webhook", s.create).
			Doc("Create a webhook", "The answer holds the signing secret: shown once (and at each rotation).").
			Needs(api.ScopeWrite).Returns(http.StatusCreated).Header("Cache-Control", "no-store").Documents(http.StatusConflict),
		route.Get("/api/webhooks", "list-webhooks", s.list).Doc("List webhooks").Needs(api.ScopeRead),
		route.Get("/api/webhooks/{id}", "get-webhook", s.get).Doc("Get a webhook").Needs(api.ScopeRead),
		route.Put("/api/webhooks/{id}", "update-webhook", s.update).
			Doc("Replace a webhook", "The body replaces every field but the secret; enabling a webhook clears why Gobi disabled it.").Needs(api.ScopeWrite),
		route.Delete("/api/webhooks/{id}", "delete-webhook", s.remove).
			Doc("Delete a webhook", "Its queued events and delivery log go with it.").Needs(api.ScopeWrite),
		route.Get("/api/webhooks/{id}/deliveries", "list-webhook-deliveries", s.deliveries).
			Doc("List a webhook's delivery attempts", "Every attempt, newest first, with the receiver's status, headers and the first 4 KiB of its body.").Needs(api.ScopeRead),
		route.Post("/api/webhooks/{id}/test", "test-webhook", s.test).
			Doc("Send a test event", "Queues a webhook.test event; its attempts appear in the delivery log.").
			Needs(api.ScopeWrite).Returns(http.StatusAccepted).Documents(http.StatusConflict),
		route.Post("/api/webhooks/{id}/deliveries/{delivery_id}/redeliver", "redeliver-webhook-delivery", s.redeliver).
			Doc("Redeliver an event", "Queues the event of a logged attempt again, with its id and payload.").
			Needs(api.ScopeWrite).Returns(http.StatusAccepted).Documents(http.StatusConflict),
		route.Post("/api/webhooks/{id}/rotate-secret", "rotate-webhook-secret", s.rotate).
			Doc("Rotate a webhook's secret", "Returns the new secret, shown once; the old one signs too (a second signature) for the rotation window.").
			Needs(api.ScopeWrite).Header("Cache-Control", "no-store"),
	}.Tagged("Webhooks")
}

func (s *Service) events(context.Context, auth.Principal, *struct{}) ([]api.WebhookEventType, error) {
	return Catalogue, nil
}

func (s *Service) create(ctx context.Context, p auth.Principal, in *route.Body[api.WebhookInput]) (*api.WebhookCreated, error) {
	return s.Create(ctx, p, in.Body)
}

func (s *Service) list(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.Webhook, error) {
	return s.List(ctx, p)
}

func (s *Service) get(ctx context.Context, p auth.Principal, in *route.ID) (*api.Webhook, error) {
	w, err := s.Get(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	v := w.View()
	return &v, nil
}

func (s *Service) update(ctx context.Context, p auth.Principal, in *route.IDBody[api.WebhookInput]) (*api.Webhook, error) {
	w, err := s.Update(ctx, p, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	v := w.View()
	return &v, nil
}

func (s *Service) remove(ctx context.Context, p auth.Principal, in *route.ID) (route.NoContent, error) {
	return route.NoContent{}, s.Delete(ctx, p, in.ID)
}

type deliveriesInput struct {
	ID int64 `path:"id" minimum:"1" doc:"The webhook's id."`
	DeliveryFilter
}

func (s *Service) deliveries(ctx context.Context, p auth.Principal, in *deliveriesInput) (*api.WebhookDeliveries, error) {
	return s.Deliveries(ctx, p, in.ID, in.DeliveryFilter)
}

func (s *Service) test(ctx context.Context, p auth.Principal, in *route.ID) (*api.WebhookQueued, error) {
	return s.Test(ctx, p, in.ID)
}

type redeliverInput struct {
	ID         int64 `path:"id" minimum:"1" doc:"The webhook's id."`
	DeliveryID int64 `path:"delivery_id" minimum:"1" doc:"A logged attempt's id."`
}

func (s *Service) redeliver(ctx context.Context, p auth.Principal, in *redeliverInput) (*api.WebhookQueued, error) {
	return s.Redeliver(ctx, p, in.ID, in.DeliveryID)
}

func (s *Service) rotate(ctx context.Context, p auth.Principal, in *route.ID) (*api.WebhookCreated, error) {
	return s.RotateSecret(ctx, p, in.ID)
}
