package metrics

import (
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/valyala/fasthttp"
	_ "modernc.org/sqlite"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// value is a metric's value in g: a counter's or gauge's, or a
// histogram's sample count; -1 when no series has exactly these labels.
func value(t *testing.T, g prometheus.Gatherer, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !sameLabels(m.GetLabel(), labels) {
				continue
			}
			switch {
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount())
			case m.Counter != nil:
				return m.Counter.GetValue()
			case m.Gauge != nil:
				return m.Gauge.GetValue()
			}
		}
	}
	return -1
}

func sameLabels(got []*dto.LabelPair, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, l := range got {
		if v, ok := want[l.GetName()]; !ok || v != l.GetValue() {
			return false
		}
	}
	return true
}

// testApp is a Fiber app shaped like Gobi's: recover, then the metrics
// middleware, a group whose middleware refuses some requests, endpoints
// answering each status class, and an /api/* catch-all. Paths outside
// /api match no route.
func testApp(m *Metrics) *fiber.App {
	f := fiber.New(fiber.Config{ErrorHandler: apierr.Handler(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	f.Use(recover.New(), m.Middleware("internal"))
	api := f.Group("/api", func(c *fiber.Ctx) error {
		if c.Get("Authorization") == "" {
			return fault.Unauthorized("authentication required")
		}
		return c.Next()
	})
	api.Get("/charts/:id", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"id": c.Params("id")}) })
	api.Post("/charts", func(c *fiber.Ctx) error { return c.SendStatus(http.StatusCreated) })
	api.Get("/moved", func(c *fiber.Ctx) error { return c.Redirect("/api/charts/1") })
	api.Get("/broken", func(c *fiber.Ctx) error { return errors.New("boom") })
	api.Get("/panic", func(c *fiber.Ctx) error { panic("boom") })
	api.All("/*", func(c *fiber.Ctx) error { return fault.Missing("endpoint", c.Path()) })
	return f
}

func TestMiddlewareLabels(t *testing.T) {
	tests := []struct {
		name         string
		method, path string
		anonymous    bool
		status       int
		route, class string
	}{
		{"template, not the raw path", "GET", "/api/charts/123", false, 200, "/api/charts/:id", "2xx"},
		{"another id, same template", "GET", "/api/charts/456", false, 200, "/api/charts/:id", "2xx"},
		{"HEAD beside GET", "HEAD", "/api/charts/7", false, 200, "/api/charts/:id", "2xx"},
		{"created", "POST", "/api/charts", false, 201, "/api/charts", "2xx"},
		{"redirect", "GET", "/api/moved", false, 302, "/api/moved", "3xx"},
		{"error returned", "GET", "/api/broken", false, 500, "/api/broken", "5xx"},
		{"panic", "GET", "/api/panic", false, 500, "/api/panic", "5xx"},
		{"unknown API path: its catch-all", "GET", "/api/nope/42", false, 404, "/api/*", "4xx"},
		{"refused by the group's middleware: its mount path", "GET", "/api/charts/9", true, 401, "/api", "4xx"},
		{"no route at all", "GET", "/elsewhere/42", false, 404, "unmatched", "4xx"},
	}
	m := New()
	f := testApp(m)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels := map[string]string{"listener": "internal", "method": tt.method, "route": tt.route, "status": tt.class}
			before := max(value(t, m.reg, "gobi_http_request_duration_seconds", labels), 0)
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if !tt.anonymous {
				req.Header.Set("Authorization", "Bearer x")
			}
			res, err := f.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := value(t, m.reg, "gobi_http_request_duration_seconds", labels); got != before+1 {
				t.Fatalf("count under %v went from %v to %v, want +1", labels, before, got)
			}
		})
	}
	// No raw path became a label value.
	families, _ := m.reg.Gather()
	for _, f := range families {
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				if strings.ContainsAny(l.GetValue(), "0123456789") && l.GetName() == "route" {
					t.Errorf("raw path in a route label: %s", l.GetValue())
				}
			}
		}
	}
}

func TestStatusClass(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{{100, "1xx"}, {200, "2xx"}, {204, "2xx"}, {304, "3xx"}, {404, "4xx"}, {429, "4xx"}, {499, "4xx"}, {503, "5xx"}, {599, "5xx"}, {0, "other"}, {600, "other"}}
	for _, tt := range tests {
		if got := classes[statusClass(tt.status)]; got != tt.want {
			t.Errorf("statusClass(%d) = %s, want %s", tt.status, got, tt.want)
		}
	}
}

func TestMethodIndex(t *testing.T) {
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"} {
		if got := methods[methodIndex(m)]; got != m {
			t.Errorf("methodIndex(%s) is %s", m, got)
		}
	}
	if got := methods[methodIndex("BREW")]; got != "other" {
		t.Errorf("an unknown method is %s, want other", got)
	}
}

// TestMiddlewareAllocates nothing once a child is resolved: a request
// through an app with the middleware allocates as much as without it.
func TestMiddlewareAllocates(t *testing.T) {
	allocs := func(withMetrics bool) float64 {
		f := fiber.New()
		if withMetrics {
			f.Use(New().Middleware("internal"))
		}
		f.Get("/api/charts/:id", func(c *fiber.Ctx) error { return c.SendString("ok") })
		h := f.Handler()
		var ctx fasthttp.RequestCtx
		ctx.Request.Header.SetMethod("GET")
		ctx.Request.SetRequestURI("/api/charts/123")
		return testing.AllocsPerRun(1000, func() {
			ctx.Response.Reset()
			h(&ctx)
		})
	}
	if without, with := allocs(false), allocs(true); with > without {
		t.Fatalf("%v allocations per request with the middleware, %v without", with, without)
	}
}

func TestObserveQueryAndRejections(t *testing.T) {
	m := New()
	m.ObserveQuery("postgres", "success", 20*time.Millisecond, false)
	m.ObserveQuery("postgres", "success", 0, true)
	m.ObserveQuery("sqlite", "timeout", time.Second, false)
	m.Rejected(LimitLogin)
	m.Rejected(LimitLogin)
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"gobi_query_duration_seconds", map[string]string{"dialect": "postgres", "outcome": "success"}, 1},
		{"gobi_query_duration_seconds", map[string]string{"dialect": "sqlite", "outcome": "timeout"}, 1},
		{"gobi_query_cached_total", map[string]string{"dialect": "postgres"}, 1},
		{"gobi_rate_limit_rejections_total", map[string]string{"limiter": "login"}, 2},
		{"gobi_rate_limit_rejections_total", map[string]string{"limiter": "embed"}, 0}, // there from the start
	}
	for _, tt := range tests {
		if got := value(t, m.reg, tt.name, tt.labels); got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
	var none *Metrics // records nothing, and does not panic
	none.ObserveQuery("sqlite", "success", 0, false)
	none.Rejected(LimitUser)
	f := fiber.New()
	f.Use(none.Middleware("internal"))
	f.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	if res, err := f.Test(httptest.NewRequest("GET", "/", nil), -1); err != nil || res.StatusCode != 200 {
		t.Fatalf("through a nil Metrics' middleware: %v %v", res, err)
	}
}

type fakeWriter struct{}

func (fakeWriter) Pending() int64  { return 3 }
func (fakeWriter) Dropped() uint64 { return 9 }

type fakeCache struct{}

func (fakeCache) Hits() uint64   { return 5 }
func (fakeCache) Misses() uint64 { return 2 }
func (fakeCache) Len() int       { return 4 }
func (fakeCache) Bytes() int64   { return 1000 }

type fakePools struct{}

func (fakePools) PoolStats() map[api.Dialect]sql.DBStats {
	return map[api.Dialect]sql.DBStats{api.MySQL: {MaxOpenConnections: 20, OpenConnections: 3, InUse: 1, Idle: 2, WaitCount: 7, WaitDuration: 1500 * time.Millisecond}}
}

func TestWatch(t *testing.T) {
	m := New()
	m.WatchWriter("audit", fakeWriter{})
	m.WatchWriter("executions", fakeWriter{})
	m.WatchCache(fakeCache{})
	m.WatchPools(fakePools{})
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(3)
	m.WatchDB("metadata", db)
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"gobi_batch_pending_rows", map[string]string{"writer": "audit"}, 3},
		{"gobi_batch_dropped_rows_total", map[string]string{"writer": "executions"}, 9},
		{"gobi_result_cache_requests_total", map[string]string{"result": "hit"}, 5},
		{"gobi_result_cache_requests_total", map[string]string{"result": "miss"}, 2},
		{"gobi_result_cache_entries", nil, 4},
		{"gobi_result_cache_bytes", nil, 1000},
		{"gobi_datasource_max_open_connections", map[string]string{"dialect": "mysql"}, 20},
		{"gobi_datasource_in_use_connections", map[string]string{"dialect": "mysql"}, 1},
		{"gobi_datasource_idle_connections", map[string]string{"dialect": "mysql"}, 2},
		{"gobi_datasource_wait_count_total", map[string]string{"dialect": "mysql"}, 7},
		{"gobi_datasource_wait_duration_seconds_total", map[string]string{"dialect": "mysql"}, 1.5},
		{"go_sql_max_open_connections", map[string]string{"db_name": "metadata"}, 3},
		{"go_goroutines", nil, -2}, // present, any value
		{"process_cpu_seconds_total", nil, -2},
	}
	for _, tt := range tests {
		got := value(t, m.reg, tt.name, tt.labels)
		if tt.want == -2 {
			if got < 0 {
				t.Errorf("%s missing", tt.name)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
}

func TestHandler(t *testing.T) {
	m := New()
	m.Rejected(LimitEmbed)
	f := fiber.New()
	f.Get("/metrics", m.Handler())
	res, err := f.Test(httptest.NewRequest("GET", "/metrics", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(body), `gobi_rate_limit_rejections_total{limiter="embed"} 1`) {
		t.Fatalf("body lacks the rejection:\n%s", body)
	}
}

// BenchmarkMiddleware measures a request through a Fiber app with and
// without the middleware, on fasthttp's handler directly (no network).
func BenchmarkMiddleware(b *testing.B) {
	for _, withMetrics := range []bool{false, true} {
		name := "without"
		if withMetrics {
			name = "with"
		}
		b.Run(name, func(b *testing.B) {
			f := fiber.New()
			if withMetrics {
				f.Use(New().Middleware("internal"))
			}
			f.Get("/api/charts/:id", func(c *fiber.Ctx) error { return c.SendString("ok") })
			h := f.Handler()
			var ctx fasthttp.RequestCtx
			ctx.Request.Header.SetMethod("GET")
			ctx.Request.SetRequestURI("/api/charts/123")
			b.ReportAllocs()
			for b.Loop() {
				ctx.Response.Reset()
				h(&ctx)
			}
		})
	}
}
