package render

import (
	"math"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// TestMonotoneNoOvershoot checks that the smoothed curve stays within the
// range of each pair of neighbouring points (no bumps past the data).
func TestMonotoneNoOvershoot(t *testing.T) {
	pts := []Point{{0, 10}, {10, 10}, {20, 50}, {30, 48}, {40, 0}, {50, 0}, {60, 30}}
	p := linePath(pts, true)
	if len(p) != len(pts) {
		t.Fatalf("%d segments", len(p))
	}
	for i := 1; i < len(p); i++ {
		a, b := pts[i-1], pts[i]
		lo, hi := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
		for _, c := range p[i].P[:2] {
			if c.Y < lo-1e-9 || c.Y > hi+1e-9 {
				t.Errorf("segment %d control point %v outside [%g, %g]", i, c, lo, hi)
			}
		}
	}
}

// TestLineGapsAndDownsampling checks that nulls break a line and that a
// series longer than the plot is wide is thinned.
func TestLineGapsAndDownsampling(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat}}}
	for i := 0; i < 10; i++ {
		var y any = float64(i)
		if i == 4 {
			y = nil
		}
		res.Rows = append(res.Rows, []any{float64(i), y})
	}
	spec := &chart.Spec{Type: chart.Line, Encoding: map[chart.Channel]chart.Field{chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}}}
	sc, err := Draw(spec, res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := countStrokes(sc); n != 2 {
		t.Errorf("%d line paths, want 2 (a gap at the null)", n)
	}
	res.Rows = nil
	for i := 0; i < 20000; i++ {
		res.Rows = append(res.Rows, []any{float64(i), math.Sin(float64(i) / 100)})
	}
	sc, err = Draw(spec, res, Options{Width: 400, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range sc.Ops {
		if p, ok := op.(*PathOp); ok && !p.Stroke.IsNone() && p.StrokeWidth == 2 && len(p.Path) > 1000 {
			t.Errorf("line of %d points on a 400 px chart", len(p.Path))
		}
	}
}

func countStrokes(sc *Scene) int {
	n := 0
	for _, op := range sc.Ops {
		if p, ok := op.(*PathOp); ok && p.StrokeWidth == 2 && !p.Stroke.IsNone() {
			n++
		}
	}
	return n
}

func TestStackLines(t *testing.T) {
	nan := math.NaN()
	tab := &table{names: []string{"a", "b"}, keys: []float64{0, 1, 2},
		vals:    [][]float64{{1, nan, 3}, {2, 2, nan}},
		present: [][]bool{{true, true, true}, {true, true, false}}}
	lo, hi := stackLines(tab, "stack")
	// b at key 1 sits on a's null: the gap in a leaves b on zero; b is
	// missing at key 2, so it adds nothing there.
	want := [][]float64{{1, nan, 3}, {3, 2, 3}}
	for s := range want {
		for k := range want[s] {
			if g := hi[s][k]; !(math.IsNaN(g) && math.IsNaN(want[s][k]) || g == want[s][k]) {
				t.Errorf("hi[%d][%d] = %g, want %g (lo %g)", s, k, g, want[s][k], lo[s][k])
			}
		}
	}
}
