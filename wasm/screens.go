//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func (a *app) showLogin(s *screen) {
	a.title("Log in")
	form := el("form", "class", "card narrow", "id", "login")
	user := el("input", "name", "username", "autocomplete", "username", "required", "")
	pass := el("input", "name", "password", "type", "password", "autocomplete", "current-password", "required", "")
	msg := el("div")
	btn := withText(el("button", "type", "submit"), "Log in")
	add(form, add(withText(el("label"), "Username "), user), add(withText(el("label"), "Password "), pass), btn, msg)
	add(a.root, form)
	user.Call("focus")
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		btn.Set("disabled", true)
		u, p := value(user), value(pass)
		go func() {
			defer btn.Set("disabled", false)
			var out api.Session
			err := a.api.do(a.ctx(s), "POST", "/api/auth/login", nil, api.Credentials{Username: u, Password: p}, &out)
			if err != nil {
				clear(msg)
				add(msg, errorBox(describe(err)))
				return
			}
			global.Get("sessionStorage").Call("setItem", tokenKey, out.Token)
			a.api.auth = "Bearer " + out.Token
			global.Get("location").Set("hash", "#/dashboards")
		}()
	})
}

func (a *app) showDashboards(s *screen) {
	a.title("Dashboards")
	list := el("ul", "class", "cards", "id", "dashboards")
	add(a.root, list)
	go func() {
		var ds []api.Dashboard
		if err := a.api.do(a.ctx(s), "GET", "/api/dashboards", nil, nil, &ds); err != nil {
			add(a.root, errorBox(describe(err)))
			return
		}
		if len(ds) == 0 {
			add(list, withText(el("li"), "No dashboards yet."))
		}
		for _, d := range ds {
			li := el("li", "class", "card")
			add(li, withText(el("a", "href", fmt.Sprintf("#/dashboards/%d", d.ID)), d.Title),
				withText(el("p", "class", "muted"), fmt.Sprintf("%s — %d charts", d.Description, len(d.Tiles))))
			add(list, li)
		}
	}()
}

func (a *app) showCharts(s *screen) {
	a.title("Charts")
	list := el("ul", "class", "cards", "id", "charts")
	add(a.root, list)
	go func() {
		var cs []chart.Saved
		if err := a.api.do(a.ctx(s), "GET", "/api/charts", nil, nil, &cs); err != nil {
			add(a.root, errorBox(describe(err)))
			return
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
		for _, c := range cs {
			li := el("li", "class", "card")
			add(li, withText(el("a", "href", fmt.Sprintf("#/charts/%d", c.ID)), c.Name),
				withText(el("span", "class", "muted"), " "+string(c.Type)+" · "),
				withText(el("a", "href", fmt.Sprintf("#/editor/%d", c.ID)), "edit"))
			add(list, li)
		}
	}()
}

// showChart shows one chart at the full width of the page.
func (a *app) showChart(s *screen, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		add(a.root, errorBox("no such chart"))
		return
	}
	h := a.title("Chart")
	box := el("div", "class", "tile single", "id", fmt.Sprintf("chart-%d", id))
	add(a.root, box)
	go func() {
		ctx := a.ctx(s)
		var c chart.Saved
		if err := a.api.do(ctx, "GET", fmt.Sprintf("/api/charts/%d", id), nil, nil, &c); err != nil {
			add(box, errorBox(describe(err)))
			return
		}
		withText(h, c.Name)
		document.Set("title", c.Name+" · Gobi")
		a.loadTile(ctx, s, box, c.ID, nil, false, "/api/charts/%d/data")
	}()
}

// loadTile fetches a chart's data and mounts it in box. dataPath is a
// format with the chart id ("/api/charts/%d/data" or the embed route).
// Dashboard parameters go to every tile; with onDashboard the server
// passes each chart only those its query declares.
func (a *app) loadTile(ctx context.Context, s *screen, box js.Value, chartID int64, params map[string]any, onDashboard bool, dataPath string) {
	q := url.Values{}
	if onDashboard {
		q.Set("dashboard", "1")
	}
	if len(params) > 0 {
		b, err := json.Marshal(params)
		if err != nil {
			add(box, errorBox(err.Error()))
			return
		}
		q.Set("params", string(b))
	}
	var d chart.DataResponse
	if err := a.api.do(ctx, "GET", fmt.Sprintf(dataPath, chartID), q, nil, &d); err != nil {
		clear(box)
		add(box, errorBox(describe(err)))
		box.Call("setAttribute", "data-ready", "error")
		return
	}
	if !s.alive() {
		return
	}
	mountChart(s, box, d.Spec, d.Data)
}
