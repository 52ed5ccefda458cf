//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlparam"
	"github.com/gobi-bi/gobi/wasm/specform"
)

// paramForms are the query editor's two parameter forms: the
// declarations saved with the query (name, type, item type, default,
// required, choices), checked with shared/sqlparam as they are typed,
// and the run form, one input per parameter the SQL uses, of the kind
// its declaration asks for (a date picker, a number field, a dropdown or
// multi-select of the declared choices).
type paramForms struct {
	s        *screen
	defsBox  js.Value // the declaration rows
	problems js.Value
	runBox   js.Value // the run form
	rows     []*defRow
	// inputs of the run form by parameter name, with the declaration they
	// were drawn for (to redraw when it changes).
	inputs  map[string]js.Value
	drawnAs map[string]string
	// changed runs after any edit of a declaration.
	changed func()
}

// defRow is one declaration's fields.
type defRow struct {
	box, name, typ, item, def, required, values js.Value
}

func newParamForms(s *screen, changed func()) *paramForms {
	p := &paramForms{s: s, changed: changed, inputs: map[string]js.Value{}, drawnAs: map[string]string{},
		defsBox:  el("div", "id", "param-defs", "class", "param-defs"),
		problems: el("div", "id", "param-errors", "class", "guard", "aria-live", "polite"),
		runBox:   el("div", "id", "params", "class", "params")}
	return p
}

// box is the declarations section: rows, Add parameter and the problems.
func (p *paramForms) box() js.Value {
	addBtn := withText(el("button", "type", "button", "class", "small plain", "id", "add-param"), "Add parameter")
	p.s.on(addBtn, "click", func(js.Value) {
		p.addRow(api.ParamDef{Type: api.ParamString})
		p.edited()
	})
	d := el("details", "class", "param-section", "id", "param-section")
	add(d, withText(el("summary"), "Parameters"), p.defsBox, addBtn, p.problems)
	return d
}

// set replaces the declarations with defs.
func (p *paramForms) set(defs []api.ParamDef) {
	clear(p.defsBox)
	p.rows = nil
	for _, d := range defs {
		p.addRow(d)
	}
	if len(defs) > 0 {
		p.defsBox.Get("parentElement").Set("open", true)
	}
	p.edited()
}

func (p *paramForms) addRow(d api.ParamDef) {
	r := &defRow{box: el("div", "class", "param-def"),
		name:     el("input", "class", "param-name", "placeholder", "name", "value", d.Name, "size", "12"),
		typ:      el("select", "class", "param-type"),
		item:     el("select", "class", "param-item", "title", "Type of the list's items"),
		def:      el("input", "class", "param-default", "placeholder", "default", "size", "12"),
		required: el("input", "class", "param-required", "type", "checkbox"),
		values:   el("input", "class", "param-values", "placeholder", "choices, comma-separated", "size", "18")}
	for _, t := range []api.ParamType{api.ParamString, api.ParamNumber, api.ParamDate, api.ParamList} {
		add(r.typ, withText(el("option", "value", string(t)), string(t)))
	}
	for _, t := range []api.ParamType{api.ParamString, api.ParamNumber, api.ParamDate} {
		add(r.item, withText(el("option", "value", string(t)), "of "+string(t)))
	}
	r.typ.Set("value", string(d.Type))
	if d.ItemType != "" {
		r.item.Set("value", string(d.ItemType))
	}
	r.def.Set("value", specform.ParamText(d.Default))
	r.values.Set("value", specform.ParamText(d.Values))
	r.required.Set("checked", d.Required)
	remove := withText(el("button", "type", "button", "class", "small plain param-remove", "title", "Remove this parameter"), "×")
	req := add(el("label", "class", "param-req"), r.required)
	req.Call("append", " required")
	add(r.box, withText(el("span", "class", "muted"), ":"), r.name, r.typ, r.item, r.def, req, r.values, remove)
	p.s.on(remove, "click", func(js.Value) {
		r.box.Call("remove")
		for i, x := range p.rows {
			if x == r {
				p.rows = append(p.rows[:i], p.rows[i+1:]...)
				break
			}
		}
		p.edited()
	})
	for _, in := range []js.Value{r.name, r.def, r.values} {
		p.s.on(in, "input", func(js.Value) { p.edited() })
	}
	for _, in := range []js.Value{r.typ, r.item, r.required} {
		p.s.on(in, "change", func(js.Value) { p.edited() })
	}
	p.rows = append(p.rows, r)
	add(p.defsBox, r.box)
}

// splitList reads a comma-separated list; nil when empty.
func splitList(s string) []any {
	var out []any
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// defs reads the declarations from the form, as typed.
func (p *paramForms) defs() []api.ParamDef {
	out := make([]api.ParamDef, 0, len(p.rows))
	for _, r := range p.rows {
		d := api.ParamDef{Name: strings.TrimSpace(value(r.name)), Type: api.ParamType(value(r.typ)),
			Required: r.required.Get("checked").Bool()}
		list := d.Type == api.ParamList
		r.item.Set("hidden", !list)
		r.values.Set("hidden", d.Type != api.ParamString && !list)
		if list {
			d.ItemType = api.ParamType(value(r.item))
		}
		if t := strings.TrimSpace(value(r.def)); t != "" {
			switch {
			case list:
				d.Default = splitList(t)
			case d.Type == api.ParamNumber:
				if f, err := strconv.ParseFloat(t, 64); err == nil {
					d.Default = f
				} else {
					d.Default = t // the validator says why
				}
			default:
				d.Default = t
			}
		}
		if d.Type == api.ParamString || list {
			d.Values = splitList(value(r.values))
		}
		out = append(out, d)
	}
	return out
}

// check validates the declarations with the shared code and returns
// the problem, or "".
func (p *paramForms) check() string {
	err := sqlparam.ValidateDefs(p.defs())
	if err == nil {
		return ""
	}
	var pe *sqlparam.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

func (p *paramForms) edited() {
	clear(p.problems)
	if msg := p.check(); msg != "" {
		p.problems.Set("className", "guard bad")
		withText(p.problems, msg)
	} else {
		p.problems.Set("className", "guard")
	}
	if p.changed != nil {
		p.changed()
	}
}

// drawRun makes the run form show one input per name the SQL uses,
// drawn for its declaration (undeclared ones take text).
func (p *paramForms) drawRun(names []string) {
	defs := map[string]api.ParamDef{}
	for _, d := range p.defs() {
		defs[d.Name] = d
	}
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
		d, declared := defs[n]
		if !declared {
			d = api.ParamDef{Name: n, Type: api.ParamString}
		}
		sig := fmt.Sprintf("%v|%s|%s|%t|%s|%s", declared, d.Type, d.ItemType, d.Required, specform.ParamText(d.Default), specform.ParamText(d.Values))
		if in, ok := p.inputs[n]; ok && p.drawnAs[n] == sig {
			continue
		} else if ok {
			in.Get("parentElement").Call("remove")
		}
		in := runInput(d)
		p.inputs[n], p.drawnAs[n] = in, sig
		label := ":" + n + " "
		if d.Required {
			label = ":" + n + " * "
		}
		add(p.runBox, add(withText(el("label", "class", "param-run"), label), in))
	}
	for n, in := range p.inputs {
		if !keep[n] {
			in.Get("parentElement").Call("remove")
			delete(p.inputs, n)
			delete(p.drawnAs, n)
		}
	}
}

// runInput is the input for one parameter.
func runInput(d api.ParamDef) js.Value {
	var in js.Value
	def := d.Default
	switch {
	case len(d.Values) > 0:
		in = el("select", "name", d.Name, "data-type", string(d.Type))
		chosen := map[string]bool{}
		if d.Type == api.ParamList {
			in.Call("setAttribute", "multiple", "")
			if l, ok := def.([]any); ok {
				for _, v := range l {
					chosen[fmt.Sprint(v)] = true
				}
			}
		} else {
			add(in, withText(el("option", "value", ""), "—"))
			if def != nil {
				chosen[fmt.Sprint(def)] = true
			}
		}
		for _, v := range d.Values {
			o := withText(el("option", "value", fmt.Sprint(v)), fmt.Sprint(v))
			if chosen[fmt.Sprint(v)] {
				o.Set("selected", true)
			}
			add(in, o)
		}
		return in
	case d.Type == api.ParamDate:
		in = el("input", "name", d.Name, "type", "date", "data-type", "date")
	case d.Type == api.ParamNumber:
		in = el("input", "name", d.Name, "type", "number", "step", "any", "data-type", "number")
	case d.Type == api.ParamList:
		in = el("input", "name", d.Name, "data-type", "list", "placeholder", "values, comma-separated")
	default:
		in = el("input", "name", d.Name, "data-type", "string")
	}
	if def != nil {
		in.Set("value", specform.ParamText(def))
	}
	return in
}

// values reads the run form: empty fields are left out (the server
// takes the default), lists as arrays.
func (p *paramForms) values() map[string]any {
	out := map[string]any{}
	for n, in := range p.inputs {
		typ := in.Call("getAttribute", "data-type").String()
		if in.Get("tagName").String() == "SELECT" && typ == string(api.ParamList) {
			var picked []any
			opts := in.Get("selectedOptions")
			for i := 0; i < opts.Get("length").Int(); i++ {
				picked = append(picked, opts.Index(i).Get("value").String())
			}
			if len(picked) > 0 {
				out[n] = picked
			}
			continue
		}
		v := strings.TrimSpace(value(in))
		if v == "" {
			continue
		}
		if typ == string(api.ParamList) {
			out[n] = splitList(v)
		} else {
			out[n] = v
		}
	}
	return out
}
