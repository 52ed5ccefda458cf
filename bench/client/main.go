// Command client measures Gobi's web client in headless Chromium: the
// WebAssembly module's size (raw and as sent, gzip), and the time from
// navigation to the first chart painted on a dashboard over loopback,
// cold (each load in a fresh browser profile) and warm (reloads), as
// median and 95th percentile, with the time every tile was drawn.
//
//	make wasm && go run ./bench/client -runs 10
//
// To compare two builds in one run on a noisy machine, build this command
// in each tree (each embeds its own client) and let one drive the other:
// -against starts the other binary with -serve and alternates loads
// between the two servers, load by load.
//
//	go build -o /tmp/client-old ./bench/client   # in the old tree
//	go run ./bench/client -runs 10 -against /tmp/client-old
//
// Targets (issue 11): ≤ 4 MB gzip; first chart < 1 s on localhost.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/bench/loopback"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

var marks = new(bool)

func main() {
	runs := flag.Int("runs", 5, "cold loads (each in a fresh browser) and warm loads to time")
	dashboard := flag.String("dashboard", "Sales overview", "demo dashboard to open")
	flag.BoolVar(marks, "marks", false, "print each load's performance marks and API/module requests (ms after navigation)")
	against := flag.String("against", "", "another build of this command to compare with, load by load")
	serveOnly := flag.Bool("serve", false, "only serve the demo: print the target as JSON and wait for stdin to close")
	flag.Parse()
	var err error
	if *serveOnly {
		err = serveTarget(*dashboard)
	} else {
		err = run(*runs, *dashboard, *against)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

// target is a served dashboard to open: its page URL and a session.
type target struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Token string `json:"token"`
	Size  string `json:"size"`
}

// start serves the demo with the client this binary embeds.
func start(name, title string) (target, func(), error) {
	raw, err := gobi.Static.ReadFile("assets/app.wasm")
	if err != nil {
		return target{}, nil, fmt.Errorf("the web client is not built: run `make wasm` first")
	}
	gz, _ := gobi.Static.ReadFile("assets/app.wasm.gz")
	base, stop, err := serve()
	if err != nil {
		return target{}, nil, err
	}
	token, id, err := login(base, title)
	if err != nil {
		stop()
		return target{}, nil, err
	}
	return target{Name: name, URL: fmt.Sprintf("%s/#/dashboards/%d", base, id), Token: token,
		Size: fmt.Sprintf("app.wasm: %.2f MB raw, %.2f MB gzip -9 (as sent)", mb(len(raw)), mb(len(gz)))}, stop, nil
}

// serveTarget is -serve: the other side of -against.
func serveTarget(title string) error {
	t, stop, err := start("", title)
	if err != nil {
		return err
	}
	defer stop()
	if err := json.NewEncoder(os.Stdout).Encode(t); err != nil {
		return err
	}
	_, _ = bufio.NewReader(os.Stdin).ReadString(0) // until stdin closes
	return nil
}

// startOther runs bin -serve and reads its target.
func startOther(bin, title string) (target, func(), error) {
	cmd := exec.Command(bin, "-serve", "-dashboard", title)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return target{}, nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return target{}, nil, err
	}
	if err := cmd.Start(); err != nil {
		return target{}, nil, err
	}
	stop := func() {
		in.Close()
		_ = cmd.Wait()
	}
	var t target
	if err := json.NewDecoder(out).Decode(&t); err != nil {
		stop()
		return target{}, nil, fmt.Errorf("%s -serve: %w", bin, err)
	}
	t.Name = bin
	return t, stop, nil
}

func run(runs int, title, against string) error {
	self, stop, err := start("this build", title)
	if err != nil {
		return err
	}
	defer stop()
	targets := []target{self}
	if against != "" {
		other, stop, err := startOther(against, title)
		if err != nil {
			return err
		}
		defer stop()
		targets = []target{other, self}
	}
	path := browsertest.Path()
	if path == "" {
		return fmt.Errorf("no Chromium found (install chromium or set GOBI_CHROMIUM)")
	}
	for _, t := range targets {
		fmt.Printf("%s: %s\n", t.Name, t.Size)
	}
	// Cold: each load in a fresh browser profile (empty HTTP and code
	// caches). Warm: reloads in one browser per target after a first load.
	cold := make([][]load, len(targets))
	warm := make([][]load, len(targets))
	for i := 0; i < runs; i++ {
		for k, t := range targets {
			b, err := open(path, t)
			if err != nil {
				return err
			}
			l, err := b.load()
			b.close()
			if err != nil {
				return err
			}
			fmt.Printf("%s, cold load %d: module ready %.0f ms, first chart painted %.0f ms, every tile %.0f ms after navigation\n", t.Name, i+1, l.wasm, l.paint, l.all)
			cold[k] = append(cold[k], l)
		}
	}
	browsers := make([]*browser, len(targets))
	for k, t := range targets {
		b, err := open(path, t)
		if err != nil {
			return err
		}
		defer b.close()
		if _, err := b.load(); err != nil {
			return err
		}
		browsers[k] = b
	}
	for i := 0; i < runs; i++ {
		for k, b := range browsers {
			l, err := b.load()
			if err != nil {
				return err
			}
			fmt.Printf("%s, warm load %d: module ready %.0f ms, first chart painted %.0f ms, every tile %.0f ms after navigation\n", b.t.Name, i+1, l.wasm, l.paint, l.all)
			warm[k] = append(warm[k], l)
		}
	}
	for k, t := range targets {
		report(t.Name+", cold", cold[k])
		report(t.Name+", warm", warm[k])
	}
	if len(targets) == 2 {
		for _, c := range []struct {
			label string
			ls    [][]load
		}{{"cold", cold}, {"warm", warm}} {
			fmt.Printf("%s: first chart median this build / other %.2f, p95 %.2f; every tile median %.2f\n", c.label,
				ratio(c.ls, func(l load) float64 { return l.paint }, 0.5), ratio(c.ls, func(l load) float64 { return l.paint }, 0.95),
				ratio(c.ls, func(l load) float64 { return l.all }, 0.5))
		}
	}
	return nil
}

// ratio is this build's q-quantile of f over the other's.
func ratio(ls [][]load, f func(load) float64, q float64) float64 {
	get := func(xs []load) float64 {
		v := make([]float64, len(xs))
		for i, l := range xs {
			v[i] = f(l)
		}
		return quantile(v, q)
	}
	return get(ls[1]) / get(ls[0])
}

// load is one page load's marks, in ms after navigation: module ready,
// first chart painted, every tile drawn.
type load struct{ wasm, paint, all float64 }

// report prints the median and 95th percentile of the loads' first paint
// and module-ready times.
func report(label string, ls []load) {
	if len(ls) == 0 {
		return
	}
	paint := make([]float64, len(ls))
	wasm := make([]float64, len(ls))
	all := make([]float64, len(ls))
	for i, l := range ls {
		paint[i], wasm[i], all[i] = l.paint, l.wasm, l.all
	}
	fmt.Printf("first chart, %s: median %.0f ms, p95 %.0f ms (module ready: median %.0f ms, p95 %.0f ms; every tile: median %.0f ms, p95 %.0f ms) over %d loads\n",
		label, quantile(paint, 0.5), quantile(paint, 0.95), quantile(wasm, 0.5), quantile(wasm, 0.95), quantile(all, 0.5), quantile(all, 0.95), len(ls))
}

// quantile is the q-quantile of xs (nearest rank).
func quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// browser is one Chromium with a profile of its own, signed in to t.
type browser struct {
	t      target
	ctx    context.Context
	cancel func()
	dir    string
}

func open(path string, t target) (*browser, error) {
	dir, err := os.MkdirTemp("", "gobi-bench-client-")
	if err != nil {
		return nil, err
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browsertest.Options(path, dir)...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 5*time.Minute)
	b := &browser{t: t, ctx: ctx, dir: dir, cancel: func() { cancelTime(); cancelTab(); cancelAlloc() }}
	base, _, _ := strings.Cut(t.URL, "/#/")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000),
		chromedp.Navigate(base+"/healthz"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf(`localStorage.setItem("gobi.token", %q)`, t.Token)))
			return err
		})); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *browser) close() {
	b.cancel()
	os.RemoveAll(b.dir)
}

// load opens the dashboard page anew and returns its marks.
func (b *browser) load() (load, error) {
	ctx := b.ctx
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(b.t.URL)); err != nil {
		return load{}, err
	}
	var ms float64
	var err error
	// A poll started while the page is still being replaced can lose
	// its execution context; poll again in the new one.
	for try := 0; try < 3; try++ {
		ms, err = chromedp.Run(ctx, chromedp.Poll[float64](
			`(() => { const m = performance.getEntriesByName("gobi-first-chart"); return m.length ? m[0].startTime : 0; })()`,
			chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute)))
		if err == nil || !strings.Contains(err.Error(), "context") {
			break
		}
	}
	if err != nil {
		return load{}, fmt.Errorf("waiting for the first chart: %w", err)
	}
	wasm, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`(() => { const m = performance.getEntriesByName("gobi-wasm-ready"); return m.length ? m[0].startTime : 0; })()`))
	// Every tile drawn: the last tile's "gobi-chart" mark once all tiles
	// have one (for a build whose boot.js does not make them, the time of
	// the poll that saw them all ready, up to 20 ms late).
	all, err := chromedp.Run(ctx, chromedp.Poll[float64](`(() => {
			const tiles = [...document.querySelectorAll(".tile")];
			if (!tiles.length || !tiles.every(t => t.dataset.ready)) return 0;
			const at = {};
			for (const m of performance.getEntriesByName("gobi-chart")) if (!(m.detail in at)) at[m.detail] = m.startTime;
			return Math.max(...tiles.map(t => at[t.id] || 0)) || performance.now();
		})()`, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute)))
	if err != nil {
		return load{}, fmt.Errorf("waiting for every tile: %w", err)
	}
	if *marks {
		m, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
			`performance.getEntriesByType("mark").concat(performance.getEntriesByType("resource").filter(e => e.name.includes("/api/") || e.name.includes(".wasm"))).map(m => m.name.replace(location.origin, "").slice(0, 40) + (m.detail ? " " + String(m.detail).slice(0, 30) : "") + " " + m.startTime.toFixed(0) + (m.duration ? "+" + m.duration.toFixed(0) : "")).join("\n")`))
		fmt.Println(m)
	}
	return load{wasm: wasm, paint: ms, all: all}, nil
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
