package render

import (
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func bind(t *testing.T, enc map[chart.Channel][]string, cols []string, rows [][]any) *chart.Data {
	t.Helper()
	spec := &chart.Spec{Encoding: map[chart.Channel]chart.Field{}}
	for ch, cs := range enc {
		spec.Encoding[ch] = chart.Field{Columns: cs}
	}
	res := &api.Result{Rows: rows}
	for _, c := range cols {
		res.Columns = append(res.Columns, api.Column{Name: c})
	}
	d, err := chart.Bind(spec, res)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// shape writes a hierarchy as "name=value(children…)" for comparison.
func shape(n *hnode) string {
	s := n.name
	if n.parent != nil {
		s += "=" + strings.TrimRight(strings.TrimRight(formatG(n.value), "0"), ".")
	}
	if len(n.children) > 0 {
		var cs []string
		for _, c := range n.children {
			cs = append(cs, shape(c))
		}
		s += "(" + strings.Join(cs, " ") + ")"
	}
	return s
}

func formatG(v float64) string { return FormatNumber(v, "0.00") }

func TestBuildHierarchy(t *testing.T) {
	pathEnc := map[chart.Channel][]string{chart.Path: {"a", "b"}, chart.Value: {"v"}}
	idEnc := map[chart.Channel][]string{chart.ID: {"id"}, chart.Parent: {"p"}, chart.Value: {"v"}}
	tests := []struct {
		name    string
		enc     map[chart.Channel][]string
		cols    []string
		rows    [][]any
		o       hierOptions
		want    string
		dropped int
		err     string
	}{
		{"path sums and keeps order", pathEnc, []string{"a", "b", "v"},
			[][]any{{"EU", "DE", 4.0}, {"US", "CA", 2.0}, {"EU", "FR", 3.0}, {"EU", "DE", 1.0}}, hierOptions{needValue: true},
			"(EU=8(DE=5 FR=3) US=2(CA=2))", 0, ""},
		{"path sorted by value", pathEnc, []string{"a", "b", "v"},
			[][]any{{"EU", "DE", 4.0}, {"US", "CA", 20.0}, {"EU", "FR", 5.0}}, hierOptions{needValue: true, sort: true},
			"(US=20(CA=20) EU=9(FR=5 DE=4))", 0, ""},
		{"ragged path ends at a blank level", pathEnc, []string{"a", "b", "v"},
			[][]any{{"EU", "", 4.0}, {"EU", "FR", 3.0}}, hierOptions{needValue: true},
			"(EU=7(FR=3 EU=4))", 0, ""},
		{"bad values dropped", pathEnc, []string{"a", "b", "v"},
			[][]any{{"EU", "DE", -1.0}, {"EU", "FR", nil}, {"EU", "IT", "x"}, {"EU", "ES", 2.0}, {"", "", 1.0}}, hierOptions{needValue: true},
			"(EU=2(ES=2))", 4, ""},
		{"id/parent", idEnc, []string{"id", "p", "v"},
			[][]any{{"root", nil, nil}, {"a", "root", 2.0}, {"b", "root", nil}, {"b1", "b", 5.0}}, hierOptions{},
			"(root=7(a=2 b=5(b1=5)))", 0, ""},
		{"self parent is a root", idEnc, []string{"id", "p", "v"},
			[][]any{{"ceo", "ceo", nil}, {"x", "ceo", 1.0}}, hierOptions{},
			"(ceo=1(x=1))", 0, ""},
		{"unknown parent hangs from the root", idEnc, []string{"id", "p", "v"},
			[][]any{{"a", "zzz", 1.0}, {"b", nil, 2.0}}, hierOptions{},
			"(a=1 b=2)", 0, ""},
		{"duplicate id", idEnc, []string{"id", "p", "v"},
			[][]any{{"a", nil, 1.0}, {"a", nil, 2.0}}, hierOptions{}, "", 0, "duplicate id"},
		{"cycle", idEnc, []string{"id", "p", "v"},
			[][]any{{"a", "b", 1.0}, {"b", "a", 2.0}, {"c", nil, 1.0}}, hierOptions{}, "", 0, "cycle"},
		{"no hierarchy channel", map[chart.Channel][]string{chart.Value: {"v"}}, []string{"v"}, [][]any{{1.0}}, hierOptions{}, "", 0, "needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, dropped, err := buildHierarchy(bind(t, tt.enc, tt.cols, tt.rows), tt.o)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := shape(root); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if dropped != tt.dropped {
				t.Errorf("dropped %d, want %d", dropped, tt.dropped)
			}
		})
	}
}

func TestColourTops(t *testing.T) {
	root := testTree(map[string][]string{"r": {"co"}, "co": {"a", "b"}, "a": {"a1"}, "b": {"b1", "b2"}}, "r")
	setDepth(root, 0, -1)
	colourTops(root)
	want := map[string]int{"co": -1, "a": 0, "a1": 0, "b": 1, "b1": 1, "b2": 1}
	var walk func(n *hnode)
	walk = func(n *hnode) {
		if w, ok := want[n.name]; ok && n.top != w {
			t.Errorf("%s: top %d, want %d", n.name, n.top, w)
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
}

func TestSpreadLabels(t *testing.T) {
	mk := func(ys ...float64) []*pieLabel {
		var ls []*pieLabel
		for i, y := range ys {
			ls = append(ls, &pieLabel{y: y, value: float64(len(ys) - i)})
		}
		return ls
	}
	tests := []struct {
		name        string
		labels      []*pieLabel
		top, bottom float64
		visible     int
	}{
		{"apart already", mk(10, 50, 90), 0, 100, 3},
		{"bunched", mk(50, 51, 52, 53, 54), 0, 100, 5},
		{"bunched at the bottom", mk(98, 99, 99, 100), 0, 100, 4},
		{"too many", mk(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 0, 100, 8},
		{"no room", mk(5, 6), 0, 0, 1},
	}
	const lh = 14.0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spreadLabels(tt.labels, tt.top, tt.bottom, lh)
			var vis []*pieLabel
			for _, l := range tt.labels {
				if !l.hidden {
					vis = append(vis, l)
				}
			}
			if len(vis) != tt.visible {
				t.Fatalf("%d labels visible, want %d", len(vis), tt.visible)
			}
			for i, a := range vis {
				if a.y < tt.top-1e-9 || a.y > tt.bottom+1e-9 {
					t.Errorf("label at %g outside [%g, %g]", a.y, tt.top, tt.bottom)
				}
				for _, b := range vis[i+1:] {
					if math.Abs(a.y-b.y) < lh-1e-9 {
						t.Errorf("labels at %g and %g overlap", a.y, b.y)
					}
				}
			}
			// The biggest values keep their labels.
			for i, l := range tt.labels {
				if l.hidden && i < tt.visible {
					t.Errorf("label %d of the %d biggest is hidden", i, tt.visible)
				}
			}
		})
	}
}

func TestBoxInSector(t *testing.T) {
	tests := []struct {
		name   string
		b      Rect
		a0, a1 float64
		want   bool
	}{
		{"inside the top slice", Rect{-5, -60, 10, 10}, -0.5, 0.5, true},
		{"past the rim", Rect{-5, -105, 10, 10}, -0.5, 0.5, false},
		{"in the hole", Rect{-2, -12, 4, 4}, -0.5, 0.5, false},
		{"beside the slice", Rect{40, -60, 10, 10}, -0.5, 0.5, false},
		{"full ring", Rect{40, -10, 10, 10}, 0, 2 * math.Pi, true},
		{"slice across 12 o'clock", Rect{-5, -60, 10, 10}, 5.5, 7, true},
	}
	for _, tt := range tests {
		if got := boxInSector(tt.b, 0, 0, 20, 100, tt.a0, tt.a1, 2); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestFeaturePathWinding checks that outlines and holes come out wound
// in opposite directions whatever the file's convention, so the nonzero
// fill rule leaves holes empty.
func TestFeaturePathWinding(t *testing.T) {
	square := func(x0, y0, x1, y1 float64, ccw bool) geo.Ring {
		r := geo.Ring{{Lon: x0, Lat: y0}, {Lon: x1, Lat: y0}, {Lon: x1, Lat: y1}, {Lon: x0, Lat: y1}}
		if !ccw {
			r[1], r[3] = r[3], r[1]
		}
		return r
	}
	for _, outerCCW := range []bool{true, false} {
		for _, holeCCW := range []bool{true, false} {
			ft := geo.Feature{Polygons: []geo.Polygon{{square(0, 0, 10, 10, outerCCW), square(2, 2, 4, 4, holeCCW)}}}
			fit := geo.Fitted{P: geo.Equirectangular{}, K: 10}
			p := featurePath(fit, ft)
			var areas []float64
			var ring []Point
			flush := func() {
				a := 0.0
				for i := range ring {
					j := (i + 1) % len(ring)
					a += ring[i].X*ring[j].Y - ring[j].X*ring[i].Y
				}
				areas = append(areas, a)
				ring = nil
			}
			for _, s := range p {
				switch s.Kind {
				case MoveTo, LineTo:
					ring = append(ring, s.P[0])
				case ClosePath:
					flush()
				}
			}
			if len(areas) != 2 || areas[0] <= 0 || areas[1] >= 0 {
				t.Errorf("outer ccw %v, hole ccw %v: signed areas %v, want outline > 0 > hole", outerCCW, holeCCW, areas)
			}
		}
	}
}
