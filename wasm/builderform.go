//go:build js && wasm

package main

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/chart"
)

// setting is one form field of the chart builder, bound to a JSON path of
// the spec. The form is generated from this table and the catalogue: a
// type-specific setting (typeOnly) is shown only for types whose
// catalogue entry honours it (TypeInfo.Honours), and enumerated settings
// take their values from chart.SettingValues, the validator's own lists.
type setting struct {
	path, label string
	kind        string // text, number, int, bool or enum
	typeOnly    string // the catalogue setting that shows it, "" for every type
	hint        string
}

// settingGroups are the builder's settings, in the order shown.
var settingGroups = []struct {
	title    string
	settings []setting
}{
	{"Titles and look", []setting{
		{path: "title", label: "Title", kind: "text"},
		{path: "subtitle", label: "Subtitle", kind: "text"},
		{path: "legend.position", label: "Legend", kind: "enum"},
		{path: "palette", label: "Palette", kind: "enum"},
		{path: "theme", label: "Theme", kind: "enum"},
		{path: "format.number", label: "Number format", kind: "text", hint: "0,0.00 · 0.0% · $0,0 · 0.0a"},
		{path: "format.date", label: "Date format", kind: "text", hint: "date, month, year or 2006-01-02"},
	}},
	{"Order", []setting{
		{path: "sort.by", label: "Sort by", kind: "text", hint: "category, value or a column"},
		{path: "sort.desc", label: "Descending", kind: "bool"},
		{path: "limit", label: "Limit", kind: "int", hint: "keep the first N categories"},
		{path: "stack", label: "Stacking", kind: "enum", typeOnly: "stack"},
	}},
	{"X axis", axisSettings("x_axis")},
	{"Y axis", axisSettings("y_axis")},
	{"Options", []setting{
		{path: "options.horizontal", label: "Horizontal", kind: "bool", typeOnly: "options.horizontal"},
		{path: "options.smooth", label: "Smooth lines", kind: "bool", typeOnly: "options.smooth"},
		{path: "options.show_labels", label: "Show labels", kind: "bool", typeOnly: "options.show_labels"},
		{path: "options.donut", label: "Donut hole (0–0.9)", kind: "number", typeOnly: "options.donut"},
		{path: "options.min", label: "Scale min", kind: "number", typeOnly: "options.min"},
		{path: "options.max", label: "Scale max", kind: "number", typeOnly: "options.max"},
		{path: "options.target", label: "Target", kind: "number", typeOnly: "options.target"},
		{path: "options.circular", label: "Circular", kind: "bool", typeOnly: "options.circular"},
		{path: "options.wireframe", label: "Wireframe", kind: "bool", typeOnly: "options.wireframe"},
		{path: "options.map", label: "Base map", kind: "enum", typeOnly: "options.map"},
		{path: "options.max_points", label: "Max points", kind: "int", typeOnly: "options.max_points"},
	}},
}

func axisSettings(axis string) []setting {
	return []setting{
		{path: axis + ".title", label: "Title", kind: "text", typeOnly: axis},
		{path: axis + ".scale", label: "Scale", kind: "enum", typeOnly: axis},
		{path: axis + ".format", label: "Format", kind: "text", typeOnly: axis},
		{path: axis + ".min", label: "Min", kind: "number", typeOnly: axis},
		{path: axis + ".max", label: "Max", kind: "number", typeOnly: axis},
		{path: axis + ".hidden", label: "Hidden", kind: "bool", typeOnly: axis},
	}
}

// specMap is the spec as generic JSON, for reading and writing settings
// by path; specFrom turns it back. Fields the form does not show survive
// the round trip.
func specMap(s *chart.Spec) map[string]any {
	b, _ := json.Marshal(s)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	return m
}

func specFrom(m map[string]any) *chart.Spec {
	b, _ := json.Marshal(m)
	s := new(chart.Spec)
	_ = json.Unmarshal(b, s)
	return s
}

// getPath reads a dotted path of m.
func getPath(m map[string]any, path string) any {
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

// setPath writes v at a dotted path of m; nil deletes it and objects left
// empty.
func setPath(m map[string]any, path string, v any) {
	keys := strings.Split(path, ".")
	cur := m
	var chain []map[string]any
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

// indexSuffix matches the "[2]" of "encoding.y[2]" or "colors[0]".
var indexSuffix = regexp.MustCompile(`\[\d+\]`)

// fieldFor is the form field a validator path belongs to: the path
// itself, or the nearest parent path that has a field ("x_axis.min" →
// "x_axis.min", "encoding.y[1]" → "encoding.y", "spec.title" → "title").
// It is "" when no field shows it.
func fieldFor(path string, has func(string) bool) string {
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

// drawSettings draws the settings the chosen type honours, filled from
// the spec.
func (b *builder) drawSettings() {
	clear(b.settingsBox)
	ti, _ := chart.Info(b.spec.Type)
	m := specMap(b.spec)
	for _, g := range settingGroups {
		var shown []setting
		for _, st := range g.settings {
			if st.typeOnly == "" || ti.Honours(st.typeOnly) {
				shown = append(shown, st)
			}
		}
		if len(shown) == 0 {
			continue
		}
		box := el("fieldset", "class", "builder-group")
		add(box, withText(el("legend"), g.title))
		for _, st := range shown {
			add(box, b.settingField(st, getPath(m, st.path)))
		}
		add(b.settingsBox, box)
	}
}

// settingField is one labelled input for st, showing v.
func (b *builder) settingField(st setting, v any) js.Value {
	name := "set-" + st.path
	var in js.Value
	event := "input"
	switch st.kind {
	case "bool":
		in = el("input", "type", "checkbox", "name", name)
		in.Set("checked", v == true)
		event = "change"
	case "enum":
		in = el("select", "name", name)
		for _, o := range chart.SettingValues(st.path) {
			label := o
			if o == "" {
				label = "(default)"
			}
			add(in, withText(el("option", "value", o), label))
		}
		s, _ := v.(string)
		in.Set("value", s)
		event = "change"
	case "number", "int":
		in = el("input", "type", "number", "name", name, "step", "any")
		if f, ok := v.(float64); ok {
			in.Set("value", strconv.FormatFloat(f, 'g', -1, 64))
		}
	default:
		in = el("input", "name", name, "placeholder", st.hint)
		s, _ := v.(string)
		in.Set("value", s)
	}
	b.s.on(in, event, func(js.Value) {
		val, ok := settingValue(st, in)
		if !ok {
			return // a half-typed number: wait for more
		}
		b.edit(func(sp *chart.Spec) *chart.Spec {
			m := specMap(sp)
			setPath(m, st.path, val)
			return specFrom(m)
		}, false)
	})
	cls := "builder-field"
	if st.kind == "bool" {
		cls += " check"
	}
	return add(el("label", "class", cls), withText(el("span"), st.label), in, b.slot(st.path))
}

// settingValue reads an input as the JSON value of st; nil unsets it.
func settingValue(st setting, in js.Value) (any, bool) {
	switch st.kind {
	case "bool":
		if in.Get("checked").Bool() {
			return true, true
		}
		return nil, true
	case "number", "int":
		t := strings.TrimSpace(value(in))
		if t == "" {
			return nil, true
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || (st.kind == "int" && f != float64(int64(f))) {
			return nil, false
		}
		return f, true
	}
	if t := value(in); t != "" {
		return t, true
	}
	return nil, true
}

// drawEncodings draws a dropdown per channel of the chosen type, offering
// only the result's columns that the channel accepts (chart.Choices).
// A channel that takes several columns gets one dropdown per column and
// an empty one to add another.
func (b *builder) drawEncodings() {
	clear(b.encBox)
	ti, ok := chart.Info(b.spec.Type)
	if !ok {
		return
	}
	if b.data() == nil {
		add(b.encBox, withText(el("p", "class", "muted"), "Choose the data and run it to pick columns."))
	}
	req := map[chart.Channel]bool{}
	for _, e := range ti.Required {
		req[e.Channel] = true
	}
	var seen []chart.Channel
	for _, e := range append(append([]chart.EncodingInfo{}, ti.Required...), ti.Optional...) {
		if slices.Contains(seen, e.Channel) {
			continue
		}
		seen = append(seen, e.Channel)
		label := string(e.Channel)
		if req[e.Channel] {
			label += " *"
		}
		field := add(el("div", "class", "builder-field enc", "title", e.Description),
			withText(el("span"), label), withText(el("small", "class", "kind"), kindWords(e.Kind)))
		cur := b.spec.Encoding[e.Channel].Columns
		n := 1
		if e.Multiple {
			n = len(cur) + 1
		}
		for i := 0; i < n; i++ {
			v := ""
			if i < len(cur) {
				v = cur[i]
			}
			name := "enc-" + string(e.Channel)
			if i > 0 {
				name += "-" + strconv.Itoa(i)
			}
			sel := b.columnSelect(name, e.Kind, v)
			ch, pos := e.Channel, i
			b.s.on(sel, "change", func(js.Value) {
				col := value(sel)
				b.edit(func(sp *chart.Spec) *chart.Spec {
					setColumn(sp, ch, pos, col)
					return sp
				}, true)
			})
			add(field, sel)
		}
		add(field, b.slot("encoding."+string(e.Channel)))
		add(b.encBox, field)
	}
}

// columnSelect offers the columns a channel of kind k accepts, with cur
// selected; a chosen column the rule refuses stays listed, marked, so the
// form shows what the JSON says and the validator's message explains it.
func (b *builder) columnSelect(name string, k chart.Kind, cur string) js.Value {
	sel := el("select", "name", name)
	add(sel, withText(el("option", "value", ""), "—"))
	var offered []string
	if d := b.data(); d != nil {
		if b.choices == nil {
			b.choices = map[chart.Kind][]string{}
		}
		if _, ok := b.choices[k]; !ok {
			b.choices[k] = chart.KindChoices(d, k)
		}
		offered = b.choices[k]
	}
	for _, c := range offered {
		add(sel, withText(el("option", "value", c), c))
	}
	if cur != "" && !slices.Contains(offered, cur) {
		add(sel, withText(el("option", "value", cur, "class", "unfit"), cur+" (not suitable)"))
	}
	sel.Set("value", cur)
	return sel
}

// setColumn sets the pos-th column of channel ch ("" removes it).
func setColumn(sp *chart.Spec, ch chart.Channel, pos int, col string) {
	if sp.Encoding == nil {
		sp.Encoding = map[chart.Channel]chart.Field{}
	}
	f := sp.Encoding[ch]
	cols := append([]string(nil), f.Columns...)
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

func kindWords(k chart.Kind) string {
	switch k {
	case chart.KindMeasure:
		return "number"
	case chart.KindTime:
		return "date/time"
	case chart.KindDimension:
		return "category"
	}
	return "any"
}
