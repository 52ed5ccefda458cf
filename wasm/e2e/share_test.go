//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// loginAs logs in through the login screen as username.
func (s *site) loginAs(t *testing.T, ctx context.Context, username, pw string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.base+"/#/login"),
		chromedp.WaitVisible(chromedp.CSS(`#login input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`#login input[name=username]`), username),
		chromedp.SendKeys(chromedp.CSS(`#login input[name=password]`), pw),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#dashboards li`)),
	)
	if err != nil {
		t.Fatalf("log in as %s through the UI: %v", username, err)
	}
}

// logoutUI logs out with the header's button.
func logoutUI(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#logout`)), chromedp.WaitVisible(chromedp.CSS(`#login`))); err != nil {
		t.Fatalf("log out: %v", err)
	}
}

// as calls the API with token and returns the status.
func (s *site) as(t *testing.T, token, method, path string, in any) int {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, s.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// painted fails t unless the element sel shows a chart: a good part of
// it covered with several colours.
func painted(t *testing.T, ctx context.Context, sel string) browsertest.Paint {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", sel, err)
	}
	p, err := browsertest.Analyze(png)
	if err != nil {
		t.Fatal(err)
	}
	if p.Share() < 0.03 || p.Colors < 4 {
		t.Fatalf("%s looks blank: %.1f%% non-background pixels, %d colours", sel, 100*p.Share(), p.Colors)
	}
	return p
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// TestShareAndEmbedLinks: the admin (A) shares a dashboard with Bob as
// viewer in the share dialog; Bob sees it listed as shared, its tiles
// draw, he has no Share button and the API refuses his save (403); A
// removes the share in the dialog and Bob gets 404. Then A creates an
// embed link on #/embed, copies its iframe snippet, the link draws in a
// frame on another origin, and after Revoke it answers 410.
func TestShareAndEmbedLinks(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	const bobPW = "bob-e2e-password"
	var bob api.User
	s.call(t, "POST", "/api/auth/register", api.Credentials{Username: "bob", Password: bobPW}, &bob)
	var bobSession api.Session
	s.call(t, "POST", "/api/auth/login", api.Credentials{Username: "bob", Password: bobPW}, &bobSession)
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	var d api.Dashboard
	for _, x := range ds {
		if x.Title == "Sales overview" {
			d = x
		}
	}
	if d.ID == 0 {
		t.Fatal("the demo has no Sales overview dashboard")
	}
	dashURL := fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID)
	sharesPath := fmt.Sprintf("/api/dashboards/%d/shares", d.ID)

	// A shares the dashboard with Bob as viewer.
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(dashURL)); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#share-button")
	choose(t, ctx, "#share-user", "bob")
	choose(t, ctx, "#share-role", "viewer")
	click(t, ctx, "#share-add")
	poll(t, ctx, "bob in the share list", `!!document.querySelector('#share-list tr[data-who="bob"]')`)
	shot(t, ctx, "/tmp/gobi-share-dialog.png")
	click(t, ctx, "#share-save")
	poll(t, ctx, "saved", `(document.querySelector('#share-msg') || {}).textContent.includes('Saved: bob (viewer)')`)
	var shares []api.Share
	s.call(t, "GET", sharesPath, nil, &shares)
	if len(shares) != 1 || shares[0].UserID != bob.ID || shares[0].Role != api.ShareViewer {
		t.Fatalf("the dialog saved %+v", shares)
	}
	click(t, ctx, "#share-close")
	logoutUI(t, ctx)

	// Bob sees it as shared, its tiles draw, and he cannot save it.
	s.loginAs(t, ctx, "bob", bobPW)
	poll(t, ctx, "the shared dashboard listed", `[...document.querySelectorAll('#dashboards li')].some(li => li.textContent.includes('Sales overview') && li.textContent.includes('shared by admin'))`)
	if err := chromedp.Do(ctx, chromedp.Navigate(dashURL)); err != nil {
		t.Fatal(err)
	}
	tiles := waitTiles(t, ctx)
	if len(tiles) != len(d.Tiles) {
		t.Fatalf("bob sees %d tiles of %d", len(tiles), len(d.Tiles))
	}
	for id, state := range tiles {
		if !strings.HasPrefix(state, "1 ") {
			t.Fatalf("bob's %s: data-ready %q, want painted", id, state)
		}
	}
	p := painted(t, ctx, "#tile-0")
	t.Logf("bob's first tile: %.1f%% painted, %d colours", 100*p.Share(), p.Colors)
	shot(t, ctx, "/tmp/gobi-shared-dashboard.png")
	if text(t, ctx, "#share-button") != "" || !strings.Contains(text(t, ctx, ".shared-by"), "viewer") {
		t.Fatalf("bob's view: share button %q, note %q", text(t, ctx, "#share-button"), text(t, ctx, ".shared-by"))
	}
	if st := s.as(t, bobSession.Token, "PUT", fmt.Sprintf("/api/dashboards/%d", d.ID), api.DashboardInput{Title: "mine now", Tiles: d.Tiles, Params: d.Params}); st != 403 {
		t.Fatalf("bob's save: status %d, want 403", st)
	}
	logoutUI(t, ctx)

	// A removes the share; Bob's next request is a 404.
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(dashURL)); err != nil {
		t.Fatal(err)
	}
	// The dialog follows the dark theme: a dark box, light text. (The
	// theme picker redraws the screen, which closes the dialog.)
	choose(t, ctx, "#theme", "Dark")
	click(t, ctx, "#share-button")
	poll(t, ctx, "a dark dialog", `(() => { const st = getComputedStyle(document.querySelector('.share-box'));
		const lum = c => c.match(/\d+/g).slice(0, 3).reduce((a, b) => a + +b, 0);
		return lum(st.backgroundColor) < 150 && lum(st.color) > 500; })()`)
	shot(t, ctx, "/tmp/gobi-share-dialog-dark.png")
	choose(t, ctx, "#theme", "System")
	click(t, ctx, "#share-button")
	poll(t, ctx, "bob listed", `!!document.querySelector('#share-list tr[data-who="bob"]')`)
	click(t, ctx, `#share-list tr[data-who="bob"] .share-remove`)
	click(t, ctx, "#share-save")
	poll(t, ctx, "unshared", `(document.querySelector('#share-msg') || {}).textContent.includes('not shared')`)
	if st := s.as(t, bobSession.Token, "GET", fmt.Sprintf("/api/dashboards/%d", d.ID), nil); st != 404 {
		t.Fatalf("bob after the revoke: status %d, want 404", st)
	}
	click(t, ctx, "#share-close")

	// An embed link made on #/embed: copied, framed, drawn, revoked.
	var charts []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &charts)
	var bar chart.Saved
	for _, c := range charts {
		if c.Type == chart.Bar && bar.ID == 0 {
			bar = c
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/embed"), chromedp.WaitVisible(chromedp.CSS(`#embed-form`))); err != nil {
		t.Fatal(err)
	}
	choose(t, ctx, "#embed-kind", "chart")
	choose(t, ctx, "#embed-item", bar.Name)
	click(t, ctx, "#embed-create")
	poll(t, ctx, "the snippet", `(document.querySelector('#embed-snippet') || {}).value?.startsWith('<iframe src="')`)
	click(t, ctx, "#embed-created .embed-copy:last-child button.copy")
	poll(t, ctx, "copied", `['Copied', 'Press Ctrl+C'].includes(document.querySelector('#embed-created .embed-copy:last-child button.copy').textContent)`)
	snippet, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#embed-snippet').value`))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<iframe src="([^"]+)"`).FindStringSubmatch(snippet)
	if m == nil || !strings.HasPrefix(m[1], s.base+"/embed/") {
		t.Fatalf("snippet %q", snippet)
	}
	link := m[1]
	poll(t, ctx, "the link listed", `[...document.querySelectorAll('#embed-links tr[data-link]')].some(tr => tr.textContent.includes('active'))`)
	shot(t, ctx, "/tmp/gobi-embed-links.png")
	frame := func(wait time.Duration) browsertest.Paint {
		t.Helper()
		return framePaint(t, ctx, s.other+"/?src="+link, wait)
	}
	if p := frame(30 * time.Second); p.Share() < 0.05 || p.Colors < 4 {
		t.Fatalf("the copied link did not draw in the iframe: %.1f%% foreground, %d colours", 100*p.Share(), p.Colors)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/embed"), chromedp.WaitVisible(chromedp.CSS(`#embed-links tr[data-link] .confirm button`))); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `#embed-links tr[data-link] .confirm button`)
	click(t, ctx, `#embed-links tr[data-link] .confirm-yes`)
	poll(t, ctx, "revoked", `[...document.querySelectorAll('#embed-links tr[data-link]')].some(tr => tr.textContent.includes('revoked'))`)
	res, err := s.client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusGone {
		t.Fatalf("the revoked link: status %d, want 410", res.StatusCode)
	}
	if p := frame(3 * time.Second); p.Share() > 0.05 && p.Colors >= 4 {
		t.Fatalf("a revoked link still drew: %.1f%% foreground, %d colours", 100*p.Share(), p.Colors)
	}
}
