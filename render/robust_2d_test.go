package render_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// rowsOf builds a result with string column "c", numeric column "v" and
// string columns "p" (parent) and "q", from rows of [c, v, p, q].
func rowsOf(rows ...[]any) *api.Result {
	return &api.Result{Columns: []api.Column{{Name: "c", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat},
		{Name: "p", Type: api.TypeString}, {Name: "q", Type: api.TypeString}}, Rows: rows}
}

func manyRows(n int, v func(i int) any) *api.Result {
	var rows [][]any
	for i := 0; i < n; i++ {
		rows = append(rows, []any{fmt.Sprintf("item %d", i), v(i), fmt.Sprintf("item %d", i/3), fmt.Sprintf("g%d", i%4)})
	}
	return rowsOf(rows...)
}

// TestRadialTypesSurviveBadData draws every type of this family on
// awkward data: no rows, one row, nulls, NaN, negatives, zeros, text
// where numbers belong, duplicate and cyclic ids, hundreds of
// categories, and a tiny canvas. None may panic (Draw turns a panic into
// an "internal error"); bad data draws, with a note or an empty state.
func TestRadialTypesSurviveBadData(t *testing.T) {
	enc := map[chart.Type]map[chart.Channel]chart.Field{
		chart.Pie:       {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Rose:      {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Radar:     {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}, chart.Series: {Columns: []string{"q"}}},
		chart.Polar:     {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}, chart.Series: {Columns: []string{"q"}}},
		chart.Gauge:     {chart.Value: {Columns: []string{"v"}}, chart.Label: {Columns: []string{"c"}}},
		chart.Funnel:    {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Progress:  {chart.Value: {Columns: []string{"v"}}, chart.Label: {Columns: []string{"c"}}},
		chart.Treemap:   {chart.Path: {Columns: []string{"q", "c"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Sunburst:  {chart.ID: {Columns: []string{"c"}}, chart.Parent: {Columns: []string{"p"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Tree:      {chart.ID: {Columns: []string{"c"}}, chart.Parent: {Columns: []string{"p"}}},
		chart.Graph:     {chart.Source: {Columns: []string{"c"}}, chart.Target: {Columns: []string{"p"}}, chart.Value: {Columns: []string{"v"}}},
		chart.WordCloud: {chart.Category: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}},
		chart.Geo:       {chart.Region: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}},
	}
	data := []struct {
		name string
		res  *api.Result
	}{
		{"no rows", rowsOf()},
		{"one row", rowsOf([]any{"DEU", 5.0, "", "a"})},
		{"nulls", rowsOf([]any{nil, nil, nil, nil}, []any{"FRA", nil, nil, nil}, []any{"x", 2.0, "x", "a"})},
		{"NaN and infinities", rowsOf([]any{"a", math.NaN(), "", "a"}, []any{"b", math.Inf(1), "a", "a"}, []any{"c", 3.0, "a", "b"})},
		{"negatives", rowsOf([]any{"a", -5.0, "", "a"}, []any{"b", -1.0, "a", "a"}, []any{"c", 4.0, "a", "b"})},
		{"all zero", rowsOf([]any{"a", 0.0, "", "a"}, []any{"b", 0.0, "a", "a"})},
		{"text values", rowsOf([]any{"a", "lots", "", "a"}, []any{"b", "12", "a", "b"})},
		{"duplicates", rowsOf([]any{"a", 1.0, "", "a"}, []any{"a", 2.0, "", "a"}, []any{"b", 3.0, "a", "a"})},
		{"cycle", rowsOf([]any{"a", 1.0, "b", "x"}, []any{"b", 2.0, "a", "x"}, []any{"c", 2.0, "", "x"})},
		{"self loop", rowsOf([]any{"a", 1.0, "a", "x"})},
		{"huge", manyRows(600, func(i int) any { return float64(i%37) + 0.5 })},
		{"huge negative", manyRows(300, func(i int) any { return float64(i%5) - 2 })},
		{"long names", rowsOf([]any{strings.Repeat("W", 300), 5.0, "", strings.Repeat("ü", 200)}, []any{"b", 3.0, strings.Repeat("W", 300), "a"})},
	}
	sizes := []render.Options{{Width: 800, Height: 480}, {Width: 16, Height: 16}, {Width: 120, Height: 900}}
	for ty, e := range enc {
		for _, d := range data {
			for _, o := range sizes {
				t.Run(fmt.Sprintf("%s/%s/%gx%g", ty, d.name, o.Width, o.Height), func(t *testing.T) {
					spec := &chart.Spec{Type: ty, Title: "t", Encoding: e, Options: chart.Options{ShowLabels: true, Donut: 0.5, Circular: d.name == "huge"}}
					sc, err := render.Draw(spec, d.res, o)
					if err != nil {
						if strings.Contains(err.Error(), "internal error") {
							t.Fatal(err)
						}
						// Only data that cannot form a drawing may fail.
						if d.name != "cycle" && d.name != "duplicates" {
							t.Fatalf("unexpected error: %v", err)
						}
						return
					}
					checkFinite(t, sc)
					_ = svg.Bytes(sc)
				})
			}
		}
	}
}

// checkFinite fails on any NaN or infinite coordinate in the scene, which
// back-ends would draw as garbage.
func checkFinite(t *testing.T, sc *render.Scene) {
	t.Helper()
	bad := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return true
			}
		}
		return false
	}
	for i, op := range sc.Ops {
		switch o := op.(type) {
		case *render.RectOp:
			if bad(o.X, o.Y, o.W, o.H) {
				t.Fatalf("op %d: rect %+v", i, o)
			}
		case *render.CircleOp:
			if bad(o.CX, o.CY, o.R) {
				t.Fatalf("op %d: circle %+v", i, o)
			}
		case *render.TextOp:
			if bad(o.X, o.Y, o.Rotate) {
				t.Fatalf("op %d: text %+v", i, o)
			}
		case *render.PathOp:
			for _, s := range o.Path {
				for _, p := range s.P {
					if bad(p.X, p.Y) {
						t.Fatalf("op %d: path point %+v", i, p)
					}
				}
			}
		}
	}
}

// TestGeoUnregisteredMap checks the error for a map no one registered.
func TestGeoUnregisteredMap(t *testing.T) {
	spec := &chart.Spec{Type: chart.Geo, Options: chart.Options{Map: "mars"},
		Encoding: map[chart.Channel]chart.Field{chart.Region: {Columns: []string{"c"}}, chart.Value: {Columns: []string{"v"}}}}
	_, err := render.Draw(spec, rowsOf([]any{"DEU", 1.0, "", ""}), render.Options{})
	if !errors.Is(err, geo.ErrMapNotRegistered) || !strings.Contains(err.Error(), `"mars"`) {
		t.Fatalf("err = %v, want ErrMapNotRegistered naming the map", err)
	}
}
