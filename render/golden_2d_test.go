package render_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/chart"
)

// golden2D are the fixtures of the non-cartesian 2D types, with the mark
// groups each must draw and the element every mark group holds.
var golden2D = []struct {
	name  string
	marks int
	elem  string
	// texts lists labels the drawing must contain.
	texts []string
}{
	{"pie", 6, "path", []string{"Chrome  64.7%"}},
	{"pie_many", 12, "path", []string{"$2,096", "grouped as Other", "1 negative value left out"}},
	{"rose", 8, "path", []string{"28.4%"}},
	{"radar", 12, "circle", []string{"Operations", "Linus"}},
	{"radar_smooth", 21, "circle", []string{"Model C", "Battery"}},
	{"polar", 12, "path", []string{"Jan", "Dec"}},
	{"polar_stacked", 24, "path", []string{"Weekend", "12h"}},
	{"gauge", 1, "path", []string{"72.5", "CPU load"}},
	{"gauge_multi", 3, "path", []string{"128", "us-1"}},
	{"funnel", 5, "path", []string{"Renewed", "4,310 · 34.8%"}},
	{"funnel_horizontal", 5, "path", []string{"Hired"}},
	{"progress", 1, "path", []string{"68%"}},
	{"progress_bars", 4, "rect", []string{"182,000 (73%)", "Hiring"}},
	// Without a max the target is the goal: not a share of 0–100.
	{"progress_goal", 3, "rect", []string{"(89%)", "(118%)", "(82%)"}},
	{"treemap", 13, "rect", []string{"Europe", "United States"}},
	{"treemap_parent", 16, "rect", []string{"Infrastructure", "Company"}},
	{"sunburst", 21, "path", []string{"Tokyo", "Asia"}},
	{"sunburst_parent", 13, "path", []string{"photos", "370 GB"}},
	{"tree", 12, "circle", []string{"Grace (CEO)", "Leslie (Analytics)"}},
	{"tree_horizontal", 31, "circle", []string{"Mushroom 3", "Animals"}},
	{"graph", 23, "line|path|circle", []string{"api"}},
	{"graph_clusters", 77, "line|path|circle", []string{"Ada"}},
	{"wordcloud", 20, "text", []string{"dashboard"}},
	{"wordcloud_colors", 56, "text", []string{"data", "infra"}},
	{"geo", 21, "path", []string{"GDP per capita"}},
	{"geo_us", 19, "path", []string{"1 region not on the map: Atlantis"}},
	{"geo_points", 13, "circle", []string{"Largest metropolitan areas"}},
}

// TestGoldenSVG2D draws every fixture of the radial, hierarchy, flow, text
// and geo types and compares the SVG with its golden file (go test
// ./render -update rewrites them).
func TestGoldenSVG2D(t *testing.T) {
	for _, tc := range golden2D {
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
			marks, withElem := marksHolding(t, got, tc.elem)
			if marks != tc.marks {
				t.Errorf("%d mark groups, want %d", marks, tc.marks)
			}
			if withElem != marks {
				t.Errorf("%d of %d mark groups contain a <%s>", withElem, marks, tc.elem)
			}
			doc := string(got)
			for _, s := range tc.texts {
				if !strings.Contains(doc, xmlEscape(s)) {
					t.Errorf("SVG lacks %q", s)
				}
			}
		})
	}
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// marksHolding parses doc as XML and counts the mark groups and those that
// hold an element named in elem ("a|b").
func marksHolding(t *testing.T, doc []byte, elem string) (marks, withElem int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	var open []int // depths of open mark groups
	found := false
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
			depth++
			if el.Name.Local == "g" && attr(el, "data-kind") == "mark" {
				marks++
				open = append(open, depth)
				found = false
			}
			if len(open) > 0 && !found && strings.Contains("|"+elem+"|", "|"+el.Name.Local+"|") {
				withElem++
				found = true
			}
		case xml.EndElement:
			if n := len(open); n > 0 && open[n-1] == depth {
				open = open[:n-1]
			}
			depth--
		}
	}
	return marks, withElem
}

// radial2D are the types golden2D covers. Their chart.Sample specs are
// frozen as testdata/specs/<type>.json (golden above); here the live
// samples must still draw marks, so a change to a sample cannot break its
// type unnoticed.
var radial2D = []chart.Type{chart.Pie, chart.Rose, chart.Radar, chart.Polar, chart.Gauge, chart.Funnel, chart.Progress,
	chart.Treemap, chart.Sunburst, chart.Tree, chart.Graph, chart.WordCloud, chart.Geo}

func TestSamples2D(t *testing.T) {
	for _, ty := range radial2D {
		t.Run(string(ty), func(t *testing.T) {
			spec, res := chart.Sample(ty)
			if res == nil {
				t.Fatalf("no sample for %s", ty)
			}
			sc, err := render.Draw(&spec, res, render.Options{Width: 800, Height: 480})
			if err != nil {
				t.Fatal(err)
			}
			if marks, _ := marksHolding(t, svg.Bytes(sc), "path"); marks == 0 {
				t.Error("no marks")
			}
		})
	}
}
