//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
)

// The data source screens: #/datasources lists them (Test, Edit, Delete
// per row), #/datasources/new and #/datasources/{id} show the form for
// one. The server decides everything (paths, hosts, privileges); these
// screens send what was typed and show its answer next to the fields.

func init() { screens["datasources"] = (*app).showDatasources }

func (a *app) showDatasources(s *screen, rest []string) {
	switch {
	case len(rest) == 0 || rest[0] == "":
		a.datasourceList(s)
	case rest[0] == "new":
		a.datasourceForm(s, 0)
	default:
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil || id <= 0 {
			a.title("Data source")
			add(a.root, errorBox(fmt.Sprintf("%q is not a data source id.", rest[0])))
			return
		}
		a.datasourceForm(s, id)
	}
}

// datasourceList is the table of the caller's data sources.
func (a *app) datasourceList(s *screen) {
	a.title("Data sources")
	add(a.root, withText(el("a", "href", "#/datasources/new", "class", "button", "id", "ds-new"), "New data source"))
	msg := el("div", "id", "ds-msg")
	tbl, body := table("datasources", "Name", "Type", "Connects to", "Created", "")
	wait := loadingNote()
	add(a.root, msg, add(el("div", "class", "table-wrap"), tbl), wait)
	var load func()
	load = func() {
		go func() {
			defer wait.Call("remove")
			var ds []api.Datasource
			if err := a.api.do(a.ctx(s), "GET", "/api/datasources", nil, nil, &ds); err != nil {
				flash(msg, err, "")
				return
			}
			clear(body)
			if len(ds) == 0 {
				row(body, "No data sources yet.")
			}
			for _, d := range ds {
				a.datasourceRow(s, body, d, msg, load)
			}
		}()
	}
	load()
}

// datasourceRow adds one data source with its Test, Edit and Delete.
func (a *app) datasourceRow(s *screen, body js.Value, d api.Datasource, msg js.Value, reload func()) {
	path := fmt.Sprintf("/api/datasources/%d", d.ID)
	test := withText(el("button", "type", "button", "class", "small plain ds-test"), "Test")
	s.on(test, "click", func(js.Value) {
		go a.testDatasource(s, d.ID, d.Name, msg, test)
	})
	edit := withText(el("a", "href", fmt.Sprintf("#/datasources/%d", d.ID), "class", "ds-edit"), "Edit")
	del := confirmButton(s, "Delete", "delete", func() {
		go func() {
			err := a.api.do(a.ctx(s), "DELETE", path, nil, nil, nil)
			flash(msg, err, fmt.Sprintf("Data source %s deleted.", d.Name))
			if err == nil {
				reload()
			}
		}()
	})
	actions := add(el("span", "class", "ds-actions"), test, edit, del)
	tr := row(body, d.Name, string(d.Type), connectsTo(d), when(&d.CreatedAt, ""), actions)
	tr.Call("setAttribute", "data-ds", strconv.FormatInt(d.ID, 10))
	tr.Call("setAttribute", "data-name", d.Name)
}

// connectsTo is where a data source points: its file, or host:port/db.
func connectsTo(d api.Datasource) string {
	if d.Type == api.SQLite {
		if d.Path != "" {
			return d.Path
		}
		return d.Database
	}
	// Not net.JoinHostPort: package net would add to the module.
	where := d.Host
	if strings.Contains(where, ":") {
		where = "[" + where + "]"
	}
	if d.Port != 0 {
		where += ":" + strconv.Itoa(d.Port)
	}
	return where + "/" + d.Database
}

// testDatasource tests a saved data source and shows the outcome in box,
// with a spinner while it runs; btn (when valid) is disabled meanwhile.
func (a *app) testDatasource(s *screen, id int64, name string, box, btn js.Value) {
	if btn.Truthy() {
		btn.Set("disabled", true)
		defer btn.Set("disabled", false)
	}
	clear(box)
	wait := loadingNote()
	wait.Call("append", " testing "+name)
	add(box, wait)
	var res api.DatasourceTest
	err := a.api.do(a.ctx(s), "POST", fmt.Sprintf("/api/datasources/%d/test", id), nil, nil, &res)
	wait.Call("remove")
	if !s.alive() {
		return
	}
	add(box, testPanel(name, res, err))
}

// testPanel shows a test's outcome: the server's version and time, its
// warnings and what a privileged login can do; or why it failed.
func testPanel(name string, res api.DatasourceTest, err error) js.Value {
	p := el("div", "id", "ds-test", "class", "ds-test", "role", "status")
	if err != nil {
		p.Call("setAttribute", "class", "ds-test failed")
		add(p, withText(el("strong"), "Test of "+name+" failed: "), withText(el("span", "class", "ds-test-error"), describe(err)))
		return p
	}
	p.Call("setAttribute", "class", "ds-test passed")
	line := fmt.Sprintf("%s answered in %.0f ms", name, res.DurationMS)
	if res.ServerVersion != "" {
		line += " — " + res.ServerVersion
	}
	add(p, withText(el("strong"), "Connected. "), withText(el("span"), line))
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		ul := el("ul", "class", "ds-warnings")
		for _, w := range items {
			add(ul, withText(el("li"), w))
		}
		add(p, withText(el("p", "class", "ds-warn-title"), title), ul)
	}
	list("Warnings", res.Warnings)
	list("This login can do more than read (allowed by an admin):", res.Privileged)
	return p
}

// dsFields are the form's inputs, and beside each its error slot.
type dsFields struct {
	form, name, typ, path, host, port, database, username, password, sslMode, allow js.Value
	sqlite, network                                                                 js.Value
	errs                                                                            map[string]js.Value
	// admin shows (and sends) allow_privileged.
	admin bool
	// stored is the source being edited: its limits, which the form has
	// no fields for, are sent back unchanged.
	stored api.Datasource
}

// field wraps input in a labelled row with an error slot for the server
// path key.
func (f *dsFields) field(label, key string, input js.Value) js.Value {
	slot := el("span", "class", "field-error", "data-field", key, "role", "alert")
	f.errs[key] = slot
	return add(el("label", "class", "ds-field"), withText(el("span"), label), input, slot)
}

// datasourceForm creates (id 0) or edits a data source. Saving tests it
// at once; Test re-tests the saved settings (the server tests saved
// sources only).
func (a *app) datasourceForm(s *screen, id int64) {
	h := a.title("New data source")
	if id != 0 {
		withText(h, "Edit data source")
	}
	top := el("div", "id", "ds-error")
	f := &dsFields{errs: map[string]js.Value{}}
	f.form = el("form", "class", "card ds-form", "id", "ds-form", "novalidate", "")
	f.name = el("input", "name", "name", "autocomplete", "off", "maxlength", "200")
	f.typ = el("select", "name", "type")
	for _, t := range []struct{ v, label string }{{"sqlite", "SQLite file"}, {"postgres", "PostgreSQL"}, {"mysql", "MySQL / MariaDB"}} {
		add(f.typ, withText(el("option", "value", t.v), t.label))
	}
	f.path = el("select", "name", "path")
	f.host = el("input", "name", "host", "autocomplete", "off", "placeholder", "db.example.com")
	f.port = el("input", "name", "port", "type", "number", "min", "1", "max", "65535")
	f.database = el("input", "name", "database", "autocomplete", "off")
	f.username = el("input", "name", "username", "autocomplete", "off")
	f.password = el("input", "name", "password", "type", "password", "autocomplete", "new-password")
	f.sslMode = el("select", "name", "ssl_mode")
	f.allow = el("input", "type", "checkbox", "name", "allow_privileged")
	pathWait := el("span", "class", "ds-path-wait")
	f.sqlite = add(el("fieldset", "class", "ds-sqlite"), add(f.field("File", "path", f.path), pathWait))
	f.network = add(el("fieldset", "class", "ds-network"),
		f.field("Host", "host", f.host), f.field("Port", "port", f.port), f.field("Database", "database", f.database),
		f.field("User", "username", f.username), f.field("Password", "password", f.password), f.field("SSL mode", "ssl_mode", f.sslMode))
	allowRow := add(el("label", "class", "ds-allow", "hidden", ""), f.allow,
		withText(el("span"), " Accept a login that can do more than read (admins only; Gobi refuses such logins otherwise)"))
	save := withText(el("button", "type", "submit", "id", "ds-save"), "Save and test")
	test := withText(el("button", "type", "button", "class", "plain", "id", "ds-test-btn"), "Test")
	back := withText(el("a", "href", "#/datasources", "class", "ds-back"), "Back to data sources")
	result := el("div", "id", "ds-result")
	add(f.form, f.field("Name", "name", f.name), f.field("Type", "type", f.typ), f.sqlite, f.network, allowRow,
		add(el("div", "class", "ds-buttons"), save, test, back))
	add(a.root, top, f.form, result)

	saved := id
	var stored api.Datasource
	setTest := func() {
		test.Set("disabled", saved == 0)
		if saved == 0 {
			test.Set("title", "Save first: the server tests saved data sources")
		} else {
			test.Set("title", "Test the saved settings")
		}
	}
	setTest()
	lastType := ""
	onType := func() {
		t := api.Dialect(value(f.typ))
		f.sqlite.Set("hidden", t != api.SQLite)
		f.network.Set("hidden", t == api.SQLite)
		fillSSLModes(f.sslMode, t, value(f.sslMode))
		// The port follows the type while it is empty or the other
		// type's default.
		if p := value(f.port); p == "" || p == defaultPort(api.Dialect(lastType)) {
			f.port.Set("value", defaultPort(t))
		}
		lastType = string(t)
	}
	s.on(f.typ, "change", func(js.Value) { onType() })
	onType()

	go func() {
		ctx := a.ctx(s)
		if me := a.whoAmI(ctx); me != nil && me.Role == api.RoleAdmin {
			allowRow.Set("hidden", false)
			f.admin = true
		}
		if id != 0 {
			wait := loadingNote()
			add(result, wait)
			err := a.api.do(ctx, "GET", fmt.Sprintf("/api/datasources/%d", id), nil, nil, &stored)
			wait.Call("remove")
			if err != nil {
				add(top, errorBox(describe(err)))
				f.form.Set("hidden", true)
				return
			}
			f.fill(stored)
		}
		onType()
		add(pathWait, loadingNote())
		var files []api.DatasetFile
		err := a.api.do(ctx, "GET", "/api/datasets", nil, nil, &files)
		clear(pathWait)
		if err != nil {
			f.errs["path"].Set("textContent", "The datasets directory could not be listed: "+describe(err))
		}
		fillDatasets(f.path, files, stored.Path)
	}()

	s.on(test, "click", func(js.Value) {
		go a.testDatasource(s, saved, value(f.name), result, test)
	})
	s.on(f.form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		in := f.input()
		save.Set("disabled", true)
		clear(top)
		clear(result)
		f.clearErrors()
		wait := loadingNote()
		wait.Call("append", " saving")
		add(result, wait)
		go func() {
			defer save.Set("disabled", false)
			var out api.Datasource
			var err error
			if saved == 0 {
				err = a.api.do(a.ctx(s), "POST", "/api/datasources", nil, in, &out)
			} else {
				err = a.api.do(a.ctx(s), "PUT", fmt.Sprintf("/api/datasources/%d", saved), nil, in, &out)
			}
			wait.Call("remove")
			if !s.alive() {
				return
			}
			if err != nil {
				f.showError(top, err)
				return
			}
			if saved == 0 {
				// Now an edit of the saved source, without a new screen
				// (which a hashchange would start) so the result stays.
				saved = out.ID
				a.hash = fmt.Sprintf("/datasources/%d", out.ID)
				global.Get("history").Call("replaceState", nil, "", "#"+a.hash)
				withText(h, "Edit data source")
				setTest()
			}
			f.password.Set("value", "")
			f.password.Set("placeholder", "unchanged")
			a.testDatasource(s, saved, out.Name, result, test)
			if s.alive() {
				result.Call("prepend", withText(el("p", "class", "ok", "id", "ds-saved"), fmt.Sprintf("Saved %s.", out.Name)))
			}
		}()
	})
}

// fill puts a stored data source into the form; the password stays
// empty ("unchanged": the server keeps the stored one).
func (f *dsFields) fill(d api.Datasource) {
	f.stored = d
	f.name.Set("value", d.Name)
	f.typ.Set("value", string(d.Type))
	f.host.Set("value", d.Host)
	if d.Port != 0 {
		f.port.Set("value", strconv.Itoa(d.Port))
	}
	f.database.Set("value", d.Database)
	f.username.Set("value", d.Username)
	f.password.Set("placeholder", "unchanged")
	fillSSLModes(f.sslMode, d.Type, d.SSLMode)
	f.allow.Set("checked", d.AllowPrivileged)
}

// input is what the form says, as the API takes it.
func (f *dsFields) input() api.DatasourceInput {
	in := api.DatasourceInput{Name: strings.TrimSpace(value(f.name)), Type: api.Dialect(value(f.typ)),
		MaxOpenConns: f.stored.MaxOpenConns, QueryTimeoutMS: f.stored.QueryTimeoutMS, MaxRows: f.stored.MaxRows,
		MaxResultBytes: f.stored.MaxResultBytes}
	if in.Type == api.SQLite {
		in.Path = value(f.path)
	} else {
		in.Host = strings.TrimSpace(value(f.host))
		in.Port, _ = strconv.Atoi(strings.TrimSpace(value(f.port)))
		in.Database = strings.TrimSpace(value(f.database))
		in.Username = strings.TrimSpace(value(f.username))
		in.Password = value(f.password)
		in.SSLMode = value(f.sslMode)
	}
	if f.admin {
		allow := f.allow.Get("checked").Bool()
		in.AllowPrivileged = &allow
	}
	return in
}

func (f *dsFields) clearErrors() {
	for _, slot := range f.errs {
		slot.Set("textContent", "")
		slot.Get("parentNode").Get("classList").Call("remove", "invalid")
	}
}

// fieldFor maps a server field path to the form's slot: "dsn" problems
// (host or database missing) belong to the host.
var fieldFor = map[string]string{"dsn": "host"}

// showError puts each field error next to its field, once, and the rest
// (the message, and fields the form has no place for) at the top.
func (f *dsFields) showError(top js.Value, err error) {
	var e *apiError
	if !errors.As(err, &e) || len(e.Body.Fields) == 0 {
		add(top, errorBox("Not saved: "+describe(err)))
		return
	}
	rest := *e
	rest.Body.Fields = nil
	placed := 0
	for _, fe := range e.Body.Fields {
		key := fe.Path
		if k, ok := fieldFor[key]; ok {
			key = k
		}
		slot, ok := f.errs[key]
		if !ok || slot.Get("parentNode").Get("parentNode").Get("hidden").Truthy() {
			rest.Body.Fields = append(rest.Body.Fields, fe)
			continue
		}
		if cur := slot.Get("textContent").String(); cur != "" {
			if !strings.Contains(cur, fe.Message) {
				slot.Set("textContent", cur+"; "+fe.Message)
			}
		} else {
			slot.Set("textContent", fe.Message)
		}
		slot.Get("parentNode").Get("classList").Call("add", "invalid")
		placed++
	}
	if len(rest.Body.Fields) == 0 {
		// Every problem is shown at its field: the message (which for
		// one field repeats it) is not shown again.
		add(top, errorBox("Not saved: check the marked fields."))
		return
	}
	add(top, errorBox("Not saved: "+describe(&rest)))
}

// defaultPort is a dialect's usual port, as the form's text.
func defaultPort(t api.Dialect) string {
	switch t {
	case api.Postgres:
		return "5432"
	case api.MySQL:
		return "3306"
	}
	return ""
}

// fillSSLModes offers the dialect's ssl_mode values (api.SSLModes, which
// the server checks), keeping cur when it is one of them.
func fillSSLModes(sel js.Value, t api.Dialect, cur string) {
	clear(sel)
	add(sel, withText(el("option", "value", ""), "driver default"))
	for _, m := range api.SSLModes[t] {
		add(sel, withText(el("option", "value", m), m))
	}
	sel.Set("value", cur)
	if value(sel) != cur {
		sel.Set("value", "")
	}
}

// fillDatasets offers the datasets directory's SQLite files, selecting
// cur (kept as an option when it is no longer listed).
func fillDatasets(sel js.Value, files []api.DatasetFile, cur string) {
	clear(sel)
	if len(files) == 0 && cur == "" {
		add(sel, withText(el("option", "value", ""), "no SQLite files in the datasets directory"))
		return
	}
	found := false
	for _, f := range files {
		add(sel, withText(el("option", "value", f.Path), fmt.Sprintf("%s (%s)", f.Name, fileSize(f.Size))))
		found = found || f.Path == cur
	}
	if cur != "" && !found {
		add(sel, withText(el("option", "value", cur), cur+" (not listed)"))
	}
	if cur != "" {
		sel.Set("value", cur)
	}
}

// fileSize formats a byte count for people.
func fileSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
