// Command metrics measures what a Prometheus scrape of Gobi costs after a
// long run. It starts Gobi in-process on loopback with the demo (both
// listeners, and the metrics listener), sends -requests requests from
// -concurrency workers, spread over every route template registered on
// both listeners and over the status classes (2xx reads as an admin, 4xx
// refusals, missing ids and bad bodies, unmatched paths, 429s from the
// login limiter), then times -scrapes GET /metrics on the main listener
// (with the metrics token) and on the metrics listener, and prints the
// median, the maximum and the body size (plain and gzip).
//
// By default the requests are real HTTP over keep-alive loopback
// connections. With -direct they are handed to each Fiber app's fasthttp
// handler in-process instead, without sockets or an HTTP client: the
// same middleware chain and routes (metrics middleware included), about
// twice as many requests per second on a small machine.
//
// Target (issue 10): a scrape under 50 ms after 1,000,000 requests. Load
// generator and server share the machine. Traffic goes to 127.0.0.1 only.
//
//	go run ./bench/metrics -requests 1000000 -concurrency 8
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/gobi-bi/gobi/bench/loopback"
	"github.com/gobi-bi/gobi/server/config"
)

const (
	password = "metrics-bench-password"
	token    = "metrics-bench-token-metrics-bench-token"
)

func main() {
	requests := flag.Int("requests", 1_000_000, "requests to send before scraping")
	conc := flag.Int("concurrency", 8, "concurrent keep-alive clients")
	scrapes := flag.Int("scrapes", 20, "scrapes timed on each listener")
	direct := flag.Bool("direct", false, "hand requests to the Fiber apps' handlers in-process instead of sending HTTP")
	flag.Parse()
	if err := run(*requests, *conc, *scrapes, *direct); err != nil {
		fmt.Fprintln(os.Stderr, "metrics:", err)
		os.Exit(1)
	}
}

func run(requests, conc, scrapes int, direct bool) error {
	a, stop, err := loopback.Start(password, func(cfg *config.Config) {
		cfg.External.Addr = "127.0.0.1:0"
		cfg.Metrics.Addr = "127.0.0.1:0"
		cfg.Metrics.Token = token
		cfg.Query.CacheTTL = time.Minute // chart data from the cache: the bench measures metrics, not SQLite
		cfg.RateLimit.UserRate, cfg.RateLimit.UserBurst = 1e9, 1e9
	})
	if err != nil {
		return err
	}
	defer stop()
	internal, err := loopback.Serve(a.HTTP())
	if err != nil {
		return err
	}
	external, err := loopback.Serve(a.External())
	if err != nil {
		return err
	}
	scraper, err := loopback.Serve(a.MetricsListener())
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2, MaxConnsPerHost: conc * 2, DisableCompression: true}}
	session, err := login(client, internal)
	if err != nil {
		return err
	}
	targets := append(targetsOf(a.HTTP(), internal, session), targetsOf(a.External(), external, "")...)
	fmt.Printf("%d request kinds over %d internal and %d external routes\n", len(targets), len(a.HTTP().GetRoutes(true)), len(a.External().GetRoutes(true)))

	how, send := "HTTP", httpSender(client)
	if direct {
		how, send = "in-process", directSender
	}
	start := time.Now()
	classes := load(send, targets, requests, conc)
	elapsed := time.Since(start)
	fmt.Printf("sent %d requests (%s) in %s (%.0f req/s): %v\n", requests, how, elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(), classes)

	fmt.Printf("%-22s %9s %9s %11s %10s %8s\n", "scrape", "median_ms", "max_ms", "bytes", "gzip_bytes", "series")
	for _, s := range []struct{ name, url, auth string }{
		{"main listener (token)", internal + "/metrics", "Bearer " + token},
		{"metrics listener", scraper + "/metrics", ""},
	} {
		r, err := timeScrapes(client, s.url, s.auth, scrapes)
		if err != nil {
			return err
		}
		fmt.Printf("%-22s %9.2f %9.2f %11d %10d %8d\n", s.name, ms(r.median), ms(r.max), r.bytes, r.gzipBytes, r.series)
	}
	return nil
}

func login(c *http.Client, base string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": password})
	res, err := c.Post(base+"/api/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var s struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil || s.Token == "" {
		return "", fmt.Errorf("login: %d %v", res.StatusCode, err)
	}
	return s.Token, nil
}

// target is one kind of request.
type target struct {
	app                      *fiber.App // for -direct
	base, method, path, auth string
	body                     string
}

// targetsOf makes requests for every route of f: reads of the first demo
// resource as the admin (2xx), the same without credentials (401),
// missing ids and empty bodies for everything else (404, 400, 422: never
// a write), plus paths no route matches.
func targetsOf(f *fiber.App, base, session string) []target {
	var out []target
	seen := map[string]bool{}
	for _, r := range f.GetRoutes(true) {
		if r.Method == "HEAD" || r.Path == "/metrics" || seen[r.Method+r.Path] {
			continue // HEAD is GET's twin; scrapes are timed apart
		}
		seen[r.Method+r.Path] = true
		path := strings.ReplaceAll(strings.ReplaceAll(r.Path, "*", "nowhere/42"), ":token", "not-a-token")
		missing := strings.ReplaceAll(path, ":id", "987654")
		out = append(out, target{f, base, r.Method, missing, bearer(session), "{}"}, target{f, base, r.Method, missing, "", ""})
		// No PNG of an existing chart: that would time the rasteriser.
		if r.Method == "GET" && !strings.Contains(path, "render.png") {
			out = append(out, target{f, base, "GET", strings.ReplaceAll(path, ":id", "1"), bearer(session), ""})
		}
	}
	out = append(out,
		target{f, base, "GET", "/no/such/page", "", ""},
		target{f, base, "POST", "/api/auth/login", "", `{"username":"nobody","password":"wrong"}`}, // 401, then 429
		target{f, base, "GET", "/api/auth/me", "Bearer not-a-jwt", ""},
	)
	return out
}

func bearer(session string) string {
	if session == "" {
		return ""
	}
	return "Bearer " + session
}

// sender sends one request and returns its status; each worker makes
// its own.
type sender func() func(target) (int, error)

// httpSender sends over c's keep-alive connections.
func httpSender(c *http.Client) sender {
	return func() func(target) (int, error) {
		return func(t target) (int, error) {
			var body io.Reader
			if t.body != "" {
				body = strings.NewReader(t.body)
			}
			req, _ := http.NewRequest(t.method, t.base+t.path, body)
			if t.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if t.auth != "" {
				req.Header.Set("Authorization", t.auth)
			}
			res, err := c.Do(req)
			if err != nil {
				return 0, err
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, nil
		}
	}
}

// directSender hands requests to the target app's fasthttp handler, on
// one reused request context per worker.
func directSender() func(target) (int, error) {
	var rc fasthttp.RequestCtx
	rc.Init(&fasthttp.Request{}, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}, nil)
	handlers := map[*fiber.App]fasthttp.RequestHandler{}
	return func(t target) (int, error) {
		h, ok := handlers[t.app]
		if !ok {
			h = t.app.Handler()
			handlers[t.app] = h
		}
		rc.Request.Reset()
		rc.Response.Reset()
		rc.Request.Header.SetMethod(t.method)
		rc.Request.SetRequestURI(t.path)
		rc.Request.Header.SetHost("127.0.0.1")
		if t.body != "" {
			rc.Request.Header.SetContentType("application/json")
			rc.Request.SetBodyString(t.body)
		}
		if t.auth != "" {
			rc.Request.Header.Set("Authorization", t.auth)
		}
		h(&rc)
		_ = rc.Response.Body() // drains a held result's stream, releasing its budget
		return rc.Response.StatusCode(), nil
	}
}

// load sends n requests, spread evenly over targets, from conc workers,
// and counts the responses by status class.
func load(send sender, targets []target, n, conc int) map[string]int64 {
	var next atomic.Int64
	var mu sync.Mutex
	classes := map[string]int64{}
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := send()
			mine := map[string]int64{}
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					break
				}
				status, err := do(targets[i%int64(len(targets))])
				if err != nil {
					mine["error"]++
					continue
				}
				mine[fmt.Sprintf("%dxx", status/100)]++
			}
			mu.Lock()
			for k, v := range mine {
				classes[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return classes
}

type scrapeResult struct {
	median, max      time.Duration
	bytes, gzipBytes int
	series           int
}

// timeScrapes fetches url n times, as a scraper that does not ask for
// compression; the gzip size is what a scraper that does would receive
// (at gzip's default level).
func timeScrapes(c *http.Client, url, auth string, n int) (scrapeResult, error) {
	var times []time.Duration
	var body []byte
	for i := 0; i < n; i++ {
		req, _ := http.NewRequest("GET", url, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		t0 := time.Now()
		res, err := c.Do(req)
		if err != nil {
			return scrapeResult{}, err
		}
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
		times = append(times, time.Since(t0))
		if err != nil || res.StatusCode != 200 {
			return scrapeResult{}, fmt.Errorf("scrape %s: %d %v", url, res.StatusCode, err)
		}
	}
	slices.Sort(times)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, _ = w.Write(body)
	_ = w.Close()
	series := 0
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "gobi_http_request_duration_seconds_count{") {
			series++
		}
	}
	return scrapeResult{median: times[len(times)/2], max: times[len(times)-1], bytes: len(body), gzipBytes: gz.Len(), series: series}, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
