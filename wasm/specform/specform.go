// Package specform is the chart builder's form model, apart from the DOM
// so it tests on the host: the settings the form shows (by JSON path),
// reading and writing a spec by path, where a validator problem goes in
// the form, and the JSON view with the position of a parse error.
package specform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Kinds of setting input.
const (
	Text   = "text"
	Number = "number"
	Int    = "int"
	Bool   = "bool"
	Enum   = "enum" // values from chart.SettingValues(Path)
)

// Setting is one form field, bound to a JSON path of the spec.
type Setting struct {
	Path, Label string
	Kind        string
	// TypeOnly is the catalogue setting (TypeInfo.Settings) that shows
	// it; "" shows it for every type.
	TypeOnly string
	Hint     string
}

// Group is a titled set of settings.
type Group struct {
	Title    string
	Settings []Setting
}

// Groups are the builder's settings, in the order shown.
var Groups = []Group{
	{"Titles and look", []Setting{
		{Path: "title", Label: "Title", Kind: Text},
		{Path: "subtitle", Label: "Subtitle", Kind: Text},
		{Path: "legend.position", Label: "Legend", Kind: Enum},
		{Path: "palette", Label: "Palette", Kind: Enum},
		{Path: "theme", Label: "Theme", Kind: Enum},
		{Path: "format.number", Label: "Number format", Kind: Text, Hint: "0,0.00 · 0.0% · $0,0 · 0.0a"},
		{Path: "format.date", Label: "Date format", Kind: Text, Hint: "date, month, year or 2006-01-02"},
	}},
	{"Order", []Setting{
		{Path: "sort.by", Label: "Sort by", Kind: Text, Hint: "category, value or a column"},
		{Path: "sort.desc", Label: "Descending", Kind: Bool},
		{Path: "limit", Label: "Limit", Kind: Int, Hint: "keep the first N categories"},
		{Path: "stack", Label: "Stacking", Kind: Enum, TypeOnly: "stack"},
	}},
	{"X axis", axis("x_axis")},
	{"Y axis", axis("y_axis")},
	{"Options", []Setting{
		{Path: "options.horizontal", Label: "Horizontal", Kind: Bool, TypeOnly: "options.horizontal"},
		{Path: "options.smooth", Label: "Smooth lines", Kind: Bool, TypeOnly: "options.smooth"},
		{Path: "options.show_labels", Label: "Show labels", Kind: Bool, TypeOnly: "options.show_labels"},
		{Path: "options.donut", Label: "Donut hole (0–0.9)", Kind: Number, TypeOnly: "options.donut"},
		{Path: "options.min", Label: "Scale min", Kind: Number, TypeOnly: "options.min"},
		{Path: "options.max", Label: "Scale max", Kind: Number, TypeOnly: "options.max"},
		{Path: "options.target", Label: "Target", Kind: Number, TypeOnly: "options.target"},
		{Path: "options.circular", Label: "Circular", Kind: Bool, TypeOnly: "options.circular"},
		{Path: "options.wireframe", Label: "Wireframe", Kind: Bool, TypeOnly: "options.wireframe"},
		{Path: "options.map", Label: "Base map", Kind: Enum, TypeOnly: "options.map"},
		{Path: "options.max_points", Label: "Max points", Kind: Int, TypeOnly: "options.max_points"},
	}},
}

func axis(a string) []Setting {
	return []Setting{
		{Path: a + ".title", Label: "Title", Kind: Text, TypeOnly: a},
		{Path: a + ".scale", Label: "Scale", Kind: Enum, TypeOnly: a},
		{Path: a + ".format", Label: "Format", Kind: Text, TypeOnly: a},
		{Path: a + ".min", Label: "Min", Kind: Number, TypeOnly: a},
		{Path: a + ".max", Label: "Max", Kind: Number, TypeOnly: a},
		{Path: a + ".hidden", Label: "Hidden", Kind: Bool, TypeOnly: a},
	}
}

// Visible is the groups and settings shown for a type: those for every
// type, and those its catalogue entry honours. Empty groups are left out.
func Visible(ti chart.TypeInfo) []Group {
	var out []Group
	for _, g := range Groups {
		var shown []Setting
		for _, st := range g.Settings {
			if st.TypeOnly == "" || ti.Honours(st.TypeOnly) {
				shown = append(shown, st)
			}
		}
		if len(shown) > 0 {
			out = append(out, Group{g.Title, shown})
		}
	}
	return out
}

// Parse reads what an input holds as the JSON value of a setting of
// kind: nil unsets it; ok is false for a number not (yet) valid.
func Parse(kind, text string, checked bool) (v any, ok bool) {
	switch kind {
	case Bool:
		if checked {
			return true, true
		}
		return nil, true
	case Number, Int:
		t := strings.TrimSpace(text)
		if t == "" {
			return nil, true
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || (kind == Int && f != float64(int64(f))) {
			return nil, false
		}
		return f, true
	}
	if text != "" {
		return text, true
	}
	return nil, true
}

// Map is the spec as generic JSON, for reading and writing by path;
// FromMap turns it back. Fields the form does not show survive the trip.
func Map(s *chart.Spec) map[string]any {
	b, _ := json.Marshal(s)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	return m
}

// FromMap is the spec m holds.
func FromMap(m map[string]any) *chart.Spec {
	b, _ := json.Marshal(m)
	s := new(chart.Spec)
	_ = json.Unmarshal(b, s)
	if s.Encoding == nil {
		s.Encoding = map[chart.Channel]chart.Field{}
	}
	return s
}

// Get reads the dotted path of m (nil when absent).
func Get(m map[string]any, path string) any {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = o[k]
	}
	return cur
}

// Set writes v at the dotted path of m; nil deletes it, and the objects
// it leaves empty.
func Set(m map[string]any, path string, v any) {
	keys := strings.Split(path, ".")
	cur := m
	chain := []map[string]any{}
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			if v == nil {
				return
			}
			next = map[string]any{}
			cur[k] = next
		}
		chain = append(chain, cur)
		cur = next
	}
	last := keys[len(keys)-1]
	if v == nil {
		delete(cur, last)
	} else {
		cur[last] = v
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if o, _ := chain[i][keys[i]].(map[string]any); len(o) == 0 {
			delete(chain[i], keys[i])
		}
	}
}

// SetColumn sets the pos-th column of channel ch; "" removes it, and the
// channel with its last column. A field's label and format are kept.
func SetColumn(sp *chart.Spec, ch chart.Channel, pos int, col string) {
	if sp.Encoding == nil {
		sp.Encoding = map[chart.Channel]chart.Field{}
	}
	f := sp.Encoding[ch]
	cols := slices.Clone(f.Columns)
	switch {
	case col == "" && pos < len(cols):
		cols = slices.Delete(cols, pos, pos+1)
	case col == "":
	case pos < len(cols):
		cols[pos] = col
	default:
		cols = append(cols, col)
	}
	if len(cols) == 0 {
		delete(sp.Encoding, ch)
		return
	}
	f.Columns = cols
	sp.Encoding[ch] = f
}

// indexSuffix matches the "[2]" of "encoding.y[2]" or "colors[0]".
var indexSuffix = regexp.MustCompile(`\[\d+\]`)

// FieldFor is the form field a validator path belongs to: the path, or
// its nearest parent that has a field ("encoding.y[1]" → "encoding.y",
// "spec.title" → "title", as the server prefixes them). It is "" when no
// field shows it.
func FieldFor(path string, has func(string) bool) string {
	p := indexSuffix.ReplaceAllString(strings.TrimPrefix(path, "spec."), "")
	for p != "" {
		if has(p) {
			return p
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return ""
}

// emptySetting matches a settings object left empty (,"x_axis":{}) in
// compact JSON; inside a string a quote is escaped, so it cannot match
// there. The encoding stays even when empty: the spec requires it.
var emptySetting = regexp.MustCompile(`,"(x_axis|y_axis|legend|format|options)":\{\}`)

// JSON is the spec indented, in the field order of chart.Spec, without
// the empty settings objects encoding/json writes for struct fields.
func JSON(sp *chart.Spec) string {
	compact, _ := json.Marshal(sp)
	compact = emptySetting.ReplaceAll(compact, nil)
	var out bytes.Buffer
	if json.Indent(&out, compact, "", "  ") != nil {
		return string(compact)
	}
	return out.String()
}

// JSONError words an error of chart.Decode for the JSON view: a syntax
// error with its line and column in text.
func JSONError(text string, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := LineCol(text, int(se.Offset))
		return fmt.Sprintf("JSON error at line %d, column %d: %s", line, col, se.Error())
	}
	if errors.Is(err, chart.ErrNotJSON) {
		return "JSON error: " + strings.TrimPrefix(err.Error(), chart.ErrNotJSON.Error()+": ")
	}
	return err.Error()
}

// LineCol is the 1-based line and column (in characters) of byte offset
// off in text.
func LineCol(text string, off int) (line, col int) {
	off = min(max(off, 0), len(text))
	before := text[:off]
	line = strings.Count(before, "\n") + 1
	col = len([]rune(before[strings.LastIndexByte(before, '\n')+1:]))
	return line, max(col, 1)
}

// ParamValue reads what a parameter's input holds as the value for the
// spec's params: a number for a number parameter, a list split at commas
// (numbers for a list of numbers), text otherwise; nil for an empty input
// (the query's default applies). ok is false for a number that is not one.
func ParamValue(def api.ParamDef, text string) (v any, ok bool) {
	t := strings.TrimSpace(text)
	if t == "" {
		return nil, true
	}
	item := func(typ api.ParamType, s string) (any, bool) {
		if typ != api.ParamNumber {
			return s, true
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, false
		}
		return f, true
	}
	if def.Type != api.ParamList {
		return item(def.Type, t)
	}
	var out []any
	for _, s := range strings.Split(t, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		x, ok := item(def.ItemType, s)
		if !ok {
			return nil, false
		}
		out = append(out, x)
	}
	return out, true
}

// ParamText shows a parameter value in its input: a list as "a, b".
func ParamText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = ParamText(e)
		}
		return strings.Join(parts, ", ")
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
