//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
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
			saveToken(out.Token)
			a.api.auth = "Bearer " + out.Token
			u := out.User
			a.me = &u
			global.Get("location").Set("hash", nextHash(a.hash))
		}()
	})
}

func (a *app) showDashboards(s *screen) {
	a.title("Dashboards")
	list := el("ul", "class", "cards", "id", "dashboards")
	wait := loadingNote()
	add(a.root, a.newDashboardForm(s), list, wait)
	go func() {
		defer wait.Call("remove")
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
			if n := sharedBy(d.Access, d.Owner); n.Truthy() {
				add(li, n)
			}
			add(list, li)
		}
	}()
}

func (a *app) showCharts(s *screen) {
	a.title("Charts")
	list := el("ul", "class", "cards", "id", "charts")
	wait := loadingNote()
	add(a.root, list, wait)
	go func() {
		defer wait.Call("remove")
		var cs []chart.Saved
		if err := a.api.do(a.ctx(s), "GET", "/api/charts", nil, nil, &cs); err != nil {
			add(a.root, errorBox(describe(err)))
			return
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
		if len(cs) == 0 {
			add(a.root, add(withText(el("p", "class", "muted", "id", "no-charts"), "No charts yet: "),
				withText(el("a", "href", "#/editor"), "build one"), document.Call("createTextNode", " from a saved query.")))
		}
		for _, c := range cs {
			li := el("li", "class", "card")
			add(li, withText(el("a", "href", fmt.Sprintf("#/charts/%d", c.ID)), c.Name),
				withText(el("span", "class", "muted"), " "+string(c.Type)))
			if c.Access != api.AccessViewer { // share: a viewer cannot save it
				add(li, withText(el("span", "class", "muted"), " · "), withText(el("a", "href", fmt.Sprintf("#/editor/%d", c.ID)), "edit"))
			}
			if n := sharedBy(c.Access, c.Owner); n.Truthy() {
				add(li, n)
			}
			add(list, li)
		}
	}()
}

// showChart shows one chart at the full width of the page, under a bar
// with Back, Edit and the server-rendered exports.
func (a *app) showChart(s *screen, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		add(a.root, errorBox("no such chart"))
		return
	}
	back := "#/charts"
	if a.prev != "" && a.prev != "/login" && a.prev != a.hash {
		back = "#" + a.prev
	}
	bar := el("div", "class", "chart-actions", "id", "chart-actions")
	add(bar, withText(el("a", "href", back, "id", "chart-back"), "← Back"),
		withText(el("a", "href", fmt.Sprintf("#/editor/%d", id), "id", "chart-edit"), "Edit"))
	msg := el("div", "id", "export-result")
	for _, format := range []string{"png", "svg"} {
		b := withText(el("button", "type", "button", "class", "link", "id", "export-"+format), "Export "+strings.ToUpper(format))
		s.on(b, "click", func(js.Value) {
			clear(msg)
			go a.download(a.ctx(s), fmt.Sprintf("/api/charts/%d/render.%s", id, format), fmt.Sprintf("chart-%d.%s", id, format), msg)
		})
		add(bar, b)
	}
	add(a.root, bar)
	h := a.title("Chart")
	add(a.root, msg)
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
		a.shareActions(s, h, api.ShareChart, c.ID, c.Access, c.Owner, "chart-edit")
		a.loadTile(ctx, s, box, c.ID, nil, false, "/api/charts/%d/data")
	}()
}

// download fetches path with the session and saves it as name, through
// an object URL: a plain link could not send the Authorization header.
// Errors are shown in msg.
func (a *app) download(ctx context.Context, path, name string, msg js.Value) {
	b, err := a.api.blob(ctx, path)
	if err != nil {
		add(msg, errorBox(describe(err)))
		return
	}
	u := global.Get("URL").Call("createObjectURL", b)
	link := el("a", "href", u.String(), "download", name)
	link.Call("click")
	// The download reads the blob after the click returns: free it later.
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		global.Get("URL").Call("revokeObjectURL", u)
		revoke.Release()
		return nil
	})
	global.Call("setTimeout", revoke, 10000)
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
	clear(box)
	add(box, loadingNote())
	var d chart.DataResponse
	if err := a.api.do(ctx, "GET", fmt.Sprintf(dataPath, chartID), q, nil, &d); err != nil {
		if !s.alive() {
			return
		}
		clear(box)
		// The title is drawn with the chart, so a tile whose data failed
		// would not say which chart it is: name it above the error.
		head := el("h3", "class", "tile-title")
		if errors.Is(err, errOutage) {
			// The page's one outage banner says why, with Retry.
			add(box, head, withText(el("p", "class", "muted tile-offline"), "Not loaded"))
			box.Call("setAttribute", "data-ready", "offline")
			return
		}
		add(box, head, errorBox(describe(err)))
		if !a.embed {
			var c chart.Saved
			if a.api.do(ctx, "GET", fmt.Sprintf("/api/charts/%d", chartID), nil, nil, &c) == nil {
				withText(head, chartTitle(&c))
			}
		}
		box.Call("setAttribute", "data-ready", "error")
		return
	}
	inTurn(func() {
		if s.alive() {
			mountChart(s, box, d.Spec, d.Data)
			a.exportMenu(s, box, chartID, q, d.Spec, d.Data)
		}
	})
}

// chartTitle is the title a chart shows: its spec's, else its name.
func chartTitle(c *chart.Saved) string {
	if c.Spec != nil && c.Spec.Title != "" {
		return c.Spec.Title
	}
	return c.Name
}
