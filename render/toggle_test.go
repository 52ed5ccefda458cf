package render

import (
	"fmt"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// sampleWith returns chart type ty's sample, with a two-valued column
// "grp" encoded on channel ch when ch is set, for types whose sample has
// a single series.
func sampleWith(ty chart.Type, ch chart.Channel) func() (*chart.Spec, *api.Result) {
	return func() (*chart.Spec, *api.Result) {
		spec, res := chart.Sample(ty)
		if ch != "" {
			res.Columns = append(res.Columns, api.Column{Name: "grp", Type: api.TypeString})
			for i := range res.Rows {
				res.Rows[i] = append(res.Rows[i], fmt.Sprintf("g%d", i%2))
			}
			spec.Encoding[ch] = chart.Field{Columns: []string{"grp"}}
		}
		spec.Data = res
		return &spec, res
	}
}

// markInfo is what a test needs of a mark group: its meta and the colour
// of its first shape.
type markInfo struct {
	meta  *Meta
	color Color
}

// marksOf lists the mark groups of sc.
func marksOf(sc *Scene) []markInfo {
	var out []markInfo
	for i, op := range sc.Ops {
		b, ok := op.(*BeginOp)
		if !ok || b.Meta == nil || b.Meta.Kind != "mark" {
			continue
		}
		mi := markInfo{meta: b.Meta}
		for _, o := range sc.Ops[i+1:] {
			if c, ok := firstColor(o); ok {
				mi.color = c
				break
			}
		}
		out = append(out, mi)
	}
	return out
}

func firstColor(op Op) (Color, bool) {
	var st Style
	switch o := op.(type) {
	case *RectOp:
		st = o.Style
	case *CircleOp:
		st = o.Style
	case *PathOp:
		st = o.Style
	case *TextOp:
		return o.Color, true
	default:
		return Color{}, false
	}
	if !st.Fill.IsNone() {
		return st.Fill, true
	}
	return st.Stroke, true
}

// legendSwatches returns the swatch colour of each series legend entry,
// by Meta.Series.
func legendSwatches(sc *Scene) map[int]Color {
	out := map[int]Color{}
	for i, op := range sc.Ops {
		if b, ok := op.(*BeginOp); ok && b.Meta != nil && b.Meta.Kind == "legend" && b.Meta.Series >= 0 {
			if r, ok := sc.Ops[i+1].(*RectOp); ok {
				out[b.Meta.Series] = r.Fill
			}
		}
	}
	return out
}

func rgb(c Color) [3]uint8 { return [3]uint8{c.R, c.G, c.B} }

// TestHiddenSeries switches each of the first two legend entries off in
// every chart type with a legend: the entry's marks (and series group)
// go, the legend keeps the entry, dimmed, and every other mark keeps
// its colour.
func TestHiddenSeries(t *testing.T) {
	tests := []struct {
		name  string
		spec  func() (*chart.Spec, *api.Result)
		bySer bool // marks carry the legend entry as Meta.Series
		byCol bool // a mark's colour is its entry's swatch colour
	}{
		{"line", sampleWith(chart.Line, ""), true, true},
		{"area", sampleWith(chart.Area, ""), true, true},
		{"bar", sampleWith(chart.Bar, ""), true, true},
		{"scatter", sampleWith(chart.Scatter, ""), true, true},
		{"boxplot", sampleWith(chart.Boxplot, chart.Series), true, true},
		{"gantt", sampleWith(chart.Gantt, ""), true, true},
		{"polar", sampleWith(chart.Polar, chart.Series), true, true},
		{"radar", sampleWith(chart.Radar, ""), true, true},
		{"pie", sampleWith(chart.Pie, ""), true, true},
		{"rose", sampleWith(chart.Rose, ""), true, true},
		{"funnel", sampleWith(chart.Funnel, ""), true, true},
		{"wordcloud", sampleWith(chart.WordCloud, chart.Color), true, false},
		{"candlestick", sampleWith(chart.Candlestick, ""), false, true},
		{"waterfall", sampleWith(chart.Waterfall, ""), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, res := tc.spec()
			base, err := Draw(spec, res, Options{})
			if err != nil {
				t.Fatal(err)
			}
			swatches := legendSwatches(base)
			if len(swatches) < 2 {
				t.Fatalf("sample has %d legend entries, want 2 or more", len(swatches))
			}
			baseMarks := map[[2]int]Color{}
			for _, m := range marksOf(base) {
				baseMarks[[2]int{m.meta.Series, m.meta.Index}] = m.color
			}
			for _, h := range []int{0, 1} {
				sc, err := Draw(spec, res, Options{Hidden: []int{h}})
				if err != nil {
					t.Fatal(err)
				}
				got := legendSwatches(sc)
				if len(got) != len(swatches) {
					t.Errorf("hidden %d: %d legend entries, want %d", h, len(got), len(swatches))
				}
				for i, c := range swatches {
					if i == h && got[i] == c {
						t.Errorf("hidden %d: its legend swatch is not dimmed", h)
					}
					if i != h && got[i] != c {
						t.Errorf("hidden %d: legend swatch %d changed from %v to %v", h, i, c, got[i])
					}
				}
				marks := marksOf(sc)
				if len(marks) >= len(baseMarks) {
					t.Errorf("hidden %d: %d marks, no fewer than the %d shown with nothing hidden", h, len(marks), len(baseMarks))
				}
				for _, m := range marks {
					key := [2]int{m.meta.Series, m.meta.Index}
					if tc.bySer && m.meta.Series == h {
						t.Errorf("hidden %d: a mark of the hidden entry: %q", h, m.meta.Tooltip)
					}
					if tc.byCol && rgb(m.color) == rgb(swatches[h]) {
						t.Errorf("hidden %d: a mark in the hidden entry's colour: %q", h, m.meta.Tooltip)
					}
					if c, ok := baseMarks[key]; !ok || (tc.byCol && c != m.color) {
						t.Errorf("hidden %d: mark %v is %v, was %v (present: %v)", h, key, m.color, c, ok)
					}
				}
				for _, op := range sc.Ops {
					if b, ok := op.(*BeginOp); ok && b.Meta != nil && b.Meta.Kind == "series" && b.Meta.Series == h {
						t.Errorf("hidden %d: its series group is still drawn", h)
					}
				}
			}
		})
	}
}

// TestHiddenRescales checks that a hidden series no longer stretches the
// value axis, and that hiding every series still draws the legend.
func TestHiddenRescales(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeString}, {Name: "s", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat}}}
	for i, c := range []string{"a", "b", "c"} {
		res.Rows = append(res.Rows, []any{c, "small", float64(i + 1)}, []any{c, "huge", 1000.0 * float64(i+1)})
	}
	spec := &chart.Spec{Type: chart.Bar, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"v"}}, chart.Series: {Columns: []string{"s"}}}}
	tallest := func(sc *Scene) float64 {
		h := 0.0
		for _, op := range sc.Ops {
			if r, ok := op.(*RectOp); ok && r.Radius == 0 && r.H > h && !r.Fill.IsNone() {
				h = r.H
			}
		}
		return h
	}
	sc, err := Draw(spec, res, Options{Hidden: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if h := tallest(sc); h < 100 {
		t.Errorf("with the huge series hidden the small bars are %g px tall, want them rescaled to the plot", h)
	}
	sc, err = Draw(spec, res, Options{Hidden: []int{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(legendSwatches(sc)); n != 2 {
		t.Errorf("every series hidden: %d legend entries, want 2 to switch them back on", n)
	}
	if n := len(marksOf(sc)); n != 0 {
		t.Errorf("every series hidden: %d marks", n)
	}
}
