//go:build !js

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// dashFrameLimit fails an interaction slower than this to its next frame
// (the target is 100 ms; the figures are logged). For a drag it
// bounds the median of its steps.
const dashFrameLimit = 250 * time.Millisecond

// dashTimeFrames makes the page record, for every pointer move and every
// change event, the time from the event to the next animation frame
// with layout done (window.__frames, window.__change), the time the
// client's own pointer-move handler took (window.__handler: from the
// document's capture listener to the window's bubble listener), and for a change
// the time until every tile is ready again (window.__ready).
const dashTimeFrames = `(() => { if (window.__timed) return true; window.__timed = true; window.__frames = [];
	const next = (t0, done) => requestAnimationFrame(() => { document.body.offsetHeight; done(performance.now() - t0); });
	document.addEventListener('pointermove', e => { window.__t0 = performance.now(); next(e.timeStamp, d => window.__frames.push(d)); }, true);
	window.__handler = []; window.addEventListener('pointermove', () => window.__handler.push(performance.now() - window.__t0));
	document.addEventListener('change', e => { const t0 = performance.now(); window.__change = null; window.__ready = null;
		next(t0, d => { window.__change = d;
			const wait = () => { const ts = [...document.querySelectorAll('.tile')];
				if (ts.length && ts.every(x => x.dataset.ready)) window.__ready = performance.now() - t0; else requestAnimationFrame(wait); };
			wait(); }); }, true);
	return true; })()`

// dashDrag presses the left button at the middle of the element sel (or its
// bottom-right corner), moves by (cols, rows) grid cells in 8 steps,
// and releases: real pointer events, through CDP.
func dashDrag(t *testing.T, ctx context.Context, sel string, corner bool, cols, rows float64) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](dashTimeFrames)); err != nil {
		t.Fatal(err)
	}
	geo, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		const g = document.querySelector('.grid.editing').getBoundingClientRect();
		return [r.left, r.top, r.width, r.height, (g.width + 12) / 12, 102]; })()`, sel)))
	if err != nil {
		t.Fatal(err)
	}
	x, y := geo[0]+geo[2]/2, geo[1]+geo[3]/2
	if corner {
		x, y = geo[0]+geo[2]-5, geo[1]+geo[3]-5
	}
	dx, dy := cols*geo[4], rows*geo[5]
	left := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, left, chromedp.ClickCount(1))}
	for i := 1; i <= 8; i++ {
		f := float64(i) / 8
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x+dx*f, y+dy*f, left))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x+dx, y+dy, left, chromedp.ClickCount(1)))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// dashTouchDrag drags the element sel by (cols, rows) grid cells with one
// finger, through CDP touch events.
func dashTouchDrag(t *testing.T, ctx context.Context, sel string, cols, rows float64) {
	t.Helper()
	geo, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		const g = document.querySelector('.grid.editing').getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2, (g.width + 12) / 12, 102]; })()`, sel)))
	if err != nil {
		t.Fatal(err)
	}
	id := 1.0
	touch := func(typ input.DispatchTouchEventType, f float64) {
		pts := []*input.TouchPoint{{X: geo[0] + cols*geo[2]*f, Y: geo[1] + rows*geo[3]*f, ID: &id}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			pts = []*input.TouchPoint{} // the protocol wants an empty list
		}
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts}); err != nil {
			t.Fatalf("touch: %v", err)
		}
	}
	touch(input.DispatchTouchEventTypeTouchStart, 0)
	for i := 1; i <= 8; i++ {
		touch(input.DispatchTouchEventTypeTouchMove, float64(i)/8)
	}
	touch(input.DispatchTouchEventTypeTouchEnd, 1)
}

// dashFrames returns the pointer-move frame times recorded so far, sorted,
// and forgets them.
func dashFrames(t *testing.T, ctx context.Context) []float64 {
	t.Helper()
	time.Sleep(100 * time.Millisecond) // the last frame
	fs, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const f = window.__frames || []; window.__frames = []; return f; })()`))
	if err != nil {
		t.Fatal(err)
	}
	sort.Float64s(fs)
	return fs
}

// dashLayout is the editor's tiles as "x,y,w,h" from their CSS variables.
func dashLayout(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.edit-tile')].map(e => {
		const v = n => e.style.getPropertyValue(n); return [v('--x') - 1, v('--y') - 1, v('--w'), v('--h')].join(','); }).join(' ')`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dashPoll is poll for just after a navigation: an evaluation that meets
// the old document's context going away ("Cannot find context") is
// tried again in the new one.
func dashPoll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		_, err := chromedp.Run(wctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(100*time.Millisecond)))
		if err == nil {
			return
		}
		if !strings.Contains(err.Error(), "Cannot find context") || wctx.Err() != nil {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// dashValue is the value of the input sel.
func dashValue(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

func dashClick(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func TestDashboardEditor(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	var cs []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &cs)
	var names []string
	for _, c := range cs {
		if c.Type == chart.Bar || c.Type == chart.Line {
			names = append(names, c.Name)
		}
	}
	if len(names) < 2 {
		t.Fatalf("the demo has %d bar and line charts", len(names))
	}
	s.loginUI(t, ctx)

	// Create: a name, then the new dashboard opens in edit mode.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#new-dashboard input[name=title]`), "Editor test"),
		chromedp.Click(chromedp.CSS(`#new-dashboard button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#dash-edit-bar`)),
	); err != nil {
		t.Fatal(err)
	}
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	i := slices.IndexFunc(ds, func(d api.Dashboard) bool { return d.Title == "Editor test" })
	if i < 0 {
		t.Fatal("the new dashboard is not stored")
	}
	id := ds[i].ID

	// Two tiles, one under the other.
	for _, n := range names[:2] {
		choose(t, ctx, "#dash-add-chart", n)
		dashClick(t, ctx, "#dash-add")
	}
	if got := dashLayout(t, ctx); got != "0,0,6,4 0,4,6,4" {
		t.Fatalf("after adding two tiles: %s", got)
	}
	// Drag the second beside the first, then the first's corner two rows
	// down.
	dashDrag(t, ctx, "#tile-1", false, 6, -4)
	moved := dashFrames(t, ctx)
	if got := dashLayout(t, ctx); got != "0,0,6,4 6,0,6,4" {
		t.Fatalf("after dragging tile 1 up and right: %s", got)
	}
	dashDrag(t, ctx, "#tile-0", true, 0, 2)
	resized := dashFrames(t, ctx)
	if got := dashLayout(t, ctx); got != "0,0,6,6 6,0,6,4" {
		t.Fatalf("after resizing tile 0: %s", got)
	}
	shot(t, ctx, "/tmp/gobi-dash-editor.png")
	// Edit tiles follow the theme: a dark card, then a light one again.
	// The change draws the screen again, unsaved layout kept.
	for _, tt := range []struct {
		scheme string
		dark   bool
	}{{"dark", true}, {"light", false}} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.__old = document.querySelector('#tile-0'), true)`)); err != nil {
			t.Fatal(err)
		}
		emulateScheme(t, ctx, tt.scheme)
		poll(t, ctx, "the editor drawn again", `(() => { const e = document.querySelector('#tile-0'); return !!e && e !== window.__old; })()`)
		if got := dashLayout(t, ctx); got != "0,0,6,6 6,0,6,4" {
			t.Fatalf("%s scheme: the redrawn editor's layout is %s", tt.scheme, got)
		}
		pt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('#tile-0').getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if l := luma(screenshot(t, ctx), int(pt[0]), int(pt[1])); (l < 100) != tt.dark {
			t.Errorf("%s scheme: an edit tile's brightness is %.0f", tt.scheme, l)
		}
	}
	// A drag that pushes: tile 1 onto tile 0 pushes tile 0 down; Ctrl+Z
	// takes it back; so does Undo after a second try.
	dashDrag(t, ctx, "#tile-1", false, -6, 0)
	if got := dashLayout(t, ctx); got != "6,4,6,6 0,0,6,4" && got != "0,4,6,6 0,0,6,4" {
		t.Fatalf("after dragging tile 1 onto tile 0: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	if got := dashLayout(t, ctx); got != "0,0,6,6 6,0,6,4" {
		t.Fatalf("after Ctrl+Z: %s", got)
	}
	// A finger drags too (touch events become pointer events).
	dashTouchDrag(t, ctx, "#tile-1", 0, 3)
	if got := dashLayout(t, ctx); got != "0,0,6,6 6,3,6,4" {
		t.Fatalf("after a touch drag down three rows: %s", got)
	}
	dashClick(t, ctx, "#dash-undo")
	if got := dashLayout(t, ctx); got != "0,0,6,6 6,0,6,4" {
		t.Fatalf("after Undo: %s", got)
	}
	all := append(moved, resized...)
	sort.Float64s(all)
	if len(all) == 0 {
		t.Fatal("no pointer move reached the page")
	}
	// The median is checked: on a shared 2-core machine one step now and
	// then waits for the CPU whatever the client does (the worst is logged).
	median := time.Duration(all[len(all)/2] * float64(time.Millisecond))
	handler, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__handler`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tile drag: %d pointer moves, event to next frame median %.1f ms, worst %.1f ms (moves %.0f, resizes %.0f); the client's handler: worst %.1f ms of %d",
		len(all), all[len(all)/2], all[len(all)-1], moved, resized, slices.Max(handler), len(handler))
	if median > dashFrameLimit {
		t.Errorf("drag steps took %v to their next frame, median (limit %v)", median, dashFrameLimit)
	}

	dashClick(t, ctx, "#dash-save")
	poll(t, ctx, "the view after Save", `!!document.querySelector('#dash-tools')`)
	var d api.Dashboard
	s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d", id), nil, &d)
	want := []api.Tile{{ChartID: d.Tiles[0].ChartID, X: 0, Y: 0, W: 6, H: 6}, {ChartID: d.Tiles[1].ChartID, X: 6, Y: 0, W: 6, H: 4}}
	if !slices.Equal(d.Tiles, want) {
		t.Fatalf("saved tiles %+v, want %+v", d.Tiles, want)
	}
	if tiles := waitTiles(t, ctx); tiles["tile-0"][:1] != "1" || tiles["tile-1"][:1] != "1" {
		t.Fatalf("the saved dashboard's tiles: %v", tiles)
	}
	painted(t, ctx, "#tile-0")

	// Rename in place: the title becomes an input, Enter saves.
	dashClick(t, ctx, "#dash-rename")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#dash-title"), "Renamed board\r")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the new title shown", `[...document.querySelectorAll('h2')].some(h => h.textContent === 'Renamed board')`)
	s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d", id), nil, &d)
	if d.Title != "Renamed board" {
		t.Fatalf("title stored as %q", d.Title)
	}

	// Cancel leaves the stored layout alone.
	dashClick(t, ctx, "#dash-edit")
	poll(t, ctx, "edit mode", `!!document.querySelector('.edit-tile')`)
	dashClick(t, ctx, "#tile-0 .tile-remove")
	dashClick(t, ctx, "#dash-cancel")
	poll(t, ctx, "the view after Cancel", `!!document.querySelector('#dash-tools')`)
	s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d", id), nil, &d)
	if len(d.Tiles) != 2 {
		t.Fatalf("Cancel saved: %+v", d.Tiles)
	}

	// Delete asks first.
	dashClick(t, ctx, "#dash-delete")
	dashClick(t, ctx, "#dash-delete-yes")
	poll(t, ctx, "back on the list", `location.hash === '#/dashboards' && !!document.querySelector('#dashboards li')`)
	if st := s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d", id), nil, nil); st != 404 {
		t.Fatalf("deleted dashboard: status %d", st)
	}
}

func TestDashboardFilters(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	var qs []api.Query
	s.call(t, "GET", "/api/queries", nil, &qs)
	var listQ, regionsQ int64
	var regionsName string
	for _, q := range qs {
		if len(q.Params) == 1 && q.Params[0].Type == api.ParamList {
			listQ = q.ID
		}
		if q.Name == "Revenue by region and category" {
			regionsQ, regionsName = q.ID, q.Name
		}
	}
	if listQ == 0 || regionsQ == 0 {
		t.Fatal("the demo lacks the queries this test uses")
	}
	var c chart.Saved
	spec := fmt.Sprintf(`{"type":"bar","title":"Chosen regions","query_id":%d,"encoding":{"x":"quarter","y":"revenue","series":"region"}}`, listQ)
	s.call(t, "POST", "/api/charts", chart.Input{Name: "Chosen regions", Spec: []byte(spec)}, &c)
	var d api.Dashboard
	s.call(t, "POST", "/api/dashboards", api.DashboardInput{Title: "Filters", Tiles: []api.Tile{{ChartID: c.ID, W: 12, H: 4}}}, &d)

	// Add the filter in the editor: a list named as the query's
	// parameter, its values from the regions column.
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)
	dashClick(t, ctx, "#dash-edit")
	poll(t, ctx, "edit mode", `!!document.querySelector('#dash-add-filter')`)
	dashClick(t, ctx, "#dash-add-filter")
	row := `.dash-filter[data-param=filter]`
	poll(t, ctx, "a filter row", fmt.Sprintf(`!!document.querySelector(%q)`, row))
	if err := chromedp.Do(ctx, selectAll(row+" input[name=name]"), chromedp.SendKeys(chromedp.CSS(row+" input[name=name]"), "regions\t")); err != nil {
		t.Fatal(err)
	}
	row = `.dash-filter[data-param=regions]`
	choose(t, ctx, row+" select[name=type]", "list")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(row+" input[name=column]"), "region\t")); err != nil {
		t.Fatal(err)
	}
	choose(t, ctx, row+" select[name=choices]", "query: "+regionsName)
	if got := text(t, ctx, row+" .dash-reach"); got != "applies to: Chosen regions" {
		t.Errorf("the filter row says %q", got)
	}
	// A second filter: a date with a default.
	dashClick(t, ctx, "#dash-add-filter")
	row = `.dash-filter[data-param=filter]`
	poll(t, ctx, "a second filter row", fmt.Sprintf(`!!document.querySelector(%q)`, row))
	if err := chromedp.Do(ctx, selectAll(row+" input[name=name]"), chromedp.SendKeys(chromedp.CSS(row+" input[name=name]"), "from\t")); err != nil {
		t.Fatal(err)
	}
	row = `.dash-filter[data-param=from]`
	choose(t, ctx, row+" select[name=type]", "date")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(row+" input[name=default]"), "2025-01-01\t")); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "/tmp/gobi-dash-filter-editor.png")
	dashClick(t, ctx, "#dash-save")
	poll(t, ctx, "the view after Save", `!!document.querySelector('#dash-tools')`)
	s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d", d.ID), nil, &d)
	if len(d.Params) != 2 || d.Params[1].Name != "from" || d.Params[1].Type != api.ParamDate || d.Params[1].Default != "2025-01-01" ||
		d.Params[0].Name != "regions" || d.Params[0].Type != api.ParamList || d.Params[0].Choices == nil ||
		d.Params[0].Choices.QueryID != regionsQ || d.Params[0].Choices.Column != "region" {
		t.Fatalf("saved params %+v", d.Params)
	}

	// The view offers the distinct regions in a multi-select.
	sel := `form.params select[name=regions]`
	poll(t, ctx, "the regions offered", fmt.Sprintf(`document.querySelector(%q).options.length === 5 && document.querySelector(%q).multiple`, sel, sel))
	opts := text(t, ctx, sel)
	for _, r := range []string{"Europe", "Asia Pacific", "North America"} {
		if !strings.Contains(opts, r) {
			t.Errorf("options %q lack %s", opts, r)
		}
	}
	waitTiles(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](dashTimeFrames)); err != nil {
		t.Fatal(err)
	}
	pickJS := fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		for (const o of s.options) o.selected = o.value === 'Europe' || o.value === 'Asia Pacific';
		s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, sel)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](pickJS)); err != nil {
		t.Fatal(err)
	}
	if typ, v := attr(t, ctx, "form.params input[name=from]", "type"), dashValue(t, ctx, "form.params input[name=from]"); typ != "date" || v != "2025-01-01" {
		t.Errorf("the date filter is an input of type %q showing %q", typ, v)
	}
	sent := url.QueryEscape(`{"from":"2025-01-01","regions":["Asia Pacific","Europe"]}`)
	poll(t, ctx, "the tile reloaded with the chosen regions", fmt.Sprintf(`performance.getEntriesByType('resource').some(e => e.name.includes(%q))`, sent))
	if tiles := waitTiles(t, ctx); tiles["tile-0"][:1] != "1" {
		t.Fatalf("after choosing regions: %v", tiles)
	}
	painted(t, ctx, "#tile-0")
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("#/dashboards/%d?regions=Asia+Pacific&regions=Europe", d.ID); hash != want {
		t.Fatalf("address %q, want %q", hash, want)
	}
	// The address reproduces the view in a fresh page.
	hash += "&from=2025-02-01"
	sent = url.QueryEscape(`{"from":"2025-02-01","regions":["Asia Pacific","Europe"]}`)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(s.base+"/"+hash)); err != nil {
		t.Fatal(err)
	}
	dashPoll(t, ctx, "the regions chosen again", fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && s.options.length === 5 &&
		[...s.selectedOptions].map(o => o.value).sort().join() === 'Asia Pacific,Europe'; })()`, sel))
	poll(t, ctx, "the reloaded tile asked for them", fmt.Sprintf(`performance.getEntriesByType('resource').some(e => e.name.includes(%q))`, sent))
	if v := dashValue(t, ctx, "form.params input[name=from]"); v != "2025-02-01" {
		t.Errorf("the date from the address shows as %q", v)
	}
	shot(t, ctx, "/tmp/gobi-dash-filters.png")

	// Filter change on the 7-tile demo dashboard: its region parameter
	// offered as a dropdown (set up through the API), changed in the UI.
	var all []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &all)
	k := slices.IndexFunc(all, func(d api.Dashboard) bool { return d.Title == "Sales overview" })
	if k < 0 || len(all[k].Tiles) != 7 {
		t.Fatal("no 7-tile Sales overview in the demo")
	}
	so := all[k]
	so.Params[0].Choices = &api.ChoiceSource{QueryID: regionsQ, Column: "region"}
	s.call(t, "PUT", fmt.Sprintf("/api/dashboards/%d", so.ID), api.DashboardInput{Title: so.Title, Description: so.Description, Tiles: so.Tiles, Params: so.Params}, &so)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, so.ID))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](dashTimeFrames)); err != nil {
		t.Fatal(err)
	}
	// Three changes; the median is checked, as for a drag.
	var frame, ready []float64
	for _, region := range []string{"Europe", "Asia Pacific", "North America"} {
		choose(t, ctx, "form.params select[name=region]", region)
		poll(t, ctx, "every tile ready after the change", `window.__ready != null`)
		times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.__change, window.__ready]`))
		if err != nil {
			t.Fatal(err)
		}
		frame, ready = append(frame, times[0]), append(ready, times[1])
		hash, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
		if want := "?region=" + url.QueryEscape(region); !strings.HasSuffix(hash, want) {
			t.Errorf("address after the change: %q, want it to end %q", hash, want)
		}
	}
	for _, ts := range [][]float64{frame, ready} {
		sort.Float64s(ts)
	}
	t.Logf("filter change on the 7-tile dashboard (3 changes): to the next frame median %.1f ms, worst %.1f ms; until every tile is ready median %.1f ms, worst %.1f ms",
		frame[1], frame[2], ready[1], ready[2])
	if time.Duration(frame[1]*float64(time.Millisecond)) > dashFrameLimit {
		t.Errorf("filter changes took %.1f ms to their next frame, median (limit %v)", frame[1], dashFrameLimit)
	}
}
