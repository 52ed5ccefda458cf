package dashboard

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Handlers serves /api/dashboards.
type Handlers struct{ S *Service }

// Register mounts the routes on an authenticated router.
func (h Handlers) Register(r fiber.Router) {
	r.Get("/dashboards", h.list)
	r.Post("/dashboards", h.create)
	r.Get("/dashboards/:id", h.get)
	r.Put("/dashboards/:id", h.update)
	r.Delete("/dashboards/:id", h.delete)
}

func (h Handlers) list(c *fiber.Ctx) error {
	ds, err := h.S.List(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(ds)
}

func (h Handlers) get(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	d, err := h.S.Get(c.UserContext(), auth.From(c), id)
	if err != nil {
		return notFound(err, id)
	}
	return c.JSON(d.View())
}

func (h Handlers) create(c *fiber.Ctx) error {
	var in api.DashboardInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	d, err := h.S.Create(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(d.View())
}

func (h Handlers) update(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in api.DashboardInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	d, err := h.S.Update(c.UserContext(), auth.From(c), id, in)
	if err != nil {
		return notFound(err, id)
	}
	return c.JSON(d.View())
}

func (h Handlers) delete(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := h.S.Delete(c.UserContext(), auth.From(c), id); err != nil {
		return notFound(err, id)
	}
	return c.SendStatus(http.StatusNoContent)
}

// notFound maps ErrNotFound to the API's 404 and passes other errors on.
func notFound(err error, id int64) error {
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("dashboard", id)
	}
	return err
}
