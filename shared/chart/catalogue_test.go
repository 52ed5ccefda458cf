package chart

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCatalogueEncodings(t *testing.T) {
	type want struct {
		required []Channel
		alts     [][]Channel
		family   string
		dim      int
	}
	tests := map[Type]want{
		Bar:         {[]Channel{X, Y}, nil, "cartesian", 2},
		Line:        {[]Channel{X, Y}, nil, "cartesian", 2},
		Area:        {[]Channel{X, Y}, nil, "cartesian", 2},
		Pie:         {[]Channel{Category, Value}, nil, "radial", 2},
		Scatter:     {[]Channel{X, Y}, nil, "cartesian", 2},
		Radar:       {[]Channel{Category, Value}, nil, "radial", 2},
		Heatmap:     {[]Channel{X, Y, Value}, nil, "cartesian", 2},
		Gauge:       {[]Channel{Value}, nil, "single", 2},
		Funnel:      {[]Channel{Category, Value}, nil, "flow", 2},
		Treemap:     {nil, [][]Channel{{Path}, {ID, Parent}}, "hierarchy", 2},
		Sunburst:    {nil, [][]Channel{{Path}, {ID, Parent}}, "hierarchy", 2},
		Tree:        {nil, [][]Channel{{Path}, {ID, Parent}}, "hierarchy", 2},
		Boxplot:     {[]Channel{Category, Value}, nil, "cartesian", 2},
		Candlestick: {[]Channel{X, Open, High, Low, Close}, nil, "cartesian", 2},
		WordCloud:   {[]Channel{Category, Value}, nil, "text", 2},
		Graph:       {[]Channel{Source, Target}, nil, "flow", 2},
		Waterfall:   {[]Channel{Category, Value}, nil, "cartesian", 2},
		Polar:       {[]Channel{Category, Value}, nil, "radial", 2},
		Gantt:       {[]Channel{Category, Start, End}, nil, "cartesian", 2},
		Rose:        {[]Channel{Category, Value}, nil, "radial", 2},
		Geo:         {nil, [][]Channel{{Region, Value}, {Lat, Lon}}, "geo", 2},
		Progress:    {[]Channel{Value}, nil, "single", 2},
		Bar3D:       {[]Channel{X, Y, Z}, nil, "3d", 3},
		Scatter3D:   {[]Channel{X, Y, Z}, nil, "3d", 3},
		Surface3D:   {[]Channel{X, Y, Z}, nil, "3d", 3},
		Bubble3D:    {[]Channel{X, Y, Z, Size}, nil, "3d", 3},
	}
	cat := Catalogue()
	if len(cat) != len(tests) {
		t.Fatalf("catalogue has %d types, want %d", len(cat), len(tests))
	}
	for _, ti := range cat {
		t.Run(string(ti.Type), func(t *testing.T) {
			w, ok := tests[ti.Type]
			if !ok {
				t.Fatalf("unexpected type")
			}
			var req []Channel
			for _, e := range ti.Required {
				req = append(req, e.Channel)
			}
			if !slices.Equal(req, w.required) || !reflect.DeepEqual(ti.Alternatives, w.alts) || ti.Family != w.family || ti.Dim != w.dim {
				t.Errorf("got required %v alts %v %s %dD, want %v %v %s %dD", req, ti.Alternatives, ti.Family, ti.Dim, w.required, w.alts, w.family, w.dim)
			}
			if ti.Name == "" || ti.Description == "" {
				t.Error("missing name or description")
			}
			seen := map[Channel]bool{}
			for _, e := range append(slices.Clone(ti.Required), ti.Optional...) {
				if seen[e.Channel] {
					t.Errorf("channel %s listed twice", e.Channel)
				}
				seen[e.Channel] = true
				if e.Description == "" || !slices.Contains([]Kind{KindDimension, KindMeasure, KindTime, KindAny}, e.Kind) {
					t.Errorf("channel %s: kind %q, description %q", e.Channel, e.Kind, e.Description)
				}
				if !slices.Contains(allChannels, e.Channel) {
					t.Errorf("channel %s is not a declared Channel", e.Channel)
				}
			}
			for _, set := range ti.Alternatives {
				for _, ch := range set {
					if !seen[ch] {
						t.Errorf("alternative channel %s is not in Optional", ch)
					}
				}
			}
			if ti.Honours("stack") != (ti.Type == Bar || ti.Type == Area) {
				t.Errorf("stack setting on %s", ti.Type)
			}
		})
	}
}

func TestCatalogueOrder(t *testing.T) {
	want := []Type{Bar, Line, Area, Pie, Scatter, Radar, Heatmap, Gauge, Funnel, Treemap, Sunburst, Tree, Boxplot,
		Candlestick, WordCloud, Graph, Waterfall, Polar, Gantt, Rose, Geo, Progress, Bar3D, Scatter3D, Surface3D, Bubble3D}
	var got []Type
	for _, ti := range Catalogue() {
		got = append(got, ti.Type)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order %v", got)
	}
}

func TestCatalogueIsACopy(t *testing.T) {
	c := Catalogue()
	c[0].Required[0].Channel = "broken"
	c[9].Alternatives[0][0] = "broken"
	ti, _ := Info(Bar)
	ti.Optional[0].Kind = "broken"
	if fresh, _ := Info(Bar); fresh.Required[0].Channel != X || fresh.Optional[0].Kind != KindDimension {
		t.Fatal("callers can change the catalogue")
	}
	if fresh, _ := Info(Treemap); fresh.Alternatives[0][0] != Path {
		t.Fatal("callers can change alternatives")
	}
	if _, ok := Info("nope"); ok {
		t.Fatal("unknown type found")
	}
}

func TestCatalogueJSON(t *testing.T) {
	b, err := json.Marshal(Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"type":"bar"`, `"required":[`, `"optional":[`, `"required_alternatives":[["path"],["id","parent"]]`,
		`"channel":"y","kind":"measure","multiple":true`, `"family":"3d"`, `"dim":3`, `"settings":[`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
}
