package chart

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Handlers serves /api/charts and /api/chart-types.
type Handlers struct{ S *Service }

// Register mounts the routes on an authenticated router.
func (h Handlers) Register(r fiber.Router) {
	r.Get("/chart-types", h.types)
	r.Get("/charts", h.list)
	r.Post("/charts", h.create)
	r.Get("/charts/:id", h.get)
	r.Put("/charts/:id", h.update)
	r.Delete("/charts/:id", h.delete)
	r.Get("/charts/:id/data", h.data)
	r.Get("/charts/:id/render.svg", h.renderSVG)
	r.Get("/charts/:id/render.png", h.renderPNG)
}

// RegisterExternal mounts the subset served to integrators on the
// external listener: list and read charts, their data and renders.
func (h Handlers) RegisterExternal(r fiber.Router) {
	r.Get("/charts", h.list)
	r.Get("/charts/:id", h.get)
	r.Get("/charts/:id/data", h.data)
	r.Get("/charts/:id/render.svg", h.renderSVG)
	r.Get("/charts/:id/render.png", h.renderPNG)
}

func (h Handlers) types(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.JSON(spec.Catalogue())
}

func (h Handlers) load(c *fiber.Ctx) (*Chart, error) {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return nil, err
	}
	ch, err := h.S.Get(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return nil, apierr.NotFound("chart", id)
	}
	return ch, err
}

func (h Handlers) list(c *fiber.Ctx) error {
	cs, err := h.S.List(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (h Handlers) get(c *fiber.Ctx) error {
	ch, err := h.load(c)
	if err != nil {
		return err
	}
	return c.JSON(ch.View())
}

func (h Handlers) create(c *fiber.Ctx) error {
	var in spec.Input
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	ch, err := h.S.Create(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(ch.View())
}

func (h Handlers) update(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in spec.Input
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	ch, err := h.S.Update(c.UserContext(), auth.From(c), id, in)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("chart", id)
	}
	if err != nil {
		return err
	}
	return c.JSON(ch.View())
}

func (h Handlers) delete(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	err = h.S.Delete(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("chart", id)
	}
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

// QueryParams reads ?params={"region":"North"} — a JSON object merged over
// the spec's own parameters.
func QueryParams(c *fiber.Ctx) (map[string]any, error) {
	raw := c.Query("params")
	if raw == "" {
		return nil, nil
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, apierr.BadRequest("params must be a JSON object, such as {\"region\":\"North\"}")
	}
	if err := apierr.CheckControl(m, "params"); err != nil {
		return nil, err
	}
	return m, nil
}

// params reads the request's parameters. With ?dashboard=1 they are a
// dashboard's, sent to every chart on it: those that ch's query does not
// declare are dropped instead of refused.
func (h Handlers) params(c *fiber.Ctx, ch *Chart) (map[string]any, error) {
	ps, err := QueryParams(c)
	if err != nil || !c.QueryBool("dashboard") {
		return ps, err
	}
	return h.S.Declared(c.UserContext(), auth.From(c), ch, ps)
}

func (h Handlers) data(c *fiber.Ctx) error {
	ch, err := h.load(c)
	if err != nil {
		return err
	}
	ps, err := h.params(c, ch)
	if err != nil {
		return err
	}
	maxPoints, err := apierr.QueryInt(c, "max_points", 0, 0, 1_000_000)
	if err != nil {
		return err
	}
	out, err := h.S.Data(c.UserContext(), auth.From(c), ch, ps, maxPoints)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// renderOptions reads width, height, theme and scale; the service checks
// their ranges.
func renderOptions(c *fiber.Ctx) (RenderOptions, error) {
	o := RenderOptions{Width: 800, Height: 500, Scale: 1, Theme: c.Query("theme")}
	var fields []api.FieldError
	for _, q := range []struct {
		name string
		dst  *int
	}{{"width", &o.Width}, {"height", &o.Height}} {
		if v := c.Query(q.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				fields = append(fields, apierr.Field(q.name, "must be an integer"))
			}
			*q.dst = n
		}
	}
	if v := c.Query("scale"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			fields = append(fields, apierr.Field("scale", "must be a number"))
		}
		o.Scale = f
	}
	if len(fields) > 0 {
		return o, apierr.Invalid(fields...)
	}
	return o, nil
}

// render loads the chart and its parameters and hands them to draw.
func (h Handlers) render(c *fiber.Ctx, draw func(ctx context.Context, p auth.Principal, ch *Chart, ps map[string]any, o RenderOptions) ([]byte, error)) ([]byte, error) {
	ch, err := h.load(c)
	if err != nil {
		return nil, err
	}
	o, err := renderOptions(c)
	if err != nil {
		return nil, err
	}
	ps, err := h.params(c, ch)
	if err != nil {
		return nil, err
	}
	return draw(c.UserContext(), auth.From(c), ch, ps, o)
}

func (h Handlers) renderSVG(c *fiber.Ctx) error {
	b, err := h.render(c, h.S.RenderSVG)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	// SVG can carry script; this one never does, and the CSP makes sure.
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	return c.Send(b)
}

func (h Handlers) renderPNG(c *fiber.Ctx) error {
	b, err := h.render(c, h.S.RenderPNG)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(b)
}
