package embed

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/shared/api"
)

// Handlers serves /api/embed: link management for signed-in users, and
// the two endpoints an embedded page calls with its token.
type Handlers struct{ S *Service }

// Register mounts link management on an authenticated router.
func (h Handlers) Register(r fiber.Router) {
	r.Post("/embed", h.create)
	r.Get("/embed", h.list)
	r.Delete("/embed/:id", h.revoke)
}

// RegisterToken mounts the endpoints authenticated by an embed token
// alone. They must be mounted before the session authentication, which
// refuses embed tokens; limit runs after the token is verified, so it can
// key on the link.
func (h Handlers) RegisterToken(r fiber.Router, limit fiber.Handler) {
	r.Get("/embed/view", h.authenticate, limit, h.view)
	r.Get("/embed/charts/:id/data", h.authenticate, limit, h.data)
}

func (h Handlers) create(c *fiber.Ctx) error {
	var in api.EmbedInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	l, err := h.S.Create(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(http.StatusCreated).JSON(l)
}

func (h Handlers) list(c *fiber.Ctx) error {
	ls, err := h.S.List(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(ls)
}

func (h Handlers) revoke(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	err = h.S.Revoke(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("embed link", id)
	}
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

const accessKey = "gobi.embed"

// From returns the request's embed access; only valid behind the token
// authentication of RegisterToken's routes.
func From(c *fiber.Ctx) *Access {
	a, _ := c.Locals(accessKey).(*Access)
	return a
}

// authenticate admits "Authorization: Embed <token>" only: never a
// session, an API key or a cookie.
func (h Handlers) authenticate(c *fiber.Ctx) error {
	scheme, token, found := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !found || !strings.EqualFold(scheme, "Embed") {
		return apierr.Unauthorized("this endpoint needs Authorization: Embed <token>")
	}
	a, err := h.S.Resolve(c.UserContext(), strings.TrimSpace(token))
	if err != nil {
		return apiError(err)
	}
	c.Locals(accessKey, a)
	return c.Next()
}

// apiError maps the token errors to 401 and 410.
func apiError(err error) error {
	switch {
	case errors.Is(err, ErrInvalid):
		return apierr.Unauthorized("invalid embed token")
	case errors.Is(err, ErrItemGone):
		return apierr.New(http.StatusGone, "gone", "what this embed link showed has been deleted")
	case errors.Is(err, ErrGone):
		return apierr.New(http.StatusGone, "gone", "this embed link has expired or been revoked")
	}
	return err
}

func (h Handlers) view(c *fiber.Ctx) error {
	v, err := h.S.View(c.UserContext(), From(c))
	if err != nil {
		return apiError(err)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(v)
}

func (h Handlers) data(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	ps, err := chart.QueryParams(c)
	if err != nil {
		return err
	}
	maxPoints, err := apierr.QueryInt(c, "max_points", 0, 0, 1_000_000)
	if err != nil {
		return err
	}
	out, err := h.S.ChartData(c.UserContext(), From(c), id, ps, maxPoints)
	if err != nil {
		return apiError(err)
	}
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.JSON(out)
}
