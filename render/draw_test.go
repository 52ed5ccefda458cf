package render_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// mutations turn a valid dataset into a hostile one.
var mutations = []struct {
	name string
	fn   func(s *chart.Spec)
}{
	{"empty", func(s *chart.Spec) { s.Data.Rows = nil }},
	{"one row", func(s *chart.Spec) { s.Data.Rows = s.Data.Rows[:1] }},
	{"all null", func(s *chart.Spec) { eachCell(s, func(any) any { return nil }) }},
	{"some null", func(s *chart.Spec) {
		i := 0
		eachCell(s, func(v any) any { i++; return pick(i%3 == 0, nil, v) })
	}},
	{"NaN and Inf", func(s *chart.Spec) {
		i := 0
		eachCell(s, func(v any) any {
			if _, ok := v.(float64); !ok {
				return v
			}
			i++
			return []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e308, -1e308, 0}[i%6]
		})
	}},
	{"negative on log axes", func(s *chart.Spec) {
		s.XAxis.Scale, s.YAxis.Scale = "log", "log"
		eachCell(s, func(v any) any {
			if f, ok := v.(float64); ok {
				return -math.Abs(f) - 1
			}
			return v
		})
	}},
	{"text in numbers", func(s *chart.Spec) { eachCell(s, func(v any) any { return pick(isNum(v), "n/a", v) }) }},
	{"one value everywhere", func(s *chart.Spec) { eachCell(s, func(v any) any { return pick(isNum(v), 5.0, v) }) }},
	{"axis min above max", func(s *chart.Spec) {
		lo, hi := 100.0, -100.0
		s.YAxis.Min, s.YAxis.Max = &lo, &hi
		s.XAxis.Min, s.XAxis.Max = &lo, &hi
	}},
	{"percent stack, labels, smooth, sorted, limited", func(s *chart.Spec) {
		s.Stack = "percent"
		s.Options.ShowLabels, s.Options.Smooth = true, true
		s.Sort = &chart.Sort{By: "value", Desc: true}
		s.Limit = 2
	}},
	{"long labels, dark, bottom legend", func(s *chart.Spec) {
		s.Theme, s.Legend.Position = "dark", "bottom"
		s.Title = strings.Repeat("A very long title ", 20)
		eachCell(s, func(v any) any {
			if str, ok := v.(string); ok && !strings.Contains(str, "T00:") {
				return strings.Repeat(str, 12)
			}
			return v
		})
	}},
	{"legend none, hidden axes", func(s *chart.Spec) {
		s.Legend.Position = "none"
		s.XAxis.Hidden, s.YAxis.Hidden = true, true
	}},
}

func pick(c bool, a, b any) any {
	if c {
		return a
	}
	return b
}

func isNum(v any) bool {
	_, ok := v.(float64)
	return ok
}

func eachCell(s *chart.Spec, fn func(any) any) {
	for _, r := range s.Data.Rows {
		for i := range r {
			r[i] = fn(r[i])
		}
	}
}

// TestNoPanicOnBadData draws every fixture with every mutation, at normal
// and tiny sizes, through both back-ends: bad data must give a drawing
// (possibly an empty state) and never a panic or error.
func TestNoPanicOnBadData(t *testing.T) {
	for _, tc := range goldenCases {
		for _, m := range mutations {
			for _, size := range []render.Options{{Width: 640, Height: 400}, {Width: 60, Height: 40}} {
				spec := loadSpec(t, tc.name)
				m.fn(spec)
				sc, err := render.Draw(spec, nil, size)
				if err != nil {
					t.Errorf("%s / %s / %gx%g: %v", tc.name, m.name, size.Width, size.Height, err)
					continue
				}
				wellFormed(t, tc.name+"/"+m.name, svg.Bytes(sc))
				if size.Width < 100 {
					raster.Draw(sc, 1)
				}
			}
		}
	}
}

// TestNoPanicAllTypes runs the same mutations over chart.Sample of every
// 2D type this package draws, the radial ones included.
func TestNoPanicAllTypes(t *testing.T) {
	for _, ti := range chart.Catalogue() {
		if ti.Dim != 2 || !registered(ti.Type) {
			continue
		}
		for _, m := range mutations {
			spec, _ := chart.Sample(ti.Type)
			m.fn(&spec)
			sc, err := render.Draw(&spec, nil, render.Options{Width: 480, Height: 320})
			if err != nil {
				t.Errorf("%s / %s: %v", ti.Type, m.name, err)
				continue
			}
			wellFormed(t, string(ti.Type)+"/"+m.name, svg.Bytes(sc))
			raster.Draw(sc, 0.25)
		}
	}
}

func registered(t chart.Type) bool {
	for _, r := range render.Registered() {
		if r == t {
			return true
		}
	}
	return false
}

func wellFormed(t *testing.T, name string, doc []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s: SVG not well-formed: %v", name, err)
			return
		}
	}
}

// TestEmptyData draws a "No data" message rather than failing.
func TestEmptyData(t *testing.T) {
	spec := loadSpec(t, "bar")
	spec.Data.Rows = nil
	sc, err := render.Draw(spec, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasText(sc, "No data") {
		t.Error("no \"No data\" message")
	}
	// No result and no columns at all: still an empty state.
	sc, err = render.Draw(&chart.Spec{Type: chart.Line, Encoding: map[chart.Channel]chart.Field{chart.X: {Columns: []string{"x"}}}}, nil, render.Options{})
	if err != nil || !hasText(sc, "No data") {
		t.Errorf("nil data: %v", err)
	}
}

func hasText(sc *render.Scene, s string) bool {
	for _, op := range sc.Ops {
		if t, ok := op.(*render.TextOp); ok && t.Text == s {
			return true
		}
	}
	return false
}

// TestDrawErrors covers the specs Draw refuses, and the errors callers can
// branch on.
func TestDrawErrors(t *testing.T) {
	bar := loadSpec(t, "bar")
	missing := loadSpec(t, "bar")
	missing.Encoding[chart.Y] = chart.Field{Columns: []string{"nope"}}
	noY := loadSpec(t, "bar")
	delete(noY.Encoding, chart.Y)
	badColour := loadSpec(t, "bar")
	badColour.Colors = []string{"#0072B2", "blue"}
	tests := []struct {
		name string
		spec *chart.Spec
		is   error
		msg  string
	}{
		{"nil spec", nil, nil, "no chart spec"},
		{"3d", &chart.Spec{Type: chart.Bar3D, Data: bar.Data}, render.ErrBrowserOnly, "browser only"},
		{"unknown", &chart.Spec{Type: "sankey", Data: bar.Data}, render.ErrUnknownType, "unknown chart type"},
		{"missing column", missing, nil, `no column "nope"`},
		{"missing channel", noY, nil, "encoding.y"},
		{"bad colour", badColour, nil, "colors[1]"},
	}
	for _, tc := range tests {
		_, err := render.Draw(tc.spec, nil, render.Options{})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %q lacks %q", tc.name, err, tc.msg)
		}
	}
}

// TestOptions checks size defaults and clamping and the theme override.
func TestOptions(t *testing.T) {
	tests := []struct {
		o      render.Options
		w, h   float64
		bg     render.Color
		themeF func(*chart.Spec)
	}{
		{render.Options{}, 800, 480, render.Light.Background, nil},
		{render.Options{Width: 1e9, Height: -5}, 8000, 480, render.Light.Background, nil},
		{render.Options{Width: math.NaN(), Height: 3}, 800, 16, render.Light.Background, nil},
		{render.Options{Theme: "dark"}, 800, 480, render.Dark.Background, nil},
		{render.Options{Theme: "light"}, 800, 480, render.Light.Background, func(s *chart.Spec) { s.Theme = "dark" }},
		{render.Options{}, 800, 480, render.Dark.Background, func(s *chart.Spec) { s.Theme = "dark" }},
	}
	for i, tc := range tests {
		spec := loadSpec(t, "bar")
		if tc.themeF != nil {
			tc.themeF(spec)
		}
		sc, err := render.Draw(spec, nil, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Width != tc.w || sc.Height != tc.h || sc.Background != tc.bg {
			t.Errorf("%d: got %gx%g bg %v, want %gx%g %v", i, sc.Width, sc.Height, sc.Background, tc.w, tc.h, tc.bg)
		}
	}
}

// TestSpecColours checks that spec.Colors replaces the palette.
func TestSpecColours(t *testing.T) {
	spec := loadSpec(t, "bar")
	spec.Colors = []string{"#112233", "#445566"}
	sc, err := render.Draw(spec, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, op := range sc.Ops {
		if r, ok := op.(*render.RectOp); ok {
			seen[r.Fill.Hex()] = true
		}
	}
	if !seen["#112233"] || !seen["#445566"] {
		t.Errorf("spec colours not used: %v", seen)
	}
}

// TestResultArgumentWins checks that an explicit result replaces
// spec.Data (a saved chart drawn with fresh query rows).
func TestResultArgumentWins(t *testing.T) {
	spec := loadSpec(t, "bar")
	res := &api.Result{Columns: spec.Data.Columns, Rows: [][]any{{"Only", 1.0, 2.0}}}
	sc, err := render.Draw(spec, res, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasText(sc, "Only") || hasText(sc, "North") {
		t.Error("Draw did not use the result argument")
	}
}
