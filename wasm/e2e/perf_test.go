//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// dashboardID is the id of the demo dashboard titled title.
func (s *site) dashboardID(t *testing.T, title string) api.Dashboard {
	t.Helper()
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	for _, d := range ds {
		if d.Title == title {
			return d
		}
	}
	t.Fatalf("the demo has no dashboard %q", title)
	return api.Dashboard{}
}

// settle waits until the page just navigated to runs the module. A poll
// started while the page is still being replaced can lose its execution
// context: it polls again in the new one.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var err error
	for try := 0; try < 5; try++ {
		_, err = chromedp.Run(wctx, chromedp.Poll[bool](`performance.getEntriesByName("gobi-wasm-ready").length > 0`,
			chromedp.WithPollingInterval(20*time.Millisecond)))
		if err == nil || !strings.Contains(err.Error(), "context") {
			break
		}
	}
	if err != nil {
		t.Fatalf("the module never started: %v", err)
	}
}

// TestDashboardPrefetch opens dashboards in a new page and checks that
// boot.js asked for the dashboard and each tile's data while the module
// loaded, and that the client used those answers: exactly one request per
// URL (Resource Timing lists every fetch the page made, from the HTTP
// cache or not). The second dashboard's parameter default needs the
// query escaping and JSON key order to match Go's.
func TestDashboardPrefetch(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	sales := s.dashboardID(t, "Sales overview")
	var odd api.Dashboard
	s.call(t, "POST", "/api/dashboards", api.DashboardInput{
		Title: "Prefetch escaping",
		Tiles: sales.Tiles[:2],
		Params: []api.ParamDef{
			{Name: "region", Type: api.ParamString, Default: "Europe & <North> 'é' (x*y)!"},
			{Name: "a_first", Type: api.ParamNumber, Default: 2.5},
		},
	}, &odd)
	for _, d := range []api.Dashboard{sales, odd} {
		t.Run(d.Title, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"),
				chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
				t.Fatal(err)
			}
			settle(t, ctx)
			tiles := waitTiles(t, ctx)
			type seen struct {
				Prefetched []string           `json:"prefetched"`
				Requests   map[string]float64 `json:"requests"`
				Counts     map[string]int     `json:"counts"`
				Ready      float64            `json:"ready"`
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[seen](`(() => {
				const requests = {}, counts = {};
				for (const e of performance.getEntriesByType("resource")) {
					const u = new URL(e.name);
					if (!u.pathname.startsWith("/api/")) continue;
					const k = u.pathname + u.search;
					counts[k] = (counts[k] || 0) + 1;
					requests[k] = e.startTime;
				}
				const ready = performance.getEntriesByName("gobi-wasm-ready");
				return { prefetched: performance.getEntriesByName("gobi-prefetch").map(m => m.detail),
					requests, counts, ready: ready.length ? ready[0].startTime : -1 };
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{fmt.Sprintf("/api/dashboards/%d", d.ID)}
			for _, tile := range d.Tiles {
				want = append(want, fmt.Sprintf("/api/charts/%d/data", tile.ChartID))
			}
			for _, w := range want {
				var url string
				for _, p := range got.Prefetched {
					if p == w || strings.HasPrefix(p, w+"?") {
						url = p
					}
				}
				if url == "" {
					t.Errorf("boot.js did not prefetch %s (prefetched %q)", w, got.Prefetched)
					continue
				}
				n := 0
				for k, c := range got.Counts {
					if k == w || strings.HasPrefix(k, w+"?") {
						n += c
					}
				}
				if n != 1 || got.Counts[url] != 1 {
					t.Errorf("%s: %d requests (%d for the prefetched URL %s), want the prefetched one only; all: %v", w, n, got.Counts[url], url, got.Counts)
				}
				t.Logf("%s requested at %.0f ms (module ready at %.0f ms)", url, got.Requests[url], got.Ready)
			}
			for id, state := range tiles {
				if d.ID == sales.ID && !strings.HasPrefix(state, "1 ") {
					t.Errorf("%s: data-ready %q, want painted", id, state)
				}
			}
		})
	}
}

// latencyJS times interactions in the page: from an event's timestamp
// (when the input happened) to the frame after the app's handler ran,
// the one that shows its change. The app's listeners were added before
// these, so at the target they run first; the message posted from the
// animation frame callback arrives once that frame is done.
const latencyJS = `(() => {
	window.__lat = [];
	window.__arm = "";
	window.__watch = (el, type) => {
		el.addEventListener(type, e => {
			const kind = window.__arm;
			if (!kind) return;
			window.__arm = "";
			const t0 = e.timeStamp;
			requestAnimationFrame(() => {
				const ch = new MessageChannel();
				ch.port1.onmessage = () => window.__lat.push({ kind, ms: performance.now() - t0 });
				ch.port2.postMessage(0);
			});
		});
	};
	return true;
})()`

// findTargets looks for a point with a data tooltip and a legend entry
// (the cursor turns to a pointer) on tile's canvas, with synthetic
// mouse moves, and returns them in page coordinates.
const findTargetsJS = `((id) => {
	const box = document.getElementById(id);
	const cv = box.querySelector("canvas.chart2d"), tip = box.querySelector(".tooltip");
	if (!cv || !tip) return null;
	const r = cv.getBoundingClientRect();
	let tipAt = null, legendAt = null;
	for (let y = 2; y < r.height && !(tipAt && legendAt); y += 5) {
		for (let x = 2; x < r.width; x += 5) {
			cv.dispatchEvent(new MouseEvent("mousemove", { clientX: r.left + x, clientY: r.top + y, bubbles: true }));
			if (tip.hidden) continue;
			if (cv.style.cursor === "pointer") { if (!legendAt) legendAt = { x: r.left + x, y: r.top + y }; }
			else if (!tipAt) tipAt = { x: r.left + x, y: r.top + y };
		}
	}
	cv.dispatchEvent(new MouseEvent("mouseleave"));
	window.__watch(cv, "mousemove");
	window.__watch(cv, "click");
	return { tip: tipAt, legend: legendAt, left: r.left + 1, top: r.top + 1 };
})`

// TestInteractionLatency hovers a data point (tooltip) and toggles a
// legend entry on a 2D tile of the 7-tile sales dashboard with real
// mouse input, and times each from the input event to the next frame
// after the app changed the DOM or repainted the canvas. Target: under
// 100 ms; the test fails above 250 ms (a shared, loaded machine).
func TestInteractionLatency(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	d := s.dashboardID(t, "Sales overview")
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](latencyJS)); err != nil {
		t.Fatal(err)
	}
	type point struct{ X, Y float64 }
	type targets struct {
		Tip, Legend *point
		Left, Top   float64
	}
	var tg targets
	var tile string
	for i := range d.Tiles {
		id := fmt.Sprintf("tile-%d", i)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[*targets](fmt.Sprintf("%s(%q)", findTargetsJS, id)))
		if err != nil {
			t.Fatal(err)
		}
		if got != nil && got.Tip != nil && got.Legend != nil {
			tg, tile = *got, id
			break
		}
	}
	if tile == "" {
		t.Fatal("no 2D tile with both a data tooltip and a legend entry")
	}
	t.Logf("%s: tooltip at (%.0f, %.0f), legend entry at (%.0f, %.0f)", tile, tg.Tip.X, tg.Tip.Y, tg.Legend.X, tg.Legend.Y)
	checksum := fmt.Sprintf(`(() => { const cv = document.querySelector("#%s canvas.chart2d");
		const px = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
		let h = 0; for (let i = 0; i < px.length; i += 4) h = (h * 31 + px[i] + 3 * px[i + 1] + 7 * px[i + 2]) | 0;
		return h; })()`, tile)
	tipHidden := fmt.Sprintf(`document.querySelector("#%s .tooltip").hidden`, tile)
	arm := func(kind string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf("window.__arm = %q", kind)))
			return err
		})
	}
	const rounds = 8
	for i := 0; i < rounds; i++ {
		// Away from every mark (the tooltip hides), then onto the point.
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, tg.Left, tg.Top),
			arm("tooltip"), chromedp.MouseEvent(chromedp.MouseMoved, tg.Tip.X, tg.Tip.Y)); err != nil {
			t.Fatal(err)
		}
		if hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](tipHidden)); err != nil || hidden {
			t.Fatalf("round %d: the tooltip did not show (%v)", i, err)
		}
		// Hide the series, then show it again for the next round.
		for _, what := range []string{"hide", "show"} {
			before, err := chromedp.Run(ctx, chromedp.Evaluate[int64](checksum))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, arm("legend"), chromedp.MouseClickXY(tg.Legend.X, tg.Legend.Y)); err != nil {
				t.Fatal(err)
			}
			after, err := chromedp.Run(ctx, chromedp.Evaluate[int64](checksum))
			if err != nil {
				t.Fatal(err)
			}
			if after == before {
				t.Fatalf("round %d: the legend click (%s) did not repaint the chart", i, what)
			}
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	type sample struct {
		Kind string
		Ms   float64
	}
	lat, err := chromedp.Run(wctx, chromedp.Poll[[]sample](fmt.Sprintf(`window.__lat.length >= %d && window.__lat`, 3*rounds),
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		t.Fatalf("latency samples: %v", err)
	}
	byKind := map[string][]float64{}
	for _, l := range lat {
		byKind[l.Kind] = append(byKind[l.Kind], l.Ms)
	}
	for kind, n := range map[string]int{"tooltip": rounds, "legend": 2 * rounds} {
		ms := byKind[kind]
		if len(ms) != n {
			t.Errorf("%s: %d samples, want %d", kind, len(ms), n)
			continue
		}
		slices.Sort(ms)
		median, worst := ms[len(ms)/2], ms[len(ms)-1]
		t.Logf("%s: input to next frame median %.1f ms, worst %.1f ms over %d (target < 100 ms)", kind, median, worst, len(ms))
		if worst > 250 {
			t.Errorf("%s: worst %.1f ms from input to the next frame, limit 250 ms (all: %v)", kind, worst, ms)
		}
	}
}
