package dashboard

import (
	"context"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the dashboard operations: /api/dashboards.
func (s *Service) Ops() route.Table {
	ops := route.Table{
		route.Get("/api/dashboards", "list-dashboards", func(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.Dashboard, error) {
			return s.List(ctx, p)
		}).Doc("List dashboards").Needs(api.ScopeRead),
	}
	ops = append(ops, route.CRUD(route.Noun{One: "dashboard", Path: "/api/dashboards"}, s, route.View[*Dashboard], false)...)
	ops = append(ops, s.renderOps()...)
	return ops.Tagged("Dashboards")
}
