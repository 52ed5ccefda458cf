package app

import (
	"slices"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/client"
)

// shares: the admin shares the dashboard, chart and query with a user
// found in the directory; the user lists them as shared, draws the chart
// and runs the query; an empty list unshares each.
func (s *sdk) shares() {
	t, c, ctx := s.t, s.admin, s.ctx
	u, err := c.Register(ctx, api.Credentials{Username: "sdk-viewer", Password: "sdk-viewer-password"})
	s.check("register the viewer", err)
	sess, err := s.client().Login(ctx, "sdk-viewer", "sdk-viewer-password")
	s.check("the viewer logs in", err)
	vc := s.client(client.WithToken(sess.Token))
	dir, err := vc.UserDirectory(ctx)
	s.check("user directory", err)
	if !slices.ContainsFunc(dir, func(d api.DirectoryUser) bool { return d.ID == u.ID && d.Username == "sdk-viewer" }) {
		t.Fatalf("the directory lacks the viewer: %+v", dir)
	}
	items := []struct {
		kind api.ShareKind
		id   int64
	}{{api.ShareDashboard, s.dashboard.ID}, {api.ShareChart, s.chart.ID}, {api.ShareQuery, s.query.ID}}
	for _, it := range items {
		got, err := c.SetShares(ctx, it.kind, it.id, []api.Share{{UserID: u.ID, Role: api.ShareViewer}})
		s.check("share "+string(it.kind), err)
		if len(got) != 1 || got[0].UserID != u.ID || got[0].Username != "sdk-viewer" || got[0].Role != api.ShareViewer {
			t.Fatalf("%s shares answered %+v", it.kind, got)
		}
		listed, err := c.Shares(ctx, it.kind, it.id)
		s.check("list "+string(it.kind)+" shares", err)
		if !slices.Equal(listed, got) {
			t.Fatalf("%s shares listed %+v, set %+v", it.kind, listed, got)
		}
		_, err = vc.Shares(ctx, it.kind, it.id)
		s.status("a viewer lists the shares", err, 403)
	}
	ds, err := vc.Dashboards(ctx)
	s.check("the viewer's dashboards", err)
	if len(ds) != 1 || ds[0].ID != s.dashboard.ID || ds[0].Access != api.AccessViewer || ds[0].Owner != "admin" {
		t.Fatalf("the viewer lists %+v", ds)
	}
	cs, err := vc.Charts(ctx)
	s.check("the viewer's charts", err)
	if !slices.ContainsFunc(cs, func(x chart.Saved) bool { return x.ID == s.chart.ID && x.Access == api.AccessViewer }) {
		t.Fatalf("the viewer lists charts %+v", cs)
	}
	d, err := vc.ChartDataWith(ctx, s.chart.ID, client.DataOptions{})
	s.check("the viewer draws the chart", err)
	if d.Data == nil || len(d.Data.Rows) == 0 {
		t.Fatalf("the viewer's chart data: %+v", d)
	}
	res, err := vc.Execute(ctx, s.query.ID, api.ExecuteRequest{})
	s.check("the viewer runs the query", err)
	if len(res.Rows) == 0 {
		t.Fatal("the viewer's run returned no rows")
	}
	_, err = vc.UpdateDashboard(ctx, s.dashboard.ID, api.DashboardInput{Title: "taken"})
	s.status("a viewer replaces the dashboard", err, 403)
	for _, it := range items {
		_, err := c.SetShares(ctx, it.kind, it.id, nil)
		s.check("unshare "+string(it.kind), err)
	}
	_, err = vc.Dashboard(ctx, s.dashboard.ID)
	s.status("the dashboard after unsharing", err, 404)
	_, err = vc.SavedQuery(ctx, s.query.ID)
	s.status("the query after unsharing", err, 404)
	s.check("delete the viewer", c.DeleteUser(ctx, u.ID))
}
