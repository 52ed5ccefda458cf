package embed

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
	shared "github.com/gobi-bi/gobi/shared/dashboard"
)

// Ops are the embed operations: link management for signed-in users, and
// the two endpoints an embedded page calls with its token. limit runs
// after the token is verified, so it can key on the link (From).
func (s *Service) Ops(limit fiber.Handler) route.Table {
	token := []fiber.Handler{s.authenticate, limit}
	return route.Table{
		route.Post("/api/embed", "create-embed-link", s.create).
			Doc("Create an embed link", "The answer holds the link's token and URL: shown once, like an API key.").
			Needs(api.ScopeWrite).Returns(http.StatusCreated).Header("Cache-Control", "no-store"),
		route.Get("/api/embed", "list-embed-links", s.list).Doc("List embed links").Needs(api.ScopeRead),
		route.Delete("/api/embed/{id}", "revoke-embed-link", s.revoke).Doc("Revoke an embed link").Needs(api.ScopeWrite),
		route.Get("/api/embed/view", "get-embed-view", s.view).
			Doc("What an embed link shows", "The chart or dashboard (specs and layout) an embed token opens.").
			EmbedToken().Guard(token...).Header("Cache-Control", "private, no-store"),
		route.Get("/api/embed/charts/{id}/data", "get-embed-chart-data", s.data).
			Doc("Data of a chart an embed link shows").
			EmbedToken().Guard(token...).Header("Cache-Control", "private, no-store").
			Documents(http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusGatewayTimeout),
	}.Tagged("Embedding")
}

func (s *Service) create(ctx context.Context, p auth.Principal, in *route.Body[api.EmbedInput]) (*api.EmbedCreated, error) {
	return s.Create(ctx, p, in.Body)
}

func (s *Service) list(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.EmbedLink, error) {
	return s.List(ctx, p)
}

func (s *Service) revoke(ctx context.Context, p auth.Principal, in *route.ID) (route.NoContent, error) {
	return route.NoContent{}, s.Revoke(ctx, p, in.ID)
}

func (s *Service) view(ctx context.Context, _ auth.Principal, _ *struct{}) (*shared.EmbedView, error) {
	v, err := s.View(ctx, FromContext(ctx))
	return v, tokenError(err)
}

type dataInput struct {
	ID        int64  `path:"id" minimum:"1" doc:"The chart's id (one the link shows)."`
	Params    string `query:"params" doc:"Parameter values as a JSON object; only those the link allows."`
	MaxPoints int    `query:"max_points" minimum:"0" maximum:"1000000" doc:"Downsample each series to at most this many points."`
}

func (s *Service) data(ctx context.Context, _ auth.Principal, in *dataInput) (*spec.DataResponse, error) {
	ps, err := route.JSONObject(in.Params, "params", `{"region":"North"}`)
	if err != nil {
		return nil, err
	}
	out, err := s.ChartData(ctx, FromContext(ctx), in.ID, ps, in.MaxPoints)
	return out, tokenError(err)
}

// tokenError gives the token's errors their kinds: 401 and 410.
func tokenError(err error) error {
	switch {
	case errors.Is(err, ErrInvalid):
		return fault.Unauthorized("invalid embed token")
	case errors.Is(err, ErrItemGone):
		return fault.New(fault.Gone, "", "what this embed link showed has been deleted")
	case errors.Is(err, ErrGone):
		return fault.New(fault.Gone, "", "this embed link has expired or been revoked")
	}
	return err
}

const accessKey = "gobi.embed"

// From returns the request's embed access; only valid behind the token
// authentication of the token operations.
func From(c *fiber.Ctx) *Access {
	a, _ := c.Locals(accessKey).(*Access)
	return a
}

type accessCtx struct{}

// FromContext is From for an operation's context.
func FromContext(ctx context.Context) *Access {
	a, _ := ctx.Value(accessCtx{}).(*Access)
	return a
}

// authenticate admits "Authorization: Embed <token>" only: never a
// session, an API key or a cookie.
func (s *Service) authenticate(c *fiber.Ctx) error {
	// Refusals too: a shared cache must not keep an embed answer.
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	scheme, token, found := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !found || !strings.EqualFold(scheme, "Embed") {
		return fault.Unauthorized("this endpoint needs Authorization: Embed <token>")
	}
	a, err := s.Resolve(c.UserContext(), strings.TrimSpace(token))
	if err != nil {
		return tokenError(err)
	}
	c.Locals(accessKey, a)
	c.SetUserContext(context.WithValue(c.UserContext(), accessCtx{}, a))
	return c.Next()
}
