package render_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/chart"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata/")

// loadSpec reads a chart spec with inline data from testdata/specs.
func loadSpec(t testing.TB, name string) *chart.Spec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "specs", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var s chart.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &s
}

// goldenCases are the cartesian fixtures: one or more per chart type, with
// the number of mark groups each must draw.
var goldenCases = []struct {
	name  string
	marks int
	// elem is an element every mark group must contain ("a|b": either).
	elem string
}{
	{"bar", 10, "rect"},
	{"bar_stacked_horizontal", 24, "rect"},
	{"line", 70, "circle"},
	{"area", 21, "circle"},
	{"scatter", 60, "circle"},
	{"heatmap", 84, "rect"},
	{"boxplot", 4, "rect"},
	{"candlestick", 30, "rect"},
	{"waterfall", 7, "rect"},
	{"gantt", 8, "rect|path"},
}

// TestGoldenSVG draws every fixture, compares the SVG with its golden file
// (go test ./render -update rewrites them), and checks that the SVG is
// well-formed XML whose mark groups hold the expected elements.
func TestGoldenSVG(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := render.Draw(loadSpec(t, tc.name), nil, render.Options{Width: 800, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			got := svg.Bytes(sc)
			golden := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./render -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("SVG differs from %s; inspect it and run go test ./render -update if the change is intended", golden)
			}
			checkSVG(t, got, tc.marks, tc.elem)
		})
	}
}

// cartesian are the types this file's fixtures cover; their chart.Sample
// specs get golden files too (testdata/sample_<type>.svg), so a change in
// the shared samples or in drawing shows up here.
var cartesian = []chart.Type{chart.Bar, chart.Line, chart.Area, chart.Scatter, chart.Heatmap,
	chart.Boxplot, chart.Candlestick, chart.Waterfall, chart.Gantt}

func TestGoldenSampleSVG(t *testing.T) {
	for _, ty := range cartesian {
		t.Run(string(ty), func(t *testing.T) {
			spec, res := chart.Sample(ty)
			if res == nil {
				t.Fatalf("no sample for %s", ty)
			}
			sc, err := render.Draw(&spec, res, render.Options{Width: 800, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			got := svg.Bytes(sc)
			golden := filepath.Join("testdata", "sample_"+string(ty)+".svg")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./render -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("SVG differs from %s; inspect it and run go test ./render -update if the change is intended", golden)
			}
			checkSVG(t, got, markCount(got), "rect|path|circle")
			if markCount(got) == 0 {
				t.Error("no marks")
			}
		})
	}
}

func markCount(doc []byte) int { return bytes.Count(doc, []byte(`data-kind="mark"`)) }

// checkSVG parses doc as XML and counts the mark groups and what they
// contain.
func checkSVG(t *testing.T, doc []byte, marks int, elem string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []string
	var markDepth []int
	nMarks, withElem, texts := 0, 0, 0
	sawSVG := false
	elemInMark := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			stack = append(stack, el.Name.Local)
			if el.Name.Local == "svg" {
				sawSVG = true
				if attr(el, "viewBox") == "" || attr(el, "width") == "" {
					t.Error("<svg> lacks width or viewBox")
				}
			}
			if el.Name.Local == "text" {
				texts++
			}
			if el.Name.Local == "g" && attr(el, "data-kind") == "mark" {
				nMarks++
				markDepth = append(markDepth, len(stack))
				elemInMark = false
			}
			if len(markDepth) > 0 && strings.Contains("|"+elem+"|", "|"+el.Name.Local+"|") && !elemInMark {
				withElem++
				elemInMark = true
			}
		case xml.EndElement:
			if n := len(markDepth); n > 0 && markDepth[n-1] == len(stack) {
				markDepth = markDepth[:n-1]
			}
			stack = stack[:len(stack)-1]
		}
	}
	if !sawSVG {
		t.Fatal("no <svg> element")
	}
	if nMarks != marks {
		t.Errorf("%d mark groups, want %d", nMarks, marks)
	}
	if withElem != nMarks {
		t.Errorf("%d of %d mark groups contain a <%s>", withElem, nMarks, elem)
	}
	if texts < 5 {
		t.Errorf("only %d <text> elements: axes or title missing", texts)
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestSVGTooltipsAndMeta checks that mark groups carry data-series and
// data-index and a <title> tooltip with the category and value.
func TestSVGTooltipsAndMeta(t *testing.T) {
	sc, err := render.Draw(loadSpec(t, "bar"), nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := string(svg.Bytes(sc))
	for _, want := range []string{
		`<g data-kind="mark" data-series="0" data-index="0"><title>North`,
		`sales: 120</title>`,
		`data-kind="legend" data-series="1"`,
		`clip-path="url(#gobi-`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}
