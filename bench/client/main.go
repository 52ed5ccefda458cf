// Command client measures Gobi's web client in headless Chromium: the
// WebAssembly module's size (raw and as sent, gzip), and the time from
// navigation to the first chart painted on a dashboard over loopback,
// cold (first load in a fresh browser) and warm (reloads).
//
//	make wasm && go run ./bench/client -runs 5
//
// Targets (issue 4): ≤ 4 MB gzip; first chart < 1 s on localhost.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
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
	runs := flag.Int("runs", 5, "warm page loads to time")
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
	dir, _ := os.MkdirTemp("", "gobi-bench-client-")
	defer os.RemoveAll(dir)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), browsertest.Options(path, dir)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000),
		chromedp.Navigate(base+"/healthz"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf(`localStorage.setItem("gobi.token", %q)`, token)))
			return err
		})); err != nil {
		return err
	}
	url := fmt.Sprintf("%s/#/dashboards/%d", base, id)
	var times []float64
	for i := 0; i <= runs; i++ {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
			return err
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
			return fmt.Errorf("waiting for the first chart: %w", err)
		}
		wasm, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](
			`(() => { const m = performance.getEntriesByName("gobi-wasm-ready"); return m.length ? m[0].startTime : 0; })()`))
		label := "warm"
		if i == 0 {
			label = "cold"
		} else {
			times = append(times, ms)
		}
		fmt.Printf("load %d (%s): module ready %.0f ms, first chart painted %.0f ms after navigation\n", i, label, wasm, ms)
	}
	slices.Sort(times)
	if len(times) > 0 {
		fmt.Printf("first chart, warm: median %.0f ms, worst %.0f ms over %d loads\n", times[len(times)/2], times[len(times)-1], len(times))
	}
	return nil
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
