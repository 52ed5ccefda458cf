package render

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// hitScene builds a scene from groups of shapes: each group is drawn in a
// Begin/End pair with its meta (nil: no group) and clip.
type hitGroupSpec struct {
	meta *Meta
	clip *Rect
	ops  []Op
}

func hitScene(groups ...hitGroupSpec) *Scene {
	s := &Scene{Width: 200, Height: 200}
	for _, g := range groups {
		if g.meta == nil && g.clip == nil {
			s.Ops = append(s.Ops, g.ops...)
			continue
		}
		s.Ops = append(s.Ops, &BeginOp{Meta: g.meta, Clip: g.clip})
		s.Ops = append(s.Ops, g.ops...)
		s.Ops = append(s.Ops, &EndOp{})
	}
	return s
}

func mark(i int) *Meta   { return &Meta{Kind: "mark", Series: 0, Index: i, Tooltip: "m"} }
func series(i int) *Meta { return &Meta{Kind: "series", Series: i, Index: -1} }

var (
	red    = Color{255, 0, 0, 255}
	filled = Style{Fill: red}
)

func triangle(x, y, s float64) Path {
	var p Path
	p.Move(x, y)
	p.Line(x+s, y)
	p.Line(x, y+s)
	p.Close()
	return p
}

// donut is a ring: an outer circle clockwise and an inner one
// anticlockwise, so the hole does not wind.
func donut(cx, cy, r0, r1 float64) Path {
	var p Path
	p.Arc(cx, cy, r1, 0, 2*math.Pi, true)
	p.Close()
	p.Arc(cx, cy, r0, 2*math.Pi, 0, true)
	p.Close()
	return p
}

func polyline(pts ...float64) Path {
	var p Path
	p.Move(pts[0], pts[1])
	for i := 2; i+1 < len(pts); i += 2 {
		p.Line(pts[i], pts[i+1])
	}
	return p
}

// TestHitTest checks each kind of shape and each rule of precedence,
// through the scan and through the index.
func TestHitTest(t *testing.T) {
	m0, m1, m2 := mark(0), mark(1), mark(2)
	s0, s1 := series(0), series(1)
	leg := &Meta{Kind: "legend", Series: 3, Index: -1}
	clip := &Rect{0, 0, 50, 50}
	tests := []struct {
		name   string
		scene  *Scene
		x, y   float64
		want   *Meta
		reason string
	}{
		{"rect inside", hitScene(hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 10, Y: 10, W: 20, H: 20, Style: filled}}}), 15, 15, m0, ""},
		{"rect near", hitScene(hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 10, Y: 10, W: 20, H: 20, Style: filled}}}), 32, 15, m0, "within tolerance"},
		{"rect miss", hitScene(hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 10, Y: 10, W: 20, H: 20, Style: filled}}}), 35, 15, nil, ""},
		{"small circle near", hitScene(hitGroupSpec{meta: m0, ops: []Op{&CircleOp{CX: 50, CY: 50, R: 1, Style: filled}}}), 53, 51, m0, "1 px dot hoverable"},
		{"small circle miss", hitScene(hitGroupSpec{meta: m0, ops: []Op{&CircleOp{CX: 50, CY: 50, R: 1, Style: filled}}}), 56, 50, nil, ""},
		{"triangle inside", hitScene(hitGroupSpec{meta: m0, ops: []Op{&PathOp{Path: triangle(0, 0, 100), Style: filled}}}), 20, 20, m0, ""},
		{"triangle outside hypotenuse", hitScene(hitGroupSpec{meta: m0, ops: []Op{&PathOp{Path: triangle(0, 0, 100), Style: filled}}}), 60, 60, nil, ""},
		{"donut ring", hitScene(hitGroupSpec{meta: m0, ops: []Op{&PathOp{Path: donut(100, 100, 40, 80), Style: filled}}}), 160, 100, m0, ""},
		{"donut hole", hitScene(hitGroupSpec{meta: m0, ops: []Op{&PathOp{Path: donut(100, 100, 40, 80), Style: filled}}}), 100, 100, nil, "non-zero winding"},
		{"curve edge flattened", hitScene(hitGroupSpec{meta: m0, ops: []Op{&PathOp{Path: donut(100, 100, 40, 80), Style: filled}}}), 100 + 80*math.Cos(0.4) - 1, 100 + 80*math.Sin(0.4), m0, ""},
		{"line on", hitScene(hitGroupSpec{meta: s0, ops: []Op{&PathOp{Path: polyline(0, 0, 100, 100), Style: Style{Stroke: red, StrokeWidth: 2}}}}), 50, 52, s0, ""},
		{"line off", hitScene(hitGroupSpec{meta: s0, ops: []Op{&PathOp{Path: polyline(0, 0, 100, 100), Style: Style{Stroke: red, StrokeWidth: 2}}}}), 50, 60, nil, ""},
		{"open stroke is not a fill", hitScene(hitGroupSpec{meta: s0, ops: []Op{&PathOp{Path: polyline(0, 0, 100, 0, 100, 100), Style: Style{Stroke: red, StrokeWidth: 2}}}}), 70, 30, nil, ""},
		{"clipped away", hitScene(hitGroupSpec{clip: clip, meta: m0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}}), 70, 70, nil, ""},
		{"inside clip", hitScene(hitGroupSpec{clip: clip, meta: m0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}}), 20, 20, m0, ""},
		{"topmost wins", hitScene(
			hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}},
			hitGroupSpec{meta: m1, ops: []Op{&RectOp{X: 10, Y: 10, W: 20, H: 20, Style: filled}}}), 15, 15, m1, ""},
		{"mark beats series on top", hitScene(
			hitGroupSpec{meta: m0, ops: []Op{&CircleOp{CX: 20, CY: 20, R: 3, Style: filled}}},
			hitGroupSpec{meta: s1, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: Style{Fill: red.Alpha(0.2)}}}}), 20, 20, m0, "an area fill drawn later does not hide a marker"},
		{"hit beats near", hitScene(
			hitGroupSpec{meta: m0, ops: []Op{&CircleOp{CX: 20, CY: 20, R: 3, Style: filled}}},
			hitGroupSpec{meta: m1, ops: []Op{&CircleOp{CX: 26, CY: 20, R: 1, Style: filled}}}), 21, 20, m0, ""},
		{"series when no mark", hitScene(
			hitGroupSpec{meta: s0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}}), 50, 50, s0, ""},
		{"unowned shapes ignored", hitScene(
			hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}},
			hitGroupSpec{ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}}), 50, 50, m0, "a label on top does not block"},
		{"invisible shapes ignored", hitScene(
			hitGroupSpec{meta: m0, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100, Style: filled}}},
			hitGroupSpec{meta: m1, ops: []Op{&RectOp{X: 0, Y: 0, W: 100, H: 100}}}), 50, 50, m0, ""},
		{"innermost mark in a series", hitScene(hitGroupSpec{meta: s0, ops: []Op{
			&BeginOp{Meta: m2}, &CircleOp{CX: 20, CY: 20, R: 4, Style: filled}, &EndOp{}}}), 20, 20, m2, ""},
		{"legend text", hitScene(hitGroupSpec{meta: leg, ops: []Op{
			&RectOp{X: 10, Y: 10, W: 10, H: 10, Style: filled},
			&TextOp{X: 26, Y: 15, Text: "Series name", Font: Font{Size: 12}, Color: red, Baseline: BaselineMiddle}}}), 60, 16, leg, ""},
		{"rotated text", hitScene(hitGroupSpec{meta: m0, ops: []Op{
			&TextOp{X: 100, Y: 100, Text: "vertical label", Font: Font{Size: 12}, Color: red, Anchor: AnchorMiddle, Baseline: BaselineMiddle, Rotate: -90}}}), 100, 70, m0, ""},
		{"rotated text, not where unrotated", hitScene(hitGroupSpec{meta: m0, ops: []Op{
			&TextOp{X: 100, Y: 100, Text: "vertical label", Font: Font{Size: 12}, Color: red, Anchor: AnchorMiddle, Baseline: BaselineMiddle, Rotate: -90}}}), 130, 100, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.scene.HitTest(tc.x, tc.y); got != tc.want {
				t.Errorf("HitTest(%g, %g) = %+v, want %+v %s", tc.x, tc.y, got, tc.want, tc.reason)
			}
			if got := tc.scene.Index().HitTest(tc.x, tc.y); got != tc.want {
				t.Errorf("Index().HitTest(%g, %g) = %+v, want %+v %s", tc.x, tc.y, got, tc.want, tc.reason)
			}
		})
	}
}

// TestHitIndexMatchesScan compares the index with the scan at random
// points over every sample chart and over big scatters and lines.
func TestHitIndexMatchesScan(t *testing.T) {
	type scene struct {
		name  string
		sc    *Scene
		tries int // random points; the scan is slow on big scenes
	}
	var scenes []scene
	for _, ty := range Registered() {
		spec, res := chart.Sample(ty)
		sc, err := Draw(&spec, res, Options{Width: 640, Height: 400})
		if err != nil {
			t.Fatal(err)
		}
		scenes = append(scenes, scene{string(ty), sc, 2000})
	}
	scenes = append(scenes, scene{"marks 5k", scatterScene(5000, 640, 400), 1000})
	for _, n := range []int{5000, 30000} {
		spec, res := bigScatter(n)
		sc, err := Draw(spec, res, Options{Width: 640, Height: 400})
		if err != nil {
			t.Fatal(err)
		}
		scenes = append(scenes, scene{fmt.Sprintf("scatter path %d", n), sc, 300})
	}
	r := rand.New(rand.NewSource(7))
	for _, s := range scenes {
		idx := s.sc.Index()
		hits := 0
		for i := 0; i < s.tries; i++ {
			x, y := r.Float64()*s.sc.Width, r.Float64()*s.sc.Height
			want := s.sc.HitTest(x, y)
			if got := idx.HitTest(x, y); got != want {
				t.Errorf("%s: at (%.2f, %.2f) index says %+v, scan says %+v", s.name, x, y, got, want)
			}
			if want != nil {
				hits++
			}
		}
		if hits == 0 && s.name != "gauge" && s.name != "progress" {
			t.Errorf("%s: no hits at %d random points", s.name, s.tries)
		}
	}
}

// scatterScene is a scatter drawn as the small-scatter path draws it, a
// mark group per point, but with n points: the worst case for hovering.
func scatterScene(n int, w, h float64) *Scene {
	r := rand.New(rand.NewSource(1))
	c := NewCanvas(w, h, Color{255, 255, 255, 255})
	c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, &Rect{40, 10, w - 50, h - 40})
	for s := 0; s < 3; s++ {
		c.Begin(&Meta{Kind: "series", Series: s, Index: -1}, nil)
		for i := s; i < n; i += 3 {
			x := 40 + (w-50)*(0.5+r.NormFloat64()*0.15)
			y := 10 + (h-40)*(0.5+r.NormFloat64()*0.15)
			c.Begin(&Meta{Kind: "mark", Series: s, Index: i, Tooltip: "point"}, nil)
			c.Circle(x, y, 2, Style{Fill: red.Alpha(0.75), Stroke: red, StrokeWidth: 1})
			c.End()
		}
		c.End()
	}
	c.End()
	return c.S
}

// bigScatter is a raw (unbinned) scatter spec of n points in 3 series.
func bigScatter(n int) (*chart.Spec, *api.Result) {
	r := rand.New(rand.NewSource(3))
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat}, {Name: "s", Type: api.TypeString}}}
	for i := 0; i < n; i++ {
		res.Rows = append(res.Rows, []any{r.NormFloat64(), r.NormFloat64(), []string{"a", "b", "c"}[i%3]})
	}
	spec := &chart.Spec{Type: chart.Scatter, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}, chart.Series: {Columns: []string{"s"}}}}
	spec.Options.MaxPoints = n
	return spec, res
}

// BenchmarkHitTest hovers a 100,000-point scatter of mark groups through
// its index.
func BenchmarkHitTest(b *testing.B) {
	sc := scatterScene(100_000, 1200, 800)
	idx := sc.Index()
	r := rand.New(rand.NewSource(2))
	pts := make([]Point, 1024)
	for i := range pts {
		pts[i] = Point{r.Float64() * 1200, r.Float64() * 800}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pts[i%len(pts)]
		idx.HitTest(p.X, p.Y)
		i++
	}
}

// BenchmarkHitTestScan is the same query without an index.
func BenchmarkHitTestScan(b *testing.B) {
	sc := scatterScene(100_000, 1200, 800)
	b.ReportAllocs()
	for b.Loop() {
		sc.HitTest(600, 400)
	}
}

// BenchmarkHitIndex builds the index of a 100,000-point scatter.
func BenchmarkHitIndex(b *testing.B) {
	sc := scatterScene(100_000, 1200, 800)
	b.ReportAllocs()
	for b.Loop() {
		sc.Index()
	}
}

// BenchmarkHitTestDensePath hovers a 100,000-point scatter as Draw
// draws it: one path of dots per series, hit as series.
func BenchmarkHitTestDensePath(b *testing.B) {
	spec, res := bigScatter(100_000)
	sc, err := Draw(spec, res, Options{Width: 1200, Height: 800})
	if err != nil {
		b.Fatal(err)
	}
	idx := sc.Index()
	r := rand.New(rand.NewSource(2))
	pts := make([]Point, 1024)
	for i := range pts {
		pts[i] = Point{r.Float64() * 1200, r.Float64() * 800}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pts[i%len(pts)]
		idx.HitTest(p.X, p.Y)
		i++
	}
}
