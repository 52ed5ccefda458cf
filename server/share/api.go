package share

import (
	"context"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the share operations: GET and PUT /api/{dashboards,charts,
// queries}/{id}/shares, for the item's owner (or an admin).
func (s *Service) Ops() route.Table {
	var t route.Table
	for _, k := range []struct {
		kind      api.ShareKind
		path, tag string
		one       string
	}{
		{api.ShareDashboard, "/api/dashboards", "Dashboards", "dashboard"},
		{api.ShareChart, "/api/charts", "Charts", "chart"},
		{api.ShareQuery, "/api/queries", "Queries", "query"},
	} {
		kind := k.kind
		t = append(t,
			route.Get(k.path+"/{id}/shares", "list-"+k.one+"-shares", func(ctx context.Context, p auth.Principal, in *route.ID) ([]api.Share, error) {
				return s.List(ctx, p, kind, in.ID)
			}).Doc("List whom a "+k.one+" is shared with", "Its owner (or an admin) only; others who can see it get 403.").
				Needs(api.ScopeRead).Tagged(k.tag),
			route.Put(k.path+"/{id}/shares", "set-"+k.one+"-shares", func(ctx context.Context, p auth.Principal, in *route.IDBody[[]api.Share]) ([]api.Share, error) {
				return s.Set(ctx, p, kind, in.ID, in.Body)
			}).Doc("Replace whom a "+k.one+" is shared with",
				"The body is the whole list: each entry a user_id or everyone, with the role viewer or editor. "+
					"Viewers may read and run the "+k.one+" (its queries run as the owner); editors may also replace it. "+
					"An empty list unshares it; removed users lose access with their next request.").
				Needs(api.ScopeWrite).Tagged(k.tag),
		)
	}
	return t
}
