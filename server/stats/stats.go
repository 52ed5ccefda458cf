// Package stats serves the caller's overview counts for the home screen.
package stats

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Counter counts the caller's resources of one kind.
type Counter interface {
	Count(ctx context.Context, p auth.Principal) (int64, error)
}

// Executions summarises the caller's query runs.
type Executions interface {
	ExecutionStats(ctx context.Context, p auth.Principal, recent int) (total, day, failedDay int64, failures []api.Execution, err error)
}

// Handler serves GET /api/dashboard/stats. Charts may be nil until a chart
// feature is wired, in which case the count is 0.
type Handler struct {
	Datasources Counter
	Queries     Counter
	Charts      Counter
	Executions  Executions
}

// Register mounts the route on an authenticated router.
func (h Handler) Register(r fiber.Router) { r.Get("/dashboard/stats", h.get) }

func (h Handler) get(c *fiber.Ctx) error {
	ctx, p := c.UserContext(), auth.From(c)
	var s api.Stats
	var err error
	if s.Datasources, err = h.Datasources.Count(ctx, p); err != nil {
		return err
	}
	if s.Queries, err = h.Queries.Count(ctx, p); err != nil {
		return err
	}
	if h.Charts != nil {
		if s.Charts, err = h.Charts.Count(ctx, p); err != nil {
			return err
		}
	}
	if s.Executions, s.Executions24h, s.Failures24h, s.RecentFailures, err = h.Executions.ExecutionStats(ctx, p, 5); err != nil {
		return err
	}
	return c.JSON(s)
}
