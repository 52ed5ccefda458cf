package query

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/shared/api"
)

// Handlers serves /api/queries and the ad-hoc /api/datasources/:id/query.
type Handlers struct {
	S       *Service
	Sources datasource.Handlers
}

// Register mounts the routes on an authenticated router.
func (h Handlers) Register(r fiber.Router) {
	r.Get("/queries", h.list)
	r.Post("/queries", h.create)
	r.Get("/queries/:id", h.get)
	r.Put("/queries/:id", h.update)
	r.Delete("/queries/:id", h.delete)
	r.Post("/queries/:id/execute", h.execute)
	r.Get("/queries/:id/executions", h.executions)
	r.Post("/datasources/:id/query", h.adhoc)
}

// RegisterExternal mounts the subset served to integrators on the
// external listener: list, read and execute saved queries.
func (h Handlers) RegisterExternal(r fiber.Router) {
	r.Get("/queries", h.list)
	r.Get("/queries/:id", h.get)
	r.Post("/queries/:id/execute", h.execute)
}

func (h Handlers) load(c *fiber.Ctx) (*Query, error) {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return nil, err
	}
	q, err := h.S.Get(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return nil, apierr.NotFound("query", id)
	}
	return q, err
}

func (h Handlers) list(c *fiber.Ctx) error {
	var dsID int64
	if v := c.Query("datasource_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return apierr.BadRequest("datasource_id must be a positive integer")
		}
		dsID = n
	}
	qs, err := h.S.List(c.UserContext(), auth.From(c), dsID)
	if err != nil {
		return err
	}
	return c.JSON(qs)
}

func (h Handlers) get(c *fiber.Ctx) error {
	q, err := h.load(c)
	if err != nil {
		return err
	}
	return c.JSON(q.View())
}

func (h Handlers) create(c *fiber.Ctx) error {
	var in api.QueryInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	q, err := h.S.Create(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(q.View())
}

func (h Handlers) update(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in api.QueryInput
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	q, err := h.S.Update(c.UserContext(), auth.From(c), id, in)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("query", id)
	}
	if err != nil {
		return err
	}
	return c.JSON(q.View())
}

func (h Handlers) delete(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	err = h.S.Delete(c.UserContext(), auth.From(c), id)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("query", id)
	}
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h Handlers) execute(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	var req api.ExecuteRequest
	if len(c.Body()) > 0 {
		if err := apierr.Decode(c, &req); err != nil {
			return err
		}
	}
	res, err := h.S.Execute(c.UserContext(), auth.From(c), id, req)
	if errors.Is(err, ErrNotFound) {
		return apierr.NotFound("query", id)
	}
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (h Handlers) adhoc(c *fiber.Ctx) error {
	ds, err := h.Sources.Load(c)
	if err != nil {
		return err
	}
	var req api.AdhocQuery
	if err := apierr.Decode(c, &req); err != nil {
		return err
	}
	res, err := h.S.ExecuteAdhoc(c.UserContext(), auth.From(c), ds, req)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (h Handlers) executions(c *fiber.Ctx) error {
	q, err := h.load(c)
	if err != nil {
		return err
	}
	limit, err := apierr.QueryInt(c, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	es, err := h.S.Executions(c.UserContext(), auth.From(c), q.ID, limit)
	if err != nil {
		return err
	}
	return c.JSON(es)
}
