package chart

import (
	"slices"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestChoices(t *testing.T) {
	res := &api.Result{
		Columns: []api.Column{
			{Name: "channel", Type: api.TypeString},
			{Name: "revenue", Type: api.TypeFloat},
			{Name: "orders", Type: api.TypeInt},
			{Name: "amount", Type: api.TypeString}, // DECIMAL as text
			{Name: "day", Type: api.TypeTime},
			{Name: "day_text", Type: api.TypeString}, // ISO dates as text
			{Name: "paid", Type: api.TypeBool},
			{Name: "blob", Type: api.TypeBytes},
		},
		Rows: [][]any{
			{"web", 1.5, int64(3), "12.50", "2024-01-02T00:00:00Z", "2024-01-02", true, []byte{1}},
			{"shop", 2.5, int64(4), "7", "2024-01-03T00:00:00Z", "2024-01-03", false, nil},
		},
	}
	tests := []struct {
		name string
		typ  Type
		ch   Channel
		want []string
	}{
		{"bar y takes only numbers", Bar, Y, []string{"revenue", "orders", "amount"}},
		{"bar x takes any dimension but bytes", Bar, X, []string{"channel", "revenue", "orders", "amount", "day", "day_text", "paid"}},
		{"pie value is a measure", Pie, Value, []string{"revenue", "orders", "amount"}},
		{"gantt start takes only times", Gantt, Start, []string{"day", "day_text"}},
		{"label takes anything", Bar, Label, []string{"channel", "revenue", "orders", "amount", "day", "day_text", "paid", "blob"}},
		{"a channel the type does not take", Pie, X, nil},
		{"unknown type", "nope", X, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Choices(res, tt.typ, tt.ch)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Choices(%s, %s) = %v, want %v", tt.typ, tt.ch, got, tt.want)
			}
			// The validator agrees: every choice passes ValidateData's
			// column check and every other column fails it.
			e, ok := info(tt.typ).acceptsPtr(tt.ch)
			if !ok {
				return
			}
			for j, c := range res.Columns {
				if ok, offered := ColumnProblem(res, j, e.Kind) == "", slices.Contains(got, c.Name); ok != offered {
					t.Errorf("column %s: ColumnProblem accepts=%v, offered=%v", c.Name, ok, offered)
				}
			}
		})
	}
}

// acceptsPtr is Accepts on a possibly nil entry.
func (ti *TypeInfo) acceptsPtr(ch Channel) (EncodingInfo, bool) {
	if ti == nil {
		return EncodingInfo{}, false
	}
	return ti.Accepts(ch)
}

func TestChoicesTextWithWordsIsNoMeasure(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "n", Type: api.TypeString}}, Rows: [][]any{{"1"}, {"two"}}}
	if got := Choices(res, Bar, Y); got != nil {
		t.Fatalf("a text column with a word is offered as a measure: %v", got)
	}
	if got := ColumnProblem(res, 0, KindMeasure); got == "" {
		t.Fatal("ColumnProblem accepts text with a word as a measure")
	}
	if got := ColumnProblem(res, 5, KindMeasure); got == "" {
		t.Fatal("ColumnProblem accepts a column that does not exist")
	}
}

func TestSettingValues(t *testing.T) {
	tests := []struct {
		path string
		want string // one value it must hold
	}{
		{"theme", "dark"}, {"legend.position", "bottom"}, {"stack", "percent"}, {"palette", "viridis"},
		{"x_axis.scale", "log"}, {"y_axis.scale", "time"}, {"options.map", "us-states"},
	}
	for _, tt := range tests {
		v := SettingValues(tt.path)
		if len(v) == 0 || v[0] != "" || !slices.Contains(v, tt.want) {
			t.Errorf("SettingValues(%q) = %q, want \"\" first and %q", tt.path, v, tt.want)
		}
		// Every value passes the validator.
		for _, x := range v {
			var s Spec
			switch tt.path {
			case "theme":
				s.Theme = x
			case "legend.position":
				s.Legend.Position = x
			case "palette":
				s.Palette = x
			case "x_axis.scale":
				s.XAxis.Scale = x
			case "y_axis.scale":
				s.YAxis.Scale = x
			case "options.map":
				s.Options.Map = x
			case "stack":
				s.Type, s.Stack = Bar, x
			}
			var p problems
			validateLook(&s, &p)
			validateSettings(&s, info(s.Type), &p)
			if len(p) > 0 {
				t.Errorf("%s=%q: %v", tt.path, x, p)
			}
		}
	}
	if SettingValues("title") != nil {
		t.Error("title is not enumerated")
	}
	SettingValues("theme")[1] = "changed"
	if SettingValues("theme")[1] == "changed" {
		t.Error("SettingValues returns the validator's own slice")
	}
}
