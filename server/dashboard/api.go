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
	ops = append(ops, route.Get("/api/dashboards/{id}/choices", "list-dashboard-choices", s.choicesOp).
		Doc("List the values a dashboard parameter offers",
			"Runs the parameter's choice source (a saved query and a column) read-only as the dashboard's owner, with at most 1000 rows, and returns the column's distinct values; without param, for every parameter that has a source.").
		Needs(api.ScopeExecute))
	ops = append(ops, s.renderOps()...)
	return ops.Tagged("Dashboards")
}

type choicesInput struct {
	ID    int64  `path:"id" minimum:"1" doc:"The dashboard's id."`
	Param string `query:"param" maxLength:"64" doc:"Only this parameter's values."`
}

func (s *Service) choicesOp(ctx context.Context, p auth.Principal, in *choicesInput) ([]api.ParamChoices, error) {
	return s.Choices(ctx, p, in.ID, in.Param)
}
