//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// showEditor builds a chart spec from the catalogue: type, query, one
// field per channel the type accepts, title. The spec's JSON is editable
// too; every change is decoded and validated by shared/chart in the
// browser, so errors appear as you type, without a server round trip.
// With a valid spec and a query, a preview is drawn from the query's rows.
func (a *app) showEditor(s *screen, idText string) {
	a.title("Chart editor")
	name := el("input", "id", "chart-name", "placeholder", "Chart name")
	typ := el("select", "id", "chart-type")
	for _, ti := range chart.Catalogue() {
		add(typ, withText(el("option", "value", string(ti.Type)), ti.Name+" ("+ti.Family+")"))
	}
	query := el("select", "id", "chart-query")
	title := el("input", "id", "chart-title", "placeholder", "Title shown on the chart")
	channels := el("div", "id", "channels", "class", "channels")
	specText := el("textarea", "id", "spec", "rows", "14", "spellcheck", "false")
	problems := el("ul", "id", "spec-errors", "class", "problems", "aria-live", "polite")
	save := withText(el("button", "type", "button", "id", "save"), "Save")
	msg := el("div", "id", "save-result")
	preview := el("div", "class", "tile single", "id", "preview")
	form := add(el("div", "class", "card editor"),
		add(withText(el("label"), "Name "), name), add(withText(el("label"), "Type "), typ),
		add(withText(el("label"), "Query "), query), add(withText(el("label"), "Title "), title),
		channels, add(withText(el("label"), "Spec (JSON) "), specText), problems, save, msg)
	add(a.root, add(el("div", "class", "split"), form, preview))

	var queries []api.Query
	fields := map[chart.Channel]js.Value{}
	results := map[int64]*api.Result{}
	var chartID int64

	// validate decodes and checks the JSON in the text area and lists the
	// problems; it returns the spec when there are none.
	validate := func() *chart.Spec {
		clear(problems)
		spec, fieldErrs, err := chart.Decode([]byte(value(specText)))
		if err != nil {
			add(problems, withText(el("li"), "spec: "+err.Error()))
			save.Set("disabled", true)
			return nil
		}
		for _, f := range fieldErrs {
			add(problems, withText(el("li"), f.Path+": "+f.Message))
		}
		save.Set("disabled", len(fieldErrs) > 0)
		if len(fieldErrs) > 0 {
			return nil
		}
		return spec
	}
	drawPreview := func(spec *chart.Spec) {
		if spec == nil || spec.QueryID == 0 {
			return
		}
		res := results[spec.QueryID]
		if res == nil {
			return
		}
		if errs := chart.ValidateData(spec, res); len(errs) > 0 {
			for _, f := range errs {
				add(problems, withText(el("li"), f.Path+": "+f.Message))
			}
			return
		}
		shaped, err := chart.Shape(spec, res, 0)
		if err != nil {
			add(problems, withText(el("li"), err.Error()))
			return
		}
		clear(preview)
		mountChart(s, preview, spec, shaped)
	}
	// fetchRows runs the chosen query once, for the preview.
	fetchRows := func(spec *chart.Spec) {
		if spec == nil || spec.QueryID == 0 || results[spec.QueryID] != nil {
			drawPreview(spec)
			return
		}
		id := spec.QueryID
		go func() {
			var res api.Result
			if err := a.api.do(a.ctx(s), "POST", fmt.Sprintf("/api/queries/%d/execute", id), nil, api.ExecuteRequest{}, &res); err != nil {
				add(problems, withText(el("li"), "query: "+describe(err)))
				return
			}
			results[id] = &res
			drawPreview(validate())
		}()
	}
	// fromForm writes the form's choices into the JSON, keeping settings
	// the form does not show.
	fromForm := func() {
		var m map[string]any
		if json.Unmarshal([]byte(value(specText)), &m) != nil || m == nil {
			m = map[string]any{}
		}
		m["type"] = value(typ)
		if t := value(title); t != "" {
			m["title"] = t
		} else {
			delete(m, "title")
		}
		if id, err := strconv.ParseInt(value(query), 10, 64); err == nil && id > 0 {
			m["query_id"] = id
			delete(m, "data")
		}
		enc := map[string]any{}
		for ch, in := range fields {
			if v := strings.TrimSpace(value(in)); v != "" {
				if strings.Contains(v, ",") {
					var cols []string
					for _, c := range strings.Split(v, ",") {
						cols = append(cols, strings.TrimSpace(c))
					}
					enc[string(ch)] = cols
				} else {
					enc[string(ch)] = v
				}
			}
		}
		m["encoding"] = enc
		b, _ := json.MarshalIndent(m, "", "  ")
		specText.Set("value", string(b))
	}
	// drawChannels shows one input per channel of the chosen type.
	drawChannels := func(spec *chart.Spec) {
		clear(channels)
		for ch := range fields {
			delete(fields, ch)
		}
		ti, ok := chart.Info(chart.Type(value(typ)))
		if !ok {
			return
		}
		req := map[chart.Channel]bool{}
		for _, e := range ti.Required {
			req[e.Channel] = true
		}
		for _, e := range append(append([]chart.EncodingInfo{}, ti.Required...), ti.Optional...) {
			if _, dup := fields[e.Channel]; dup {
				continue
			}
			in := el("input", "name", "enc-"+string(e.Channel), "placeholder", e.Description)
			if spec != nil {
				if f, ok := spec.Encoding[e.Channel]; ok {
					b, _ := json.Marshal(f)
					var one string
					var many []string
					if json.Unmarshal(b, &one) == nil {
						in.Set("value", one)
					} else if json.Unmarshal(b, &many) == nil {
						in.Set("value", strings.Join(many, ", "))
					}
				}
			}
			label := string(e.Channel)
			if req[e.Channel] {
				label += " *"
			}
			fields[e.Channel] = in
			add(channels, add(withText(el("label"), label+" "), in))
			s.on(in, "input", func(js.Value) { fromForm(); fetchRows(validate()) })
		}
	}
	s.on(typ, "change", func(js.Value) {
		spec, _, _ := chart.Decode([]byte(value(specText)))
		drawChannels(spec)
		fromForm()
		fetchRows(validate())
	})
	for _, in := range []js.Value{query, title} {
		s.on(in, "change", func(js.Value) { fromForm(); fetchRows(validate()) })
	}
	s.on(specText, "input", func(js.Value) { fetchRows(validate()) })
	s.on(save, "click", func(js.Value) {
		if validate() == nil {
			return
		}
		in := chart.Input{Name: strings.TrimSpace(value(name)), Spec: json.RawMessage(value(specText))}
		method, path := "POST", "/api/charts"
		if chartID != 0 {
			method, path = "PUT", fmt.Sprintf("/api/charts/%d", chartID)
		}
		go func() {
			var out chart.Saved
			clear(msg)
			if err := a.api.do(a.ctx(s), method, path, nil, in, &out); err != nil {
				add(msg, errorBox(describe(err)))
				return
			}
			if chartID == 0 {
				// The address now names the saved chart, so "New chart"
				// (#/editor) is a change of route that starts afresh, and a
				// reload edits this chart instead of making another.
				global.Get("history").Call("replaceState", js.Null(), "", fmt.Sprintf("#/editor/%d", out.ID))
			}
			chartID = out.ID
			add(msg, add(withText(el("span", "class", "ok"), "Saved. "),
				withText(el("a", "href", fmt.Sprintf("#/charts/%d", out.ID)), "Open the chart")))
		}()
	})

	go func() {
		ctx := a.ctx(s)
		if err := a.api.do(ctx, "GET", "/api/queries", nil, nil, &queries); err != nil {
			add(problems, withText(el("li"), "queries: "+describe(err)))
		}
		add(query, withText(el("option", "value", ""), "— choose a saved query —"))
		for _, q := range queries {
			add(query, withText(el("option", "value", strconv.FormatInt(q.ID, 10)), q.Name))
		}
		spec := &chart.Spec{Type: chart.Bar, Encoding: map[chart.Channel]chart.Field{}}
		if id, err := strconv.ParseInt(idText, 10, 64); err == nil {
			var c chart.Saved
			if err := a.api.do(ctx, "GET", fmt.Sprintf("/api/charts/%d", id), nil, nil, &c); err != nil {
				add(problems, withText(el("li"), describe(err)))
				return
			}
			chartID, spec = c.ID, c.Spec
			name.Set("value", c.Name)
		}
		typ.Set("value", string(spec.Type))
		title.Set("value", spec.Title)
		if spec.QueryID != 0 {
			query.Set("value", strconv.FormatInt(spec.QueryID, 10))
		}
		b, _ := json.MarshalIndent(spec, "", "  ")
		specText.Set("value", string(b))
		drawChannels(spec)
		fetchRows(validate())
	}()
}
