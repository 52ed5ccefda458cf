package demo

import (
	"slices"
	"testing"

	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// TestDashboardsAreWellFormed: every tile names a demo chart, every
// layout passes the shared validator, and every dashboard parameter is
// one that some chart on it takes.
func TestDashboardsAreWellFormed(t *testing.T) {
	charts := map[string]Chart{}
	ids := map[string]int64{}
	for i, c := range Charts() {
		charts[c.Name] = c
		ids[c.Name] = int64(i + 1)
	}
	params := map[string][]string{}
	for _, q := range Queries() {
		for _, p := range q.Params {
			params[q.Key] = append(params[q.Key], p.Name)
		}
	}
	for _, d := range Dashboards() {
		t.Run(d.Title, func(t *testing.T) {
			var used []string
			for _, tile := range d.Tiles {
				c, ok := charts[tile.Chart]
				if !ok {
					t.Fatalf("tile names %q, which is not a demo chart", tile.Chart)
				}
				used = append(used, params[c.QueryKey]...)
			}
			if fields := dashboard.Validate(d.Input(ids)); len(fields) > 0 {
				t.Fatalf("invalid layout: %+v", fields)
			}
			for _, p := range d.Params {
				if !slices.Contains(used, p.Name) {
					t.Errorf("parameter %q is taken by no chart on the dashboard", p.Name)
				}
				checkDefault(t, p)
			}
		})
	}
}

func TestDemoDashboardsCover(t *testing.T) {
	ds := Dashboards()
	if len(ds) != 2 || ds[0].Title != "Sales overview" || ds[1].Title != "3D gallery" {
		t.Fatalf("dashboards %+v", ds)
	}
	types := map[string]chart.Type{}
	for _, c := range Charts() {
		types[c.Name] = c.Spec.Type
	}
	var gallery []chart.Type
	for _, tile := range ds[1].Tiles {
		gallery = append(gallery, types[tile.Chart])
		if tile.W != 6 || tile.H != 6 {
			t.Errorf("3D tile %q is %dx%d, want a 2x2 grid of 6x6", tile.Chart, tile.W, tile.H)
		}
	}
	for _, want := range []chart.Type{chart.Surface3D, chart.Scatter3D, chart.Bubble3D, chart.Bar3D} {
		if !slices.Contains(gallery, want) {
			t.Errorf("3D gallery lacks %s", want)
		}
	}
	for _, tile := range ds[0].Tiles {
		if info, _ := chart.Info(types[tile.Chart]); info.Dim != 2 {
			t.Errorf("sales overview holds %s chart %q", types[tile.Chart], tile.Chart)
		}
	}
	// Full rows: the overview fills the grid's width on every row it uses.
	width := map[int]int{}
	for _, tile := range ds[0].Tiles {
		width[tile.Y] += tile.W
	}
	for y, w := range width {
		if w != dashboard.Columns {
			t.Errorf("row %d is %d columns wide", y, w)
		}
	}
}
