package app

import (
	"fmt"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestDashboardChoices: a dashboard parameter's offered values are the
// distinct values of its choice source's column, run as the dashboard's
// owner; another user gets 404 exactly as for a missing dashboard, and
// every refusal says why.
func TestDashboardChoices(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")
		fa := newFixture(t, ta, alice, 1)
		fb := newFixture(t, ta, bob, 1)
		// Every order's region: thousands of rows, five values.
		var q api.Query
		want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d", fa.query), alice, nil), 200).JSON(t, &q)
		every := id(t, want(t, ta.do("POST", "/api/queries", alice, api.QueryInput{DatasourceID: q.DatasourceID, Name: "every order's region",
			SQL: "SELECT region FROM sales ORDER BY region"}), 201))
		in := api.DashboardInput{Title: "Choices", Tiles: []api.Tile{{ChartID: fa.charts[0], W: 6, H: 4}}, Params: []api.ParamDef{
			{Name: "skip", Type: api.ParamString, Default: "none", Choices: &api.ChoiceSource{QueryID: fa.query, Column: "region"}},
			{Name: "regions", Type: api.ParamList, Choices: &api.ChoiceSource{QueryID: fa.query}},
			{Name: "plain", Type: api.ParamString},
			{Name: "many", Type: api.ParamString, Choices: &api.ChoiceSource{QueryID: every}},
			{Name: "nocol", Type: api.ParamString, Choices: &api.ChoiceSource{QueryID: fa.query, Column: "colour"}},
			{Name: "theirs", Type: api.ParamString, Choices: &api.ChoiceSource{QueryID: fb.query}},
		}}
		var d api.Dashboard
		want(t, ta.do("POST", "/api/dashboards", alice, in), 201).JSON(t, &d)
		if d.Params[0].Choices == nil || d.Params[0].Choices.Column != "region" {
			t.Fatalf("choice source not kept: %+v", d.Params[0])
		}
		path := fmt.Sprintf("/api/dashboards/%d/choices", d.ID)
		regions := []any{"Asia Pacific", "Europe", "Latin America", "Middle East & Africa", "North America"}
		tests := []struct {
			name, caller, query string
			status              int
			param               string
			values              []any
			truncated           bool
		}{
			{"a column by name", alice, "?param=skip", 200, "skip", regions, false},
			{"the first column", alice, "?param=regions", 200, "regions", regions, false},
			{"as admin, run as the owner", admin, "?param=skip", 200, "skip", regions, false},
			{"distinct values of the first 1000 rows", alice, "?param=many", 200, "many", regions[:1], true},
			{"another user", bob, "?param=skip", 404, "", nil, false},
			{"a missing dashboard", alice, "x", 404, "", nil, false},
			{"an undeclared parameter", alice, "?param=colour", 404, "", nil, false},
			{"a parameter without a source", alice, "?param=plain", 400, "", nil, false},
			{"a column the query lacks", alice, "?param=nocol", 400, "", nil, false},
			{"a query the owner cannot see", alice, "?param=theirs", 404, "", nil, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := path + tt.query
				if tt.query == "x" {
					p = "/api/dashboards/999999/choices"
				}
				r := want(t, ta.do("GET", p, tt.caller, nil), tt.status)
				if tt.status != 200 {
					return
				}
				var got []api.ParamChoices
				r.JSON(t, &got)
				if len(got) != 1 || got[0].Param != tt.param || fmt.Sprint(got[0].Values) != fmt.Sprint(tt.values) || got[0].Truncated != tt.truncated {
					t.Fatalf("choices %+v, want %s %v", got, tt.param, tt.values)
				}
			})
		}
		// Without param, every parameter with a working source: a broken
		// one fails the whole answer, so fix it first.
		in.Params = in.Params[:4]
		want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, in), 200)
		var all []api.ParamChoices
		want(t, ta.do("GET", path, alice, nil), 200).JSON(t, &all)
		if len(all) != 3 || all[0].Param != "skip" || all[1].Param != "regions" || all[2].Param != "many" || len(all[1].Values) != len(regions) {
			t.Fatalf("all choices %+v", all)
		}
		want(t, ta.do("GET", path, bob, nil), 404)
	})
}
