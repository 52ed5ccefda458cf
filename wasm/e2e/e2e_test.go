//go:build !js

// Package e2e tests the web client end to end: the real server (demo
// data, embedded WebAssembly client) on loopback, driven in a real
// headless Chromium, with what it painted checked pixel by pixel.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/server/app"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

const password = "e2e-admin-password"

// site is a running Gobi and a second origin that frames its embeds.
type site struct {
	base   string // http://127.0.0.1:port of Gobi
	other  string // http://127.0.0.1:port of the framing page's origin
	token  string
	client *http.Client
	// datasets is the server's datasets directory (SQLite sources).
	datasets string
}

// start runs Gobi with the demo on loopback. The client must have been
// built into assets/ (make wasm) before this test binary was compiled.
func start(t *testing.T) *site {
	t.Helper()
	if _, err := gobi.Static.ReadFile("assets/app.wasm"); err != nil {
		t.Skip("the web client is not built: run `make wasm` (make test does) before the browser tests")
	}
	if browsertest.Path() == "" || testing.Short() {
		browsertest.New(t, 0, 0) // skips with the reason
	}
	otherLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &site{other: "http://" + otherLn.Addr().String(), client: &http.Client{Timeout: 30 * time.Second}}
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Auth.AdminPassword = password
	cfg.Embed.Origins = []string{s.other}
	cfg.Datasources.AllowedNetworks = []string{"127.0.0.0/8"} // loopback databases only
	cfg.Log.Level = "error"
	if _, err := cfg.Prepare(); err != nil {
		t.Fatal(err)
	}
	s.datasets = cfg.DatasetsDir()
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.HTTP().Listener(ln) }()
	s.base = "http://" + ln.Addr().String()
	// The second origin serves a page that frames whatever ?src= names.
	other := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><body style="margin:0;background:#fff"><iframe id="f" src="%s" width="800" height="480" style="border:0"></iframe></body>`,
			strings.ReplaceAll(r.URL.Query().Get("src"), `"`, ""))
	})}
	go func() { _ = other.Serve(otherLn) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = other.Shutdown(ctx)
		_ = a.Shutdown(ctx)
	})
	var login api.Session
	s.call(t, "POST", "/api/auth/login", api.Credentials{Username: "admin", Password: password}, &login)
	s.token = login.Token
	return s
}

// call makes an API request as the admin and decodes a 2xx answer.
func (s *site) call(t *testing.T, method, path string, in, out any) int {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil {
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// loginUI logs in through the login screen.
func (s *site) loginUI(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.base+"/#/login"),
		chromedp.WaitVisible(chromedp.CSS(`#login input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`#login input[name=username]`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#login input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#dashboards li`)),
	)
	if err != nil {
		t.Fatalf("log in through the UI: %v", err)
	}
}

// waitTiles waits until every .tile has a data-ready value and returns
// them by id.
func waitTiles(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	_, err := chromedp.Run(wctx, chromedp.Poll[bool](`(() => { const t = [...document.querySelectorAll('.tile')];
		return t.length > 0 && t.every(e => e.dataset.ready); })()`, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("tiles never became ready: %v", err)
	}
	ready, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('.tile')].map(e => [e.id, e.dataset.ready + ' ' + (e.dataset.chart || '') + (e.dataset.ready === '1' ? '' : ' ' + e.textContent.slice(0, 300))]))`))
	if err != nil {
		t.Fatal(err)
	}
	return ready
}

func TestDashboardsPaint(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.Title] = true
		t.Run(d.Title, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
				t.Fatal(err)
			}
			tiles := waitTiles(t, ctx)
			if len(tiles) != len(d.Tiles) {
				t.Fatalf("%d tiles drawn, dashboard has %d", len(tiles), len(d.Tiles))
			}
			for id, state := range tiles {
				if !strings.HasPrefix(state, "1 ") {
					t.Errorf("%s: data-ready %q, want painted", id, state)
					continue
				}
				png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+id)))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", id, err)
				}
				p, err := browsertest.Analyze(png)
				if err != nil {
					t.Fatal(err)
				}
				// A painted chart covers a good part of its tile with more
				// than a couple of colours; a blank canvas is one colour.
				if p.Share() < 0.03 || p.Colors < 4 {
					t.Errorf("%s (chart %s): looks blank: %.1f%% non-background pixels, %d colours", id, state[2:], 100*p.Share(), p.Colors)
				}
			}
		})
	}
	for _, want := range []string{"Sales overview", "3D gallery"} {
		if !seen[want] {
			t.Errorf("the demo has no %q dashboard", want)
		}
	}
}

func TestEditorValidatesInBrowser(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#spec`))); err != nil {
		t.Fatal(err)
	}
	// Let the editor's initial loads finish, then count requests.
	time.Sleep(500 * time.Millisecond)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType('resource').length`))
	if err != nil {
		t.Fatal(err)
	}
	// A pie needs category and value; "x" is not a pie channel.
	bad := `{"type":"pie","data":{"columns":[{"name":"a","type":"string"}],"rows":[["x"]]},"encoding":{"x":"a"}}`
	js := fmt.Sprintf(`(() => { const t = document.getElementById('spec'); t.value = %q;
		t.dispatchEvent(new Event('input')); return document.getElementById('spec-errors').textContent; })()`, bad)
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "encoding") {
		t.Fatalf("no validation error shown for a bad spec; problems list: %q", msg)
	}
	disabled, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('save').disabled`))
	if !disabled {
		t.Error("Save stays enabled for an invalid spec")
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType('resource').length`))
	if after != before {
		t.Errorf("validation made %d requests; it must run in the browser", after-before)
	}
}

func TestEmbedInIframe(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 900, 600)
	var charts []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &charts)
	var chartID int64
	for _, c := range charts {
		if c.Type == chart.Bar {
			chartID = c.ID
			break
		}
	}
	if chartID == 0 {
		t.Fatal("the demo has no bar chart")
	}
	var live, short api.EmbedCreated
	s.call(t, "POST", "/api/embed", api.EmbedInput{Kind: api.EmbedChart, ID: chartID, ExpiresInSeconds: 3600}, &live)
	s.call(t, "POST", "/api/embed", api.EmbedInput{Kind: api.EmbedChart, ID: chartID, ExpiresInSeconds: 1}, &short)

	frame := func(link string, wait time.Duration) browsertest.Paint {
		t.Helper()
		return framePaint(t, ctx, s.other+"/?src="+s.base+link, wait)
	}
	if p := frame(live.URL, 30*time.Second); p.Share() < 0.05 || p.Colors < 4 {
		t.Fatalf("the embed link did not paint a chart in the iframe: %.1f%% foreground, %d colours", 100*p.Share(), p.Colors)
	}
	time.Sleep(1500 * time.Millisecond)
	if st := s.call(t, "GET", short.URL, nil, nil); st != http.StatusGone {
		t.Fatalf("expired embed link: status %d, want 410", st)
	}
	if p := frame(short.URL, 3*time.Second); p.Share() > 0.05 && p.Colors >= 4 {
		t.Fatalf("an expired embed link painted a chart: %.1f%% foreground, %d colours", 100*p.Share(), p.Colors)
	}
}

// poll waits up to 20 s for a JavaScript expression to be true, failing
// t with what with the expression's last answer otherwise.
func poll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// text is the textContent of the first element sel matches ("" if none).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ''`, sel)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// selectAll selects the text of the input sel, as a user does before
// typing over it.
func selectAll(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).select(), true)`, sel))(ctx, t)
		return err
	})
}

// choose picks the option labelled label in a <select> as a user would:
// the value changes and a change event bubbles.
func choose(t *testing.T, ctx context.Context, sel, label string) {
	t.Helper()
	poll(t, ctx, "option "+label+" in "+sel, fmt.Sprintf(`[...document.querySelectorAll(%q)].some(o => o.textContent === %q)`, sel+" option", label))
	js := fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		s.value = [...s.options].find(o => o.textContent === %q).value;
		s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, sel, label)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
		t.Fatal(err)
	}
}

// fillEditor types a bar chart of revenue by channel into the open chart
// editor, named name (left empty when name is "").
func fillEditor(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	choose(t, ctx, "#chart-query", "Revenue by channel")
	choose(t, ctx, `#channels select[name=enc-x]`, "channel")
	choose(t, ctx, `#channels select[name=enc-y]`, "revenue")
	if name != "" {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#chart-name`), name)); err != nil {
			t.Fatal(err)
		}
	}
	poll(t, ctx, "the spec becomes valid", `!document.getElementById('save').disabled && document.getElementById('spec').value.includes('"revenue"')`)
}

// Bug: "New chart" after a save kept the editor bound to the saved chart,
// so the next Save replaced it.
func TestEditorNewChartAfterSave(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	var before []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &before)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#spec`))); err != nil {
		t.Fatal(err)
	}
	fillEditor(t, ctx, "First of two")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#save`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the first chart is saved", `!!document.querySelector('#save-result .ok')`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#nav a[href="#/editor"]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, `"New chart" empties the editor`, `document.getElementById('chart-name').value === '' && document.getElementById('save-result').textContent === ''`)
	fillEditor(t, ctx, "Second of two")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#save`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the second chart is saved", `!!document.querySelector('#save-result .ok')`)
	var after []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &after)
	names := map[string]int{}
	for _, c := range after {
		names[c.Name]++
	}
	if len(after) != len(before)+2 || names["First of two"] != 1 || names["Second of two"] != 1 {
		t.Fatalf("after two saves: %d charts (had %d), names %v", len(after), len(before), names)
	}
}

// Bug: a list parameter typed into the dashboard's form went to the
// server as one string, which it refuses.
func TestDashboardListParam(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	var qs []api.Query
	s.call(t, "GET", "/api/queries", nil, &qs)
	var qid int64
	for _, q := range qs {
		if len(q.Params) == 1 && q.Params[0].Type == api.ParamList {
			qid = q.ID
		}
	}
	if qid == 0 {
		t.Fatal("the demo has no query with a list parameter")
	}
	var c chart.Saved
	spec := fmt.Sprintf(`{"type":"bar","title":"Revenue for the chosen regions","query_id":%d,"encoding":{"x":"quarter","y":"revenue","series":"region"}}`, qid)
	s.call(t, "POST", "/api/charts", chart.Input{Name: "Chosen regions", Spec: json.RawMessage(spec)}, &c)
	var d api.Dashboard
	s.call(t, "POST", "/api/dashboards", api.DashboardInput{Title: "Regions", Tiles: []api.Tile{{ChartID: c.ID, W: 12, H: 4}},
		Params: []api.ParamDef{{Name: "regions", Type: api.ParamList, ItemType: api.ParamString, Default: []any{"Europe", "North America"}}}}, &d)

	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
		t.Fatal(err)
	}
	if tiles := waitTiles(t, ctx); tiles["tile-0"][:1] != "1" {
		t.Fatalf("with the default list: %v", tiles)
	}
	in := `form.params input[name=regions]`
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(in))); v != "Europe, North America" {
		t.Errorf("the list default is shown as %q", v)
	}
	if err := chromedp.Do(ctx,
		selectAll(in),
		chromedp.SendKeys(chromedp.CSS(in), "Europe, Asia Pacific"),
		chromedp.Click(chromedp.CSS(`form.params button[type=submit]`)),
	); err != nil {
		t.Fatal(err)
	}
	want := url.QueryEscape(`{"regions":["Europe","Asia Pacific"]}`)
	poll(t, ctx, "the list is sent as a JSON array", fmt.Sprintf(`performance.getEntriesByType('resource').some(e => e.name.includes(%q))`, want))
	if tiles := waitTiles(t, ctx); tiles["tile-0"][:1] != "1" {
		t.Fatalf("after applying a typed list: %v", tiles)
	}
}

// Bug: an error with one field error showed the field's message twice,
// once in the message and once in the list.
func TestFieldErrorShownOnce(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#spec`))); err != nil {
		t.Fatal(err)
	}
	fillEditor(t, ctx, "") // no name: the server refuses it
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#save`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the server's refusal is shown", `!!document.querySelector('#save-result .error')`)
	msg := text(t, ctx, `#save-result .error`)
	if n := strings.Count(msg, "is required"); n != 1 || !strings.Contains(msg, "name") {
		t.Fatalf("the error reads %q: want the name's problem once", msg)
	}
}

// Bug: the query editor kept the last run's error after the SQL changed.
func TestQueryErrorClearedOnEdit(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/query"), chromedp.WaitVisible(chromedp.CSS(`#sql`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the data sources are listed", `document.querySelectorAll('#datasource option').length > 0`)
	if err := chromedp.Do(ctx,
		selectAll(`#sql`),
		chromedp.SendKeys(chromedp.CSS(`#sql`), "SELECT * FROM no_such_table"),
	); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the guard accepts the SQL", `!document.getElementById('run').disabled`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#run`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the database's error is shown", `(document.querySelector('#result .error') || {}).textContent?.includes('no_such_table')`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#sql`), " WHERE 1")); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, `#result .error`); msg != "" {
		t.Fatalf("after editing the SQL the old error still shows: %q", msg)
	}
}

// Bug: the single-chart view had no way back, to the editor or to an
// export, and a tile whose data failed lost its title.
func TestSingleChartView(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	var charts []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &charts)
	var bar chart.Saved
	for _, c := range charts {
		if c.Type == chart.Bar {
			bar = c
			break
		}
	}
	if bar.ID == 0 {
		t.Fatal("the demo has no bar chart")
	}
	var q api.Query
	s.call(t, "POST", "/api/queries", api.QueryInput{Name: "Broken", DatasourceID: 1, SQL: "SELECT channel, revenue FROM no_such_table"}, &q)
	var broken chart.Saved
	spec := fmt.Sprintf(`{"type":"bar","title":"Broken revenue","query_id":%d,"encoding":{"x":"channel","y":"revenue"}}`, q.ID)
	s.call(t, "POST", "/api/charts", chart.Input{Name: "Broken chart", Spec: json.RawMessage(spec)}, &broken)
	var d api.Dashboard
	s.call(t, "POST", "/api/dashboards", api.DashboardInput{Title: "Half broken",
		Tiles: []api.Tile{{ChartID: bar.ID, W: 6, H: 4}, {ChartID: broken.ID, X: 6, W: 6, H: 4}}}, &d)
	s.loginUI(t, ctx)

	// Back leads where the user came from: here, the dashboards list.
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/charts/%d", s.base, bar.ID))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)
	poll(t, ctx, "the chart view has Back, Edit and exports", `['#chart-back', '#chart-edit', '#export-png', '#export-svg'].every(s => document.querySelector(s))`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#chart-back`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "Back returns to the dashboards", `location.hash === '#/dashboards' && !!document.querySelector('#dashboards li')`)

	// From the charts list: the chart, then Edit opens it in the editor.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/charts"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#charts a[href="#/charts/%d"]`, bar.ID)))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)
	if href := text(t, ctx, "#chart-back") + " " + attr(t, ctx, "#chart-back", "href"); href != "← Back #/charts" {
		t.Errorf("Back after the charts list: %q", href)
	}
	shot(t, ctx, "/tmp/gobi-single-chart.png")

	// Exports are fetched with the session and saved as files.
	dir := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	for format, magic := range map[string]string{"png": "\x89PNG", "svg": "<svg"} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#export-"+format))); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("chart-%d.%s", bar.ID, format))
		var b []byte
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if b, _ = os.ReadFile(file); len(b) > 0 {
				break
			}
		}
		if !strings.Contains(string(b[:min(len(b), 200)]), magic) {
			t.Errorf("export %s: %d bytes in %s, want %q near the start (error shown: %q)", format, len(b), file, magic, text(t, ctx, "#export-result"))
		}
	}

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#chart-edit`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "Edit opens the chart in the editor", fmt.Sprintf(`location.hash === '#/editor/%d' && (document.getElementById('chart-name') || {}).value === %q`, bar.ID, bar.Name))

	// A tile whose query fails keeps its title and shows why inside it.
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
		t.Fatal(err)
	}
	tiles := waitTiles(t, ctx)
	if !strings.HasPrefix(tiles["tile-0"], "1 ") || !strings.HasPrefix(tiles["tile-1"], "error ") {
		t.Fatalf("tiles: %v", tiles)
	}
	if title := text(t, ctx, "#tile-1 .tile-title"); title != "Broken revenue" {
		t.Errorf("the failed tile's title is %q", title)
	}
	if msg := text(t, ctx, "#tile-1 .error"); !strings.Contains(msg, "no_such_table") {
		t.Errorf("the failed tile's error is %q", msg)
	}
	shot(t, ctx, "/tmp/gobi-failed-tile.png")
}

// attr is the attribute name of the first element sel matches.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute(%q) || ''`, sel, name)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// shot saves a screenshot of the page when GOBI_E2E_SHOTS is set, to
// look at by eye.
func shot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if os.Getenv("GOBI_E2E_SHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// framePaint opens u, the second origin's page that frames an embed link,
// and watches the frame #f's pixels for up to wait until a chart shows
// (the framed page is another origin: its DOM is out of reach). It
// returns the last frame's paint.
func framePaint(t *testing.T, ctx context.Context, u string, wait time.Duration) browsertest.Paint {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS(`#f`))); err != nil {
		t.Fatal(err)
	}
	var p browsertest.Paint
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); {
		time.Sleep(300 * time.Millisecond)
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#f`)))
		if err != nil {
			t.Fatal(err)
		}
		if p, err = browsertest.Analyze(png); err != nil {
			t.Fatal(err)
		}
		if p.Share() > 0.05 && p.Colors >= 4 {
			break
		}
	}
	return p
}
