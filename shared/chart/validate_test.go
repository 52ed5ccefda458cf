package chart

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// hasProblem reports whether errs holds a problem at path whose message
// contains every fragment.
func hasProblem(errs []api.FieldError, path string, fragments ...string) bool {
	for _, e := range errs {
		if e.Path != path {
			continue
		}
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(e.Message, f)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestValidateEveryType checks, for every type, that a valid spec passes
// (fed by a query and fed inline) and that removing each required
// encoding, or every channel of the alternatives, is reported at its path.
func TestValidateEveryType(t *testing.T) {
	type tc struct {
		name   string
		spec   Spec
		path   string // "" = valid
		phrase string
	}
	var tests []tc
	for _, ti := range Catalogue() {
		s, _ := Sample(ti.Type)
		tests = append(tests, tc{name: string(ti.Type) + "/valid inline", spec: s})
		byQuery := s
		byQuery.Data, byQuery.QueryID = nil, 7
		tests = append(tests, tc{name: string(ti.Type) + "/valid query", spec: byQuery})
		for _, e := range ti.Required {
			broken := byQuery
			broken.Encoding = maps.Clone(s.Encoding)
			delete(broken.Encoding, e.Channel)
			tests = append(tests, tc{
				name: fmt.Sprintf("%s/missing %s", ti.Type, e.Channel), spec: broken,
				path: "encoding." + string(e.Channel), phrase: fmt.Sprintf("%s needs encoding.%s: %s", ti.Type, e.Channel, e.Description),
			})
		}
		if len(ti.Alternatives) > 0 {
			broken := byQuery
			broken.Encoding = maps.Clone(s.Encoding)
			for _, set := range ti.Alternatives {
				for _, ch := range set {
					delete(broken.Encoding, ch)
				}
			}
			tests = append(tests, tc{
				name: fmt.Sprintf("%s/missing alternatives", ti.Type), spec: broken,
				path: "encoding." + string(ti.Alternatives[0][0]), phrase: "needs either encoding." + string(ti.Alternatives[0][0]),
			})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := Validate(&tt.spec)
			if tt.path == "" {
				if errs != nil {
					t.Fatalf("valid spec: %v", errs)
				}
				return
			}
			if !hasProblem(errs, tt.path, tt.phrase) {
				t.Fatalf("want %s: %q, got %v", tt.path, tt.phrase, errs)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	base := func() Spec {
		return Spec{Type: Bar, QueryID: 1, Encoding: map[Channel]Field{X: {Columns: []string{"month"}}, Y: {Columns: []string{"sales"}}}}
	}
	f := func(v float64) *float64 { return &v }
	long := strings.Repeat("é", MaxTitleRunes+1)
	tests := []struct {
		name   string
		edit   func(s *Spec)
		path   string // "" = valid
		phrase string
	}{
		{"base is valid", func(s *Spec) {}, "", ""},
		{"every setting at its edge", func(s *Spec) {
			s.Title, s.Subtitle = strings.Repeat("é", MaxTitleRunes), "sub"
			s.Palette, s.Colors, s.Theme = "viridis", []string{"#fff", "#1F77b4"}, "dark"
			s.Legend.Position, s.Stack, s.Limit = "none", "percent", 10
			s.XAxis = Axis{Scale: "log", Min: f(1), Max: f(10), Format: "0.0a"}
			s.YAxis = Axis{Scale: "time", Format: "2006-01"}
			s.Format = Format{Number: "$0,0.[00]", Date: "month"}
			s.Sort = &Sort{By: "value", Desc: true}
			s.Options = Options{Donut: 0.9, Min: f(0), Max: f(1), Target: f(1), MaxPoints: 10, Map: "us-states"}
			s.Params = map[string]any{"region": "North"}
		}, "", ""},
		{"nil encoding", func(s *Spec) { s.Encoding = nil }, "encoding.x", "bar needs encoding.x: the column for the categories or time axis"},
		{"no type", func(s *Spec) { s.Type = "" }, "type", "is required: one of bar, line"},
		{"unknown type", func(s *Spec) { s.Type = "donut" }, "type", `unknown chart type "donut"`},
		{"no source", func(s *Spec) { s.QueryID = 0 }, "query_id", "needs a query_id"},
		{"both sources", func(s *Spec) { s.Data = &api.Result{} }, "data", "not both"},
		{"negative query", func(s *Spec) { s.QueryID = -3 }, "query_id", "positive"},
		{"params without query", func(s *Spec) {
			s.QueryID = 0
			s.Data = &api.Result{Columns: []api.Column{{Name: "month", Type: api.TypeString}, {Name: "sales", Type: api.TypeInt}}}
			s.Params = map[string]any{"a": 1}
		}, "params", "only to a saved query"},
		{"empty param name", func(s *Spec) { s.Params = map[string]any{" ": 1} }, "params", "empty"},
		{"channel the type does not use", func(s *Spec) { s.Encoding[Z] = Field{Columns: []string{"z"}} }, "encoding.z", "bar does not use z; it takes x, y, series, label, color"},
		{"unknown channel", func(s *Spec) { s.Encoding["colour"] = Field{Columns: []string{"c"}} }, "encoding.colour", `"colour" is not a channel`},
		{"no columns", func(s *Spec) { s.Encoding[X] = Field{} }, "encoding.x", "needs a column name"},
		{"empty column name", func(s *Spec) { s.Encoding[X] = Field{Columns: []string{" "}} }, "encoding.x", "column name is empty"},
		{"long column name", func(s *Spec) { s.Encoding[X] = Field{Columns: []string{strings.Repeat("a", MaxColumnName+1)}} }, "encoding.x", "longer than"},
		{"several columns on a single channel", func(s *Spec) { s.Encoding[X] = Field{Columns: []string{"a", "b"}} }, "encoding.x", "takes one column for x, got 2"},
		{"several measures are fine", func(s *Spec) { s.Encoding[Y] = Field{Columns: []string{"a", "b", "c"}} }, "", ""},
		{"column listed twice", func(s *Spec) { s.Encoding[Y] = Field{Columns: []string{"a", "b", "a"}} }, "encoding.y[2]", `"a" is listed twice`},
		{"empty column in a list", func(s *Spec) { s.Encoding[Y] = Field{Columns: []string{"a", ""}} }, "encoding.y[1]", "empty"},
		{"long field label", func(s *Spec) { s.Encoding[Y] = Field{Columns: []string{"a"}, Label: long} }, "encoding.y.label", "at most 200"},
		{"bad field number format", func(s *Spec) { s.Encoding[Y] = Field{Columns: []string{"a"}, Format: "abc"} }, "encoding.y.format", "not a number pattern"},
		{"field date format on a dimension", func(s *Spec) { s.Encoding[X] = Field{Columns: []string{"a"}, Format: "Jan 2006"} }, "", ""},
		{"bad field format on a dimension", func(s *Spec) { s.Encoding[X] = Field{Columns: []string{"a"}, Format: "hello"} }, "encoding.x.format", "not a date format"},
		{"stack on a line", func(s *Spec) { s.Type, s.Stack = Line, "stack" }, "stack", "line charts do not stack"},
		{"unknown stack", func(s *Spec) { s.Stack = "pile" }, "stack", `unknown value "pile"`},
		{"unknown palette", func(s *Spec) { s.Palette = "rainbow" }, "palette", "default, viridis, warm, cool"},
		{"bad colour", func(s *Spec) { s.Colors = []string{"#fff", "#ff", "red"} }, "colors[1]", "#rgb or #rrggbb"},
		{"named colour", func(s *Spec) { s.Colors = []string{"#fff", "#ffffff", "red"} }, "colors[2]", `"red" is not a colour`},
		{"too many colours", func(s *Spec) { s.Colors = make([]string, MaxColors+1) }, "colors", "at most 64"},
		{"unknown theme", func(s *Spec) { s.Theme = "blue" }, "theme", "use light, dark"},
		{"unknown legend position", func(s *Spec) { s.Legend.Position = "left" }, "legend.position", "right, bottom, top, none"},
		{"unknown scale", func(s *Spec) { s.YAxis.Scale = "sqrt" }, "y_axis.scale", "linear, log, time, category"},
		{"axis min above max", func(s *Spec) { s.XAxis.Min, s.XAxis.Max = f(5), f(5) }, "x_axis.min", "below x_axis.max"},
		{"log axis from zero", func(s *Spec) { s.YAxis.Scale, s.YAxis.Min = "log", f(0) }, "y_axis.min", "above 0"},
		{"bad axis format", func(s *Spec) { s.YAxis.Format = "xyz" }, "y_axis.format", "neither a number pattern"},
		{"long title", func(s *Spec) { s.Title = long }, "title", "is 201 characters; at most 200"},
		{"long subtitle", func(s *Spec) { s.Subtitle = long }, "subtitle", "at most 200"},
		{"long axis title", func(s *Spec) { s.YAxis.Title = long }, "y_axis.title", "at most 200"},
		{"number format without digits", func(s *Spec) { s.Format.Number = "$" }, "format.number", "needs a 0 or # digit"},
		{"number format with letters inside", func(s *Spec) { s.Format.Number = "0x0" }, "format.number", "may only mix"},
		{"number format two points", func(s *Spec) { s.Format.Number = "0.0.0" }, "format.number", "more than one decimal point"},
		{"number format many decimals", func(s *Spec) { s.Format.Number = "0." + strings.Repeat("0", 11) }, "format.number", "more than 10 decimals"},
		{"number format control char", func(s *Spec) { s.Format.Number = "0\n0" }, "format.number", "control character"},
		{"date format without elements", func(s *Spec) { s.Format.Date = "yyyy-mm-dd" }, "format.date", "not a date format"},
		{"long date format", func(s *Spec) { s.Format.Date = strings.Repeat("2006", 20) }, "format.date", "longer than 64"},
		{"negative limit", func(s *Spec) { s.Limit = -1 }, "limit", "0 (no limit) or more"},
		{"sort without by", func(s *Spec) { s.Sort = &Sort{Desc: true} }, "sort.by", "is required"},
		{"donut too big", func(s *Spec) { s.Options.Donut = 0.95 }, "options.donut", "between 0"},
		{"donut negative", func(s *Spec) { s.Options.Donut = -0.1 }, "options.donut", "between 0"},
		{"options min above max", func(s *Spec) { s.Options.Min, s.Options.Max = f(10), f(1) }, "options.min", "below options.max"},
		{"target outside range", func(s *Spec) { s.Options.Min, s.Options.Max, s.Options.Target = f(0), f(1), f(2) }, "options.target", "between options.min and options.max"},
		{"max points too small", func(s *Spec) { s.Options.MaxPoints = 5 }, "options.max_points", "between 10 and 1000000"},
		{"max points too big", func(s *Spec) { s.Options.MaxPoints = 2_000_000 }, "options.max_points", "between 10 and 1000000"},
		{"unknown map", func(s *Spec) { s.Options.Map = "mars" }, "options.map", "world, us-states"},
		{"tree with id but no parent", func(s *Spec) {
			s.Type, s.Encoding = Tree, map[Channel]Field{ID: {Columns: []string{"id"}}}
		}, "encoding.parent", "tree with encoding.id needs encoding.parent: the id of each node's parent"},
		{"tree with path and id", func(s *Spec) {
			s.Type, s.Encoding = Tree, map[Channel]Field{Path: {Columns: []string{"a", "b"}}, ID: {Columns: []string{"id"}}, Parent: {Columns: []string{"p"}}}
		}, "encoding.id", "not both"},
		{"geo with region but no value", func(s *Spec) {
			s.Type, s.Encoding = Geo, map[Channel]Field{Region: {Columns: []string{"iso"}}}
		}, "encoding.value", "geo with encoding.region needs encoding.value"},
		{"geo with points and a value", func(s *Spec) {
			s.Type, s.Encoding = Geo, map[Channel]Field{Lat: {Columns: []string{"lat"}}, Lon: {Columns: []string{"lon"}}, Value: {Columns: []string{"v"}}}
		}, "", ""},
		{"geo with lat only", func(s *Spec) {
			s.Type, s.Encoding = Geo, map[Channel]Field{Lat: {Columns: []string{"lat"}}}
		}, "encoding.lon", "geo with encoding.lat needs encoding.lon"},
		{"geo with region and points", func(s *Spec) {
			s.Type, s.Encoding = Geo, map[Channel]Field{Region: {Columns: []string{"r"}}, Value: {Columns: []string{"v"}}, Lat: {Columns: []string{"lat"}}, Lon: {Columns: []string{"lon"}}}
		}, "encoding.lat", "not both"},
		{"inline data without columns", func(s *Spec) { s.QueryID, s.Data = 0, &api.Result{} }, "data.columns", "at least one column"},
		{"inline data with a short row", func(s *Spec) {
			s.QueryID = 0
			s.Data = &api.Result{Columns: []api.Column{{Name: "month", Type: api.TypeString}, {Name: "sales", Type: api.TypeInt}},
				Rows: [][]any{{"Jan", 1}, {"Feb"}}}
		}, "data.rows[1]", "has 1 values; every row needs 2"},
		{"inline data with duplicate and untyped columns", func(s *Spec) {
			s.QueryID = 0
			s.Data = &api.Result{Columns: []api.Column{{Name: "month", Type: api.TypeString}, {Name: "month", Type: "decimal"}}}
		}, "data.columns[1].name", `"month" appears twice`},
		{"inline data checked against the spec", func(s *Spec) {
			s.QueryID = 0
			s.Data = &api.Result{Columns: []api.Column{{Name: "month", Type: api.TypeString}, {Name: "amount", Type: api.TypeInt}}}
		}, "encoding.y", `no column "sales" in the data; the columns are "month", "amount"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.edit(&s)
			errs := Validate(&s)
			if tt.path == "" {
				if errs != nil {
					t.Fatalf("want valid, got %v", errs)
				}
				return
			}
			if !hasProblem(errs, tt.path, tt.phrase) {
				t.Fatalf("want %s: %q, got %v", tt.path, tt.phrase, errs)
			}
		})
	}
	if errs := Validate(nil); len(errs) != 1 {
		t.Fatalf("Validate(nil) = %v", errs)
	}
}

func TestValidateReportsDataWithOtherProblems(t *testing.T) {
	s, _ := Sample(Bar)
	s.Title = strings.Repeat("x", MaxTitleRunes+1)
	s.Encoding[Y] = Field{Columns: []string{"profit"}}
	errs := Validate(&s)
	if !hasProblem(errs, "title", "at most") || !hasProblem(errs, "encoding.y", `no column "profit"`) {
		t.Fatalf("got %v", errs)
	}
}
