//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/tablecsv"
	"github.com/gobi-bi/gobi/wasm/three"
)

// Export menus: "⤓" on every chart (dashboard tile or single view) and on
// every dashboard. 2D charts export PNG and SVG drawn by the server from
// the same scene at the tile's size, theme and filter values; 3D charts
// export the current camera view as PNG, read from the canvas; every
// chart exports its data as CSV, written here from the data it shows.

// views3D are the mounted 3D views by their box's data-view number: the
// export menu reads their pixels (js.Value cannot be a map key).
var (
	views3D  = map[int]*three.View{}
	viewSeq  int
	exporter = strings.NewReplacer("/", "-", "\\", "-", ":", "-", "\"", "", "<", "", ">", "", "|", "", "?", "", "*", "")
)

// closeMenusOnClick installs the page's one click-outside listener.
var closeMenusOnClick sync.Once

// keep3D records v as box's view until the screen closes.
func keep3D(s *screen, box js.Value, v *three.View) {
	viewSeq++
	id := viewSeq
	views3D[id] = v
	box.Call("setAttribute", "data-view", strconv.Itoa(id))
	s.onClose(func() { delete(views3D, id) })
}

// fileName is a download name from a title: its text without characters
// file systems refuse, or fallback.
func fileName(title, fallback, ext string) string {
	name := strings.TrimSpace(exporter.Replace(title))
	if name == "" {
		name = fallback
	}
	if len(name) > 80 {
		name = name[:80]
	}
	return name + "." + ext
}

// menu is a "⤓" button that opens a list of items, each a label and what
// it does. It closes on a choice, on Esc and on a click elsewhere.
func menu(s *screen, id, label string, items []menuItem) js.Value {
	root := el("div", "class", "export-menu", "id", id)
	btn := withText(el("button", "type", "button", "class", "export-toggle", "title", label, "aria-label", label,
		"aria-haspopup", "menu", "aria-expanded", "false"), "⤓")
	list := el("div", "class", "export-items", "role", "menu", "hidden", "")
	show := func(open bool) {
		list.Set("hidden", !open)
		btn.Call("setAttribute", "aria-expanded", strconv.FormatBool(open))
	}
	for _, it := range items {
		b := withText(el("button", "type", "button", "role", "menuitem", "data-export", it.key), it.label)
		do := it.do
		s.on(b, "click", func(ev js.Value) {
			ev.Call("stopPropagation")
			show(false)
			do()
		})
		add(list, b)
	}
	s.on(btn, "click", func(ev js.Value) {
		ev.Call("stopPropagation")
		open := list.Get("hidden").Bool()
		closeMenus() // one menu open at a time
		show(open)
	})
	s.on(root, "keydown", func(ev js.Value) {
		if ev.Get("key").String() == "Escape" {
			show(false)
			btn.Call("focus")
		}
	})
	closeMenusOnClick.Do(func() {
		// One listener for the page's life: a click outside any menu
		// closes the open ones (their own clicks stop propagating).
		document.Call("addEventListener", "click", js.FuncOf(func(js.Value, []js.Value) any {
			closeMenus()
			return nil
		}))
	})
	// Presses on the menu must not reach the chart under it (a 3D chart
	// would take the focus, a 2D one start a zoom drag).
	for _, ev := range []string{"pointerdown", "mousedown", "dblclick", "wheel"} {
		s.on(root, ev, func(e js.Value) { e.Call("stopPropagation") })
	}
	return add(root, btn, list)
}

// closeMenus closes every open export menu.
func closeMenus() {
	open := document.Call("querySelectorAll", ".export-items:not([hidden])")
	for i := 0; i < open.Length(); i++ {
		open.Index(i).Set("hidden", true)
		open.Index(i).Get("parentNode").Call("querySelector", ".export-toggle").Call("setAttribute", "aria-expanded", "false")
	}
}

type menuItem struct {
	key, label string
	do         func()
}

// exportMenu adds the export menu to a mounted chart's box. q holds the
// parameters the data was fetched with, so the server draws what is
// shown. Embed pages get none: their token reads data, not renders.
func (a *app) exportMenu(s *screen, box js.Value, chartID int64, q url.Values, spec *chart.Spec, data *api.Result) {
	if a.embed || spec == nil {
		return
	}
	msg := el("div", "class", "export-msg")
	title := spec.Title
	base := fmt.Sprintf("chart-%d", chartID)
	var items []menuItem
	if ti, ok := chart.Info(spec.Type); ok && ti.Dim == 3 {
		items = append(items, menuItem{"png", "PNG (this view)", func() { a.export3D(box, fileName(title, base, "png"), msg) }})
	} else {
		for _, f := range []string{"png", "svg"} {
			f := f
			items = append(items, menuItem{f, strings.ToUpper(f), func() {
				clear(msg)
				go a.download(a.ctx(s), renderPath(fmt.Sprintf("/api/charts/%d/render.%s", chartID, f), box, q, f == "png"), fileName(title, base, f), msg)
			}})
		}
	}
	if data != nil {
		items = append(items, menuItem{"csv", "CSV (data)", func() {
			clear(msg)
			var b strings.Builder
			if err := tablecsv.Write(&b, data); err != nil {
				add(msg, errorBox(err.Error()))
				return
			}
			blob := global.Get("Blob").New([]any{b.String()}, map[string]any{"type": "text/csv;charset=utf-8"})
			saveURL(global.Get("URL").Call("createObjectURL", blob).String(), fileName(title, base, "csv"), true)
		}})
	}
	add(box, menu(s, fmt.Sprintf("export-%s", box.Get("id").String()), "Export chart", items), msg)
}

// dashboardExport is the dashboard's export menu, drawn with the filter
// values in effect when chosen.
func (a *app) dashboardExport(s *screen, d *api.Dashboard, grid js.Value, values map[string]any) {
	if a.embed {
		return
	}
	msg := el("div", "class", "export-msg")
	var items []menuItem
	for _, f := range []string{"png", "svg"} {
		f := f
		items = append(items, menuItem{f, "Dashboard " + strings.ToUpper(f), func() {
			clear(msg)
			q := url.Values{}
			if len(values) > 0 {
				if b, err := json.Marshal(values); err == nil {
					q.Set("params", string(b))
				}
			}
			q.Set("width", strconv.Itoa(clampSide(grid.Get("clientWidth").Float())))
			if th := pageTheme(); th != "" {
				q.Set("theme", th)
			}
			go a.download(a.ctx(s), fmt.Sprintf("/api/dashboards/%d/render.%s?%s", d.ID, f, q.Encode()), fileName(d.Title, fmt.Sprintf("dashboard-%d", d.ID), f), msg)
		}})
	}
	bar := add(el("div", "class", "dashboard-export"), menu(s, "export-dashboard", "Export dashboard", items), msg)
	grid.Get("parentNode").Call("insertBefore", bar, grid)
}

// renderPath is a render endpoint's address for the chart in box, at its
// size, in the page's theme, with the data's parameters.
func renderPath(path string, box js.Value, q url.Values, png bool) string {
	r := url.Values{}
	for k, v := range q {
		r[k] = v
	}
	r.Set("width", strconv.Itoa(clampSide(box.Get("clientWidth").Float())))
	r.Set("height", strconv.Itoa(clampSide(box.Get("clientHeight").Float())))
	if th := pageTheme(); th != "" {
		r.Set("theme", th)
	}
	if png {
		dpr := global.Get("devicePixelRatio").Float()
		r.Set("scale", strconv.FormatFloat(math.Min(math.Max(dpr, 1), 2), 'f', -1, 64))
	}
	return path + "?" + r.Encode()
}

// clampSide keeps a size within the render endpoints' 100–4000 px.
func clampSide(px float64) int {
	if px < 100 || math.IsNaN(px) {
		return 800
	}
	return int(math.Min(math.Round(px), 4000))
}

// export3D saves the 3D view in box as PNG.
func (a *app) export3D(box js.Value, name string, msg js.Value) {
	clear(msg)
	id, _ := strconv.Atoi(box.Call("getAttribute", "data-view").String())
	v := views3D[id]
	if v == nil {
		add(msg, errorBox("this 3D chart is not drawn"))
		return
	}
	v.Snapshot(func(u string) {
		if u == "" || u == "data:," {
			add(msg, errorBox("this 3D chart could not be read"))
			return
		}
		saveURL(u, name, false)
	})
}

// saveURL saves u (an object or data URL) as a file named name; an object
// URL is freed once the download has read it.
func saveURL(u, name string, revoke bool) {
	link := el("a", "href", u, "download", name)
	link.Call("click")
	if !revoke {
		return
	}
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		global.Get("URL").Call("revokeObjectURL", u)
		f.Release()
		return nil
	})
	global.Call("setTimeout", f, 10000)
}
