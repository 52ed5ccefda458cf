package apikey

import (
	"context"
	"net/http"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the key management operations: /api/apikeys. They are session
// only: a leaked key must not be able to mint its successors.
func (s *Service) Ops() route.Table {
	return route.Table{
		route.Post("/api/apikeys", "create-api-key", func(ctx context.Context, p auth.Principal, in *route.Body[api.APIKeyInput]) (*api.APIKeyCreated, error) {
			return s.Create(ctx, p, in.Body)
		}).Doc("Create an API key", "The key and the signing secret are in this answer only: Gobi keeps their hashes.").
			SessionOnly().Returns(http.StatusCreated).Header("Cache-Control", "no-store"),
		route.Get("/api/apikeys", "list-api-keys", func(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.APIKey, error) {
			return s.List(ctx, p)
		}).Doc("List API keys").SessionOnly(),
		route.Delete("/api/apikeys/{id}", "revoke-api-key", func(ctx context.Context, p auth.Principal, in *route.ID) (route.NoContent, error) {
			return route.NoContent{}, s.Revoke(ctx, p, in.ID)
		}).Doc("Revoke an API key", "Takes effect at once on every instance.").SessionOnly(),
	}.Tagged("API keys")
}
