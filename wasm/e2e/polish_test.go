//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// dashboardNamed is the id of the demo dashboard titled title.
func (s *site) dashboardNamed(t *testing.T, title string) *api.Dashboard {
	t.Helper()
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	for i := range ds {
		if ds[i].Title == title {
			return &ds[i]
		}
	}
	t.Fatalf("the demo has no dashboard %q", title)
	return nil
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// TestSessionAcrossTabs: a second tab of the same browser is signed in;
// logging out in one signs the other out, and logging in again signs the
// other in.
func TestSessionAcrossTabs(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1200, 800)
	s.loginUI(t, ctx)
	tab2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	run(t, tab2, chromedp.EmulateViewport(1200, 800), chromedp.Navigate(s.base+"/#/charts"))
	poll(t, tab2, "the second tab is signed in", `location.hash === '#/charts' && !!document.querySelector('#charts li') && !!document.getElementById('logout')`)

	run(t, tab2, chromedp.Click(chromedp.CSS(`#logout`)))
	poll(t, tab2, "the second tab logged out", `location.hash === '#/login' && !!document.querySelector('#login')`)
	poll(t, ctx, "the first tab follows the logout", `location.hash.startsWith('#/login') && !!document.querySelector('#login') && !document.getElementById('logout') && localStorage.getItem('gobi.token') === null`)

	// Log in in the first tab: the second, on its login screen, follows.
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#login input[name=username]`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#login input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)))
	poll(t, ctx, "the first tab signed in again", `!!document.querySelector('#dashboards li')`)
	poll(t, tab2, "the second tab follows the login", `location.hash === '#/dashboards' && !!document.querySelector('#dashboards li')`)
}

// TestLoginNext: a page asked for while signed out is the one shown after
// logging in; a next= outside the client is ignored.
func TestLoginNext(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1200, 800)
	d := s.dashboardNamed(t, "Sales overview")
	page := fmt.Sprintf("#/dashboards/%d", d.ID)
	run(t, ctx, chromedp.Navigate(s.base+"/"+page))
	poll(t, ctx, "sent to login with next=", fmt.Sprintf(`location.hash === '#/login?next=' + encodeURIComponent(%q) && !!document.querySelector('#login')`, page))
	login := func() {
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#login input[name=username]`)),
			chromedp.SendKeys(chromedp.CSS(`#login input[name=username]`), "admin"),
			chromedp.SendKeys(chromedp.CSS(`#login input[name=password]`), password),
			chromedp.Click(chromedp.CSS(`#login button[type=submit]`)))
	}
	login()
	poll(t, ctx, "back on the page asked for", fmt.Sprintf(`location.hash === %q && !!document.querySelector('.grid .tile')`, page))
	waitTiles(t, ctx)

	// A session the server refuses (expired, say) also returns there.
	run(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(localStorage.setItem('gobi.token', 'expired'), true)`))
		return err
	}), chromedp.Navigate(s.base+"/?expired"+page))
	poll(t, ctx, "a refused session goes to login with next=", fmt.Sprintf(`location.hash === '#/login?next=' + encodeURIComponent(%q) && localStorage.getItem('gobi.token') === null`, page))
	login()
	poll(t, ctx, "back on the page after the session ended", fmt.Sprintf(`location.hash === %q && !!document.querySelector('.grid .tile')`, page))

	for _, next := range []string{"https://evil.example/", "//evil.example/", "#//evil.example", "javascript:alert(1)", "#/login?next=%23/charts"} {
		t.Run(next, func(t *testing.T) {
			run(t, ctx, chromedp.Click(chromedp.CSS(`#logout`)))
			poll(t, ctx, "logged out", `!!document.querySelector('#login')`)
			run(t, ctx, chromedp.Navigate(s.base+"/#/login?next="+url.QueryEscape(next)))
			login()
			poll(t, ctx, "a foreign next= is ignored", fmt.Sprintf(`location.origin === %q && location.hash === '#/dashboards' && !!document.querySelector('#dashboards li')`, s.base))
		})
	}
}

// downloads saves the browser's downloads in a new folder; next waits for
// the next file and returns its name and content.
type downloads struct{ dir string }

func newDownloads(t *testing.T, ctx context.Context) *downloads {
	d := &downloads{dir: t.TempDir()}
	run(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: d.dir})
		return err
	}))
	return d
}

func (d *downloads) next(t *testing.T, what string) (string, []byte) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		es, _ := os.ReadDir(d.dir)
		for _, e := range es {
			n := e.Name()
			if strings.HasSuffix(n, ".crdownload") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(d.dir, n))
			if err != nil || len(b) == 0 {
				continue
			}
			// Removed, so a later file of the same name is seen as new.
			_ = os.Remove(filepath.Join(d.dir, n))
			return n, b
		}
	}
	t.Fatalf("%s: no file downloaded", what)
	return "", nil
}

// choose opens the export menu sel and picks item.
func exportAs(t *testing.T, ctx context.Context, menu, item string) {
	t.Helper()
	run(t, ctx, chromedp.Click(chromedp.CSS(menu+" .export-toggle")))
	poll(t, ctx, "the export menu opens", fmt.Sprintf(`!document.querySelector('%s .export-items').hidden`, menu))
	run(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s [data-export=%s]`, menu, item))))
}

func pngSize(t *testing.T, what string, b []byte) (int, int) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("%s: not a PNG: %q", what, b[:min(len(b), 16)])
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	p := browsertest.AnalyzeImage(img)
	if p.Colors < 4 {
		t.Errorf("%s: looks blank (%d colours)", what, p.Colors)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func svgRoot(t *testing.T, what string, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: no root element: %v", what, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "svg" {
				t.Fatalf("%s: root <%s>", what, se.Name.Local)
			}
			return
		}
	}
}

func jsInt(t *testing.T, ctx context.Context, expr string) int {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return int(v)
}

// TestExportMenu downloads every export through the menus: a 2D tile's
// PNG (at the tile's size), SVG and CSV, the dashboard's PNG and SVG, a
// 3D tile's current view, and the single-chart view's menu.
func TestExportMenu(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1300, 900)
	s.loginUI(t, ctx)
	dl := newDownloads(t, ctx)
	d := s.dashboardNamed(t, "Sales overview")
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID)))
	waitTiles(t, ctx)

	exportAs(t, ctx, "#export-tile-0", "png")
	name, b := dl.next(t, "tile PNG")
	w, h := pngSize(t, name, b)
	if tw, th := jsInt(t, ctx, `document.getElementById('tile-0').clientWidth`), jsInt(t, ctx, `document.getElementById('tile-0').clientHeight`); w != tw || h != th {
		t.Errorf("tile PNG %s is %d × %d, the tile %d × %d", name, w, h, tw, th)
	}
	exportAs(t, ctx, "#export-tile-0", "svg")
	name, b = dl.next(t, "tile SVG")
	svgRoot(t, name, b)
	exportAs(t, ctx, "#export-tile-0", "csv")
	name, b = dl.next(t, "tile CSV")
	if lines := strings.Split(strings.TrimSpace(string(b)), "\r\n"); !strings.HasSuffix(name, ".csv") || len(lines) < 2 || !strings.Contains(lines[0], ",") {
		t.Errorf("CSV %s: %q", name, b[:min(len(b), 200)])
	}

	// One menu open at a time; a click outside closes it.
	run(t, ctx, chromedp.Click(chromedp.CSS("#export-tile-0 .export-toggle")), chromedp.Click(chromedp.CSS("#export-tile-1 .export-toggle")))
	poll(t, ctx, "opening a menu closes the other", `document.querySelector('#export-tile-0 .export-items').hidden && !document.querySelector('#export-tile-1 .export-items').hidden`)
	run(t, ctx, chromedp.Click(chromedp.CSS("h2")))
	poll(t, ctx, "a click outside closes the menu", `document.querySelector('#export-tile-1 .export-items').hidden && document.querySelector('#export-tile-1 .export-toggle').getAttribute('aria-expanded') === 'false'`)

	exportAs(t, ctx, "#export-dashboard", "png")
	name, b = dl.next(t, "dashboard PNG")
	if w, _ := pngSize(t, name, b); w != jsInt(t, ctx, `document.querySelector('.grid').clientWidth`) {
		t.Errorf("dashboard PNG %s: %d wide", name, w)
	}
	exportAs(t, ctx, "#export-dashboard", "svg")
	name, b = dl.next(t, "dashboard SVG")
	svgRoot(t, name, b)
	if msg := text(t, ctx, ".export-msg"); msg != "" {
		t.Errorf("an export failed: %q", msg)
	}

	// A 3D tile: the picture on its canvas now.
	g := s.dashboardNamed(t, "3D gallery")
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, g.ID)))
	waitTiles(t, ctx)
	exportAs(t, ctx, "#export-tile-0", "png")
	name, b = dl.next(t, "3D PNG")
	if w, _ := pngSize(t, name, b); w < 100 {
		t.Errorf("3D PNG %s: %d wide", name, w)
	}
	if os.Getenv("GOBI_E2E_SHOTS") != "" {
		_ = os.WriteFile("/tmp/gobi-3d-export.png", b, 0o644)
	}

	// The single-chart view has the menu too.
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/#/charts/%d", s.base, d.Tiles[0].ChartID)))
	waitTiles(t, ctx)
	exportAs(t, ctx, fmt.Sprintf("#export-chart-%d", d.Tiles[0].ChartID), "svg")
	name, b = dl.next(t, "single chart SVG")
	svgRoot(t, name, b)
	shot(t, ctx, "/tmp/gobi-export-menu.png")
}

// TestThreeDFocus: over an unfocused 3D tile the wheel scrolls the page;
// a click focuses it (ring and hint) and the wheel then zooms it while
// the page stays; Esc releases it, and so does a click elsewhere.
func TestThreeDFocus(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1200, 700)
	s.loginUI(t, ctx)
	g := s.dashboardNamed(t, "3D gallery")
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, g.ID)))
	waitTiles(t, ctx)
	if jsInt(t, ctx, `document.documentElement.scrollHeight - innerHeight`) < 200 {
		t.Fatal("the page does not scroll: make the viewport smaller")
	}
	// The middle of the first 3D tile, in the viewport.
	sel := `document.querySelector('.tile[data-view]')`
	center := func() (float64, float64) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(`+sel+`.scrollIntoView({block: 'center'}), true)`)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		r, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = `+sel+`.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`))
		if err != nil || len(r) != 2 {
			t.Fatalf("3D tile position: %v %v", r, err)
		}
		return r[0], r[1]
	}
	x, y := center()
	// Down the page, or up where it is scrolled to the bottom half.
	wheel := func() {
		dy := 240.0
		if jsInt(t, ctx, `+(scrollY * 2 > document.documentElement.scrollHeight - innerHeight)`) != 0 {
			dy = -240
		}
		run(t, ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y),
			chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 1e-6, dy } /* CDP wants deltaX, and omits a zero */))
	}
	frames := func() string { return attr(t, ctx, ".tile[data-view]", "data-frames") }

	// Touch: the page pans over an unfocused chart, the chart takes every
	// gesture once focused.
	touch := func() string {
		return attr(t, ctx, ".tile[data-view] canvas.gobi-3d-canvas", "style")
	}
	if st := touch(); !strings.Contains(st, "touch-action: pan-x pan-y pinch-zoom") {
		t.Errorf("unfocused canvas style %q, want touch-action pan-x pan-y pinch-zoom", st)
	}

	// Unfocused: the page scrolls, the chart draws nothing.
	y0, f0 := jsInt(t, ctx, `scrollY`), frames()
	wheel()
	poll(t, ctx, "the wheel scrolls the page over an unfocused 3D chart", fmt.Sprintf(`scrollY !== %d`, y0))
	if f := frames(); f != f0 {
		t.Errorf("the unfocused chart moved its camera: frames %s → %s", f0, f)
	}
	x, y = center()

	// Click: focused, with ring and hint; the wheel zooms, the page stays.
	run(t, ctx, chromedp.MouseClickXY(x, y))
	poll(t, ctx, "a click focuses the chart", sel+`.dataset.focused === '1' && [...`+sel+`.querySelectorAll('.gobi-3d-hint')].some(e => e.textContent === 'Esc to release' && e.offsetParent)`)
	if st := touch(); !strings.Contains(st, "touch-action: none") {
		t.Errorf("focused canvas style %q, want touch-action none", st)
	}
	before, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`.tile[data-view]`)))
	if err != nil {
		t.Fatal(err)
	}
	y1, f1 := jsInt(t, ctx, `scrollY`), frames()
	wheel()
	poll(t, ctx, "the wheel zooms the focused chart", fmt.Sprintf(`%s.dataset.frames !== %q`, sel, f1))
	time.Sleep(300 * time.Millisecond)
	if y := jsInt(t, ctx, `scrollY`); y != y1 {
		t.Errorf("the page scrolled under a focused chart: %d → %d", y1, y)
	}
	after, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`.tile[data-view]`)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before, after) {
		t.Error("the zoom changed no pixel")
	}
	look(t, ctx, "/tmp/gobi-3d-focus.png")

	// Esc releases: the wheel scrolls the page again.
	run(t, ctx, chromedp.KeyEvent("\u001b"))
	poll(t, ctx, "Esc releases the chart", `!`+sel+`.dataset.focused`)
	y2 := jsInt(t, ctx, `scrollY`)
	wheel()
	poll(t, ctx, "the wheel scrolls the page again", fmt.Sprintf(`scrollY !== %d`, y2))

	// A click elsewhere releases it too.
	x, y = center()
	run(t, ctx, chromedp.MouseClickXY(x, y))
	poll(t, ctx, "focused again", sel+`.dataset.focused === '1'`)
	run(t, ctx, chromedp.MouseClickXY(5, 5))
	poll(t, ctx, "a click elsewhere releases the chart", `!`+sel+`.dataset.focused`)
}
