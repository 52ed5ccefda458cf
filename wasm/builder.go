//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/specform"
)

// Data modes of the builder: a saved query, SQL written here (saved as a
// query when the chart is saved), or the spec's own inline dataset.
const (
	modeQuery = "query"
	modeSQL   = "sql"
	modeData  = "data"
)

// previewDelay debounces the preview: edits within it draw once.
const previewDelay = 150

// builder is the chart builder screen (#/editor, #/editor/{id}). The
// spec is the one state: the form is drawn from it, edits of the form
// rewrite it and the JSON view, and edits of the JSON replace it when the
// JSON parses. Problems come from shared/chart's validator, the server's
// own, and are shown next to the fields their paths name.
type builder struct {
	a       *app
	s       *screen
	spec    *chart.Spec
	chartID int64
	// savedName is the name the chart was last loaded or saved under:
	// names are unique per user, so "Save as new" under the same name
	// saves "<name> (copy)".
	savedName string
	queries   []api.Query
	sources   []api.Datasource

	res     *api.Result // the data of the chosen query or SQL
	resKey  string      // what res was fetched for
	choices map[chart.Kind][]string
	sqlRan  string // the datasource and SQL res came from, in SQL mode

	name, mode, query, ds, sql, run, dataMsg js.Value
	paramsBox                                js.Value
	typ, typeDesc, encBox, settingsBox       js.Value
	specText, jsonErr, problems              js.Value
	save, saveAs, msg, preview               js.Value
	slots                                    map[string]js.Value

	timer     js.Value
	tick      js.Func
	previewed *screen
}

// showBuilder draws the builder, for the chart idText names or a new one.
func (a *app) showBuilder(s *screen, idText string) {
	a.title("Chart builder")
	b := &builder{a: a, s: s, slots: map[string]js.Value{},
		spec: &chart.Spec{Type: chart.Bar, Encoding: map[chart.Channel]chart.Field{}}}
	b.layout()
	b.tick = js.FuncOf(func(js.Value, []js.Value) any { b.drawPreview(); return nil })
	s.onClose(func() {
		global.Call("clearTimeout", b.timer)
		b.tick.Release()
		if b.previewed != nil {
			b.previewed.close()
		}
	})
	go b.load(idText)
}

// layout builds the screen's elements and wires their events.
func (b *builder) layout() {
	s := b.s
	b.name = el("input", "id", "chart-name", "placeholder", "Chart name")
	b.mode = el("select", "id", "chart-source")
	for _, o := range [][2]string{{modeQuery, "Saved query"}, {modeSQL, "Inline SQL"}, {modeData, "Inline data (in the JSON)"}} {
		add(b.mode, withText(el("option", "value", o[0]), o[1]))
	}
	b.query = el("select", "id", "chart-query")
	b.ds = el("select", "id", "chart-datasource")
	b.sql = el("textarea", "id", "chart-sql", "rows", "5", "spellcheck", "false", "placeholder", "SELECT category, SUM(amount) AS total FROM … GROUP BY 1")
	b.run = withText(el("button", "type", "button", "id", "chart-run"), "Run")
	b.dataMsg = el("div", "id", "chart-data-msg", "class", "muted", "aria-live", "polite")
	b.paramsBox = el("div", "id", "chart-params", "class", "builder-params")
	b.typ = el("select", "id", "chart-type")
	groups := map[int]js.Value{2: el("optgroup", "label", "2D"), 3: el("optgroup", "label", "3D")}
	for _, ti := range chart.Catalogue() {
		add(groups[ti.Dim], withText(el("option", "value", string(ti.Type)), ti.Name))
	}
	add(b.typ, groups[2], groups[3])
	b.typeDesc = el("p", "id", "chart-type-desc", "class", "muted")
	b.encBox = el("div", "id", "channels", "class", "channels")
	b.settingsBox = el("div", "id", "builder-settings")
	b.specText = el("textarea", "id", "spec", "rows", "16", "spellcheck", "false")
	b.jsonErr = el("div", "id", "json-error", "class", "error", "role", "alert", "hidden", "")
	b.problems = el("ul", "id", "spec-errors", "class", "problems", "aria-live", "polite")
	b.save = withText(el("button", "type", "button", "id", "save"), "Save")
	b.saveAs = withText(el("button", "type", "button", "id", "save-as", "class", "secondary"), "Save as new")
	b.msg = el("div", "id", "save-result")
	b.preview = el("div", "class", "tile single builder-preview", "id", "preview")

	sqlBox := add(el("div", "id", "chart-sql-box", "class", "builder-sql"),
		add(el("label", "class", "builder-field"), withText(el("span"), "Data source"), b.ds),
		add(el("label", "class", "builder-field wide"), withText(el("span"), "SQL"), b.sql, b.slot("sql")), b.run)
	data := add(el("fieldset", "class", "builder-group"), withText(el("legend"), "Data"),
		add(el("label", "class", "builder-field"), withText(el("span"), "Source"), b.mode, b.slot("data")),
		add(el("label", "class", "builder-field", "id", "chart-query-box"), withText(el("span"), "Query"), b.query, b.slot("query_id")),
		b.paramsBox, sqlBox, b.dataMsg)
	typ := add(el("fieldset", "class", "builder-group"), withText(el("legend"), "Chart type"),
		add(el("label", "class", "builder-field"), withText(el("span"), "Type"), b.typ, b.slot("type")), b.typeDesc)
	enc := add(el("fieldset", "class", "builder-group"), withText(el("legend"), "Encodings"), b.encBox)
	jsonBox := add(el("details", "class", "builder-json", "open", ""), withText(el("summary"), "Spec (JSON)"), b.specText, b.jsonErr)
	form := add(el("div", "class", "card editor builder"),
		add(el("label", "class", "builder-field wide"), withText(el("span"), "Name"), b.name),
		data, typ, enc, b.settingsBox, jsonBox)
	side := add(el("div", "class", "builder-side"), b.preview,
		add(el("div", "class", "card builder-actions"), b.problems, b.save, b.saveAs, b.msg))
	add(b.a.root, add(el("div", "class", "split builder-split"), form, side))

	s.on(b.mode, "change", func(js.Value) { b.setMode(value(b.mode)) })
	s.on(b.query, "change", func(js.Value) {
		id, _ := strconv.ParseInt(value(b.query), 10, 64)
		b.edit(func(sp *chart.Spec) *chart.Spec {
			sp.QueryID, sp.Data = id, nil
			if id == 0 {
				sp.Params = nil
			}
			return sp
		}, true)
	})
	s.on(b.run, "click", func(js.Value) { b.runSQL() })
	s.on(b.sql, "keydown", func(ev js.Value) {
		if ev.Get("key").String() == "Enter" && (ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) {
			ev.Call("preventDefault")
			b.runSQL()
		}
	})
	s.on(b.sql, "input", func(js.Value) { b.check() })
	s.on(b.typ, "change", func(js.Value) {
		t := chart.Type(value(b.typ))
		b.edit(func(sp *chart.Spec) *chart.Spec { sp.Type = t; return sp }, true)
	})
	s.on(b.specText, "input", func(js.Value) { b.fromJSON() })
	s.on(b.save, "click", func(js.Value) { b.store(false) })
	s.on(b.saveAs, "click", func(js.Value) { b.store(true) })
}

// slot is the element beside a field where the problems of its path go.
func (b *builder) slot(path string) js.Value {
	e := el("div", "class", "field-problem", "data-path", path)
	b.slots[path] = e
	return e
}

// load fetches the queries, the data sources and the chart being edited.
func (b *builder) load(idText string) {
	ctx := b.a.ctx(b.s)
	if err := b.a.api.do(ctx, "GET", "/api/queries", nil, nil, &b.queries); err != nil {
		add(b.problems, withText(el("li"), "queries: "+describe(err)))
	}
	if err := b.a.api.do(ctx, "GET", "/api/datasources", nil, nil, &b.sources); err != nil {
		add(b.problems, withText(el("li"), "data sources: "+describe(err)))
	}
	add(b.query, withText(el("option", "value", ""), "— choose a saved query —"))
	for _, q := range b.queries {
		add(b.query, withText(el("option", "value", strconv.FormatInt(q.ID, 10)), q.Name))
	}
	for _, d := range b.sources {
		add(b.ds, withText(el("option", "value", strconv.FormatInt(d.ID, 10)), d.Name))
	}
	if id, err := strconv.ParseInt(idText, 10, 64); err == nil {
		var c chart.Saved
		if err := b.a.api.do(ctx, "GET", fmt.Sprintf("/api/charts/%d", id), nil, nil, &c); err != nil {
			add(b.msg, errorBox(describe(err)))
			return
		}
		b.chartID, b.spec = c.ID, c.Spec
		if b.spec.Encoding == nil {
			b.spec.Encoding = map[chart.Channel]chart.Field{}
		}
		b.name.Set("value", c.Name)
		b.savedName = c.Name
	}
	if !b.s.alive() {
		return
	}
	b.writeJSON()
	b.syncForm()
	b.check()
	b.fetchData()
}

// modeOf is the data mode a spec implies, keeping SQL mode while the
// spec names no source (the SQL becomes its query on Save).
func (b *builder) modeOf(sp *chart.Spec) string {
	switch {
	case sp.Data != nil:
		return modeData
	case sp.QueryID != 0:
		return modeQuery
	case value(b.mode) == modeSQL:
		return modeSQL
	}
	return modeQuery
}

// setMode switches the data source the user chose.
func (b *builder) setMode(m string) {
	b.edit(func(sp *chart.Spec) *chart.Spec {
		switch m {
		case modeSQL:
			sp.QueryID, sp.Params, sp.Data = 0, nil, nil
		case modeQuery:
			sp.Data = nil
			id, _ := strconv.ParseInt(value(b.query), 10, 64)
			sp.QueryID = id
		case modeData:
			if sp.Data == nil {
				sp.QueryID, sp.Params = 0, nil
				sp.Data = &api.Result{Columns: []api.Column{}, Rows: [][]any{}}
				if b.res != nil {
					sp.Data = b.res
				}
			}
		}
		return sp
	}, true)
	b.mode.Set("value", m)
	b.showMode(m)
}

func (b *builder) showMode(m string) {
	byID("chart-query-box").Set("hidden", m != modeQuery)
	b.paramsBox.Set("hidden", m != modeQuery)
	byID("chart-sql-box").Set("hidden", m != modeSQL)
}

// drawParams shows a field per parameter the chosen query declares; a
// value goes into the spec's params (empty: the query's default), and
// the query runs again with it.
func (b *builder) drawParams() {
	clear(b.paramsBox)
	var q *api.Query
	for i := range b.queries {
		if b.queries[i].ID == b.spec.QueryID {
			q = &b.queries[i]
		}
	}
	if q == nil || len(q.Params) == 0 {
		return
	}
	for _, def := range q.Params {
		in := el("input", "name", "param-"+def.Name, "placeholder", "default: "+specform.ParamText(def.Default))
		in.Set("value", specform.ParamText(b.spec.Params[def.Name]))
		label := def.Name + " (" + string(def.Type) + ")"
		if def.Required {
			label += " *"
		}
		b.s.on(in, "change", func(js.Value) {
			v, ok := specform.ParamValue(def, value(in))
			if !ok {
				return
			}
			b.edit(func(sp *chart.Spec) *chart.Spec {
				if v == nil {
					delete(sp.Params, def.Name)
				} else {
					if sp.Params == nil {
						sp.Params = map[string]any{}
					}
					sp.Params[def.Name] = v
				}
				if len(sp.Params) == 0 {
					sp.Params = nil
				}
				return sp
			}, false)
		})
		add(b.paramsBox, add(el("label", "class", "builder-field"), withText(el("span"), label), in))
	}
	add(b.paramsBox, b.slot("params"))
}

// syncForm draws every form field from the spec.
func (b *builder) syncForm() {
	m := b.modeOf(b.spec)
	b.mode.Set("value", m)
	b.showMode(m)
	if b.spec.QueryID != 0 {
		b.query.Set("value", strconv.FormatInt(b.spec.QueryID, 10))
	}
	b.typ.Set("value", string(b.spec.Type))
	b.drawForm()
}

// drawForm redraws the encodings and settings (their slots are new, so
// problems are placed again).
func (b *builder) drawForm() {
	for _, keep := range []string{"sql", "data", "query_id", "type"} {
		defer func(p string, e js.Value) { b.slots[p] = e }(keep, b.slots[keep])
	}
	b.slots = map[string]js.Value{}
	ti, _ := chart.Info(b.spec.Type)
	withText(b.typeDesc, ti.Description)
	b.drawParams()
	b.drawEncodings()
	b.drawSettings()
}

// edit changes the spec from the form, rewrites the JSON, and redraws
// the encodings and settings when redraw is set (a new type, new data).
func (b *builder) edit(fn func(*chart.Spec) *chart.Spec, redraw bool) {
	b.spec = fn(b.spec)
	b.writeJSON()
	if redraw {
		b.drawForm()
	}
	b.check()
	b.fetchData()
}

// writeJSON shows the spec as indented JSON.
func (b *builder) writeJSON() {
	b.specText.Set("value", specform.JSON(b.spec))
	b.jsonErr.Set("hidden", true)
}

// fromJSON takes the edited JSON: when it parses, the form follows it;
// when it does not, the error and its position are shown and the form is
// left as it was.
func (b *builder) fromJSON() {
	sp, _, err := chart.Decode([]byte(value(b.specText)))
	if err != nil {
		withText(b.jsonErr, specform.JSONError(value(b.specText), err))
		b.jsonErr.Set("hidden", false)
		b.save.Set("disabled", true)
		b.saveAs.Set("disabled", true)
		return
	}
	b.jsonErr.Set("hidden", true)
	if sp.Encoding == nil {
		sp.Encoding = map[chart.Channel]chart.Field{}
	}
	b.spec = sp
	b.syncForm()
	b.check()
	b.fetchData()
}

// data is what feeds the chart now: the spec's inline dataset, or the
// result of its query or SQL.
func (b *builder) data() *api.Result {
	if b.spec.Data != nil {
		return b.spec.Data
	}
	switch b.modeOf(b.spec) {
	case modeQuery:
		if b.resKey == b.queryKey() {
			return b.res
		}
	case modeSQL:
		return b.res
	}
	return nil
}

func (b *builder) queryKey() string {
	p, _ := json.Marshal(b.spec.Params)
	return fmt.Sprintf("q:%d:%s", b.spec.QueryID, p)
}

// setData takes a new result: the column choices depend on it.
func (b *builder) setData(res *api.Result, key string) {
	b.res, b.resKey, b.choices = res, key, nil
	b.drawForm()
	b.check()
}

// fetchData runs the chosen saved query when it has not been run yet.
func (b *builder) fetchData() {
	if b.spec.Data != nil {
		b.choices = nil
		b.schedulePreview()
		return
	}
	if b.spec.QueryID == 0 || b.resKey == b.queryKey() {
		b.schedulePreview()
		return
	}
	key, id, params := b.queryKey(), b.spec.QueryID, b.spec.Params
	b.resKey = key // one fetch per key
	b.res = nil
	clear(b.dataMsg)
	add(b.dataMsg, loadingNote())
	go func() {
		var res api.Result
		err := b.a.api.do(b.a.ctx(b.s), "POST", fmt.Sprintf("/api/queries/%d/execute", id), nil, api.ExecuteRequest{Params: params}, &res)
		if !b.s.alive() || b.resKey != key {
			return
		}
		clear(b.dataMsg)
		if err != nil {
			b.resKey = ""
			add(b.dataMsg, errorBox("query: "+describe(err)))
			return
		}
		add(b.dataMsg, withText(el("span"), describeResult(&res)))
		b.setData(&res, key)
		b.schedulePreview()
	}()
}

// runSQL runs the inline SQL on the chosen data source.
func (b *builder) runSQL() {
	id, _ := strconv.ParseInt(value(b.ds), 10, 64)
	sql := strings.TrimSpace(value(b.sql))
	if id == 0 || sql == "" {
		clear(b.dataMsg)
		add(b.dataMsg, errorBox("choose a data source and write the SQL first"))
		return
	}
	clear(b.dataMsg)
	add(b.dataMsg, loadingNote())
	b.run.Set("disabled", true)
	go func() {
		defer b.run.Set("disabled", false)
		var res api.Result
		err := b.a.api.do(b.a.ctx(b.s), "POST", fmt.Sprintf("/api/datasources/%d/query", id), nil, api.AdhocQuery{SQL: sql}, &res)
		if !b.s.alive() {
			return
		}
		clear(b.dataMsg)
		if err != nil {
			add(b.dataMsg, errorBox(describe(err)))
			return
		}
		add(b.dataMsg, withText(el("span"), describeResult(&res)))
		b.sqlRan = fmt.Sprintf("%d:%s", id, sql)
		b.setData(&res, "sql:"+b.sqlRan)
		b.schedulePreview()
	}()
}

// describeResult names a result's columns and their types.
func describeResult(res *api.Result) string {
	parts := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		parts[i] = c.Name + " (" + string(c.Type) + ")"
	}
	return fmt.Sprintf("%d rows: %s", len(res.Rows), strings.Join(parts, ", "))
}

// currentProblems validates the JSON as the server will, then the spec
// against its data. In SQL mode the missing query_id is expected (Save
// makes the query) but the SQL must have been run as it stands.
func (b *builder) currentProblems() ([]api.FieldError, bool) {
	sp, fieldErrs, err := chart.Decode([]byte(value(b.specText)))
	if err != nil {
		return nil, false
	}
	var out []api.FieldError
	sqlMode := b.modeOf(sp) == modeSQL
	for _, f := range fieldErrs {
		if sqlMode && f.Path == "query_id" {
			continue
		}
		out = append(out, f)
	}
	if sqlMode {
		id, _ := strconv.ParseInt(value(b.ds), 10, 64)
		if ran := fmt.Sprintf("%d:%s", id, strings.TrimSpace(value(b.sql))); b.res == nil || ran != b.sqlRan {
			out = append(out, api.FieldError{Path: "sql", Message: "run the SQL (Run or Ctrl+Enter) to check the chart against its result"})
		}
	}
	if len(out) == 0 && sp.Data == nil {
		if d := b.data(); d != nil {
			out = append(out, chart.ValidateData(sp, d)...)
		}
	}
	return out, true
}

// check validates and shows the problems, next to their fields and in
// the list by Save, which is disabled while there are any.
func (b *builder) check() {
	probs, ok := b.currentProblems()
	if !ok {
		return // fromJSON shows the syntax error
	}
	b.showProblems(probs)
	b.save.Set("disabled", len(probs) > 0)
	b.saveAs.Set("disabled", len(probs) > 0)
}

func (b *builder) showProblems(probs []api.FieldError) {
	for _, e := range b.slots {
		clear(e)
		e.Get("parentElement").Get("classList").Call("remove", "invalid")
	}
	clear(b.problems)
	has := func(p string) bool { _, ok := b.slots[p]; return ok }
	for _, f := range probs {
		text := f.Message
		if f.Path != "" {
			text = f.Path + ": " + f.Message
		}
		li := withText(el("li", "data-path", f.Path), text)
		if p := specform.FieldFor(f.Path, has); p != "" {
			add(b.slots[p], withText(el("div"), f.Message))
			b.slots[p].Get("parentElement").Get("classList").Call("add", "invalid")
			li.Set("className", "at-field")
		}
		add(b.problems, li)
	}
}

// schedulePreview draws the preview previewDelay ms after the last edit.
func (b *builder) schedulePreview() {
	global.Call("clearTimeout", b.timer)
	b.timer = global.Call("setTimeout", b.tick, previewDelay)
}

// drawPreview draws the spec with its data, with the same code as the
// chart view (mountChart: render/ on a canvas, g3n for 3D). The previous
// preview's listeners and 3D context are released first.
func (b *builder) drawPreview() {
	if !b.s.alive() {
		return
	}
	sp, fieldErrs, err := chart.Decode([]byte(value(b.specText)))
	probs, _ := b.currentProblems()
	d := b.data()
	if err != nil || d == nil || len(probs) > 0 || (len(fieldErrs) > 0 && sp.Data != nil) {
		b.previewNote(d)
		return
	}
	shaped, err := chart.Shape(sp, d, 0)
	if err != nil {
		b.previewNote(d)
		add(b.preview, errorBox(err.Error()))
		return
	}
	if b.previewed != nil {
		b.previewed.close()
	}
	b.previewed = newScreen()
	// Not ready until this drawing is painted (a 3D view after its first
	// frame).
	b.preview.Call("setAttribute", "data-ready", "")
	b.preview.Get("classList").Call("remove", "stale")
	mountChart(b.previewed, b.preview, sp, shaped)
}

// previewNote says what the preview waits for. While the data stays, the
// last drawing is kept, dimmed, so the chart does not vanish while a
// problem is being fixed; otherwise the note replaces it.
func (b *builder) previewNote(d *api.Result) {
	if b.previewed != nil && d != nil {
		b.preview.Get("classList").Call("add", "stale")
		if b.preview.Call("querySelector", ".preview-stale").IsNull() {
			add(b.preview, withText(el("div", "class", "preview-stale", "role", "status"),
				"Out of date: the preview is redrawn once the problems are fixed."))
		}
		b.preview.Call("setAttribute", "data-ready", "stale")
		return
	}
	b.preview.Get("classList").Call("remove", "stale")
	if b.previewed != nil {
		b.previewed.close()
		b.previewed = nil
	}
	clear(b.preview)
	msg := "The preview appears once the chart has no problems."
	if d == nil {
		msg = "The preview appears once the data is loaded."
	}
	add(b.preview, withText(el("p", "class", "muted preview-note"), msg))
	b.preview.Call("setAttribute", "data-ready", "waiting")
}

// store saves the chart: in place, or as a new chart when asNew is set
// or it was never saved. In SQL mode the SQL is first saved as a query
// named after the chart, which then feeds it.
func (b *builder) store(asNew bool) {
	if probs, ok := b.currentProblems(); !ok || len(probs) > 0 {
		return
	}
	name := strings.TrimSpace(value(b.name))
	if asNew && b.chartID != 0 && name == b.savedName {
		name += " (copy)"
		b.name.Set("value", name)
	}
	sqlMode := b.modeOf(b.spec) == modeSQL
	clear(b.msg)
	if sqlMode && name == "" {
		add(b.msg, errorBox("name: is required"))
		return
	}
	b.save.Set("disabled", true)
	b.saveAs.Set("disabled", true)
	go func() {
		ctx := b.a.ctx(b.s)
		if sqlMode {
			id, _ := strconv.ParseInt(value(b.ds), 10, 64)
			var q api.Query
			in := api.QueryInput{DatasourceID: id, Name: name + " (chart query)", SQL: strings.TrimSpace(value(b.sql))}
			if err := b.a.api.do(ctx, "POST", "/api/queries", nil, in, &q); err != nil {
				add(b.msg, errorBox("saving the SQL as a query: "+describe(err)))
				b.check()
				return
			}
			b.queries = append(b.queries, q)
			add(b.query, withText(el("option", "value", strconv.FormatInt(q.ID, 10)), q.Name))
			b.query.Set("value", strconv.FormatInt(q.ID, 10))
			b.spec.QueryID = q.ID
			b.resKey = b.queryKey() // the SQL's result is the query's
			b.writeJSON()
			b.syncForm()
		}
		in := chart.Input{Name: name, Spec: json.RawMessage(value(b.specText))}
		method, path := "POST", "/api/charts"
		if b.chartID != 0 && !asNew {
			method, path = "PUT", fmt.Sprintf("/api/charts/%d", b.chartID)
		}
		var out chart.Saved
		if err := b.a.api.do(ctx, method, path, nil, in, &out); err != nil {
			add(b.msg, errorBox(describe(err)))
			b.check()
			// The server's field errors go next to their fields too
			// (their paths start with "spec.").
			var ae *apiError
			if errors.As(err, &ae) && len(ae.Body.Fields) > 0 {
				probs, _ := b.currentProblems()
				b.showProblems(append(probs, ae.Body.Fields...))
			}
			return
		}
		if b.chartID != out.ID {
			// The address now names the saved chart, so "New chart"
			// (#/editor) is a change of route that starts afresh, and a
			// reload edits this chart instead of making another.
			global.Get("history").Call("replaceState", js.Null(), "", fmt.Sprintf("#/editor/%d", out.ID))
			b.a.hash = fmt.Sprintf("/editor/%d", out.ID)
		}
		b.chartID, b.savedName = out.ID, out.Name
		b.check()
		add(b.msg, add(withText(el("span", "class", "ok"), "Saved. "),
			withText(el("a", "href", fmt.Sprintf("#/charts/%d", out.ID)), "Open the chart")))
	}()
}
