// Command perimeter measures what Gobi's API perimeter costs. It starts
// Gobi in-process on loopback with the demo, then drives the same cached
// chart-data GET four ways, one after the other, and prints requests per
// second and latency percentiles for each:
//
//	bare      the chart-data endpoint written by hand on Fiber, no perimeter
//	          (a fixed principal)
//	table     the same operation through the route table's adapter (huma),
//	          no perimeter: table/bare is what the adapter costs
//	jwt       through the internal API with a session token
//	apikey    through the internal API with "Authorization: ApiKey"
//	signed    through the external listener: HMAC signature, replay check,
//	          token bucket (Redis when GOBI_TEST_REDIS_URL is set) and audit
//
// With -durable, audited responses wait for their row's commit (group
// commit; see audit.durable), which the apikey and signed rows then pay.
//
// Target (issue 5): signed keeps >= 50% of bare's requests per second with
// p99 < 10 ms. Load generator and server share the machine, equally for
// every scenario. Traffic goes to 127.0.0.1 only and stops by itself.
//
//	go run ./bench/perimeter -duration 5s -concurrency 16
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/bench/loopback"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/signing"
)

func main() {
	duration := flag.Duration("duration", 5*time.Second, "how long each scenario runs")
	conc := flag.Int("concurrency", 16, "concurrent clients")
	chartID := flag.Int("chart", 4, "demo chart whose data is fetched (4: revenue by channel)")
	only := flag.String("only", "", "run only this scenario (bare, table, jwt, apikey, signed)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the run (server and load generator) to this file")
	durable := flag.Bool("durable", false, "audit.durable: each API-key response waits for its audit row's commit")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "perimeter:", err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if err := run(*duration, *conc, *chartID, *only, *durable); err != nil {
		fmt.Fprintln(os.Stderr, "perimeter:", err)
		os.Exit(1) //nolint:gocritic // the profile is lost on failure, which is fine
	}
}

func run(duration time.Duration, conc, chartID int, only string, durable bool) error {
	a, stop, err := loopback.Start("perimeter-bench-password", func(cfg *config.Config) {
		cfg.RedisURL = os.Getenv("GOBI_TEST_REDIS_URL")
		cfg.External.Addr = "127.0.0.1:0"
		cfg.RateLimit.UserRate, cfg.RateLimit.UserBurst = 1e6, 1e6
		cfg.Audit.Durable = durable
	})
	if err != nil {
		return err
	}
	defer stop()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	internal, err := loopback.Serve(a.HTTP())
	if err != nil {
		return err
	}
	external, err := loopback.Serve(a.External())
	if err != nil {
		return err
	}
	admin := auth.Principal{UserID: 1, Username: "admin", Role: auth.RoleAdmin, Via: "bench"}
	bareApp := fiber.New(fiber.Config{DisableStartupMessage: true})
	bareApp.Use(auth.Require(fixed{admin}))
	bareApp.Get("/api/charts/:id/data", bareData(a.Charts()))
	bare, err := loopback.Serve(bareApp)
	if err != nil {
		return err
	}
	tableApp := fiber.New(fiber.Config{DisableStartupMessage: true})
	tableApp.Use(auth.Require(fixed{admin}))
	route.NewMount(tableApp, route.Config{Title: "bench", Version: "0", MaxBody: 1 << 20, Log: log}).Add(a.Charts().Ops()...)
	table, err := loopback.Serve(tableApp)
	if err != nil {
		return err
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2, MaxConnsPerHost: conc * 2}}
	token, key, err := credentials(client, internal)
	if err != nil {
		return err
	}
	path := fmt.Sprintf("/api/charts/%d/data", chartID)
	var nonce atomic.Int64
	scenarios := []struct {
		name string
		req  func() (*http.Request, error)
	}{
		{"bare", func() (*http.Request, error) { return http.NewRequest("GET", bare+path, nil) }},
		{"table", func() (*http.Request, error) { return http.NewRequest("GET", table+path, nil) }},
		{"jwt", func() (*http.Request, error) {
			r, err := http.NewRequest("GET", internal+path, nil)
			if err == nil {
				r.Header.Set("Authorization", "Bearer "+token)
			}
			return r, err
		}},
		{"apikey", func() (*http.Request, error) {
			r, err := http.NewRequest("GET", internal+path, nil)
			if err == nil {
				r.Header.Set("Authorization", "ApiKey "+key.Key)
			}
			return r, err
		}},
		{"signed", func() (*http.Request, error) {
			// A nonce parameter keeps identical requests in the same second
			// from being refused as replays.
			r, err := http.NewRequest("GET", external+path+"?nonce="+strconv.FormatInt(nonce.Add(1), 10), nil)
			if err == nil {
				err = signing.SignRequest(r, key.AccessKey, key.AccessKeySecret, time.Now())
			}
			return r, err
		}},
	}
	fmt.Printf("%-8s %10s %9s %9s %9s %8s\n", "path", "req/s", "p50_ms", "p99_ms", "errors", "vs_bare")
	var bareRPS float64
	for _, s := range scenarios {
		if only != "" && s.name != only {
			continue
		}
		res := load(client, s.req, conc, duration)
		if s.name == "bare" {
			bareRPS = res.rps
		}
		fmt.Printf("%-8s %10.0f %9.2f %9.2f %9d %7.0f%%\n", s.name, res.rps, ms(res.p50), ms(res.p99), res.errors, 100*res.rps/bareRPS)
	}
	return nil
}

// bareData is the chart-data endpoint written by hand on Fiber, without
// the route table's adapter: the baseline the adapter is measured against.
func bareData(s *chart.Service) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := strconv.ParseInt(c.Params("id"), 10, 64)
		if err != nil {
			return fiber.ErrBadRequest
		}
		p := auth.From(c)
		ch, err := s.Get(c.UserContext(), p, id)
		if err != nil {
			return err
		}
		out, err := s.Data(c.UserContext(), p, ch, nil, 0)
		if err != nil {
			return err
		}
		b, err := out.EncodeJSON()
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(b)
	}
}

// fixed authenticates every request as one principal (the bare baseline).
type fixed struct{ p auth.Principal }

func (f fixed) Authenticate(*fiber.Ctx) (auth.Principal, bool, error) { return f.p, true, nil }

// credentials logs in and creates an API key with limits the load cannot
// reach, so the bucket is checked on every request but never empties.
func credentials(c *http.Client, base string) (string, api.APIKeyCreated, error) {
	var s struct{ Token string }
	if err := post(c, base+"/api/auth/login", "", map[string]string{"username": "admin", "password": "perimeter-bench-password"}, &s); err != nil {
		return "", api.APIKeyCreated{}, err
	}
	var k api.APIKeyCreated
	err := post(c, base+"/api/apikeys", s.Token, api.APIKeyInput{Name: "bench", Rate: 100000, Burst: 100000}, &k)
	return s.Token, k, err
}

func post(c *http.Client, url, token string, in, out any) error {
	b, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s: %d %s", url, res.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

type result struct {
	rps      float64
	p50, p99 time.Duration
	errors   int
}

// load runs conc workers for d and collects every latency.
func load(c *http.Client, mk func() (*http.Request, error), conc int, d time.Duration) result {
	// Warm up: the first request fills the result cache.
	if r, err := mk(); err == nil {
		if res, err := c.Do(r); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var all []time.Duration
	var errs int
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				req, err := mk()
				if err != nil {
					bad++
					continue
				}
				t0 := time.Now()
				res, err := c.Do(req)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					bad++
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	return result{rps: float64(len(all)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99), errors: errs}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
