package app

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// fixture is one user's data source, a parameterised query and charts on
// it, for the dashboard and embed tests.
type fixture struct {
	query  int64
	charts []int64
}

// regionQuery returns one row per region except :skip, and only regions
// with at least :min orders.
const regionQuery = `SELECT region, SUM(revenue) AS revenue FROM sales
WHERE region <> :skip GROUP BY region HAVING COUNT(*) >= :min ORDER BY region`

func newFixture(t *testing.T, ta *testApp, token string, charts int) fixture {
	t.Helper()
	ds := id(t, want(t, ta.do("POST", "/api/datasources", token, api.DatasourceInput{Name: "sales", Type: api.SQLite, Path: demoFile}), 201))
	q := id(t, want(t, ta.do("POST", "/api/queries", token, api.QueryInput{DatasourceID: ds, Name: "by region", SQL: regionQuery,
		Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: "none"}, {Name: "min", Type: api.ParamNumber, Default: 0.0}}}), 201))
	f := fixture{query: q}
	for i := range charts {
		spec := fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, q)
		f.charts = append(f.charts, id(t, want(t, ta.do("POST", "/api/charts", token, map[string]any{"name": fmt.Sprintf("chart %d", i), "spec": json.RawMessage(spec)}), 201)))
	}
	return f
}

// regions runs a data request and returns the regions in the result.
func regions(t *testing.T, r response) []string {
	t.Helper()
	var d chart.DataResponse
	r.JSON(t, &d)
	if len(d.Problems) > 0 || d.Data == nil {
		t.Fatalf("problems %+v in %s", d.Problems, r.Body)
	}
	var out []string
	for _, row := range d.Data.Rows {
		out = append(out, fmt.Sprint(row[0]))
	}
	return out
}

func paramsQuery(m string) string { return "params=" + url.QueryEscape(m) }

func TestDashboardsCRUD(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")
		fa := newFixture(t, ta, alice, 2)
		fb := newFixture(t, ta, bob, 1)

		in := api.DashboardInput{Title: "Regions", Description: "by region",
			Tiles:  []api.Tile{{ChartID: fa.charts[0], X: 0, Y: 0, W: 6, H: 4}, {ChartID: fa.charts[1], X: 6, Y: 0, W: 6, H: 4}},
			Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: "Europe"}, {Name: "colour", Type: api.ParamString, Default: "red"}}}
		r := want(t, ta.do("POST", "/api/dashboards", alice, in), 201)
		var d api.Dashboard
		r.JSON(t, &d)
		if d.ID == 0 || d.Title != "Regions" || len(d.Tiles) != 2 || d.Tiles[1] != in.Tiles[1] || len(d.Params) != 2 || d.Params[0].Default != "Europe" {
			t.Fatalf("created %+v", d)
		}
		var got api.Dashboard
		want(t, ta.do("GET", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, nil), 200).JSON(t, &got)
		if got.Title != d.Title || len(got.Tiles) != 2 || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v", got)
		}
		want(t, ta.do("POST", "/api/dashboards", alice, in), 409)

		// Dashboard parameters reach each chart's query; those it does not
		// declare are dropped with dashboard=1 and refused without.
		ps := paramsQuery(`{"skip":"Europe","colour":"red"}`)
		rs := regions(t, want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data?%s&dashboard=1", fa.charts[0], ps), alice, nil), 200))
		if len(rs) != 4 || strings.Contains(strings.Join(rs, ","), "Europe") {
			t.Fatalf("regions %v", rs)
		}
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data?%s", fa.charts[0], ps), alice, nil), 422)
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.svg?%s&dashboard=1", fa.charts[0], ps), alice, nil), 200)

		// Validation: the shared rules, then the charts.
		tile := func(chartID int64, x, y, w, h int) api.Tile {
			return api.Tile{ChartID: chartID, X: x, Y: y, W: w, H: h}
		}
		c0 := fa.charts[0]
		tooMany := make([]api.Tile, 101)
		for i := range tooMany {
			tooMany[i] = tile(c0, 0, i, 1, 1)
		}
		bad := []struct {
			name string
			in   api.DashboardInput
			path string
		}{
			{"no title", api.DashboardInput{Title: " "}, "title"},
			{"long title", api.DashboardInput{Title: strings.Repeat("t", 201)}, "title"},
			{"past the edge", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(c0, 8, 0, 6, 2)}}, "tiles[0].w"},
			{"negative x", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(c0, -1, 0, 6, 2)}}, "tiles[0].x"},
			{"too tall", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(c0, 0, 0, 6, 25)}}, "tiles[0].h"},
			{"zero width", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(c0, 0, 0, 0, 2)}}, "tiles[0].w"},
			{"overlap", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(c0, 0, 0, 6, 4), tile(c0, 5, 3, 4, 4)}}, "tiles[1]"},
			{"too many tiles", api.DashboardInput{Title: "x", Tiles: tooMany}, "tiles"},
			{"bad param name", api.DashboardInput{Title: "x", Params: []api.ParamDef{{Name: "a-b", Type: api.ParamString}}}, "params"},
			{"bad param default", api.DashboardInput{Title: "x", Params: []api.ParamDef{{Name: "n", Type: api.ParamNumber, Default: "x"}}}, "params"},
			{"missing chart", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(999999, 0, 0, 6, 4)}}, "tiles[0].chart_id"},
			{"another user's chart", api.DashboardInput{Title: "x", Tiles: []api.Tile{tile(fb.charts[0], 0, 0, 6, 4)}}, "tiles[0].chart_id"},
		}
		for _, b := range bad {
			t.Run(b.name, func(t *testing.T) {
				e := want(t, ta.do("POST", "/api/dashboards", alice, b.in), 422).Err(t)
				for _, f := range e.Fields {
					if f.Path == b.path {
						return
					}
				}
				t.Fatalf("fields %+v, want path %q", e.Fields, b.path)
			})
		}
		want(t, ta.do("POST", "/api/dashboards", alice, `{"title":"x","tiles":[{"chart_id":1,"x":0,"y":0,"w":1,"h":1,"z":3}]}`), 400)
		want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, bad[6].in), 422)

		// Isolation: bob sees nothing of alice's; the admin sees all.
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			want(t, ta.do(m, fmt.Sprintf("/api/dashboards/%d", d.ID), bob, api.DashboardInput{Title: "mine"}), 404)
		}
		var list []api.Dashboard
		want(t, ta.do("GET", "/api/dashboards", bob, nil), 200).JSON(t, &list)
		if len(list) != 0 {
			t.Fatalf("bob lists %+v", list)
		}
		want(t, ta.do("GET", "/api/dashboards", admin, nil), 200).JSON(t, &list)
		if len(list) != 3 { // the two demo dashboards and alice's
			t.Fatalf("admin lists %d dashboards", len(list))
		}
		want(t, ta.do("GET", fmt.Sprintf("/api/dashboards/%d", d.ID), admin, nil), 200)
		// An admin editing alice's dashboard may place only charts alice can see.
		var adminCharts []chart.Saved
		want(t, ta.do("GET", "/api/charts", admin, nil), 200).JSON(t, &adminCharts)
		demoChart := adminCharts[0].ID
		e := want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), admin,
			api.DashboardInput{Title: "Regions", Tiles: []api.Tile{tile(demoChart, 0, 0, 12, 4)}}), 422).Err(t)
		if e.Fields[0].Path != "tiles[0].chart_id" {
			t.Fatalf("%+v", e)
		}
		upd := api.DashboardInput{Title: "Regions (edited)", Tiles: []api.Tile{tile(fa.charts[1], 0, 0, 12, 4)}}
		want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), admin, upd), 200).JSON(t, &got)
		if got.OwnerID != d.OwnerID || got.Title != "Regions (edited)" || len(got.Tiles) != 1 || len(got.Params) != 0 {
			t.Fatalf("updated %+v", got)
		}

		want(t, ta.do("DELETE", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, nil), 204)
		want(t, ta.do("GET", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, nil), 404)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, nil), 404)
		want(t, ta.do("GET", "/api/dashboards/abc", alice, nil), 400)
	})
}

// TestDemoDashboards: the demo's two dashboards exist, and every chart on
// them draws with the dashboard's parameters.
func TestDemoDashboards(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	var ds []api.Dashboard
	want(t, ta.do("GET", "/api/dashboards", admin, nil), 200).JSON(t, &ds)
	if len(ds) != 2 || ds[0].Title != "Sales overview" || ds[1].Title != "3D gallery" || len(ds[1].Tiles) != 4 {
		t.Fatalf("demo dashboards %+v", ds)
	}
	for _, d := range ds {
		values := map[string]any{}
		for _, p := range d.Params {
			values[p.Name] = p.Default
		}
		values["region"] = "Europe"
		for _, tile := range d.Tiles {
			var c chart.Saved
			want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d", tile.ChartID), admin, nil), 200).JSON(t, &c)
			info, _ := chart.Info(c.Type)
			if (d.Title == "3D gallery") != (info.Dim == 3) {
				t.Errorf("%s holds %s chart %q", d.Title, c.Type, c.Name)
			}
			r := want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data?%s&dashboard=1", tile.ChartID, paramsQuery(`{"region":"Europe"}`)), admin, nil), 200)
			var data chart.DataResponse
			r.JSON(t, &data)
			if len(data.Problems) > 0 || data.Data.RowCount == 0 {
				t.Errorf("%s: problems %+v", c.Name, data.Problems)
			}
		}
	}
}
