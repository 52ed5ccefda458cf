//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/sqlguard"
	"github.com/gobi-bi/gobi/shared/sqlparam"
)

// showQuery is the query editor: pick a data source, write SQL (checked
// by the shared SQL guard as you type, no round trip), fill in the
// parameters it uses, run it and see the rows.
func (a *app) showQuery(s *screen) {
	a.title("Query")
	pick := el("select", "id", "datasource")
	sql := el("textarea", "id", "sql", "rows", "8", "spellcheck", "false", "placeholder", "SELECT …")
	sql.Set("value", "SELECT 1 AS one")
	guard := el("div", "id", "guard", "class", "guard", "aria-live", "polite")
	params := el("div", "id", "params", "class", "params")
	run := withText(el("button", "type", "button", "id", "run"), "Run")
	out := el("div", "id", "result")
	add(a.root, add(el("div", "class", "card"),
		add(withText(el("label"), "Data source "), pick), sql, guard, params, run), out)

	var sources []api.Datasource
	inputs := map[string]js.Value{}
	edits := 0 // SQL edits so far, so a run's late error is dropped
	dialect := func() api.Dialect {
		i := pick.Get("selectedIndex").Int()
		if i < 0 || i >= len(sources) {
			return api.SQLite
		}
		return sources[i].Type
	}
	check := func() {
		src := value(sql)
		clear(guard)
		err := sqlguard.Check(src, dialect())
		var ge *sqlguard.Error
		switch {
		case err == nil:
			guard.Set("className", "guard ok")
			withText(guard, "✓ a single read-only query")
		case errors.As(err, &ge):
			guard.Set("className", "guard bad")
			withText(guard, fmt.Sprintf("line %d, column %d: %s", ge.Line, ge.Col, ge.Message))
		default:
			guard.Set("className", "guard bad")
			withText(guard, err.Error())
		}
		run.Set("disabled", err != nil)
		names, _ := sqlparam.Names(src, dialect())
		keep := map[string]bool{}
		for _, n := range names {
			keep[n] = true
			if _, ok := inputs[n]; !ok {
				in := el("input", "name", n)
				inputs[n] = in
				add(params, add(withText(el("label"), ":"+n+" "), in))
			}
		}
		for n, in := range inputs {
			if !keep[n] {
				in.Get("parentElement").Call("remove")
				delete(inputs, n)
			}
		}
	}
	s.on(sql, "input", func(js.Value) {
		// An error from the last run was about the SQL as it was then;
		// so is one from a run still in flight.
		edits++
		if out.Call("querySelector", ".error").Truthy() {
			clear(out)
		}
		check()
	})
	s.on(pick, "change", func(js.Value) { check() })
	s.on(run, "click", func(js.Value) {
		i := pick.Get("selectedIndex").Int()
		if i < 0 || i >= len(sources) {
			return
		}
		q := api.AdhocQuery{SQL: value(sql), Params: map[string]any{}}
		for n, in := range inputs {
			if v := value(in); v != "" {
				q.Params[n] = v
			}
		}
		id := sources[i].ID
		run.Set("disabled", true)
		clear(out)
		ran := edits
		go func() {
			defer run.Set("disabled", false)
			var res api.Result
			if err := a.api.do(a.ctx(s), "POST", fmt.Sprintf("/api/datasources/%d/query", id), nil, q, &res); err != nil {
				if ran == edits {
					add(out, errorBox(describe(err)))
				}
				return
			}
			add(out, resultTable(&res, 500))
		}()
	})
	go func() {
		if err := a.api.do(a.ctx(s), "GET", "/api/datasources", nil, nil, &sources); err != nil {
			add(a.root, errorBox(describe(err)))
			return
		}
		for _, d := range sources {
			add(pick, withText(el("option", "value", strconv.FormatInt(d.ID, 10)), d.Name+" ("+string(d.Type)+")"))
		}
		check()
	}()
}

// resultTable shows up to max rows of a result.
func resultTable(res *api.Result, max int) js.Value {
	wrap := el("div", "class", "table-wrap")
	note := fmt.Sprintf("%d rows in %.1f ms", res.RowCount, res.DurationMS)
	if res.Truncated {
		note += " (truncated by the row limit)"
	}
	if res.Cached {
		note += " · cached"
	}
	add(wrap, withText(el("p", "class", "muted", "id", "result-note"), note))
	t := el("table")
	head := el("tr")
	for _, c := range res.Columns {
		add(head, withText(el("th", "title", string(c.Type)), c.Name))
	}
	add(t, add(el("thead"), head))
	body := el("tbody")
	for i, r := range res.Rows {
		if i >= max {
			break
		}
		tr := el("tr")
		for _, v := range r {
			add(tr, withText(el("td"), chart.ToString(v)))
		}
		add(body, tr)
	}
	add(wrap, add(t, body))
	return wrap
}
