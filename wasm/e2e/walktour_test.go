//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// TestNewcomerTour opens every nav link on a 390 px wide phone in the
// dark theme: each screen draws, no error is left on it from the screen
// before, nothing is wider than the phone, and the page is dark.
func TestNewcomerTour(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 390, 844)
	emulateScheme(t, ctx, "dark")
	s.loginUI(t, ctx)
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#nav a')].map(a => a.getAttribute('href')).filter(h => h.startsWith('#/'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(hrefs) < 8 {
		t.Fatalf("the nav links %q", hrefs)
	}
	// The nav's one link out of the client: the API reference page.
	api, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#nav a#api-reference').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.client.Get(s.base + api)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the nav's API link %s: %d %s", api, res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, h := range hrefs {
		name := strings.TrimPrefix(h, "#/")
		// Each screen is reached from one that failed: its error must not
		// stay on the next.
		run(t, ctx, chromedp.Navigate(s.base+"/#/dashboards/999999"))
		poll(t, ctx, "the missing dashboard's error", `!!document.querySelector('#app .error')`)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector('#nav a[href=%q]').click(), true)`, h))); err != nil {
			t.Fatal(err)
		}
		poll(t, ctx, "the screen "+h, fmt.Sprintf(`location.hash.startsWith(%q) && !!document.querySelector('#app h2') && !document.querySelector('#app .loading:not([hidden])')`, h))
		walkShot(t, ctx, "phone-"+name)
		info, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
			const vis = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
			const wide = [...document.querySelectorAll('body *')].filter(e => vis(e) && e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-wrap, .scroll-x, pre, textarea, table'));
			return {scroll: document.documentElement.scrollWidth, errors: [...document.querySelectorAll('.error, .banner')].filter(vis).map(e => e.textContent).join(' | '),
				wide: wide.slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' '), bg: getComputedStyle(document.body).backgroundColor}; })()`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v", h, info)
		if e, _ := info["errors"].(string); e != "" {
			t.Errorf("%s shows an error after a failed screen: %q", h, e)
		}
		if w, _ := info["scroll"].(float64); w > 391 {
			t.Errorf("%s is %.0f px wide on a 390 px phone (too wide: %v)", h, w, info["wide"])
		}
	}

	// The dashboard editor's filter rows fit the phone too.
	d := s.dashboardNamed(t, "Sales overview")
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID)))
	waitTiles(t, ctx)
	click(t, ctx, "#dash-edit")
	poll(t, ctx, "a filter row", `!!document.querySelector('.dash-filter select[name=choices] option:nth-child(3)')`)
	walkShot(t, ctx, "phone-dash-edit")
	if w := jsInt(t, ctx, `document.documentElement.scrollWidth`); w > 391 {
		t.Errorf("the dashboard editor is %d px wide on a 390 px phone", w)
	}
	click(t, ctx, "#dash-cancel")

	// With the server unreachable every screen shows the one outage
	// banner and no raw fetch error; Retry draws the screen once it is back.
	blockAPI(t, ctx, s.base, true)
	for _, h := range hrefs {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector('#nav a[href=%q]').click(), true)`, h))); err != nil {
			t.Fatal(err)
		}
		poll(t, ctx, "the outage banner on "+h, fmt.Sprintf(`location.hash.startsWith(%q) && !!document.querySelector('#outage #outage-retry')`, h))
		if n := text(t, ctx, "body"); strings.Contains(n, "Failed to fetch") || strings.Contains(n, "TypeError") || strings.Contains(n, "NetworkError") {
			t.Errorf("%s during the outage shows a raw fetch error: %q", h, n)
		}
		if n := jsInt(t, ctx, `document.querySelectorAll('#outage').length`); n != 1 {
			t.Errorf("%s during the outage: %d banners", h, n)
		}
		walkShot(t, ctx, "outage-"+strings.TrimPrefix(h, "#/"))
	}
	blockAPI(t, ctx, s.base, false)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#outage-retry`)))
	poll(t, ctx, "the screen drawn after Retry", `!document.querySelector('#outage') && !!document.querySelector('#users tr[data-username="admin"]')`)
}
