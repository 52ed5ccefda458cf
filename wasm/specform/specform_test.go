package specform

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func TestSetGet(t *testing.T) {
	tests := []struct {
		name, start, path string
		v                 any
		want              string
	}{
		{"top level", `{"type":"bar"}`, "title", "T", `{"title":"T","type":"bar"}`},
		{"nested, made", `{}`, "x_axis.title", "X", `{"x_axis":{"title":"X"}}`},
		{"nested, kept", `{"x_axis":{"scale":"log"}}`, "x_axis.title", "X", `{"x_axis":{"scale":"log","title":"X"}}`},
		{"unset prunes the parent", `{"x_axis":{"title":"X"},"type":"bar"}`, "x_axis.title", nil, `{"type":"bar"}`},
		{"unset keeps siblings", `{"sort":{"by":"value","desc":true}}`, "sort.desc", nil, `{"sort":{"by":"value"}}`},
		{"unset of an absent path", `{"type":"bar"}`, "legend.position", nil, `{"type":"bar"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]any{}
			if err := json.Unmarshal([]byte(tt.start), &m); err != nil {
				t.Fatal(err)
			}
			Set(m, tt.path, tt.v)
			if b, _ := json.Marshal(m); string(b) != tt.want {
				t.Fatalf("got %s, want %s", b, tt.want)
			}
			if got := Get(m, tt.path); !reflect.DeepEqual(got, tt.v) {
				t.Fatalf("Get = %v, want %v", got, tt.v)
			}
		})
	}
}

func TestMapKeepsEverySpecField(t *testing.T) {
	in := `{"type":"bar","title":"T","query_id":3,"params":{"region":"EU"},"encoding":{"x":"a","y":{"columns":["b"],"label":"B"}},
		"x_axis":{"scale":"log","min":1},"legend":{"position":"none"},"colors":["#123456"],"stack":"percent","limit":5,"options":{"horizontal":true}}`
	sp, probs, err := chart.Decode([]byte(in))
	if err != nil || probs != nil {
		t.Fatal(err, probs)
	}
	m := Map(sp)
	Set(m, "subtitle", "S")
	back := FromMap(m)
	back.Subtitle = ""
	if !reflect.DeepEqual(back, sp) {
		t.Fatalf("round trip changed the spec:\n%+v\n%+v", back, sp)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		kind, text string
		checked    bool
		want       any
		ok         bool
	}{
		{Text, "Sales", false, "Sales", true},
		{Text, "", false, nil, true},
		{Number, " 2.5 ", false, 2.5, true},
		{Number, "", false, nil, true},
		{Number, "2.", false, 2.0, true},
		{Number, "-", false, nil, false},
		{Int, "10", false, 10.0, true},
		{Int, "1.5", false, nil, false},
		{Bool, "", true, true, true},
		{Bool, "", false, nil, true},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.kind, tt.text, tt.checked)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%s, %q, %v) = %v, %v; want %v, %v", tt.kind, tt.text, tt.checked, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSetColumn(t *testing.T) {
	tests := []struct {
		name  string
		start []string
		pos   int
		col   string
		want  []string
	}{
		{"first", nil, 0, "a", []string{"a"}},
		{"add another", []string{"a"}, 1, "b", []string{"a", "b"}},
		{"replace", []string{"a", "b"}, 1, "c", []string{"a", "c"}},
		{"remove the middle", []string{"a", "b", "c"}, 1, "", []string{"a", "c"}},
		{"remove the last drops the channel", []string{"a"}, 0, "", nil},
		{"clear the empty trailing one", []string{"a"}, 1, "", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := &chart.Spec{Encoding: map[chart.Channel]chart.Field{}}
			if tt.start != nil {
				sp.Encoding[chart.Y] = chart.Field{Columns: tt.start, Label: "L"}
			}
			SetColumn(sp, chart.Y, tt.pos, tt.col)
			f, ok := sp.Encoding[chart.Y]
			if !slices.Equal(f.Columns, tt.want) || ok != (tt.want != nil) {
				t.Fatalf("got %v (present %v), want %v", f.Columns, ok, tt.want)
			}
			if ok && tt.start != nil && f.Label != "L" {
				t.Error("the field's label was lost")
			}
		})
	}
}

func TestFieldFor(t *testing.T) {
	fields := []string{"title", "encoding.y", "x_axis.min", "x_axis.title", "query_id"}
	has := func(p string) bool { return slices.Contains(fields, p) }
	tests := []struct{ path, want string }{
		{"title", "title"},
		{"spec.title", "title"},
		{"encoding.y[1]", "encoding.y"},
		{"spec.encoding.y[0]", "encoding.y"},
		{"encoding.y.label", "encoding.y"},
		{"x_axis.min", "x_axis.min"},
		{"x_axis.max", ""},
		{"colors[2]", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FieldFor(tt.path, has); got != tt.want {
			t.Errorf("FieldFor(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	paths := func(ty chart.Type) []string {
		ti, _ := chart.Info(ty)
		var out []string
		for _, g := range Visible(ti) {
			for _, st := range g.Settings {
				out = append(out, st.Path)
			}
		}
		return out
	}
	bar, pie := paths(chart.Bar), paths(chart.Pie)
	for _, p := range []string{"title", "stack", "x_axis.scale", "options.horizontal"} {
		if !slices.Contains(bar, p) {
			t.Errorf("bar lacks %s", p)
		}
	}
	for _, p := range []string{"stack", "x_axis.title", "options.smooth"} {
		if slices.Contains(pie, p) {
			t.Errorf("pie shows %s, which it ignores", p)
		}
	}
	if !slices.Contains(pie, "options.donut") {
		t.Error("pie lacks its donut")
	}
	// Every enumerated setting has its values from the validator.
	for _, g := range Groups {
		for _, st := range g.Settings {
			if st.Kind == Enum && len(chart.SettingValues(st.Path)) < 2 {
				t.Errorf("%s: no values from chart.SettingValues", st.Path)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	sp := &chart.Spec{Type: chart.Bar, Title: `odd ,"x_axis":{} title`, QueryID: 2,
		Encoding: map[chart.Channel]chart.Field{chart.X: {Columns: []string{"a"}}, chart.Y: {Columns: []string{"b"}}}, YAxis: chart.Axis{Title: "Y"}}
	out := JSON(sp)
	for _, gone := range []string{`"x_axis": {}`, `"legend"`, `"format"`, `"options"`} {
		if strings.Contains(out, gone) {
			t.Errorf("the JSON keeps %s:\n%s", gone, out)
		}
	}
	if !strings.HasPrefix(out, "{\n  \"type\": \"bar\"") || !strings.Contains(out, `"y_axis": {`) {
		t.Errorf("JSON:\n%s", out)
	}
	back, probs, err := chart.Decode([]byte(out))
	if err != nil || probs != nil || back.Title != sp.Title || back.YAxis.Title != "Y" {
		t.Fatalf("the JSON does not decode to the spec: %v %v %+v", err, probs, back)
	}
	if out := JSON(&chart.Spec{Type: chart.Pie}); !strings.Contains(out, `"encoding": null`) && !strings.Contains(out, `"encoding": {}`) {
		t.Errorf("the encoding is dropped: %s", out)
	}
}

func TestJSONError(t *testing.T) {
	tests := []struct{ text, want string }{
		{`{"type":"bar",}`, "line 1, column 15"},
		{"{\n  \"type\": \"bar\",\n  \"title\": x\n}", "line 3, column 12"},
		{"{\n  \"títle\": \"é\" \"x\"\n}", "line 2, column 16"},
	}
	for _, tt := range tests {
		_, _, err := chart.Decode([]byte(tt.text))
		if err == nil {
			t.Fatalf("%q decodes", tt.text)
		}
		if got := JSONError(tt.text, err); !strings.Contains(got, tt.want) {
			t.Errorf("JSONError(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	if l, c := LineCol("ab\ncd", 99); l != 2 || c != 2 {
		t.Errorf("LineCol past the end = %d, %d", l, c)
	}
}

func TestParamValue(t *testing.T) {
	str := api.ParamDef{Name: "region", Type: api.ParamString}
	num := api.ParamDef{Name: "limit", Type: api.ParamNumber}
	list := api.ParamDef{Name: "regions", Type: api.ParamList}
	nums := api.ParamDef{Name: "ids", Type: api.ParamList, ItemType: api.ParamNumber}
	tests := []struct {
		def  api.ParamDef
		text string
		want any
		ok   bool
	}{
		{str, " Europe ", "Europe", true},
		{str, "", nil, true},
		{num, "5", 5.0, true},
		{num, "five", nil, false},
		{list, "Europe, Asia Pacific,", []any{"Europe", "Asia Pacific"}, true},
		{nums, "1, 2", []any{1.0, 2.0}, true},
		{nums, "1, x", nil, false},
	}
	for _, tt := range tests {
		got, ok := ParamValue(tt.def, tt.text)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParamValue(%s, %q) = %#v, %v; want %#v, %v", tt.def.Name, tt.text, got, ok, tt.want, tt.ok)
		}
		if ok && got != nil {
			if back, _ := ParamValue(tt.def, ParamText(got)); !reflect.DeepEqual(back, got) {
				t.Errorf("ParamText(%#v) = %q does not read back", got, ParamText(got))
			}
		}
	}
}
