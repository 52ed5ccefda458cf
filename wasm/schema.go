//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

// schemaBrowser is the panel beside the SQL editor: the data source's
// tables and views (GET /api/datasources/{id}/schema), each opening to
// its columns with their types, and a filter box. Clicking a table or
// column name inserts it, quoted when the dialect needs it, at the
// editor's cursor.
type schemaBrowser struct {
	a      *app
	s      *screen
	box    js.Value // the panel
	filter js.Value
	tree   js.Value
	insert func(text string)
	// load counts loads, so a slow answer for a data source no longer
	// chosen is dropped.
	load    int
	schema  *api.DatasourceSchema
	dialect api.Dialect
}

func newSchemaBrowser(a *app, s *screen, insert func(string)) *schemaBrowser {
	b := &schemaBrowser{a: a, s: s, insert: insert,
		box:    el("aside", "class", "card schema", "id", "schema"),
		filter: el("input", "id", "schema-filter", "type", "search", "placeholder", "Filter tables and columns"),
		tree:   el("div", "class", "schema-tree", "id", "schema-tree")}
	add(b.box, withText(el("h3"), "Schema"), b.filter, b.tree)
	s.on(b.filter, "input", func(js.Value) { b.draw() })
	return b
}

// show loads and draws the schema of data source id.
func (b *schemaBrowser) show(ctx context.Context, id int64, d api.Dialect) {
	b.load++
	n := b.load
	b.dialect, b.schema = d, nil
	clear(b.tree)
	add(b.tree, loadingNote())
	go func() {
		var sc api.DatasourceSchema
		err := b.a.api.do(ctx, "GET", fmt.Sprintf("/api/datasources/%d/schema", id), nil, nil, &sc)
		if n != b.load || !b.s.alive() {
			return
		}
		clear(b.tree)
		if err != nil {
			add(b.tree, errorBox(describe(err)))
			return
		}
		b.schema = &sc
		b.draw()
	}()
}

// draw shows the tables matching the filter: a table matches by its
// name (all its columns shown) or by a column's (those columns shown).
func (b *schemaBrowser) draw() {
	if b.schema == nil {
		return
	}
	clear(b.tree)
	f := strings.ToLower(strings.TrimSpace(value(b.filter)))
	shown := 0
	for _, t := range b.schema.Tables {
		full := t.Name
		if t.Schema != "" && t.Schema != "public" {
			full = t.Schema + "." + t.Name
		}
		tableHit := f == "" || strings.Contains(strings.ToLower(full), f)
		var cols []api.SchemaColumn
		for _, c := range t.Columns {
			if tableHit || strings.Contains(strings.ToLower(c.Name), f) {
				cols = append(cols, c)
			}
		}
		if !tableHit && len(cols) == 0 {
			continue
		}
		shown++
		d := el("details", "class", "schema-table", "data-table", full)
		if f != "" {
			d.Set("open", true)
		}
		sum := el("summary")
		kind := "table"
		if t.View {
			kind = "view"
		}
		name := withText(el("button", "type", "button", "class", "link schema-name", "title", "Insert "+kind+" name"), full)
		qualified := b.quoteName(t.Schema, t.Name)
		b.s.on(name, "click", func(ev js.Value) {
			ev.Call("preventDefault") // not the summary's toggle
			b.insert(qualified)
		})
		add(sum, name, withText(el("span", "class", "muted"), " "+kind))
		add(d, sum)
		ul := el("ul", "class", "schema-columns")
		for _, c := range cols {
			li := el("li")
			col := withText(el("button", "type", "button", "class", "link schema-col", "data-column", c.Name, "title", "Insert column name"), c.Name)
			quoted := quoteIdent(c.Name, b.dialect)
			b.s.on(col, "click", func(js.Value) { b.insert(quoted) })
			typ := strings.ToLower(c.Type)
			if c.Nullable {
				typ += ", null"
			}
			add(li, col, withText(el("span", "class", "muted schema-type"), " "+typ))
			add(ul, li)
		}
		add(d, ul)
		add(b.tree, d)
	}
	if shown == 0 {
		msg := "No tables."
		if f != "" {
			msg = "Nothing matches “" + f + "”."
		}
		add(b.tree, withText(el("p", "class", "muted"), msg))
	}
	if b.schema.Truncated {
		add(b.tree, withText(el("p", "class", "muted"), "The database has more columns than one listing shows."))
	}
}

// quoteName is schema.table (the schema left out on SQLite and for
// PostgreSQL's public), each part quoted as needed.
func (b *schemaBrowser) quoteName(schema, table string) string {
	if schema == "" || (b.dialect == api.Postgres && schema == "public") || b.dialect == api.MySQL {
		// MySQL's schema is the connection's database.
		return quoteIdent(table, b.dialect)
	}
	return quoteIdent(schema, b.dialect) + "." + quoteIdent(table, b.dialect)
}

// quoteIdent returns name as is when it lexes as one plain word that is
// not a keyword (and, on PostgreSQL, is lower case, which it folds to),
// else quoted for the dialect: `x` on MySQL, "x" elsewhere.
func quoteIdent(name string, d api.Dialect) string {
	toks, err := sqllex.Tokenize(name, d)
	plain := err == nil && len(toks) == 1 && toks[0].Kind == sqllex.Ident && toks[0].Text == name
	if plain && d == api.Postgres && strings.ToLower(name) != name {
		plain = false
	}
	if plain {
		return name
	}
	if d == api.MySQL {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// insertAtCursor puts text into a textarea at its selection, leaves the
// cursor after it and fires input, as typing would.
func insertAtCursor(ta js.Value, text string) {
	v := value(ta)
	start, end := ta.Get("selectionStart").Int(), ta.Get("selectionEnd").Int()
	// selectionStart counts UTF-16 units; the Go string is UTF-8.
	u := utf16Index(v)
	if start > len(u)-1 {
		start = len(u) - 1
	}
	if end > len(u)-1 {
		end = len(u) - 1
	}
	if end < start {
		end = start
	}
	before, after := v[:u[start]], v[u[end]:]
	ta.Set("value", before+text+after)
	pos := start + len(utf16Index(text)) - 1
	ta.Call("focus")
	ta.Call("setSelectionRange", pos, pos)
	ta.Call("dispatchEvent", global.Get("Event").New("input", map[string]any{"bubbles": true}))
}

// utf16Index maps each UTF-16 offset of s (and its end) to a byte offset.
func utf16Index(s string) []int {
	idx := make([]int, 0, len(s)+1)
	for i, r := range s {
		idx = append(idx, i)
		if r >= 0x10000 {
			idx = append(idx, i)
		}
	}
	return append(idx, len(s))
}
