//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/specform"
)

// drawSettings draws the settings the chosen type honours, filled from
// the spec (the table and the filter are specform's).
func (b *builder) drawSettings() {
	clear(b.settingsBox)
	ti, _ := chart.Info(b.spec.Type)
	m := specform.Map(b.spec)
	for _, g := range specform.Visible(ti) {
		box := el("fieldset", "class", "builder-group")
		add(box, withText(el("legend"), g.Title))
		for _, st := range g.Settings {
			add(box, b.settingField(st, specform.Get(m, st.Path)))
		}
		add(b.settingsBox, box)
	}
}

// settingField is one labelled input for st, showing v.
func (b *builder) settingField(st specform.Setting, v any) js.Value {
	name := "set-" + st.Path
	var in js.Value
	event := "input"
	switch st.Kind {
	case specform.Bool:
		in = el("input", "type", "checkbox", "name", name)
		in.Set("checked", v == true)
		event = "change"
	case specform.Enum:
		in = el("select", "name", name)
		for _, o := range chart.SettingValues(st.Path) {
			label := o
			if o == "" {
				label = "(default)"
			}
			add(in, withText(el("option", "value", o), label))
		}
		s, _ := v.(string)
		in.Set("value", s)
		event = "change"
	case specform.Number, specform.Int:
		in = el("input", "type", "number", "name", name, "step", "any")
		if f, ok := v.(float64); ok {
			in.Set("value", strconv.FormatFloat(f, 'g', -1, 64))
		}
	default:
		in = el("input", "name", name, "placeholder", st.Hint)
		s, _ := v.(string)
		in.Set("value", s)
	}
	b.s.on(in, event, func(js.Value) {
		val, ok := specform.Parse(st.Kind, value(in), st.Kind == specform.Bool && in.Get("checked").Bool())
		if !ok {
			return // a half-typed number: wait for more
		}
		b.edit(func(sp *chart.Spec) *chart.Spec {
			m := specform.Map(sp)
			specform.Set(m, st.Path, val)
			return specform.FromMap(m)
		}, false)
	})
	cls := "builder-field"
	if st.Kind == specform.Bool {
		cls += " check"
	}
	return add(el("label", "class", cls), withText(el("span"), st.Label), in, b.slot(st.Path))
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
					specform.SetColumn(sp, ch, pos, col)
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
