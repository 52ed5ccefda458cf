// Command client measures Gobi's web client in headless Chromium: the
// WebAssembly module's size (raw and as sent, gzip), and the time from
// navigation to the first chart painted on a dashboard over loopback,
// cold (each load in a fresh browser profile) and warm (reloads), as
// median and 95th percentile.
//
//	make wasm && go run ./bench/client -runs 10
//
// Targets (issue 4): ≤ 4 MB gzip; first chart < 1 s on localhost.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/bench/loopback"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

func main() {
	runs := flag.Int("runs", 5, "cold loads (each in a fresh browser) and warm loads to time")
	dashboard := flag.String("dashboard", "Sales overview", "demo dashboard to open")
	flag.Parse()
	if err := run(*runs, *dashboard); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

func run(runs int, title string) error {
	raw, err := gobi.Static.ReadFile("assets/app.wasm")
	if err != nil {
		return fmt.Errorf("the web client is not built: run `make wasm` first")
	}
	gz, _ := gobi.Static.ReadFile("assets/app.wasm.gz")
	fmt.Printf("app.wasm: %.2f MB raw, %.2f MB gzip -9 (as sent)\n", mb(len(raw)), mb(len(gz)))

	base, stop, err := serve()
	if err != nil {
		return err
	}
	defer stop()
	token, id, err := login(base, title)
	if err != nil {
		return err
	}
	path := browsertest.Path()
	if path == "" {
		return fmt.Errorf("no Chromium found (install chromium or set GOBI_CHROMIUM)")
	}
	url := fmt.Sprintf("%s/#/dashboards/%d", base, id)
	// Cold: each load in a fresh browser profile (empty HTTP and code
	// caches). Warm: reloads in one browser after a first load.
	var cold, warm []load
	for i := 0; i < runs; i++ {
		l, err := measure(path, url, token, 1)
		if err != nil {
			return err
		}
		fmt.Printf("cold load %d: module ready %.0f ms, first chart painted %.0f ms after navigation\n", i+1, l[0].wasm, l[0].paint)
		cold = append(cold, l[0])
	}
	ls, err := measure(path, url, token, runs+1)
	if err != nil {
		return err
	}
	for i, l := range ls[1:] {
		fmt.Printf("warm load %d: module ready %.0f ms, first chart painted %.0f ms after navigation\n", i+1, l.wasm, l.paint)
		warm = append(warm, l)
	}
	report("cold", cold)
	report("warm", warm)
	return nil
}

// load is one page load's marks, in ms after navigation.
type load struct{ wasm, paint float64 }

// report prints the median and 95th percentile of the loads' first paint
// and module-ready times.
func report(label string, ls []load) {
	if len(ls) == 0 {
		return
	}
	paint := make([]float64, len(ls))
	wasm := make([]float64, len(ls))
	for i, l := range ls {
		paint[i], wasm[i] = l.paint, l.wasm
	}
	fmt.Printf("first chart, %s: median %.0f ms, p95 %.0f ms (module ready: median %.0f ms, p95 %.0f ms) over %d loads\n",
		label, quantile(paint, 0.5), quantile(paint, 0.95), quantile(wasm, 0.5), quantile(wasm, 0.95), len(ls))
}

// quantile is the q-quantile of xs (nearest rank).
func quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// measure opens url n times in one fresh browser, signed in with token,
// and returns each load's marks.
func measure(path, url, token string, n int) ([]load, error) {
	dir, err := os.MkdirTemp("", "gobi-bench-client-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), browsertest.Options(path, dir)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	base, _, _ := strings.Cut(url, "/#/")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000),
		chromedp.Navigate(base+"/healthz"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf(`localStorage.setItem("gobi.token", %q)`, token)))
			return err
		})); err != nil {
		return nil, err
	}
	var out []load
	for i := 0; i < n; i++ {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
			return nil, err
		}
		var ms float64
		// A poll started while the page is still being replaced can lose
		// its execution context; poll again in the new one.
		for try := 0; try < 3; try++ {
			ms, err = chromedp.Run(ctx, chromedp.Poll[float64](
				`(() => { const m = performance.getEntriesByName("gobi-first-chart"); return m.length ? m[0].startTime : 0; })()`,
				chromedp.WithPollingInterval(20*time.Millisecond)))
			if err == nil || !strings.Contains(err.Error(), "context") {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("waiting for the first chart: %w", err)
		}
		wasm, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](
			`(() => { const m = performance.getEntriesByName("gobi-wasm-ready"); return m.length ? m[0].startTime : 0; })()`))
		out = append(out, load{wasm: wasm, paint: ms})
	}
	return out, nil
}

func mb(n int) float64 { return float64(n) / (1 << 20) }

// serve starts Gobi with the demo on loopback.
func serve() (string, func(), error) {
	a, stop, err := loopback.Start("bench-client-password", nil)
	if err != nil {
		return "", nil, err
	}
	base, err := loopback.Serve(a.HTTP())
	if err != nil {
		stop()
		return "", nil, err
	}
	return base, stop, nil
}

// login returns a session token and the id of the dashboard titled title.
func login(base, title string) (string, int64, error) {
	res, err := http.Post(base+"/api/auth/login", "application/json",
		strings.NewReader(`{"username":"admin","password":"bench-client-password"}`))
	if err != nil {
		return "", 0, err
	}
	defer res.Body.Close()
	var s struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		return "", 0, err
	}
	req, _ := http.NewRequest("GET", base+"/api/dashboards", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer res.Body.Close()
	var ds []struct {
		ID    int64
		Title string
	}
	if err := json.NewDecoder(res.Body).Decode(&ds); err != nil {
		return "", 0, err
	}
	for _, d := range ds {
		if d.Title == title {
			return s.Token, d.ID, nil
		}
	}
	return "", 0, fmt.Errorf("no dashboard %q", title)
}
