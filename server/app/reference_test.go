package app

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// The fixture is an OpenAPI 3.1 document that huma v2 generated from a few
// Gobi-like types, with hand-added parts the generator does not emit:
// security schemes (bearer, an API key, three signature headers needed
// together), a oneOf, an allOf, a 3.0-style nullable, a cycle through two
// schemas, and descriptions carrying HTML that must stay text.
const referenceFixture = "testdata/openapi-fixture.json"

// TestStaticReferenceRoute checks /docs/api serves the embedded page, with
// and without a trailing slash, under the app's CSP.
func TestStaticReferenceRoute(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	for _, path := range []string{"/docs/api", "/docs/api/"} {
		r := want(t, ta.do("GET", path, "", nil), 200)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		if !strings.Contains(string(r.Body), `src="/assets/reference.js"`) {
			t.Errorf("%s: not the reference page: %.200s", path, r.Body)
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
	for _, path := range []string{"/assets/reference.js", "/assets/reference.css"} {
		want(t, ta.do("GET", path, "", nil), 200)
	}
}

// TestReferencePage drives the API reference in headless Chromium: the
// real app serves the page and its assets, and a front server on loopback
// answers /api/openapi.json with the fixture (which exercises more of
// JSON Schema than Gobi's own document) and passes everything else to the
// app. Set
// GOBI_SCREENSHOT_DIR to keep the screenshots.
func TestReferencePage(t *testing.T) {
	ctx := browsertest.New(t, 1280, 860) // skips without Chromium
	fixture, err := os.ReadFile(referenceFixture)
	if err != nil {
		t.Fatal(err)
	}
	ops := fixtureOperations(t, fixture)
	ta := newTestApp(t, api.SQLite, nil)
	events := watchPage(t, ctx)

	p := &refPage{ctx: ctx, base: referenceSite(t, ta.listen(false), fixture)}
	step, eval, load, visible := p.step, p.eval, p.load, p.visible
	typeSearch := func(t *testing.T, q string) {
		t.Helper()
		step(t, "search "+q, chromedp.Evaluate[chromedp.Void](`document.getElementById('search').value = ''`), chromedp.SendKeys(`#search`, q))
	}

	load(t, "/docs/api")

	t.Run("sidebar lists every operation", func(t *testing.T) {
		got := visible(t)
		var wantIDs []string
		for _, o := range ops {
			wantIDs = append(wantIDs, "operation-"+o.ID)
		}
		slices.Sort(got)
		slices.Sort(wantIDs)
		if !slices.Equal(got, wantIDs) {
			t.Fatalf("sidebar:\n got %v\nwant %v", got, wantIDs)
		}
		var sections int
		eval(t, `document.querySelectorAll('main section.op').length`, &sections)
		if sections != len(ops) {
			t.Fatalf("%d operation sections, want %d", sections, len(ops))
		}
	})

	t.Run("search filters by path, summary and operation id", func(t *testing.T) {
		for _, q := range []string{"datasources/{id}", "api key", "ext-chart", "DELETE"} {
			typeSearch(t, q)
			got := visible(t)
			var wantIDs []string
			for _, o := range ops {
				if o.matches(q) {
					wantIDs = append(wantIDs, "operation-"+o.ID)
				}
			}
			slices.Sort(got)
			slices.Sort(wantIDs)
			if len(wantIDs) == 0 || len(wantIDs) == len(ops) || !slices.Equal(got, wantIDs) {
				t.Errorf("search %q:\n got %v\nwant %v", q, got, wantIDs)
			}
		}
		typeSearch(t, "no-such-thing")
		var noMatch bool
		eval(t, `!document.getElementById('no-match').hidden`, &noMatch)
		if len(visible(t)) != 0 || !noMatch {
			t.Errorf("a search matching nothing shows %v (no-match message shown: %v)", visible(t), noMatch)
		}
		step(t, "escape clears", chromedp.SendKeys(`#search`, kb.Escape))
		if n := len(visible(t)); n != len(ops) {
			t.Errorf("after Escape %d operations listed, want %d", n, len(ops))
		}
	})

	t.Run("keyboard: / focuses search, Enter opens the first match", func(t *testing.T) {
		// A real "/" is one keyDown carrying its text, which the page's
		// preventDefault suppresses (chromedp.KeyEvent sends a separate
		// char event instead).
		step(t, "slash", chromedp.Focus(`#toc a`), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
				k := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
				if typ == input.DispatchKeyEventTypeKeyDown {
					k.Text, k.UnmodifiedText = "/", "/"
				}
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, k); err != nil {
					return err
				}
			}
			return nil
		}))
		var active struct{ ID, Value string }
		eval(t, `({ id: document.activeElement.id, value: document.activeElement.value || '' })`, &active)
		if active.ID != "search" || active.Value != "" {
			t.Fatalf("after / the focus is on %+v, want the empty search box", active)
		}
		step(t, "type and enter", chromedp.KeyEvent("revoke"), chromedp.KeyEvent(kb.Enter))
		var hash string
		eval(t, `location.hash`, &hash)
		if hash != "#operation-revoke-key" {
			t.Fatalf("Enter went to %q", hash)
		}
		step(t, "clear", chromedp.SendKeys(`#search`, kb.Escape))
	})

	t.Run("clicking an operation shows it, its parameters and schemas", func(t *testing.T) {
		step(t, "click", chromedp.Click(`#toc a[href="#operation-run-query"]`))
		p.until(t, `document.getElementById('operation-run-query').classList.contains('highlight')`) // hashchange is async
		var op struct {
			Hash      string
			Highlight bool
			Top       float64
			Current   bool
			Params    [][]string
			Auth      string
		}
		eval(t, `(() => { const s = document.getElementById('operation-run-query');
			return { hash: location.hash, highlight: s.classList.contains('highlight'), top: s.getBoundingClientRect().top,
				current: document.querySelector('#toc a[href="#operation-run-query"]').hasAttribute('aria-current'),
				params: [...s.querySelectorAll('table.params tbody tr')].map(tr => [...tr.cells].map(td => td.innerText.trim())),
				auth: s.querySelector('.meta dd').innerText } })()`, &op)
		if op.Hash != "#operation-run-query" || !op.Highlight || !op.Current || op.Top < 0 || op.Top > 150 {
			t.Errorf("after the click: %+v", op)
		}
		wantParams := [][]string{{"id", "path", "integer<int64>", "required", "≥ 1"}, {"X-Request-ID", "header", "string", "optional", "length ≤ 128"},
			{"no_cache", "query", "boolean", "optional", "default false"}}
		if len(op.Params) != len(wantParams) {
			t.Fatalf("parameters %q", op.Params)
		}
		for i, w := range wantParams {
			p := op.Params[i]
			if p[0] != w[0] || p[1] != w[1] || p[2] != w[2] || p[3] != w[3] || !strings.Contains(p[4], w[4]) {
				t.Errorf("parameter %d: %q, want %q", i, p, w)
			}
		}
		if op.Auth != "bearer or apiKey" {
			t.Errorf("authentication %q", op.Auth)
		}

		// The body's root (RunInput) is open; "where" is anyOf two $refs:
		// open it, then Filter, whose "and" refers back to Filter.
		body := `#operation-run-query .media`
		row := func(scope, name string) string {
			return fmt.Sprintf(`[...document.querySelectorAll(%q)].find(b => b.querySelector('.prop')?.textContent === %q)`, scope, name)
		}
		var shown bool
		eval(t, row(body+" button.toggle", "where")+` !== undefined`, &shown)
		if !shown {
			t.Fatal("the request body does not list the property where")
		}
		step(t, "expand where", chromedp.Evaluate[chromedp.Void](row(body+" button.toggle", "where")+`.click()`))
		step(t, "expand Filter", chromedp.Evaluate[chromedp.Void](row(body+" button.toggle", "option 1")+`.click()`))
		var filter struct {
			Combo, Props []string
			Recursive    bool
			Pattern      bool
		}
		eval(t, `(() => { const n = `+row(body+" button.toggle", "option 1")+`.closest('.node');
			const kids = n.querySelector(':scope > .kids');
			return { combo: [...n.parentElement.querySelectorAll(':scope > .combo')].map(e => e.textContent),
				props: [...kids.querySelectorAll(':scope > .node > .row .prop')].map(e => e.textContent),
				recursive: [...kids.querySelectorAll(':scope > .node > .row')].some(r => r.textContent.includes('and') && r.textContent.includes('recursive')),
				pattern: kids.textContent.includes('/^[A-Za-z_][A-Za-z0-9_]*$/') } })()`, &filter)
		if !slices.Equal(filter.Combo, []string{"Any of:"}) || !slices.Equal(filter.Props, []string{"and", "column", "op", "value"}) || !filter.Recursive || !filter.Pattern {
			t.Errorf("expanded Filter: %+v", filter)
		}
	})

	t.Run("a deep link scrolls to the operation and highlights it", func(t *testing.T) {
		load(t, "/docs/api#operation-get-datasource")
		var at struct {
			Top       float64
			ScrollY   float64
			Highlight bool
			Current   bool
		}
		eval(t, `(() => { const s = document.getElementById('operation-get-datasource');
			return { top: s.getBoundingClientRect().top, scrollY: window.scrollY, highlight: s.classList.contains('highlight'),
				current: document.querySelector('#toc a[href="#operation-get-datasource"]').hasAttribute('aria-current') } })()`, &at)
		if at.ScrollY < 100 || at.Top < 0 || at.Top > 150 || !at.Highlight || !at.Current {
			t.Errorf("deep link: %+v", at)
		}
	})

	t.Run("HTML in descriptions stays text", func(t *testing.T) {
		var got struct {
			Images, Scripts, Bold, Unsafe int
			Intro, Op, Link               bool
		}
		eval(t, `({ images: document.querySelectorAll('img').length, scripts: document.scripts.length, bold: document.querySelectorAll('main b, #toc b').length,
			unsafe: document.querySelectorAll('a[href^="javascript:" i]').length,
			link: !!document.querySelector('#intro a[href="https://github.com/gobi-bi/gobi#api"]'),
			intro: document.getElementById('intro').textContent.includes('<img src=x onerror=alert(1)>'),
			op: document.getElementById('operation-get-datasource').textContent.includes('Returns one data source. <img src=x onerror=alert(1)>') })`, &got)
		if got.Images != 0 || got.Scripts != 1 || got.Bold != 0 || got.Unsafe != 0 || !got.Intro || !got.Op || !got.Link {
			t.Errorf("injection check: %+v", got)
		}
	})

	t.Run("authentication and schemas", func(t *testing.T) {
		var got struct {
			Schemes []string
			Ext     string
			Schemas int
		}
		eval(t, `({ schemes: [...document.querySelectorAll('#authentication .scheme-box')].map(b => b.innerText.split('\n').filter(l => l.trim()).slice(0, 2).join(': ')),
			ext: document.querySelector('#operation-ext-chart-data .meta dd').innerText,
			schemas: document.querySelectorAll('#schemas .schema').length })`, &got)
		wantSchemes := []string{"bearer: HTTP bearer token (JWT): send Authorization: Bearer <token>", "apiKey: API key in the header X-API-Key",
			"accessKey: API key in the header X-Gobi-Access-Key", "signature: API key in the header X-Gobi-Signature", "timestamp: API key in the header X-Gobi-Timestamp"}
		if !slices.Equal(got.Schemes, wantSchemes) {
			t.Errorf("schemes:\n got %q\nwant %q", got.Schemes, wantSchemes)
		}
		if got.Ext != "accessKey + signature + timestamp or apiKey" {
			t.Errorf("signed operation's authentication: %q", got.Ext)
		}
		var doc struct {
			Components struct{ Schemas map[string]any }
		}
		_ = json.Unmarshal(fixture, &doc)
		if got.Schemas != len(doc.Components.Schemas) {
			t.Errorf("%d schemas shown, want %d", got.Schemas, len(doc.Components.Schemas))
		}
		// A link to a schema opens it.
		load(t, "/docs/api#schema-FilterGroup")
		var open bool
		eval(t, `document.querySelector('#schema-FilterGroup .toggle').getAttribute('aria-expanded') === 'true'`, &open)
		if !open {
			t.Error("#schema-FilterGroup did not open the schema")
		}
	})

	t.Run("pixels in light and dark", func(t *testing.T) {
		for _, scheme := range []string{"light", "dark"} {
			step(t, "scheme "+scheme, chromedp.Evaluate[chromedp.Void](`0`)) // keep the tab alive between steps
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			load(t, "/docs/api#operation-run-query")
			var settled bool // the highlight's flash is over
			eval(t, `new Promise(r => setTimeout(() => r(document.getAnimations().every(a => a.playState !== 'running')), 1400))`, &settled)
			sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			shot, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("GOBI_SCREENSHOT_DIR"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "reference-"+scheme+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			checkReferencePixels(t, scheme, shot)
		}
	})

	events.check(t)

	// Without a document the page says so (the browser logs the failed
	// fetch, hence after the check above).
	t.Run("a missing document is reported", func(t *testing.T) {
		down := &refPage{ctx: ctx, base: referenceSite(t, ta.listen(false), nil)}
		down.step(t, "load", chromedp.Navigate(down.base+"/docs/api"))
		var msg string
		down.eval(t, `new Promise(r => { const f = () => document.body.dataset.ready ? r(document.querySelector('[role=alert]')?.textContent || '') : setTimeout(f, 50); f(); })`, &msg)
		if !strings.Contains(msg, "/api/openapi.json: HTTP 503") {
			t.Errorf("error message %q", msg)
		}
	})
}

// refPage is the reference page in a tab; every step fails the test
// it is given, and is bounded in time.
type refPage struct {
	ctx  context.Context
	base string
}

func (p *refPage) step(t *testing.T, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// eval runs js (awaiting a promise) and decodes its JSON value into out.
func (p *refPage) eval(t *testing.T, js string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	if err := json.Unmarshal(v, out); err != nil {
		t.Fatalf("evaluate %s: %s: %v", js, v, err)
	}
}

// load opens path and waits until the page rendered the document.
func (p *refPage) load(t *testing.T, path string) {
	t.Helper()
	p.step(t, "load "+path, chromedp.Navigate(p.base+path))
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.ready !== undefined`)); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	var ready, status string
	p.eval(t, `document.body.dataset.ready`, &ready)
	if ready != "1" {
		p.eval(t, `document.getElementById('status').textContent`, &status)
		t.Fatalf("the page did not render: %s", status)
	}
}

// until waits for js to be true (what an event handler does next).
func (p *refPage) until(t *testing.T, js string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js)); err != nil {
		t.Fatalf("waiting for %s: %v", js, err)
	}
}

// visible lists the operation ids the sidebar shows.
func (p *refPage) visible(t *testing.T) []string {
	t.Helper()
	var ids []string
	p.eval(t, `[...document.querySelectorAll('#toc .toc-tag li:not([hidden]) a')].filter(a => a.offsetParent !== null).map(a => a.getAttribute('href').slice(1))`, &ids)
	return ids
}

// checkReferencePixels wants a painted page (not blank), the background
// of the colour scheme, and the GET, POST and DELETE badges' colours.
func checkReferencePixels(t *testing.T, scheme string, shot []byte) {
	t.Helper()
	paint, err := browsertest.Analyze(shot)
	if err != nil {
		t.Fatal(err)
	}
	if paint.Share() < 0.08 || paint.Colors < 40 {
		t.Errorf("%s: the page looks blank: %+v", scheme, paint)
	}
	img, err := png.Decode(strings.NewReader(string(shot)))
	if err != nil {
		t.Fatal(err)
	}
	badges := map[string][3]uint8{"GET": {0x1f, 0x6f, 0xeb}, "POST": {0x1a, 0x7f, 0x37}, "DELETE": {0xcf, 0x22, 0x2e}}
	for name, c := range badges {
		if n := countNear(img, c, 12); n < 150 {
			t.Errorf("%s: %d pixels of the %s badge colour #%02x%02x%02x, want ≥ 150", scheme, n, name, c[0], c[1], c[2])
		}
	}
	// The sidebar's top left corner is the card colour of the scheme.
	r, g, b, _ := img.At(img.Bounds().Min.X+40, img.Bounds().Min.Y+400).RGBA()
	lum := (299*(r>>8) + 587*(g>>8) + 114*(b>>8)) / 1000
	if dark := lum < 80; dark != (scheme == "dark") {
		t.Errorf("%s: sidebar luminance %d", scheme, lum)
	}
}

func countNear(img image.Image, c [3]uint8, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(int(r>>8), int(c[0]), tol) && near(int(g>>8), int(c[1]), tol) && near(int(bl>>8), int(c[2]), tol) {
				n++
			}
		}
	}
	return n
}

func near(a, b, tol int) bool { return a-b <= tol && b-a <= tol }

// fixtureOp is one operation of the fixture, as the sidebar lists it.
type fixtureOp struct{ ID, Method, Path, Summary string }

// matches is the page's search rule: every word of q in the method, path,
// summary or operation id, ignoring case.
func (o fixtureOp) matches(q string) bool {
	hay := strings.ToLower(strings.Join([]string{o.Method, o.Path, o.Summary, o.ID}, " "))
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func fixtureOperations(t *testing.T, fixture []byte) []fixtureOp {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(fixture, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []fixtureOp
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct{ OperationID, Summary string }
			if err := json.Unmarshal(raw, &op); err != nil || op.OperationID == "" {
				t.Fatalf("%s %s: no operationId (%v)", method, path, err)
			}
			ops = append(ops, fixtureOp{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary})
		}
	}
	if len(ops) < 8 {
		t.Fatalf("the fixture has only %d operations", len(ops))
	}
	return ops
}

// referenceSite serves the fixture at /api/openapi.json (503 when nil)
// and passes every other request to the app at app.
func referenceSite(t *testing.T, app string, fixture []byte) string {
	t.Helper()
	target, err := url.Parse(app)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/openapi.json" {
			if fixture == nil {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(fixture)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// pageEvents collects what must not happen on the page: console errors
// and warnings, uncaught exceptions, browser-log errors and dialogs.
type pageEvents struct {
	mu       sync.Mutex
	problems []string
}

func watchPage(t *testing.T, ctx context.Context) *pageEvents {
	t.Helper()
	e := &pageEvents{}
	dialogs := make(chan struct{}, 8)
	err := chromedp.Listen(ctx, func(ev any) {
		var p string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			p = "exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				p += " " + ev.ExceptionDetails.Exception.Description
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				p = "browser log: " + ev.Entry.Text + " " + ev.Entry.URL
			}
		case *page.EventJavascriptDialogOpening:
			p = fmt.Sprintf("a %s dialog opened: %q", ev.Type, ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
		if p != "" {
			e.mu.Lock()
			e.problems = append(e.problems, p)
			e.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// A dialog blocks the page: dismiss it (off the event loop) so the
	// test fails with the reason instead of hanging.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	return e
}

func (e *pageEvents) check(t *testing.T) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range e.problems {
		t.Error(p)
	}
}

// TestReferencePageServesTheRealDocument loads /docs/api from the app
// itself: the page renders the document the app serves, with a section
// for every operation of the route table and no page errors.
func TestReferencePageServesTheRealDocument(t *testing.T) {
	ctx := browsertest.New(t, 1280, 860) // skips without Chromium
	ta := newTestApp(t, api.SQLite, nil)
	events := watchPage(t, ctx)
	p := &refPage{ctx: ctx, base: ta.listen(false)}
	p.load(t, "/docs/api")
	var got []string
	p.eval(t, `[...document.querySelectorAll('main section.op')].map(s => s.id)`, &got)
	var want []string
	for _, o := range ta.app.ops {
		want = append(want, "operation-"+o.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("sections:\n got %v\nwant %v", got, want)
	}
	events.check(t)
}
