package render

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func ptr(v float64) *float64 { return &v }

// numLine is y = x for x = 0…n-1 (scatter: the same points), on channel x.
func numLine(ty chart.Type, n int) (*chart.Spec, *api.Result) {
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat}}}
	for i := 0; i < n; i++ {
		res.Rows = append(res.Rows, []any{float64(i), float64(i)})
	}
	return &chart.Spec{Type: ty, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}}}, res
}

// dayLine is one value a day for n days from 2024-01-01, two series.
func dayLine(ty chart.Type, n int) (*chart.Spec, *api.Result) {
	res := &api.Result{Columns: []api.Column{{Name: "day", Type: api.TypeTime}, {Name: "s", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat}}}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		d := t0.AddDate(0, 0, i).Format(time.RFC3339)
		res.Rows = append(res.Rows, []any{d, "a", float64(10 + i%7)}, []any{d, "b", float64(20 + i%5)})
	}
	return &chart.Spec{Type: ty, Stack: "stack", Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"day"}}, chart.Y: {Columns: []string{"v"}}, chart.Series: {Columns: []string{"s"}}}}, res
}

// catLine is a line over ten categories c0…c9.
func catLine() (*chart.Spec, *api.Result) {
	res := &api.Result{Columns: []api.Column{{Name: "c", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat}}}
	for i := 0; i < 10; i++ {
		res.Rows = append(res.Rows, []any{"c" + strconv.Itoa(i), float64(i * i)})
	}
	return &chart.Spec{Type: chart.Line, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"c"}}, chart.Y: {Columns: []string{"v"}}}}, res
}

func dayMS(y, m, d int) float64 {
	return float64(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).UnixMilli())
}

// plotPaths returns every point of the paths drawn inside the plot group.
func plotPaths(sc *Scene) []Point {
	var pts []Point
	depth, in := 0, false
	for _, op := range sc.Ops {
		switch o := op.(type) {
		case *BeginOp:
			depth++
			if o.Meta != nil && o.Meta.Kind == "plot" {
				in = true
			}
		case *EndOp:
			depth--
			if depth == 0 {
				in = false
			}
		case *PathOp:
			if in {
				for _, s := range o.Path {
					if s.Kind != ClosePath {
						pts = append(pts, s.P[0])
					}
					if s.Kind == CubicTo {
						pts = append(pts, s.P[2])
					}
				}
			}
		}
	}
	return pts
}

// TestZoom checks that a zoom window becomes the x domain, that nothing
// is drawn outside it, that lines reach its edges, and that only rows
// inside it have marks.
func TestZoom(t *testing.T) {
	tests := []struct {
		name   string
		spec   func() (*chart.Spec, *api.Result)
		lo, hi *float64
		wantLo float64 // PlotArea domain
		wantHi float64
		time   bool
		band   bool
		marks  int // points in the window (-1: too many for markers)
	}{
		{"line", func() (*chart.Spec, *api.Result) { return numLine(chart.Line, 50) }, ptr(10.5), ptr(30.25), 10.5, 30.25, false, false,
			20},
		{"line open end", func() (*chart.Spec, *api.Result) { return numLine(chart.Line, 50) }, ptr(40), nil, 40, 50, false, false,
			10},
		{"scatter", func() (*chart.Spec, *api.Result) { return numLine(chart.Scatter, 500) }, ptr(100), ptr(150), 100, 150, false, false,
			51},
		{"stacked area on time", func() (*chart.Spec, *api.Result) { return dayLine(chart.Area, 120) }, ptr(dayMS(2024, 2, 10) + 3600e3), ptr(dayMS(2024, 3, 1)), dayMS(2024, 2, 10) + 3600e3, dayMS(2024, 3, 1), true, false,
			-1},
		{"line on categories", catLine, ptr(1.6), ptr(4.5), 1.5, 4.5, false, true,
			3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, res := tc.spec()
			sc, err := Draw(spec, res, Options{Width: 600, Height: 400, XMin: tc.lo, XMax: tc.hi})
			if err != nil {
				t.Fatal(err)
			}
			pa := sc.Plot
			if pa == nil {
				t.Fatal("no plot area")
			}
			if math.Abs(pa.XMin-tc.wantLo) > 1e-9 || math.Abs(pa.XMax-tc.wantHi) > 1e-9 || pa.XTime != tc.time || pa.XBand != tc.band {
				t.Errorf("plot area x %g…%g (time %v, band %v), want %g…%g (%v, %v)", pa.XMin, pa.XMax, pa.XTime, pa.XBand, tc.wantLo, tc.wantHi, tc.time, tc.band)
			}
			r := pa.Rect
			for _, p := range plotPaths(sc) {
				if p.X < r.X-1e-6 || p.X > r.X+r.W+1e-6 {
					t.Errorf("path point %v outside the plot's x range %g…%g", p, r.X, r.X+r.W)
					break
				}
			}
			if n := len(marksOf(sc)); tc.marks >= 0 && n != tc.marks {
				t.Errorf("%d marks, want one per point in the window: %d", n, tc.marks)
			}
			for _, op := range sc.Ops {
				if c, ok := op.(*CircleOp); ok && (c.CX < r.X-1e-6 || c.CX > r.X+r.W+1e-6) {
					t.Errorf("a point at x = %g, outside the plot's x range %g…%g", c.CX, r.X, r.X+r.W)
				}
			}
			if !tc.band && tc.lo != nil {
				// The line reaches the window's left edge.
				pts := plotPaths(sc)
				if tc.name != "scatter" && (len(pts) == 0 || math.Abs(pts[0].X-r.X) > 1e-6) {
					t.Errorf("the line starts at %v, not at the plot's left edge %g", pts[:min(1, len(pts))], r.X)
				}
			}
			checkTicks(t, sc, pa)
		})
	}
}

// checkTicks reads the x tick labels of a number axis and checks that
// they lie in the domain and are not just its ends.
func checkTicks(t *testing.T, sc *Scene, pa *PlotArea) {
	if pa.XTime || pa.XBand {
		return
	}
	var ticks []float64
	for _, op := range sc.Ops {
		if tx, ok := op.(*TextOp); ok && tx.Y > pa.Rect.Y+pa.Rect.H && tx.Baseline == BaselineTop {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(tx.Text, ",", ""), 64); err == nil {
				ticks = append(ticks, v)
			}
		}
	}
	if len(ticks) < 2 {
		t.Errorf("x ticks %v: want at least two for the window", ticks)
	}
	for _, v := range ticks {
		if v < pa.XMin-1e-9 || v > pa.XMax+1e-9 {
			t.Errorf("x tick %g outside the window %g…%g", v, pa.XMin, pa.XMax)
		}
	}
}

// TestZoomInterpolatesEdges checks the value where a zoomed line meets
// the window's edges: y = x, so the line runs from (lo, lo) to (hi, hi).
func TestZoomInterpolatesEdges(t *testing.T) {
	spec, res := numLine(chart.Line, 50)
	lo, hi := 10.5, 30.25
	sc, err := Draw(spec, res, Options{Width: 600, Height: 400, XMin: &lo, XMax: &hi})
	if err != nil {
		t.Fatal(err)
	}
	pts := plotPaths(sc)
	if len(pts) < 2 {
		t.Fatalf("%d path points", len(pts))
	}
	// With y = x the path is a straight line; its ends map lo and hi to
	// the plot's x edges, so their y are in the same proportion.
	first, last := pts[0], pts[len(pts)-1]
	r := sc.Plot.Rect
	if math.Abs(first.X-r.X) > 1e-6 || math.Abs(last.X-(r.X+r.W)) > 1e-6 {
		t.Fatalf("line from %v to %v, plot x %g…%g", first, last, r.X, r.X+r.W)
	}
	slope := (last.Y - first.Y) / (last.X - first.X)
	for _, p := range pts {
		if y := first.Y + slope*(p.X-first.X); math.Abs(y-p.Y) > 1e-6 {
			t.Errorf("point %v off the straight line (y should be %g): edges badly interpolated", p, y)
		}
	}
}

// TestZoomShowsDetail checks that zooming happens before downsampling: a
// long series zoomed to 1% keeps every point of the window.
func TestZoomShowsDetail(t *testing.T) {
	spec, res := numLine(chart.Line, 100_000)
	lo, hi := 50_000.0, 50_300.0
	sc, err := Draw(spec, res, Options{Width: 600, Height: 400, XMin: &lo, XMax: &hi})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(plotPaths(sc)); n < 301 {
		t.Errorf("%d points drawn in a window of 301 rows: the overview's downsampling leaked into the zoom", n)
	}
}

// TestPlotAreaXAt checks the pixel-to-value mapping the browser uses for
// drag-to-zoom.
func TestPlotAreaXAt(t *testing.T) {
	lin := &PlotArea{Rect: Rect{100, 0, 400, 100}, XMin: 10, XMax: 50}
	lg := &PlotArea{Rect: Rect{100, 0, 400, 100}, XMin: 1, XMax: 10000, XLog: true}
	tests := []struct {
		pa   *PlotArea
		px   float64
		want float64
	}{
		{lin, 100, 10},
		{lin, 300, 30},
		{lin, 500, 50},
		{lin, 0, 10},    // left of the plot: its edge
		{lin, 900, 50},  // right of it
		{lg, 300, 100},  // half way on four decades
		{lg, 200, 10},   // a quarter
		{lg, 1000, 1e4}, // clamped
	}
	for _, tc := range tests {
		if got := tc.pa.XAt(tc.px); math.Abs(got-tc.want) > 1e-9*math.Max(1, tc.want) {
			t.Errorf("XAt(%g) on %+v = %g, want %g", tc.px, *tc.pa, got, tc.want)
		}
	}
}

// TestPlotAreaRoundTrip draws, maps two pixels back to values and zooms
// to them: the new plot's edges are those values.
func TestPlotAreaRoundTrip(t *testing.T) {
	for _, ty := range []chart.Type{chart.Line, chart.Scatter} {
		spec, res := numLine(ty, 200)
		sc, err := Draw(spec, res, Options{Width: 800, Height: 500})
		if err != nil {
			t.Fatal(err)
		}
		r := sc.Plot.Rect
		lo, hi := sc.Plot.XAt(r.X+r.W*0.25), sc.Plot.XAt(r.X+r.W*0.5)
		sc, err = Draw(spec, res, Options{Width: 800, Height: 500, XMin: &lo, XMax: &hi})
		if err != nil {
			t.Fatal(err)
		}
		if sc.Plot.XMin != lo || sc.Plot.XMax != hi {
			t.Errorf("%s: zoomed to %g…%g, plot shows %g…%g", ty, lo, hi, sc.Plot.XMin, sc.Plot.XMax)
		}
	}
}

// TestToggleAndZoomRobust draws every sample with odd Hidden and zoom
// options: out-of-range indices, reversed, empty, degenerate and
// non-finite windows. Each must draw (perhaps an empty state) and index.
func TestToggleAndZoomRobust(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	opts := []Options{
		{Hidden: []int{-1, 99}},
		{Hidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{XMin: ptr(1e18), XMax: ptr(-1e18)},
		{XMin: ptr(3), XMax: ptr(3)},
		{XMin: ptr(-1e300)},
		{XMax: ptr(-1e300)},
		{XMin: &nan, XMax: &inf},
		{XMin: ptr(dayMS(2024, 2, 1)), XMax: ptr(dayMS(2024, 4, 1)), Hidden: []int{1}},
		{XMin: ptr(1), XMax: ptr(2), Hidden: []int{0}},
	}
	for _, ty := range Registered() {
		for i, o := range opts {
			spec, res := chart.Sample(ty)
			o.Width, o.Height = 500, 300
			sc, err := Draw(&spec, res, o)
			if err != nil {
				t.Errorf("%s, options %d: %v", ty, i, err)
				continue
			}
			sc.Index().HitTest(250, 150)
		}
	}
}

// TestTimeTicksNoRepeats checks that an explicit date format coarser
// than a zoomed axis's natural ticks does not repeat labels.
func TestTimeTicksNoRepeats(t *testing.T) {
	tests := []struct {
		pattern string
		lo, hi  float64
	}{
		{"month", dayMS(2024, 2, 10), dayMS(2024, 4, 21)},
		{"month", dayMS(2024, 2, 10), dayMS(2024, 2, 20)},
		{"year", dayMS(2024, 2, 10), dayMS(2024, 9, 1)},
		{"date", dayMS(2024, 2, 10), dayMS(2024, 2, 11)},
	}
	for _, tc := range tests {
		for n := 2; n <= 12; n++ {
			ts := newTime(tc.lo, tc.hi, nil, nil, tc.pattern).Ticks(n)
			for i := 1; i < len(ts); i++ {
				if ts[i].label == ts[i-1].label {
					t.Errorf("%s, %d ticks: label %q repeats", tc.pattern, n, ts[i].label)
				}
			}
		}
	}
}
