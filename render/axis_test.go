package render

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// categoryChart is a bar chart over n categories named by name(i).
func categoryChart(n int, name func(int) string, horizontal bool) (*chart.Spec, *api.Result) {
	res := &api.Result{Columns: []api.Column{{Name: "cat", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat}}}
	for i := 0; i < n; i++ {
		res.Rows = append(res.Rows, []any{name(i), float64(i%17 + 1)})
	}
	spec := &chart.Spec{Type: chart.Bar, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"cat"}}, chart.Y: {Columns: []string{"v"}}}, Options: chart.Options{Horizontal: horizontal}}
	return spec, res
}

// box is a text label's rectangle in its own rotated frame: the frame's
// axes u (along the text) and v (across it), and the label's extent on
// each.
type box struct {
	u, v           [2]float64
	u0, u1, v0, v1 float64
	corners        [4][2]float64
}

func labelBox(t *TextOp) box {
	w := TextWidth(t.Text, t.Font)
	var x0 float64
	switch t.Anchor {
	case AnchorMiddle:
		x0 = -w / 2
	case AnchorEnd:
		x0 = -w
	}
	base := BaselineOffset(t.Baseline, t.Font.Size)
	y0, y1 := base-Ascent*t.Font.Size, base+Descent*t.Font.Size
	s, c := math.Sincos(t.Rotate * math.Pi / 180)
	b := box{u: [2]float64{c, s}, v: [2]float64{-s, c}}
	pu := t.X*c + t.Y*s
	pv := -t.X*s + t.Y*c
	b.u0, b.u1, b.v0, b.v1 = pu+x0, pu+x0+w, pv+y0, pv+y1
	for i, lc := range [][2]float64{{x0, y0}, {x0 + w, y0}, {x0 + w, y1}, {x0, y1}} {
		b.corners[i] = [2]float64{t.X + lc[0]*c - lc[1]*s, t.Y + lc[0]*s + lc[1]*c}
	}
	return b
}

// overlap reports whether two boxes of the same rotation overlap (by more
// than 0.5 px, for rounding).
// checkLabels fails the test when a label leaves the chart or two
// labels of one rotation overlap.
func checkLabels(t *testing.T, sc *Scene, ls []*TextOp) {
	t.Helper()
	boxes := make([]box, len(ls))
	for i, l := range ls {
		boxes[i] = labelBox(l)
		for _, c := range boxes[i].corners {
			if c[0] < -0.5 || c[1] < -0.5 || c[0] > sc.Width+0.5 || c[1] > sc.Height+0.5 {
				t.Errorf("label %q leaves the chart at %v", l.Text, c)
				break
			}
		}
	}
	for i := range boxes {
		for j := i + 1; j < len(boxes); j++ {
			if ls[i].Rotate == ls[j].Rotate && overlap(boxes[i], boxes[j]) {
				t.Fatalf("labels %q and %q overlap", ls[i].Text, ls[j].Text)
			}
		}
	}
}

func overlap(a, b box) bool {
	return a.u0 < b.u1-0.5 && b.u0 < a.u1-0.5 && a.v0 < b.v1-0.5 && b.v0 < a.v1-0.5
}

func axisLabels(sc *Scene, rotate float64, anchor Anchor) []*TextOp {
	var out []*TextOp
	for _, op := range sc.Ops {
		if t, ok := op.(*TextOp); ok && t.Rotate == rotate && t.Anchor == anchor && t.Font == fontTick {
			out = append(out, t)
		}
	}
	return out
}

// TestCategoryLabelsDoNotCollide draws many (and long) category labels on
// x and on y and checks that no two labels overlap and none leaves the
// chart.
func TestCategoryLabelsDoNotCollide(t *testing.T) {
	long := func(i int) string { return fmt.Sprintf("Category number %d with a rather long name", i) }
	short := func(i int) string { return fmt.Sprint(i) }
	words := []string{"Berlin", "Lisbon", "Oslo", "Madrid", "Rome", "Paris"}
	tests := []struct {
		name       string
		n          int
		label      func(int) string
		horizontal bool
		rotate     float64
		anchor     Anchor
		minShown   int
	}{
		{"200 long labels rotate", 200, long, false, rotation, AnchorEnd, 20},
		{"6 words stay flat", 6, func(i int) string { return words[i] }, false, 0, AnchorMiddle, 6},
		{"300 numbers thin out", 300, short, false, 0, AnchorMiddle, 20},
		{"40 long labels rotate", 40, long, false, rotation, AnchorEnd, 40},
		{"200 labels on y", 200, long, true, 0, AnchorEnd, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, res := categoryChart(tc.n, tc.label, tc.horizontal)
			sc, err := Draw(spec, res, Options{Width: 900, Height: 500})
			if err != nil {
				t.Fatal(err)
			}
			ls := axisLabels(sc, tc.rotate, tc.anchor)
			if len(ls) < tc.minShown {
				t.Fatalf("%d labels shown, want at least %d", len(ls), tc.minShown)
			}
			checkLabels(t, sc, ls)
			for _, l := range ls {
				if strings.HasSuffix(l.Text, "…") && TextWidth(l.Text, l.Font) > 170 {
					t.Errorf("truncated label %q still %gpx", l.Text, TextWidth(l.Text, l.Font))
				}
			}
		})
	}
}

// TestNumericAxisLabelsDoNotCollide checks x tick labels of a time axis
// and of a linear axis with big numbers on a narrow chart.
func TestNumericAxisLabelsDoNotCollide(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "t", Type: api.TypeTime}, {Name: "v", Type: api.TypeFloat}}}
	for i := 0; i < 500; i++ {
		res.Rows = append(res.Rows, []any{fmt.Sprintf("2025-01-01T%02d:%02d:00Z", i/60%24, i%60), float64(i) * 123456.7})
	}
	for _, xcol := range []string{"t", "v"} {
		for _, w := range []float64{260, 500, 1400} {
			spec := &chart.Spec{Type: chart.Line, Encoding: map[chart.Channel]chart.Field{
				chart.X: {Columns: []string{xcol}}, chart.Y: {Columns: []string{"v"}}}}
			sc, err := Draw(spec, res, Options{Width: w, Height: 300})
			if err != nil {
				t.Fatal(err)
			}
			var xl []box
			for _, op := range sc.Ops {
				if tx, ok := op.(*TextOp); ok && tx.Anchor == AnchorMiddle && tx.Baseline == BaselineTop && tx.Font == fontTick {
					xl = append(xl, labelBox(tx))
				}
			}
			if len(xl) < 2 {
				t.Errorf("%s width %g: %d x labels", xcol, w, len(xl))
			}
			for i := 1; i < len(xl); i++ {
				if overlap(xl[i-1], xl[i]) {
					t.Errorf("%s width %g: x labels overlap", xcol, w)
				}
			}
		}
	}
}
