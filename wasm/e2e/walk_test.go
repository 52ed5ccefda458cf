//go:build !js

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// walkShot saves a screenshot named for the step into GOBI_E2E_SHOTS
// (a folder) when it is set.
func walkShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("GOBI_E2E_SHOTS")
	if dir == "" {
		return
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = os.TempDir()
	}
	shot(t, ctx, filepath.Join(dir, "walk-"+name+".png"))
}

// TestNewcomerWalk is a new analyst's first session, through the UI
// only: log in, add a SQLite data source from the datasets picker, save
// a query with a parameter, build a chart from it, make a dashboard with
// that chart and a demo chart (moved, resized, a filter bound to the
// parameter), share it with a user made on the Users screen who views it
// in a fresh browser, an embed link that draws, a tile's PNG, log out.
// Every step is checked through the API.
func TestNewcomerWalk(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1300, 900)
	began := time.Now()
	s.loginUI(t, ctx)
	walkShot(t, ctx, "01-login")

	// 1. A SQLite data source from the picker.
	run(t, ctx, chromedp.Navigate(s.base+"/#/datasources"))
	click(t, ctx, "#ds-new")
	typeInto(t, ctx, "#ds-form input[name=name]", "Walk shop")
	chooseValue(t, ctx, "#ds-form select[name=type]", "sqlite")
	chooseValue(t, ctx, "#ds-form select[name=path]", "demo.db")
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the source saved and tested", `(document.querySelector('#ds-test') || {className: ''}).className.includes('passed')`)
	walkShot(t, ctx, "02-datasource")
	src := s.sourcesNamed(t, "Walk shop")
	if len(src) != 1 || src[0].Type != api.SQLite {
		t.Fatalf("saved sources %+v", src)
	}

	// 2. A query with a parameter, saved.
	const sqlText = "SELECT region, SUM(units) AS units FROM sales WHERE region <> :skip GROUP BY region ORDER BY region"
	run(t, ctx, chromedp.Navigate(s.base+"/#/query"), chromedp.WaitVisible(chromedp.CSS(`#sql`)))
	choose(t, ctx, "#datasource", "Walk shop (sqlite)")
	run(t, ctx, selectAll(`#sql`), chromedp.SendKeys(chromedp.CSS(`#sql`), sqlText))
	run(t, ctx, chromedp.Click(chromedp.CSS(`#param-section summary`)), chromedp.Click(chromedp.CSS(`#add-param`)))
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`.param-def .param-name`), "skip"),
		chromedp.SendKeys(chromedp.CSS(`.param-def .param-default`), "none"))
	poll(t, ctx, "the parameter is valid", `document.getElementById('param-errors').textContent === '' && !document.getElementById('save').disabled`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#save`)), chromedp.WaitVisible(chromedp.CSS(`#name-input`)),
		chromedp.SendKeys(chromedp.CSS(`#name-input`), "Walk units"), chromedp.Click(chromedp.CSS(`#name-ok`)))
	poll(t, ctx, "the query saved", `/^#\/query\/\d+$/.test(location.hash) && document.getElementById('saved-name').textContent === 'Walk units'`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#run`)))
	poll(t, ctx, "the query ran", `!!document.getElementById('result-note')`)
	walkShot(t, ctx, "03-query")
	var qs []api.Query
	s.call(t, "GET", "/api/queries", nil, &qs)
	qi := slices.IndexFunc(qs, func(q api.Query) bool { return q.Name == "Walk units" })
	if qi < 0 || qs[qi].DatasourceID != src[0].ID || len(qs[qi].Params) != 1 || qs[qi].Params[0].Name != "skip" {
		t.Fatalf("the saved query: %+v", qs)
	}

	// 3. A bar chart of it.
	run(t, ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#chart-type`)))
	choose(t, ctx, "#chart-query", "Walk units")
	choose(t, ctx, "#chart-type", "Bar")
	choose(t, ctx, `select[name=enc-x]`, "region")
	choose(t, ctx, `select[name=enc-y]`, "units")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`#chart-name`), "Walk bar"))
	poll(t, ctx, "the spec is valid", `!document.getElementById('save').disabled`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#save`)))
	chartID := savedChartID(t, ctx)
	walkShot(t, ctx, "04-chart")
	var c chart.Saved
	s.call(t, "GET", fmt.Sprintf("/api/charts/%d", chartID), nil, &c)
	if c.Name != "Walk bar" || c.Type != chart.Bar {
		t.Fatalf("the saved chart: %+v", c)
	}

	// 4. A dashboard: the chart and a demo chart, moved, resized, a
	// filter bound to the query's parameter.
	var cs []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &cs)
	demo := ""
	for _, x := range cs {
		if x.Type == chart.Line && demo == "" {
			demo = x.Name
		}
	}
	run(t, ctx, chromedp.Navigate(s.base+"/#/dashboards"))
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`#new-dashboard input[name=title]`), "Walk board"),
		chromedp.Click(chromedp.CSS(`#new-dashboard button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#dash-edit-bar`)))
	for _, n := range []string{"Walk bar", demo} {
		choose(t, ctx, "#dash-add-chart", n)
		dashClick(t, ctx, "#dash-add")
	}
	dashDrag(t, ctx, "#tile-1", false, 6, -4)
	dashDrag(t, ctx, "#tile-0", true, 0, 2)
	if got := dashLayout(t, ctx); got != "0,0,6,6 6,0,6,4" {
		t.Fatalf("after moving and resizing: %s", got)
	}
	dashClick(t, ctx, "#dash-add-filter")
	row := `.dash-filter[data-param=filter]`
	poll(t, ctx, "a filter row", fmt.Sprintf(`!!document.querySelector(%q)`, row))
	run(t, ctx, selectAll(row+" input[name=name]"), chromedp.SendKeys(chromedp.CSS(row+" input[name=name]"), "skip\t"))
	row = `.dash-filter[data-param=skip]`
	poll(t, ctx, "the filter reaches the chart", fmt.Sprintf(`(document.querySelector(%q) || {}).textContent?.includes('Walk bar')`, row+" .dash-reach"))
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(row+" input[name=default]"), "Europe\t"))
	walkShot(t, ctx, "05-dash-editor")
	dashClick(t, ctx, "#dash-save")
	poll(t, ctx, "the view after Save", `!!document.querySelector('#dash-tools')`)
	tiles := waitTiles(t, ctx)
	for id, st := range tiles {
		if !strings.HasPrefix(st, "1 ") {
			t.Errorf("%s after saving: %q", id, st)
		}
	}
	walkShot(t, ctx, "06-dashboard")
	d := s.dashboardNamed(t, "Walk board")
	if d == nil || len(d.Tiles) != 2 || d.Tiles[0].ChartID != chartID || len(d.Params) != 1 || d.Params[0].Name != "skip" || d.Params[0].Default != "Europe" {
		t.Fatalf("the saved dashboard: %+v", d)
	}
	dashURL := fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID)

	// 5. A second user from the Users screen; the dashboard shared.
	const walkerPW = "walker-e2e-password"
	run(t, ctx, chromedp.Click(chromedp.CSS(`#nav a[href="#/users"]`)), chromedp.WaitVisible(chromedp.CSS(`#user-form`)),
		chromedp.SendKeys(chromedp.CSS(`#user-form input[name=username]`), "walker"),
		chromedp.SendKeys(chromedp.CSS(`#user-form input[name=password]`), walkerPW),
		chromedp.Click(chromedp.CSS(`#user-form button[type=submit]`)))
	poll(t, ctx, "the user is listed", `!!document.querySelector('#users tr[data-username="walker"]')`)
	walkShot(t, ctx, "07-users")
	run(t, ctx, chromedp.Navigate(dashURL))
	waitTiles(t, ctx)
	// Escape closes the dialog as soon as it opens.
	click(t, ctx, "#share-button")
	poll(t, ctx, "the share dialog", `!!document.querySelector('.share-box')`)
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	poll(t, ctx, "Escape closed the share dialog", `!document.querySelector('.share-box')`)
	click(t, ctx, "#share-button")
	choose(t, ctx, "#share-user", "walker")
	choose(t, ctx, "#share-role", "viewer")
	click(t, ctx, "#share-add")
	click(t, ctx, "#share-save")
	poll(t, ctx, "shared", `(document.querySelector('#share-msg') || {}).textContent.includes('Saved: walker (viewer)')`)
	walkShot(t, ctx, "08-share")
	var shares []api.Share
	s.call(t, "GET", fmt.Sprintf("/api/dashboards/%d/shares", d.ID), nil, &shares)
	if len(shares) != 1 || shares[0].Role != api.ShareViewer {
		t.Fatalf("shares %+v", shares)
	}
	click(t, ctx, "#share-close")

	// 6. The second user, in a browser of their own, sees it drawn.
	other := browsertest.New(t, 1300, 900)
	s.loginAs(t, other, "walker", walkerPW)
	poll(t, other, "listed as shared", `[...document.querySelectorAll('#dashboards li')].some(li => li.textContent.includes('Walk board'))`)
	run(t, other, chromedp.Navigate(dashURL))
	for id, st := range waitTiles(t, other) {
		if !strings.HasPrefix(st, "1 ") {
			t.Errorf("walker's %s: %q", id, st)
		}
	}
	if p := painted(t, other, "#tile-0"); p.Share() < 0.03 || p.Colors < 4 {
		t.Errorf("walker's first tile looks blank: %.1f%%, %d colours", 100*p.Share(), p.Colors)
	}
	walkShot(t, other, "09-walker-view")
	// Every screen of the walker's nav opens without an error.
	hrefs, err := chromedp.Run(other, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#nav a')].map(a => a.getAttribute('href')).filter(h => h.startsWith('#/'))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hrefs {
		if _, err := chromedp.Run(other, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector('#nav a[href=%q]').click(), true)`, h))); err != nil {
			t.Fatal(err)
		}
		poll(t, other, "walker's "+h, fmt.Sprintf(`location.hash.startsWith(%q) && !!document.querySelector('#app h2') && !document.querySelector('#app .loading:not([hidden])')`, h))
		walkShot(t, other, "09-walker-"+strings.TrimPrefix(h, "#/"))
		if e := text(t, other, "#app .error"); e != "" {
			t.Errorf("walker's %s shows an error: %q", h, e)
		}
		if h == "#/datasources" {
			// The empty list's note spans the table.
			poll(t, other, "the empty list's note", `(() => { const td = document.querySelector('#datasources tbody td');
				return !!td && td.textContent === 'No data sources yet.' && td.colSpan === document.querySelectorAll('#datasources th').length; })()`)
		}
		if h == "#/charts" {
			// He owns no chart: the list says how to make one.
			poll(t, other, "the no-charts note", `(document.getElementById('no-charts') || {}).textContent === 'No charts yet: build one from a saved query.'`)
		}
		if h == "#/embed" {
			// He owns nothing: the item list says why it is empty.
			poll(t, other, "the no-items note", `(document.querySelector('#embed-item option#embed-none') || {}).textContent?.startsWith('none of your own')`)
		}
		if h == "#/query" {
			// No data source of his own: the editor says how to add one.
			poll(t, other, "the no-sources note", `(document.getElementById('no-sources') || {}).textContent === 'You have no data sources yet: add one to query it.'`)
		}
	}

	// 7. An embed link of the dashboard, opened.
	run(t, ctx, chromedp.Navigate(s.base+"/#/embed"), chromedp.WaitVisible(chromedp.CSS(`#embed-form`)))
	choose(t, ctx, "#embed-kind", "dashboard")
	choose(t, ctx, "#embed-item", "Walk board")
	click(t, ctx, "#embed-create")
	poll(t, ctx, "the snippet", `(document.querySelector('#embed-snippet') || {}).value?.startsWith('<iframe src="')`)
	walkShot(t, ctx, "10-embed-links")
	snippet, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#embed-snippet').value`))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<iframe src="([^"]+)"`).FindStringSubmatch(snippet)
	if m == nil {
		t.Fatalf("snippet %q", snippet)
	}
	embed := browsertest.New(t, 900, 600)
	run(t, embed, chromedp.Navigate(m[1]))
	for id, st := range waitTiles(t, embed) {
		if !strings.HasPrefix(st, "1 ") {
			t.Errorf("the embed's %s: %q", id, st)
		}
	}
	if p := painted(t, embed, "#tile-0"); p.Share() < 0.03 || p.Colors < 4 {
		t.Errorf("the embed's first tile looks blank: %.1f%%, %d colours", 100*p.Share(), p.Colors)
	}
	walkShot(t, embed, "11-embed")

	// 8. A tile's PNG.
	dl := newDownloads(t, ctx)
	run(t, ctx, chromedp.Navigate(dashURL))
	waitTiles(t, ctx)
	exportAs(t, ctx, "#export-tile-0", "png")
	name, b := dl.next(t, "tile PNG")
	if w, h := pngSize(t, name, b); w < 100 || h < 100 {
		t.Errorf("tile PNG %s is %d × %d", name, w, h)
	}

	// 9. Log out.
	logoutUI(t, ctx)
	walkShot(t, ctx, "12-logout")
	t.Logf("the walk took %v", time.Since(began).Round(time.Millisecond))
}
