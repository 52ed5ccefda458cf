package datasource

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Handlers serves /api/datasources.
type Handlers struct{ S *Service }

// Register mounts the routes on an authenticated router.
func (h Handlers) Register(r fiber.Router) {
	r.Get("/datasources", h.list)
	r.Post("/datasources", h.create)
	r.Get("/datasources/:id", h.get)
	r.Put("/datasources/:id", h.update)
	r.Delete("/datasources/:id", h.delete)
	r.Post("/datasources/:id/test", h.test)
}

func (h Handlers) list(c *fiber.Ctx) error {
	ds, err := h.S.List(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(ds)
}

// Load fetches the :id data source or answers 404; used by other features'
// handlers too (ad-hoc queries).
func (h Handlers) Load(c *fiber.Ctx) (*Datasource, error) {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return nil, err
	}
	d, err := h.S.Get(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return nil, apierr.NotFound("data source", id)
	}
	return d, err
}

func (h Handlers) get(c *fiber.Ctx) error {
	d, err := h.Load(c)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, d)
}

func (h Handlers) respond(c *fiber.Ctx, status int, d *Datasource) error {
	v, err := h.S.View(d)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}

func (h Handlers) create(c *fiber.Ctx) error {
	var in api.DatasourceInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	d, err := h.S.Create(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, d)
}

func (h Handlers) update(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in api.DatasourceInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	d, err := h.S.Update(c.UserContext(), auth.From(c), id, in)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("data source", id)
	}
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, d)
}

func (h Handlers) delete(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	err = h.S.Delete(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("data source", id)
	}
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h Handlers) test(c *fiber.Ctx) error {
	d, err := h.Load(c)
	if err != nil {
		return err
	}
	res, err := h.S.Test(c.UserContext(), d)
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return err // a privileged login
	}
	if err != nil {
		return apierr.Wrap(http.StatusBadGateway, "datasource_unreachable", "the data source did not answer: "+Describe(err), err)
	}
	return c.JSON(res)
}
