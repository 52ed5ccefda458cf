//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// editingDashboard is the dashboard that showDashboard opens in edit mode
// (0: none). Edit, Save and Cancel set it and draw the route again.
var editingDashboard int64

// resumeEdit keeps an editor's unsaved state across a redraw of the same
// screen (a theme change draws the route again): set when the editor's
// screen closes, taken by the showDashboard that follows in the same
// task, and dropped after it, so leaving the page drops the changes.
var resumeEdit *editResume

type editResume struct {
	id   int64
	cur  editState
	undo []editState
}

// editFor says whether showDashboard opens dashboard id in edit mode, with
// the state to resume (nil: the stored one).
func editFor(id int64) (bool, *editResume) {
	edit := editingDashboard == id
	editingDashboard = 0
	r := resumeEdit
	resumeEdit = nil
	if r != nil && r.id == id {
		return true, r
	}
	return edit, nil
}

// newDashboardForm is the "New dashboard" form of the dashboards list: a
// name, then the new empty dashboard opens in edit mode.
func (a *app) newDashboardForm(s *screen) js.Value {
	form := el("form", "class", "admin-form dash-new", "id", "new-dashboard")
	name := el("input", "name", "title", "placeholder", "Dashboard name", "required", "", "maxlength", strconv.Itoa(dashboard.MaxTitleLen))
	btn := withText(el("button", "type", "submit"), "New dashboard")
	msg := el("div")
	add(form, add(withText(el("label"), "Name "), name), btn, msg)
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		in := api.DashboardInput{Title: strings.TrimSpace(value(name))}
		clear(msg)
		if fields := dashboard.Validate(in); len(fields) > 0 {
			add(msg, errorBox(fields[0].Path+" "+fields[0].Message))
			return
		}
		btn.Set("disabled", true)
		go func() {
			defer btn.Set("disabled", false)
			var d api.Dashboard
			if err := a.api.do(a.ctx(s), "POST", "/api/dashboards", nil, in, &d); err != nil {
				add(msg, errorBox(describe(err)))
				return
			}
			editingDashboard = d.ID
			global.Get("location").Set("hash", fmt.Sprintf("#/dashboards/%d", d.ID))
		}()
	})
	return form
}

// dashboardTools is the view's bar: Edit, Rename (the title becomes an
// input; Enter saves) and Delete (asks first, in the page).
func (a *app) dashboardTools(ctx context.Context, s *screen, d *api.Dashboard, h js.Value) js.Value {
	bar := el("div", "class", "chart-actions dash-tools", "id", "dash-tools")
	msg := el("div", "id", "dash-msg")
	edit := withText(el("button", "type", "button", "class", "link", "id", "dash-edit"), "Edit")
	rename := withText(el("button", "type", "button", "class", "link", "id", "dash-rename"), "Rename")
	del := withText(el("button", "type", "button", "class", "link", "id", "dash-delete"), "Delete")
	add(bar, edit, rename, del, msg)
	s.on(edit, "click", func(js.Value) {
		editingDashboard = d.ID
		a.route()
	})
	s.on(rename, "click", func(js.Value) {
		in := el("input", "id", "dash-title", "value", d.Title, "maxlength", strconv.Itoa(dashboard.MaxTitleLen))
		h.Call("replaceWith", in)
		in.Call("focus")
		in.Call("select")
		done := false
		finish := func(save bool) {
			if done {
				return
			}
			done = true
			title := strings.TrimSpace(value(in))
			if !save || title == "" || title == d.Title {
				in.Call("replaceWith", h)
				return
			}
			go func() {
				var out api.Dashboard
				if err := a.api.do(ctx, "PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), nil, dashInputOf(d, title), &out); err != nil {
					add(msg, errorBox(describe(err)))
					in.Call("replaceWith", h)
					return
				}
				d.Title = out.Title
				withText(h, d.Title)
				document.Set("title", d.Title+" · Gobi")
				in.Call("replaceWith", h)
			}()
		}
		s.on(in, "keydown", func(ev js.Value) {
			switch ev.Get("key").String() {
			case "Enter":
				ev.Call("preventDefault")
				finish(true)
			case "Escape":
				finish(false)
			}
		})
		s.on(in, "blur", func(js.Value) { finish(true) })
	})
	s.on(del, "click", func(js.Value) {
		clear(msg)
		ask := el("span", "class", "dash-confirm", "id", "dash-confirm")
		yes := withText(el("button", "type", "button", "class", "danger", "id", "dash-delete-yes"), "Delete")
		no := withText(el("button", "type", "button", "id", "dash-delete-no"), "Keep")
		add(ask, withText(el("span"), fmt.Sprintf("Delete %q? ", d.Title)), yes, no)
		add(msg, ask)
		s.on(no, "click", func(js.Value) { clear(msg) })
		s.on(yes, "click", func(js.Value) {
			yes.Set("disabled", true)
			go func() {
				if err := a.api.do(ctx, "DELETE", fmt.Sprintf("/api/dashboards/%d", d.ID), nil, nil, nil); err != nil {
					clear(msg)
					add(msg, errorBox(describe(err)))
					return
				}
				global.Get("location").Set("hash", "#/dashboards")
			}()
		})
	})
	return bar
}

// dashInputOf is d as a replacement body, with title.
func dashInputOf(d *api.Dashboard, title string) api.DashboardInput {
	return api.DashboardInput{Title: title, Description: d.Description, Tiles: d.Tiles, Params: d.Params}
}

// dashEditor is the edit mode of one dashboard: a working copy of its
// tiles and parameters, an undo stack of earlier copies, and the grid
// where tiles are dragged and resized.
type dashEditor struct {
	a      *app
	s      *screen
	ctx    context.Context
	d      *api.Dashboard
	tiles  []api.Tile
	params []api.ParamDef
	undo   []editState
	charts map[int64]chart.Saved
	// declares maps a query id to the parameters it declares: which
	// tiles a dashboard parameter reaches.
	declares map[int64][]string
	queries  []api.Query

	grid, msg, undoBtn, filters js.Value
	boxes                       []js.Value
	// finished is set by Save and Cancel: nothing to resume.
	finished bool
	// tileScr and filterScr hold the listeners of the drawn tiles and
	// filter rows, released when they are drawn again.
	tileScr, filterScr *screen
}

// redraw closes part's listeners and returns a fresh screen for them,
// itself closed with the editor's.
func (e *dashEditor) redraw(part **screen) *screen {
	if *part != nil {
		(*part).close()
	}
	*part = newScreen()
	sub := *part
	e.s.onClose(sub.close)
	return sub
}

// editState is one undoable state.
type editState struct {
	tiles  []api.Tile
	params []api.ParamDef
}

// editDashboard draws d in edit mode, from r's state when it is not nil.
func (a *app) editDashboard(ctx context.Context, s *screen, d *api.Dashboard, r *editResume) {
	e := &dashEditor{a: a, s: s, ctx: ctx, d: d, tiles: slices.Clone(d.Tiles), params: cloneParamDefs(d.Params),
		charts: map[int64]chart.Saved{}, declares: map[int64][]string{}}
	if r != nil {
		e.tiles, e.params, e.undo = r.cur.tiles, r.cur.params, r.undo
	}
	s.onClose(func() {
		if e.finished {
			return
		}
		resumeEdit = &editResume{id: d.ID, cur: editState{tiles: e.tiles, params: e.params}, undo: e.undo}
		var drop js.Func
		drop = js.FuncOf(func(js.Value, []js.Value) any {
			resumeEdit = nil
			drop.Release()
			return nil
		})
		global.Call("setTimeout", drop, 0)
	})
	var cs []chart.Saved
	if err := a.api.do(ctx, "GET", "/api/charts", nil, nil, &cs); err != nil {
		add(a.root, errorBox(describe(err)))
		return
	}
	if err := a.api.do(ctx, "GET", "/api/queries", nil, nil, &e.queries); err != nil {
		add(a.root, errorBox(describe(err)))
		return
	}
	if !s.alive() {
		return
	}
	for _, c := range cs {
		e.charts[c.ID] = c
	}
	for _, q := range e.queries {
		for _, p := range q.Params {
			e.declares[q.ID] = append(e.declares[q.ID], p.Name)
		}
	}
	e.draw()
}

func cloneParamDefs(ps []api.ParamDef) []api.ParamDef {
	out := slices.Clone(ps)
	for i := range out {
		if c := out[i].Choices; c != nil {
			cc := *c
			out[i].Choices = &cc
		}
	}
	return out
}

func (e *dashEditor) draw() {
	a, s := e.a, e.s
	bar := el("div", "class", "dash-edit-bar", "id", "dash-edit-bar")
	pick := el("select", "id", "dash-add-chart", "aria-label", "Chart to add")
	ids := make([]int64, 0, len(e.charts))
	for id := range e.charts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		add(pick, withText(el("option", "value", strconv.FormatInt(id, 10)), e.charts[id].Name))
	}
	addBtn := withText(el("button", "type", "button", "id", "dash-add"), "Add tile")
	e.undoBtn = withText(el("button", "type", "button", "id", "dash-undo", "title", "Undo (Ctrl+Z)"), "Undo")
	save := withText(el("button", "type", "button", "id", "dash-save", "class", "primary"), "Save")
	cancel := withText(el("button", "type", "button", "id", "dash-cancel"), "Cancel")
	e.msg = el("div", "id", "dash-edit-msg", "role", "status")
	add(bar, add(withText(el("label"), "Chart "), pick), addBtn, e.undoBtn, save, cancel)
	e.filters = el("div", "class", "dash-filters", "id", "dash-filters")
	e.grid = el("div", "class", "grid editing", "id", fmt.Sprintf("dashboard-%d", e.d.ID))
	add(a.root, bar, e.msg, e.filters, e.grid)

	s.on(addBtn, "click", func(js.Value) {
		id, err := strconv.ParseInt(value(pick), 10, 64)
		if err != nil {
			return
		}
		e.push()
		e.tiles = append(e.tiles, api.Tile{ChartID: id, X: 0, Y: dashboard.Bottom(e.tiles), W: 6, H: 4})
		e.drawTiles()
	})
	s.on(e.undoBtn, "click", func(js.Value) { e.pop() })
	s.on(document, "keydown", func(ev js.Value) {
		if ev.Get("key").String() != "z" || !(ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) {
			return
		}
		// In a text field Ctrl+Z is the field's own undo.
		if tag := document.Get("activeElement").Get("tagName").String(); tag == "INPUT" || tag == "TEXTAREA" {
			return
		}
		ev.Call("preventDefault")
		e.pop()
	})
	s.on(cancel, "click", func(js.Value) {
		e.finished = true
		editingDashboard = 0
		a.route()
	})
	s.on(save, "click", func(js.Value) {
		in := api.DashboardInput{Title: e.d.Title, Description: e.d.Description, Tiles: e.tiles, Params: e.params}
		clear(e.msg)
		if fields := dashboard.Validate(in); len(fields) > 0 {
			for _, f := range fields {
				add(e.msg, errorBox(f.Path+" "+f.Message))
			}
			return
		}
		save.Set("disabled", true)
		go func() {
			defer save.Set("disabled", false)
			var out api.Dashboard
			if err := a.api.do(e.ctx, "PUT", fmt.Sprintf("/api/dashboards/%d", e.d.ID), nil, in, &out); err != nil {
				add(e.msg, errorBox(describe(err)))
				return
			}
			e.finished = true
			editingDashboard = 0
			a.route()
		}()
	})
	e.drawFilters()
	e.drawTiles()
}

// push saves the current state for Undo.
func (e *dashEditor) push() {
	e.undo = append(e.undo, editState{tiles: slices.Clone(e.tiles), params: cloneParamDefs(e.params)})
	e.undoBtn.Set("disabled", false)
}

// pop undoes the last change.
func (e *dashEditor) pop() {
	if len(e.undo) == 0 {
		return
	}
	last := e.undo[len(e.undo)-1]
	e.undo = e.undo[:len(e.undo)-1]
	e.tiles, e.params = last.tiles, last.params
	e.drawFilters()
	e.drawTiles()
}

// drawTiles draws the tiles as placeholders named for their chart, each
// with a remove button and a resize corner.
func (e *dashEditor) drawTiles() {
	e.undoBtn.Set("disabled", len(e.undo) == 0)
	ts := e.redraw(&e.tileScr)
	clear(e.grid)
	e.boxes = make([]js.Value, len(e.tiles))
	for i, t := range e.tiles {
		box := el("div", "class", "tile edit-tile", "id", fmt.Sprintf("tile-%d", i), "data-chart", strconv.FormatInt(t.ChartID, 10))
		name := fmt.Sprintf("chart %d", t.ChartID)
		if c, ok := e.charts[t.ChartID]; ok {
			name = chartTitle(&c)
		}
		remove := withText(el("button", "type", "button", "class", "tile-remove", "title", "Remove tile", "aria-label", "Remove "+name), "×")
		corner := el("div", "class", "tile-resize", "title", "Drag to resize")
		add(box, withText(el("h3", "class", "tile-title"), name), withText(el("p", "class", "muted tile-size"), ""), remove, corner)
		e.boxes[i] = box
		placeTile(box, t)
		add(e.grid, box)
		ts.on(remove, "click", func(js.Value) {
			e.push()
			e.tiles = slices.Delete(e.tiles, i, i+1)
			e.drawTiles()
		})
		ts.on(box, "pointerdown", func(ev js.Value) { e.drag(ev, i, ev.Get("target").Equal(corner)) })
	}
	e.drawFilters()
}

// placeTile sets a tile element's grid position.
func placeTile(box js.Value, t api.Tile) {
	box.Get("style").Call("setProperty", "--x", strconv.Itoa(t.X+1))
	box.Get("style").Call("setProperty", "--y", strconv.Itoa(t.Y+1))
	box.Get("style").Call("setProperty", "--w", strconv.Itoa(t.W))
	box.Get("style").Call("setProperty", "--h", strconv.Itoa(t.H))
	if p := box.Call("querySelector", ".tile-size"); p.Truthy() {
		withText(p, fmt.Sprintf("%d×%d at column %d, row %d", t.W, t.H, t.X+1, t.Y+1))
	}
}

// drag moves (or, from the corner, resizes) tile i with the pointer,
// snapped to the grid: every step goes through dashboard.Place, which
// pushes overlapped tiles down, and a step it finds problems with is
// not taken. The pointer is captured, so touch and mouse both work.
func (e *dashEditor) drag(ev js.Value, i int, resize bool) {
	if ev.Get("button").Int() != 0 || ev.Get("target").Get("tagName").String() == "BUTTON" {
		return
	}
	ev.Call("preventDefault")
	box := e.boxes[i]
	id := ev.Get("pointerId")
	box.Call("setPointerCapture", id)
	box.Get("classList").Call("add", "dragging")
	rect := e.grid.Call("getBoundingClientRect")
	style := global.Call("getComputedStyle", e.grid)
	gap := cssPixels(style.Get("columnGap").String(), 12)
	rowH := cssPixels(style.Get("gridAutoRows").String(), 90)
	colPitch := (rect.Get("width").Float() + gap) / dashboard.Columns
	rowPitch := rowH + gap
	x0, y0 := ev.Get("clientX").Float(), ev.Get("clientY").Float()
	base := slices.Clone(e.tiles)
	start := base[i]
	last := start
	cur := base
	var move, up js.Func
	move = js.FuncOf(func(_ js.Value, args []js.Value) any {
		dx := math.Round((args[0].Get("clientX").Float() - x0) / colPitch)
		dy := math.Round((args[0].Get("clientY").Float() - y0) / rowPitch)
		to := start
		if resize {
			to.W, to.H = start.W+int(dx), start.H+int(dy)
		} else {
			to.X, to.Y = start.X+int(dx), start.Y+int(dy)
		}
		if to == last {
			return nil
		}
		last = to
		next, problems := dashboard.Place(base, i, to)
		if len(problems) > 0 {
			return nil
		}
		for k := range next {
			if k < len(cur) && next[k] != cur[k] {
				placeTile(e.boxes[k], next[k])
			}
		}
		cur = next
		return nil
	})
	up = js.FuncOf(func(_ js.Value, args []js.Value) any {
		box.Call("removeEventListener", "pointermove", move)
		box.Call("removeEventListener", "pointerup", up)
		box.Call("removeEventListener", "pointercancel", up)
		box.Get("classList").Call("remove", "dragging")
		if box.Call("hasPointerCapture", id).Bool() {
			box.Call("releasePointerCapture", id)
		}
		move.Release()
		up.Release()
		if !slices.Equal(cur, base) {
			e.undo = append(e.undo, editState{tiles: base, params: cloneParamDefs(e.params)})
			e.tiles = cur
			e.undoBtn.Set("disabled", false)
		}
		return nil
	})
	box.Call("addEventListener", "pointermove", move)
	box.Call("addEventListener", "pointerup", up)
	box.Call("addEventListener", "pointercancel", up)
}

// cssPixels reads a CSS length in px ("12px"), or def.
func cssPixels(s string, def float64) float64 {
	if n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64); err == nil {
		return n
	}
	return def
}

// drawFilters draws the parameter editor: one row per parameter (name,
// type, default, where its values come from, the tiles it reaches).
func (e *dashEditor) drawFilters() {
	if e.filters.IsUndefined() {
		return
	}
	fs := e.redraw(&e.filterScr)
	clear(e.filters)
	add(e.filters, withText(el("h3"), "Filters"))
	problems := el("div", "class", "dash-filter-problems")
	check := func() {
		clear(problems)
		for _, f := range dashboard.Validate(api.DashboardInput{Title: e.d.Title, Params: e.params}) {
			add(problems, errorBox(f.Path+" "+f.Message))
		}
	}
	for i := range e.params {
		add(e.filters, e.filterRow(fs, i, check))
	}
	addBtn := withText(el("button", "type", "button", "id", "dash-add-filter"), "Add filter")
	fs.on(addBtn, "click", func(js.Value) {
		e.push()
		name := "filter"
		for n := 1; slices.ContainsFunc(e.params, func(p api.ParamDef) bool { return p.Name == name }); n++ {
			name = fmt.Sprintf("filter%d", n)
		}
		e.params = append(e.params, api.ParamDef{Name: name, Type: api.ParamString})
		e.drawFilters()
	})
	add(e.filters, addBtn, problems)
	check()
}

// filterRow is the editor of parameter i.
func (e *dashEditor) filterRow(fs *screen, i int, check func()) js.Value {
	p := e.params[i]
	row := el("div", "class", "dash-filter", "data-param", p.Name)
	name := el("input", "name", "name", "value", p.Name, "aria-label", "Filter name", "size", "12")
	typ := el("select", "name", "type", "aria-label", "Filter type")
	for _, t := range []api.ParamType{api.ParamString, api.ParamNumber, api.ParamDate, api.ParamList} {
		o := withText(el("option", "value", string(t)), string(t))
		if t == p.Type {
			o.Set("selected", true)
		}
		add(typ, o)
	}
	def := el("input", "name", "default", "value", "", "aria-label", "Default value", "placeholder", "default", "size", "14")
	if p.Default != nil {
		def.Set("value", paramText(p.Default))
	}
	source := el("select", "name", "choices", "aria-label", "Values from")
	add(source, withText(el("option", "value", ""), "typed in"))
	for _, q := range e.queries {
		o := withText(el("option", "value", strconv.FormatInt(q.ID, 10)), "query: "+q.Name)
		if p.Choices != nil && p.Choices.QueryID == q.ID {
			o.Set("selected", true)
		}
		add(source, o)
	}
	column := el("input", "name", "column", "placeholder", "column (first)", "aria-label", "Values column", "size", "10")
	if p.Choices != nil {
		column.Set("value", p.Choices.Column)
	}
	remove := withText(el("button", "type", "button", "class", "link", "aria-label", "Remove filter "+p.Name), "Remove")
	reach := el("span", "class", "muted dash-reach")
	add(row, name, typ, def, add(withText(el("label"), "values "), source), column, remove, reach)
	e.reach(reach, p.Name)
	// Every edit is one undoable change, taken when the field is left.
	update := func(js.Value) {
		e.push()
		q := &e.params[i]
		q.Name = strings.TrimSpace(value(name))
		q.Type = api.ParamType(value(typ))
		q.ItemType = ""
		q.Default = parseDefault(q.Type, value(def))
		q.Choices = nil
		if id, err := strconv.ParseInt(value(source), 10, 64); err == nil {
			q.Choices = &api.ChoiceSource{QueryID: id, Column: strings.TrimSpace(value(column))}
		}
		row.Call("setAttribute", "data-param", q.Name)
		e.reach(reach, q.Name)
		check()
	}
	for _, f := range []js.Value{name, typ, def, source, column} {
		fs.on(f, "change", update)
	}
	fs.on(remove, "click", func(js.Value) {
		e.push()
		e.params = slices.Delete(e.params, i, i+1)
		e.drawFilters()
	})
	return row
}

// reach says in span which tiles parameter name applies to: those whose
// chart's query declares it.
func (e *dashEditor) reach(span js.Value, name string) {
	var titles []string
	for _, t := range e.tiles {
		if c, ok := e.charts[t.ChartID]; ok && c.Spec != nil && slices.Contains(e.declares[c.Spec.QueryID], name) {
			titles = append(titles, chartTitle(&c))
		}
	}
	if len(titles) == 0 {
		withText(span, "applies to no tile yet (no tile's query declares :"+name+")")
		return
	}
	withText(span, "applies to: "+strings.Join(titles, ", "))
}

// parseDefault reads a default as typed: a number, a list of
// comma-separated items, or text (a date is its ISO text).
func parseDefault(t api.ParamType, s string) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	switch t {
	case api.ParamNumber:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
		return s // the validator says what is wrong
	case api.ParamList:
		var items []any
		for _, it := range strings.Split(s, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return items
	}
	return s
}

// choiceControl is the control of a parameter with a choice source: a
// dropdown, or a multi-select for a list, filled from the choices
// endpoint by fillChoices. It starts with the current value, so the form
// reads right before the values come.
func choiceControl(p api.ParamDef, current any) js.Value {
	sel := el("select", "name", p.Name, "class", "choices", "aria-label", p.Name)
	if p.Type == api.ParamList {
		sel.Set("multiple", true)
	} else {
		add(sel, withText(el("option", "value", ""), "(default)"))
	}
	for _, v := range paramItems(current) {
		o := withText(el("option", "value", v), v)
		o.Set("selected", true)
		add(sel, o)
	}
	return sel
}

// paramItems is a parameter value as the texts of its items.
func paramItems(v any) []string {
	switch items := v.(type) {
	case nil:
		return nil
	case []string:
		return items
	case []any:
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = fmt.Sprint(it)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

// fillChoices fetches the dashboard's parameter choices and fills the
// form's choice controls, keeping what is selected.
func (a *app) fillChoices(ctx context.Context, s *screen, id int64, form js.Value) {
	var cs []api.ParamChoices
	if err := a.api.do(ctx, "GET", fmt.Sprintf("/api/dashboards/%d/choices", id), nil, nil, &cs); err != nil {
		if s.alive() {
			add(form, errorBox(describe(err)))
		}
		return
	}
	if !s.alive() {
		return
	}
	for _, c := range cs {
		sel := form.Call("querySelector", fmt.Sprintf(`select.choices[name=%q]`, c.Param))
		if !sel.Truthy() {
			continue
		}
		chosen := map[string]bool{}
		for _, v := range selectedValues(sel) {
			chosen[v] = true
		}
		opts := sel.Get("options")
		for k := opts.Get("length").Int() - 1; k >= 0; k-- {
			if opts.Index(k).Get("value").String() != "" {
				sel.Call("remove", k)
			}
		}
		for _, v := range c.Values {
			text := fmt.Sprint(v)
			o := withText(el("option", "value", text), text)
			if chosen[text] {
				o.Set("selected", true)
			}
			add(sel, o)
		}
		if c.Truncated {
			sel.Set("title", "The first values only: the query has more rows")
		}
		if sel.Get("multiple").Bool() {
			// Every value in view, up to eight rows; the rest scroll.
			sel.Set("size", min(max(len(c.Values), 2), 8))
		}
	}
}

// selectedValues lists the values chosen in a select.
func selectedValues(sel js.Value) []string {
	var out []string
	opts := sel.Get("selectedOptions")
	for i := 0; i < opts.Get("length").Int(); i++ {
		if v := opts.Index(i).Get("value").String(); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// urlValues reads the parameter values in the route's query part
// (#/dashboards/7?region=EU&from=2025-01-01), typed by defs: a list is
// the parameter repeated. Undeclared names are left out.
func urlValues(defs []api.ParamDef) map[string]any {
	_, query, ok := strings.Cut(global.Get("location").Get("hash").String(), "?")
	if !ok {
		return nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil
	}
	out := map[string]any{}
	for _, p := range defs {
		vs, ok := q[p.Name]
		if !ok || len(vs) == 0 {
			continue
		}
		switch p.Type {
		case api.ParamList:
			out[p.Name] = vs
		case api.ParamNumber:
			if n, err := strconv.ParseFloat(vs[0], 64); err == nil {
				out[p.Name] = n
			}
		default:
			out[p.Name] = vs[0]
		}
	}
	return out
}

// keepInURL writes the values that differ from the defaults into the
// route's query part with history.replaceState (no new history entry, no
// hashchange), so the address reproduces the view.
func keepInURL(id int64, defs []api.ParamDef, values map[string]any) {
	q := url.Values{}
	for _, p := range defs {
		v, ok := values[p.Name]
		if !ok || paramText(v) == paramText(p.Default) && p.Default != nil {
			continue
		}
		items := paramItems(v)
		if p.Type == api.ParamNumber {
			if n, ok := v.(float64); ok {
				items = []string{strconv.FormatFloat(n, 'f', -1, 64)}
			}
		}
		q[p.Name] = items
	}
	hash := fmt.Sprintf("#/dashboards/%d", id)
	if len(q) > 0 {
		hash += "?" + q.Encode()
	}
	if global.Get("location").Get("hash").String() != hash {
		global.Get("history").Call("replaceState", js.Null(), "", hash)
	}
}
