// Package stats serves the caller's overview counts for the home screen.
package stats

import (
	"context"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
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

// Ops is the overview operation.
func (h Handler) Ops() route.Table {
	return route.Table{
		route.Get("/api/dashboard/stats", "get-stats", h.get).
			Doc("Overview counts", "The caller's data sources, queries and charts, and their query runs of the last 24 hours.").
			Needs(api.ScopeRead).Tagged("Overview"),
	}
}

func (h Handler) get(ctx context.Context, p auth.Principal, _ *struct{}) (api.Stats, error) {
	var s api.Stats
	var err error
	if s.Datasources, err = h.Datasources.Count(ctx, p); err != nil {
		return s, err
	}
	if s.Queries, err = h.Queries.Count(ctx, p); err != nil {
		return s, err
	}
	if h.Charts != nil {
		if s.Charts, err = h.Charts.Count(ctx, p); err != nil {
			return s, err
		}
	}
	s.Executions, s.Executions24h, s.Failures24h, s.RecentFailures, err = h.Executions.ExecutionStats(ctx, p, 5)
	return s, err
}
