//go:build js && wasm

package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlguard"
	"github.com/gobi-bi/gobi/shared/sqlparam"
)

// maxShownRows is how many rows the result table draws; the CSV has
// every row fetched.
const maxShownRows = 500

// queryEditor is the #/query screen's state: the SQL being edited, the
// saved query it came from (if any), the run in flight and the last
// result.
type queryEditor struct {
	a   *app
	s   *screen
	ctx context.Context

	sources []api.Datasource
	saved   *api.Query // nil: not saved yet
	last    *api.Result
	edits   int // SQL edits so far, so a run's late error is dropped
	run     *queryRun

	pick, sql, guard, savedName, runBtn, cancelBtn, progress js.Value
	saveBtn, saveAsBtn, renameBtn, deleteBox                 js.Value
	prompt, promptInput, promptOK                            js.Value
	promptMode                                               string
	out, msg, history, detail                                js.Value
	open                                                     js.Value // Open…: the saved queries
	shareBox                                                 js.Value // Share, or who shared it

	params *paramForms
	schema *schemaBrowser
}

// queryRun is one run in flight.
type queryRun struct {
	id       string
	start    time.Time
	stop     context.CancelFunc
	canceled bool
	done     bool // its answer came
}

func (a *app) queryEditor(s *screen, idText string) {
	a.title("Query")
	e := &queryEditor{a: a, s: s, ctx: a.ctx(s)}
	e.pick = el("select", "id", "datasource")
	e.sql = el("textarea", "id", "sql", "rows", "10", "spellcheck", "false", "placeholder", "SELECT …  (Ctrl+Enter runs)")
	e.sql.Set("value", "SELECT 1 AS one")
	e.guard = el("div", "id", "guard", "class", "guard", "aria-live", "polite")
	e.savedName = withText(el("span", "id", "saved-name", "class", "saved-name muted"), "Unsaved query")
	e.shareBox = el("span", "class", "query-share")
	e.runBtn = withText(el("button", "type", "button", "id", "run", "title", "Ctrl+Enter"), "Run")
	e.cancelBtn = withText(el("button", "type", "button", "id", "cancel-run", "class", "danger", "hidden", ""), "Cancel")
	e.progress = el("span", "id", "run-progress", "class", "muted", "aria-live", "polite")
	e.saveBtn = withText(el("button", "type", "button", "id", "save", "class", "plain"), "Save")
	e.saveAsBtn = withText(el("button", "type", "button", "id", "save-as", "class", "plain"), "Save as…")
	e.renameBtn = withText(el("button", "type", "button", "id", "rename", "class", "plain"), "Rename…")
	e.deleteBox = confirmButton(s, "Delete", "plain", e.remove)
	e.deleteBox.Set("id", "delete-box")
	e.promptInput = el("input", "id", "name-input", "placeholder", "Query name", "size", "30")
	e.promptOK = withText(el("button", "type", "button", "id", "name-ok"), "OK")
	promptNo := withText(el("button", "type", "button", "id", "name-cancel", "class", "plain"), "Cancel")
	e.prompt = add(el("div", "id", "name-prompt", "class", "name-prompt", "hidden", ""), e.promptInput, e.promptOK, promptNo)
	e.out = el("div", "id", "result")
	e.msg = el("div", "id", "save-result", "aria-live", "polite")
	e.history = el("div", "id", "history")
	e.detail = el("div", "id", "history-detail")
	e.params = newParamForms(s, func() { e.check() })
	e.open = el("select", "id", "open-query", "title", "Open a saved query")
	open := e.open
	s.on(open, "change", func(js.Value) {
		if v := value(open); v != "" {
			global.Get("location").Set("hash", "#/query/"+v)
		}
	})
	e.schema = newSchemaBrowser(a, s, func(text string) { insertAtCursor(e.sql, text) })

	actions := add(el("div", "class", "query-actions"), e.runBtn, e.cancelBtn, e.progress,
		el("span", "class", "spacer"), e.saveBtn, e.saveAsBtn, e.renameBtn, e.deleteBox)
	editor := add(el("div", "class", "card query-editor"),
		add(el("div", "class", "query-head"), add(withText(el("label"), "Data source "), e.pick),
			add(el("span", "class", "query-open"), e.savedName, e.shareBox, open)),
		e.sql, e.guard, e.params.box(), e.params.runBox, actions, e.prompt, e.msg)
	historyCard := add(el("div", "class", "card query-history", "id", "history-card"),
		withText(el("h3"), "Run history"), e.history, e.detail)
	main := add(el("div", "class", "query-main"), editor, e.out, historyCard)
	add(a.root, add(el("div", "class", "query-layout"), e.schema.box, main))

	s.on(e.sql, "input", func(js.Value) {
		// An error from the last run was about the SQL as it was then;
		// so is one from a run still in flight.
		e.edits++
		if e.out.Call("querySelector", ".error").Truthy() {
			clear(e.out)
		}
		e.check()
	})
	s.on(e.sql, "keydown", func(ev js.Value) {
		if ev.Get("key").String() == "Enter" && (ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) {
			ev.Call("preventDefault")
			e.start()
		}
	})
	s.on(e.pick, "change", func(js.Value) {
		e.check()
		if ds := e.source(); ds != nil {
			e.schema.show(e.ctx, ds.ID, ds.Type)
		}
	})
	s.on(e.runBtn, "click", func(js.Value) { e.start() })
	s.on(e.cancelBtn, "click", func(js.Value) { e.cancel() })
	s.on(e.saveBtn, "click", func(js.Value) {
		if e.saved == nil {
			e.ask("save", "")
			return
		}
		e.save("update", e.saved.Name)
	})
	s.on(e.saveAsBtn, "click", func(js.Value) {
		name := ""
		if e.saved != nil {
			name = e.saved.Name + " copy"
		}
		e.ask("saveas", name)
	})
	s.on(e.renameBtn, "click", func(js.Value) {
		if e.saved != nil {
			e.ask("rename", e.saved.Name)
		}
	})
	s.on(e.promptOK, "click", func(js.Value) { e.answer() })
	s.on(e.promptInput, "keydown", func(ev js.Value) {
		switch ev.Get("key").String() {
		case "Enter":
			e.answer()
		case "Escape":
			e.prompt.Set("hidden", true)
		}
	})
	s.on(promptNo, "click", func(js.Value) { e.prompt.Set("hidden", true) })
	e.showSaved()

	go func() {
		if err := a.api.do(e.ctx, "GET", "/api/datasources", nil, nil, &e.sources); err != nil {
			add(e.msg, errorBox(describe(err)))
			return
		}
		for _, d := range e.sources {
			add(e.pick, withText(el("option", "value", strconv.FormatInt(d.ID, 10)), d.Name+" ("+string(d.Type)+")"))
		}
		if len(e.sources) == 0 {
			// Run does nothing without a source: say what to do first.
			add(e.msg, add(withText(el("p", "class", "muted", "id", "no-sources"), "You have no data sources yet: "),
				withText(el("a", "href", "#/datasources/new"), "add one"), document.Call("createTextNode", " to query it.")))
		}
		e.listSaved()
		if id, err := strconv.ParseInt(idText, 10, 64); err == nil && id > 0 {
			var q api.Query
			if err := a.api.do(e.ctx, "GET", fmt.Sprintf("/api/queries/%d", id), nil, nil, &q); err != nil {
				add(e.msg, errorBox(describe(err)))
			} else {
				e.saved = &q
				e.pick.Set("value", strconv.FormatInt(q.DatasourceID, 10))
				e.sql.Set("value", q.SQL)
				e.params.set(q.Params)
				e.showSaved()
				e.loadHistory()
			}
		}
		e.check()
		if ds := e.source(); ds != nil {
			e.schema.show(e.ctx, ds.ID, ds.Type)
		}
	}()
}

// source is the chosen data source, or nil.
func (e *queryEditor) source() *api.Datasource {
	i := e.pick.Get("selectedIndex").Int()
	if i < 0 || i >= len(e.sources) {
		return nil
	}
	return &e.sources[i]
}

func (e *queryEditor) dialect() api.Dialect {
	if ds := e.source(); ds != nil {
		return ds.Type
	}
	return api.SQLite
}

// check runs the shared SQL guard and parameter checks, as typed, and
// redraws the run form for the parameters the SQL uses.
func (e *queryEditor) check() {
	src := value(e.sql)
	clear(e.guard)
	err := sqlguard.Check(src, e.dialect())
	var ge *sqlguard.Error
	switch {
	case err == nil:
		e.guard.Set("className", "guard ok")
		withText(e.guard, "✓ a single read-only query")
	case errors.As(err, &ge):
		e.guard.Set("className", "guard bad")
		withText(e.guard, fmt.Sprintf("line %d, column %d: %s", ge.Line, ge.Col, ge.Message))
	default:
		e.guard.Set("className", "guard bad")
		withText(e.guard, err.Error())
	}
	defsBad := e.params.check() != ""
	e.runBtn.Set("disabled", err != nil || defsBad || e.run != nil)
	e.saveBtn.Set("disabled", err != nil || defsBad)
	e.saveAsBtn.Set("disabled", err != nil || defsBad)
	names, _ := sqlparam.Names(src, e.dialect())
	e.params.drawRun(names)
}

// showSaved shows the saved query's name and the buttons that need one.
func (e *queryEditor) showSaved() {
	if e.saved == nil {
		withText(e.savedName, "Unsaved query")
		e.savedName.Set("className", "saved-name muted")
		document.Set("title", "Query · Gobi")
	} else {
		withText(e.savedName, e.saved.Name)
		e.savedName.Set("className", "saved-name")
		document.Set("title", e.saved.Name+" · Query · Gobi")
	}
	e.renameBtn.Set("hidden", e.saved == nil)
	e.deleteBox.Set("hidden", e.saved == nil)
	e.saveAsBtn.Set("hidden", e.saved == nil)
	e.saveBtn.Set("hidden", false)
	clear(e.shareBox)
	if e.saved != nil {
		// The owner gets Share; someone it is shared with sees whose it
		// is, and a viewer cannot save, rename or delete it, an editor
		// cannot delete it (the server refuses those with 403).
		anchor := el("span")
		add(e.shareBox, anchor)
		e.a.shareActions(e.s, anchor, api.ShareQuery, e.saved.ID, e.saved.Access, e.saved.Owner, "save", "rename", "delete-box")
		if e.saved.Access == api.AccessEditor {
			e.deleteBox.Set("hidden", true)
		}
	}
	if e.saved == nil {
		clear(e.history)
		clear(e.detail)
		add(e.history, withText(el("p", "class", "muted"), "Save the query to keep a history of its runs."))
	}
}

// ask shows the name field for Save (first time), Save as or Rename.
func (e *queryEditor) ask(mode, name string) {
	e.promptMode = mode
	e.promptInput.Set("value", name)
	withText(e.promptOK, map[string]string{"save": "Save", "saveas": "Save as new", "rename": "Rename"}[mode])
	e.prompt.Set("hidden", false)
	e.promptInput.Call("focus")
	e.promptInput.Call("select")
}

func (e *queryEditor) answer() {
	name := strings.TrimSpace(value(e.promptInput))
	if name == "" {
		clear(e.msg)
		add(e.msg, errorBox("Give the query a name."))
		return
	}
	e.prompt.Set("hidden", true)
	switch e.promptMode {
	case "rename":
		e.save("rename", name)
	default:
		e.save("create", name)
	}
}

// input is the form as a saved query named name.
func (e *queryEditor) input(name string) api.QueryInput {
	in := api.QueryInput{Name: name, SQL: value(e.sql), Params: e.params.defs()}
	if ds := e.source(); ds != nil {
		in.DatasourceID = ds.ID
	}
	if e.saved != nil {
		in.Description, in.TimeoutMS, in.MaxRows, in.CacheTTLMS = e.saved.Description, e.saved.TimeoutMS, e.saved.MaxRows, e.saved.CacheTTLMS
	}
	return in
}

// save creates ("create"), replaces ("update") or renames ("rename")
// the saved query. Rename changes the name only, not unsaved edits.
func (e *queryEditor) save(how, name string) {
	in := e.input(name)
	method, path := "POST", "/api/queries"
	if how != "create" {
		if e.saved == nil {
			return
		}
		method, path = "PUT", fmt.Sprintf("/api/queries/%d", e.saved.ID)
	}
	if how == "rename" {
		q := e.saved
		in = api.QueryInput{DatasourceID: q.DatasourceID, Name: name, Description: q.Description, SQL: q.SQL, Params: q.Params,
			TimeoutMS: q.TimeoutMS, MaxRows: q.MaxRows, CacheTTLMS: q.CacheTTLMS}
	}
	clear(e.msg)
	go func() {
		var out api.Query
		if err := e.a.api.do(e.ctx, method, path, nil, in, &out); err != nil {
			add(e.msg, errorBox(describe(err)))
			return
		}
		if e.saved == nil || e.saved.ID != out.ID {
			clear(e.detail) // another query's run
		}
		e.saved = &out
		// The address names the saved query: a reload opens it, and
		// after Save as it is the new one.
		global.Get("history").Call("replaceState", js.Null(), "", fmt.Sprintf("#/query/%d", out.ID))
		e.showSaved()
		done := map[string]string{"create": "Saved as “%s”.", "update": "Saved “%s”.", "rename": "Renamed to “%s”."}[how]
		add(e.msg, withText(el("span", "class", "ok"), fmt.Sprintf(done, out.Name)))
		e.loadHistory()
		e.listSaved()
	}()
}

// listSaved fills Open… with the caller's saved queries.
func (e *queryEditor) listSaved() {
	go func() {
		var saved []api.Query
		if err := e.a.api.do(e.ctx, "GET", "/api/queries", nil, nil, &saved); err != nil {
			return
		}
		clear(e.open)
		add(e.open, withText(el("option", "value", ""), "Open…"))
		for _, q := range saved {
			add(e.open, withText(el("option", "value", strconv.FormatInt(q.ID, 10)), q.Name))
		}
	}()
}

// remove deletes the saved query (after the Delete button's question).
func (e *queryEditor) remove() {
	if e.saved == nil {
		return
	}
	q := e.saved
	clear(e.msg)
	go func() {
		if err := e.a.api.do(e.ctx, "DELETE", fmt.Sprintf("/api/queries/%d", q.ID), nil, nil, nil); err != nil {
			add(e.msg, errorBox(describe(err)))
			return
		}
		e.saved = nil
		global.Get("history").Call("replaceState", js.Null(), "", "#/query")
		e.showSaved()
		add(e.msg, withText(el("span", "class", "ok"), fmt.Sprintf("Deleted “%s”. The SQL stays here unsaved.", q.Name)))
		e.listSaved()
	}()
}

// unchanged reports whether the form is the saved query as saved, so
// that a run is a run of it (and goes into its history).
func (e *queryEditor) unchanged() bool {
	q, ds := e.saved, e.source()
	if q == nil || ds == nil || ds.ID != q.DatasourceID || value(e.sql) != q.SQL {
		return false
	}
	a, _ := json.Marshal(e.params.defs())
	b, _ := json.Marshal(nonNilDefs(q.Params))
	return string(a) == string(b)
}

func nonNilDefs(d []api.ParamDef) []api.ParamDef {
	if d == nil {
		return []api.ParamDef{}
	}
	return d
}

// newRunID is a random run id for the cancel endpoint, from the
// browser's crypto.getRandomValues (Go's crypto/rand would add its
// FIPS module, about 100 KB gzip, to the client).
func newRunID() string {
	buf := global.Get("Uint8Array").New(12)
	global.Get("crypto").Call("getRandomValues", buf)
	b := make([]byte, 12)
	js.CopyBytesToGo(b, buf)
	return "web-" + hex.EncodeToString(b)
}

// start runs the editor's SQL (the saved query itself when unchanged),
// showing the time elapsed and a Cancel button while it runs.
func (e *queryEditor) start() {
	ds := e.source()
	if ds == nil || e.run != nil || e.runBtn.Get("disabled").Bool() {
		return
	}
	ctx, stop := context.WithCancel(e.ctx)
	r := &queryRun{id: newRunID(), start: time.Now(), stop: stop}
	e.run = r
	method, path := "POST", fmt.Sprintf("/api/datasources/%d/query", ds.ID)
	var body any = api.AdhocQuery{SQL: value(e.sql), Params: e.params.values(), ParamDefs: e.params.defs(), RunID: r.id}
	if e.unchanged() {
		path = fmt.Sprintf("/api/queries/%d/execute", e.saved.ID)
		body = api.ExecuteRequest{Params: e.params.values(), RunID: r.id}
	}
	e.runBtn.Set("disabled", true)
	e.cancelBtn.Set("hidden", false)
	e.cancelBtn.Set("disabled", false)
	clear(e.out)
	ran := e.edits
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			withText(e.progress, fmt.Sprintf("Running… %.1f s", time.Since(r.start).Seconds()))
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	go func() {
		var res api.Result
		err := e.a.api.do(ctx, method, path, nil, body, &res)
		took := time.Since(r.start)
		r.done = true
		stop()
		e.run = nil
		e.cancelBtn.Set("hidden", true)
		if !e.s.alive() {
			return
		}
		e.check()
		var ae *apiError
		switch {
		case r.canceled || (errors.As(err, &ae) && ae.Status == 499):
			withText(e.progress, "")
			add(e.out, withText(el("div", "class", "canceled", "id", "run-canceled", "role", "status"),
				"Canceled after "+elapsed(took)+": the query was stopped on the database."))
		case err != nil:
			withText(e.progress, "")
			if ran == e.edits {
				add(e.out, errorBox(describe(err)))
			}
		default:
			withText(e.progress, "Done in "+elapsed(took))
			e.last = &res
			e.showResult()
		}
		if e.saved != nil {
			e.loadHistory()
		}
	}()
}

// elapsed is a duration to show: milliseconds under a second.
func elapsed(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// cancel stops the run in flight: on the server (its run id), then the
// fetch itself.
func (e *queryEditor) cancel() {
	r := e.run
	if r == nil || r.canceled {
		return
	}
	r.canceled = true
	e.cancelBtn.Set("disabled", true)
	withText(e.progress, "Canceling…")
	go func() {
		ctx, done := context.WithTimeout(e.ctx, 5*time.Second)
		defer done()
		defer r.stop() // the fetch is aborted in any case
		// 404 means no run of that id is running: it ended, or the
		// server has not started it yet (a click right after Run), so
		// ask again for a little while as long as the run is out.
		for i := 0; i < 20 && !r.done; i++ {
			err := e.a.api.do(ctx, "POST", "/api/queries/runs/"+url.PathEscape(r.id)+"/cancel", nil, nil, nil)
			var ae *apiError
			if err == nil || !errors.As(err, &ae) || ae.Status != 404 {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
}

// showResult draws the last result with its CSV download.
func (e *queryEditor) showResult() {
	clear(e.out)
	res := e.last
	csv := withText(el("button", "type", "button", "id", "csv", "class", "plain"), "Download CSV")
	e.s.on(csv, "click", func(js.Value) {
		name := "query"
		if e.saved != nil {
			name = e.saved.Name
		}
		if err := downloadCSV(res, name); err != nil {
			add(e.out, errorBox(describe(err)))
		}
	})
	add(e.out, add(el("div", "class", "result-bar"), csv), resultTable(res, maxShownRows))
}

// loadHistory lists the saved query's last runs.
func (e *queryEditor) loadHistory() {
	q := e.saved
	if q == nil {
		return
	}
	go func() {
		var runs []api.Execution
		err := e.a.api.do(e.ctx, "GET", fmt.Sprintf("/api/queries/%d/executions", q.ID), url.Values{"limit": {"20"}}, nil, &runs)
		if e.saved == nil || e.saved.ID != q.ID {
			return
		}
		clear(e.history)
		if err != nil {
			add(e.history, errorBox(describe(err)))
			return
		}
		if len(runs) == 0 {
			add(e.history, withText(el("p", "class", "muted"), "No runs yet."))
			return
		}
		t := el("table", "class", "history-table", "id", "history-table")
		head := el("tr")
		for _, h := range []string{"Started", "Duration", "Rows", "Status"} {
			add(head, withText(el("th"), h))
		}
		add(t, add(el("thead"), head))
		body := el("tbody")
		for _, x := range runs {
			tr := el("tr", "class", "history-row status-"+x.Status, "tabindex", "0", "data-id", strconv.FormatInt(x.ID, 10))
			status := x.Status
			if x.Cached {
				status += " (cached)"
			}
			add(tr, withText(el("td"), x.StartedAt.Local().Format("2006-01-02 15:04:05")),
				withText(el("td", "class", "num"), fmt.Sprintf("%.1f ms", x.DurationMS)),
				withText(el("td", "class", "num"), group(int64(x.RowCount))),
				withText(el("td", "class", "status"), status))
			run := x
			e.s.on(tr, "click", func(js.Value) { e.showRun(q, run) })
			add(body, tr)
		}
		add(e.history, add(t, body))
	}()
}

// showRun shows one run's details.
func (e *queryEditor) showRun(q *api.Query, x api.Execution) {
	clear(e.detail)
	dl := el("dl", "class", "run-detail")
	item := func(k, v string) { add(dl, withText(el("dt"), k), withText(el("dd"), v)) }
	item("Started", x.StartedAt.Local().Format("2006-01-02 15:04:05.000"))
	item("Duration", fmt.Sprintf("%.1f ms", x.DurationMS))
	rows := group(int64(x.RowCount))
	if x.Truncated {
		rows += " (cut at a limit)"
	}
	item("Rows", rows)
	item("Status", x.Status)
	if x.Error != "" {
		item("Error", x.Error)
	}
	add(e.detail, dl,
		withText(el("p", "class", "muted"), "Runs do not store their SQL or parameter values; the query as saved now:"),
		withText(el("pre", "class", "run-sql"), q.SQL))
}
