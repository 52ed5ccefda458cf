package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// shareable are the collections whose items can be shared, by kind.
var shareable = map[string]api.ShareKind{
	"/api/dashboards": api.ShareDashboard, "/api/charts": api.ShareChart, "/api/queries": api.ShareQuery,
}

// sharedStatus is what a caller with access a (none: "") gets from
// operation o on a shared item: 404 without access; a viewer reads and
// runs; an editor also replaces; only the owner deletes or shares.
func sharedStatus(o route.Op, a api.Access) int {
	switch {
	case a == "":
		return 404
	case strings.HasSuffix(o.Path, "/shares"), o.Method == "DELETE":
		return 403
	case o.Method == "PUT":
		if a == api.AccessEditor {
			return 200
		}
		return 403
	}
	return 200
}

// TestShareMatrix extends the isolation matrix to shared items: for
// every operation of the route table on a dashboard, chart or query, Bob
// gets what his share allows (none, viewer, editor, everyone as viewer),
// Carol what everyone gets; the data source stays Alice's alone, and a
// revoked share is a 404 with the next request.
func TestShareMatrix(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, aliceID := ta.newUser(admin, "alice")
		bob, bobID := ta.newUser(admin, "bob")
		carol, _ := ta.newUser(admin, "carol")
		ids, bodies := ta.resources(t, alice, aliceID)
		var ops []route.Op
		for _, o := range ta.app.ops.Only(route.Caller, route.Session) {
			if _, ok := shareable[collection(o.Path)]; ok && strings.Contains(o.Path, "{id}") {
				ops = append(ops, o)
			}
		}
		share := func(grants []api.Share) {
			for coll := range shareable {
				url := fmt.Sprintf("%s/%d/shares", coll, ids[coll])
				want(t, ta.do("PUT", url, alice, grants), 200)
			}
		}
		modes := []struct {
			name       string
			grants     []api.Share
			bob, carol api.Access
		}{
			{"none", nil, "", ""},
			{"viewer", []api.Share{{UserID: bobID, Role: api.ShareViewer}}, api.AccessViewer, ""},
			{"editor", []api.Share{{UserID: bobID, Role: api.ShareEditor}}, api.AccessEditor, ""},
			{"everyone", []api.Share{{Everyone: true, Role: api.ShareViewer}}, api.AccessViewer, api.AccessViewer},
			{"everyone and bob editor", []api.Share{{Everyone: true, Role: api.ShareViewer}, {UserID: bobID, Role: api.ShareEditor}},
				api.AccessEditor, api.AccessViewer},
			{"revoked", []api.Share{}, "", ""},
		}
		for _, m := range modes {
			t.Run(m.name, func(t *testing.T) {
				share(m.grants)
				var scenarios []scenario
				for _, o := range ops {
					url := strings.Replace(o.Path, "{id}", fmt.Sprint(ids[collection(o.Path)]), 1)
					for _, who := range []struct {
						name, token string
						a           api.Access
					}{{"bob", bob, m.bob}, {"carol", carol, m.carol}} {
						st := sharedStatus(o, who.a)
						scenarios = append(scenarios, scenario{o.ID + " by " + who.name, who.token, o.Method, url, bodies[o.ID], st, ""})
					}
				}
				// Data sources are never shared.
				scenarios = append(scenarios, scenario{"the data source", bob, "GET", fmt.Sprintf("/api/datasources/%d", ids["/api/datasources"]), nil, 404, "not_found"})
				ta.run(t, scenarios)
				// Lists show what is shared directly, marked.
				var ds []api.Dashboard
				want(t, ta.do("GET", "/api/dashboards", bob, nil), 200).JSON(t, &ds)
				var qs []api.Query
				want(t, ta.do("GET", "/api/queries", bob, nil), 200).JSON(t, &qs)
				if m.bob == "" {
					if len(ds) != 0 || len(qs) != 0 {
						t.Fatalf("unshared, bob lists %+v and %+v", ds, qs)
					}
					return
				}
				if len(ds) != 1 || ds[0].Access != m.bob || ds[0].Owner != "alice" || len(qs) != 1 || qs[0].Access != m.bob {
					t.Fatalf("bob lists %+v and %+v", ds, qs)
				}
			})
		}
	})
}

// TestShareThroughDashboard: a dashboard shared as viewer makes its
// tiles' charts and their queries viewable and runnable (as the owner),
// not listed, not writable; unsharing it takes them away again.
func TestShareThroughDashboard(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, aliceID := ta.newUser(admin, "alice")
		bob, bobID := ta.newUser(admin, "bob")
		ids, bodies := ta.resources(t, alice, aliceID)
		ch, q := ids["/api/charts"], ids["/api/queries"]
		// A second chart of Alice's, not on the dashboard.
		other := id(t, want(t, ta.do("POST", "/api/charts", alice, map[string]any{"name": "off-board",
			"spec": json.RawMessage(fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, q))}), 201))
		d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "board",
			Tiles: []api.Tile{{ChartID: ch, X: 0, Y: 0, W: 6, H: 4}}}), 201))
		shares := fmt.Sprintf("/api/dashboards/%d/shares", d)
		want(t, ta.do("PUT", shares, alice, []api.Share{{UserID: bobID, Role: api.ShareViewer}}), 200)
		ta.run(t, []scenario{
			{"the dashboard", bob, "GET", fmt.Sprintf("/api/dashboards/%d", d), nil, 200, `"access":"viewer"`},
			{"a tile's chart", bob, "GET", fmt.Sprintf("/api/charts/%d", ch), nil, 200, `"access":"viewer"`},
			{"a tile's data", bob, "GET", fmt.Sprintf("/api/charts/%d/data?dashboard=true", ch), nil, 200, "revenue"},
			{"a tile's query", bob, "GET", fmt.Sprintf("/api/queries/%d", q), nil, 200, ""},
			{"a tile's query run", bob, "POST", fmt.Sprintf("/api/queries/%d/execute", q), nil, 200, "rows"},
			{"a tile's chart replaced", bob, "PUT", fmt.Sprintf("/api/charts/%d", ch), bodies["update-chart"], 403, "view only"},
			{"a tile's query replaced", bob, "PUT", fmt.Sprintf("/api/queries/%d", q), bodies["update-query"], 403, ""},
			{"a chart not on it", bob, "GET", fmt.Sprintf("/api/charts/%d", other), nil, 404, ""},
			{"the dashboard replaced", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), api.DashboardInput{Title: "x"}, 403, ""},
			{"the data source", bob, "GET", fmt.Sprintf("/api/datasources/%d", ids["/api/datasources"]), nil, 404, ""},
			{"an embed link to the dashboard", bob, "POST", "/api/embed", api.EmbedInput{Kind: api.EmbedDashboard, ID: d}, 403, "owner"},
			{"an embed link to a tile", bob, "POST", "/api/embed", api.EmbedInput{Kind: api.EmbedChart, ID: ch}, 403, "owner"},
			{"the data source queried", bob, "POST", fmt.Sprintf("/api/datasources/%d/query", ids["/api/datasources"]), api.AdhocQuery{SQL: "SELECT 1"}, 404, ""},
		})
		var cs []chart.Saved
		want(t, ta.do("GET", "/api/charts", bob, nil), 200).JSON(t, &cs)
		var qs []api.Query
		want(t, ta.do("GET", "/api/queries", bob, nil), 200).JSON(t, &qs)
		if len(cs) != 0 || len(qs) != 0 {
			t.Fatalf("charts and queries shown through a dashboard are listed: %+v %+v", cs, qs)
		}
		want(t, ta.do("PUT", shares, alice, []api.Share{}), 200)
		ta.run(t, []scenario{
			{"the dashboard unshared", bob, "GET", fmt.Sprintf("/api/dashboards/%d", d), nil, 404, ""},
			{"its chart unshared", bob, "GET", fmt.Sprintf("/api/charts/%d/data", ch), nil, 404, ""},
			{"its query unshared", bob, "POST", fmt.Sprintf("/api/queries/%d/execute", q), nil, 404, ""},
		})
	})
}

// TestShareInput: the share list is validated; only the owner (or an
// admin) may set it; deleting an item drops its shares.
func TestShareInput(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	bob, bobID := ta.newUser(admin, "bob")
	d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "x"}), 201))
	url := fmt.Sprintf("/api/dashboards/%d/shares", d)
	many := make([]api.Share, api.MaxShares+1)
	for i := range many {
		many[i] = api.Share{UserID: int64(i + 1000), Role: api.ShareViewer}
	}
	ta.run(t, []scenario{
		{"bad role", alice, "PUT", url, []api.Share{{UserID: bobID, Role: "owner"}}, 422, "[0].role"},
		{"no grantee", alice, "PUT", url, []api.Share{{Role: api.ShareViewer}}, 422, "[0].user_id"},
		{"both", alice, "PUT", url, []api.Share{{UserID: bobID, Everyone: true, Role: api.ShareViewer}}, 422, "not both"},
		{"the owner", alice, "PUT", url, []api.Share{{UserID: aliceID, Role: api.ShareViewer}}, 422, "owner"},
		{"twice", alice, "PUT", url, []api.Share{{UserID: bobID, Role: api.ShareViewer}, {UserID: bobID, Role: api.ShareEditor}}, 422, "twice"},
		{"everyone twice", alice, "PUT", url, []api.Share{{Everyone: true, Role: api.ShareViewer}, {Everyone: true, Role: api.ShareViewer}}, 422, "twice"},
		{"unknown user", alice, "PUT", url, []api.Share{{UserID: 999999, Role: api.ShareViewer}}, 422, "not found"},
		{"too many", alice, "PUT", url, many, 422, "at most"},
		{"not an array", alice, "PUT", url, map[string]any{"user_id": bobID}, 400, "list"},
		{"by the admin", admin, "PUT", url, []api.Share{{UserID: bobID, Role: api.ShareEditor}}, 200, `"username":"bob"`},
		{"the editor reshares", bob, "PUT", url, []api.Share{}, 403, "owner"},
		{"the editor lists", bob, "GET", url, nil, 403, ""},
		{"the editor deletes", bob, "DELETE", fmt.Sprintf("/api/dashboards/%d", d), nil, 403, "owner"},
		{"listed", alice, "GET", url, nil, 200, `"role":"editor"`},
		{"deleted", alice, "DELETE", fmt.Sprintf("/api/dashboards/%d", d), nil, 204, ""},
		{"shares of a deleted item", alice, "GET", url, nil, 404, ""},
	})
	var n int
	if err := ta.app.db.NewSelect().Table("shares").ColumnExpr("COUNT(*)").Scan(t.Context(), &n); err != nil || n != 0 {
		t.Fatalf("%d shares left after the delete (%v)", n, err)
	}
}
