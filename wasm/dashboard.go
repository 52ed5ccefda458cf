//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// showDashboard lays a dashboard's tiles on a 12-column grid (one column
// on narrow screens, by CSS) with a form for its parameters.
func (a *app) showDashboard(s *screen, idText string) {
	// Filter values follow a "?" (#/dashboards/7?region=EU): urlValues.
	idText, _, _ = strings.Cut(idText, "?")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		add(a.root, errorBox("no such dashboard"))
		return
	}
	h := a.title("Dashboard")
	edit, resume := editFor(id)
	go func() {
		ctx := a.ctx(s)
		var d api.Dashboard
		if err := a.api.do(ctx, "GET", fmt.Sprintf("/api/dashboards/%d", id), nil, nil, &d); err != nil {
			if s.alive() { // not a left screen's canceled request
				add(a.root, errorBox(describe(err)))
			}
			return
		}
		withText(h, d.Title)
		document.Set("title", d.Title+" · Gobi")
		if edit {
			a.editDashboard(ctx, s, &d, resume)
			return
		}
		add(a.root, a.dashboardTools(ctx, s, &d, h))
		// A viewer may not change the dashboard, an editor may not delete it.
		a.shareActions(s, h, api.ShareDashboard, d.ID, d.Access, d.Owner, "dash-edit", "dash-rename", "dash-delete")
		if d.Access == api.AccessEditor {
			byID("dash-delete").Set("hidden", true)
		}
		if d.Description != "" {
			add(a.root, withText(el("p", "class", "muted"), d.Description))
		}
		a.drawDashboard(ctx, s, &d, nil, "/api/charts/%d/data")
	}()
}

// drawDashboard draws the parameter form and the grid. locked parameters
// (an embed link's) are not editable.
func (a *app) drawDashboard(ctx context.Context, s *screen, d *api.Dashboard, locked map[string]any, dataPath string) {
	values := map[string]any{}
	for _, p := range d.Params {
		if p.Default != nil {
			values[p.Name] = p.Default
		}
	}
	if !a.embed {
		for k, v := range urlValues(d.Params) {
			values[k] = v
		}
	}
	for k, v := range locked {
		values[k] = v
	}
	grid := el("div", "class", "grid", "id", fmt.Sprintf("dashboard-%d", d.ID))
	tiles := make([]js.Value, len(d.Tiles))
	load := func() {
		for i, t := range d.Tiles {
			box := tiles[i]
			clear(box)
			box.Call("removeAttribute", "data-ready")
			go a.loadTile(ctx, s, box, t.ChartID, values, true, dataPath)
		}
		if !a.embed {
			keepInURL(d.ID, d.Params, values)
		}
	}
	if form := a.paramForm(s, d.Params, values, locked, load); form.Truthy() {
		add(a.root, form)
		if !a.embed {
			go a.fillChoices(ctx, s, d.ID, form)
		}
	}
	for i, t := range d.Tiles {
		box := el("div", "class", "tile", "id", fmt.Sprintf("tile-%d", i), "data-chart", strconv.FormatInt(t.ChartID, 10),
			"style", fmt.Sprintf("--x:%d;--y:%d;--w:%d;--h:%d", t.X+1, t.Y+1, t.W, t.H))
		tiles[i] = box
		add(grid, box)
	}
	add(a.root, grid)
	a.dashboardExport(s, d, grid, values)
	load()
}

// paramForm is the dashboard's parameter bar; apply runs on submit.
func (a *app) paramForm(s *screen, defs []api.ParamDef, values, locked map[string]any, apply func()) js.Value {
	if len(defs) == 0 {
		return js.Null()
	}
	form := el("form", "class", "params")
	inputs := map[string]js.Value{}
	for _, p := range defs {
		typ := "text"
		switch p.Type {
		case api.ParamNumber:
			typ = "number"
		case api.ParamDate:
			typ = "date"
		}
		in := el("input", "name", p.Name, "type", typ)
		if p.Choices != nil && !a.embed {
			in = choiceControl(p, values[p.Name])
		} else if p.Type == api.ParamList {
			in.Set("placeholder", "comma-separated values")
		}
		if v, ok := values[p.Name]; ok && in.Get("tagName").String() == "INPUT" {
			in.Set("value", paramText(v))
		}
		if _, ok := locked[p.Name]; ok {
			in.Set("disabled", true)
		}
		inputs[p.Name] = in
		add(form, add(withText(el("label"), p.Name+" "), in))
	}
	add(form, withText(el("button", "type", "submit"), "Apply"))
	submit := func() {
		for _, p := range defs {
			if _, ok := locked[p.Name]; ok {
				continue
			}
			v := value(inputs[p.Name])
			if in := inputs[p.Name]; in.Get("multiple").Truthy() {
				v = ""
				if items := selectedValues(in); len(items) > 0 {
					values[p.Name] = items
					continue
				}
			}
			switch {
			case v == "":
				delete(values, p.Name)
			case p.Type == api.ParamNumber:
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					values[p.Name] = n
				}
			case p.Type == api.ParamList:
				// The server takes a list as a JSON array; its items are
				// converted to the item type there.
				var items []string
				for _, item := range strings.Split(v, ",") {
					if item = strings.TrimSpace(item); item != "" {
						items = append(items, item)
					}
				}
				values[p.Name] = items
			default:
				values[p.Name] = v
			}
		}
		apply()
	}
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		submit()
	})
	// A dropdown or a date applies as soon as it changes.
	s.on(form, "change", func(ev js.Value) {
		if t := ev.Get("target"); t.Get("tagName").String() == "SELECT" || t.Get("type").String() == "date" {
			submit()
		}
	})
	return form
}

// paramText shows a parameter's value in its input: a list as its items
// separated by commas.
func paramText(v any) string {
	switch items := v.(type) {
	case []string:
		return strings.Join(items, ", ")
	case []any:
		texts := make([]string, len(items))
		for i, item := range items {
			texts[i] = fmt.Sprint(item)
		}
		return strings.Join(texts, ", ")
	}
	return fmt.Sprint(v)
}

// showEmbed is the chrome-less page of an embed link: one chart or one
// dashboard, its data fetched with the link's token.
func (a *app) showEmbed(s *screen) {
	go func() {
		ctx := a.ctx(s)
		var v dashboard.EmbedView
		if err := a.api.do(ctx, "GET", "/api/embed/view", nil, nil, &v); err != nil {
			add(a.root, errorBox(describe(err)))
			return
		}
		const dataPath = "/api/embed/charts/%d/data"
		switch {
		case v.Dashboard != nil:
			add(a.root, withText(el("h2"), v.Dashboard.Title))
			a.drawDashboard(ctx, s, v.Dashboard, v.Params, dataPath)
		case v.Chart != nil:
			box := el("div", "class", "tile single", "id", fmt.Sprintf("chart-%d", v.Chart.ID))
			add(a.root, box)
			a.loadTile(ctx, s, box, v.Chart.ID, nil, false, dataPath)
		}
	}()
}
