package app

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
)

// metricsToken is the GOBI_METRICS_TOKEN of these tests.
var metricsToken = strings.Repeat("m", 40)

func withMetricsToken(c *config.Config) { c.Metrics.Token = metricsToken }

// scrape reads the main listener's /metrics with the metrics token.
func (ta *testApp) scrape() map[string]*dto.MetricFamily {
	ta.t.Helper()
	return parseMetrics(ta.t, want(ta.t, ta.do("GET", "/metrics", metricsToken, nil), 200).Body)
}

func parseMetrics(t *testing.T, body []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse metrics: %v\n%s", err, body)
	}
	return families
}

// metric is the value of the series of name with exactly these labels (a
// histogram's sample count), or -1 when there is none.
func metric(families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f, ok := families[name]
	if !ok {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if v, ok := labels[l.GetName()]; !ok || v != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Untyped != nil:
			return m.Untyped.GetValue()
		}
	}
	return -1
}

func TestMetricsAccess(t *testing.T) {
	withToken := newTestApp(t, api.SQLite, withMetricsToken)
	without := newTestApp(t, api.SQLite, nil)
	type access struct {
		name   string
		ta     *testApp
		auth   func(ta *testApp) string // the Authorization header
		status int
	}
	admin := func(ta *testApp) string { return "Bearer " + ta.adminToken() }
	user := func(ta *testApp) string {
		tok, _ := ta.newUser(ta.adminToken(), "watcher")
		return "Bearer " + tok
	}
	key := func(ta *testApp) string {
		return "ApiKey " + ta.newKey(ta.adminToken(), api.APIKeyInput{Name: "scraper"}).Key
	}
	fixed := func(h string) func(*testApp) string { return func(*testApp) string { return h } }
	tests := []access{
		{"the token", withToken, fixed("Bearer " + metricsToken), 200},
		{"the token, scheme in lower case", withToken, fixed("bearer " + metricsToken), 200},
		{"an admin's session", withToken, admin, 200},
		{"no credentials", withToken, fixed(""), 401},
		{"a wrong token", withToken, fixed("Bearer " + strings.Repeat("x", 40)), 401},
		{"the token with a suffix", withToken, fixed("Bearer " + metricsToken + "x"), 401},
		{"another scheme", withToken, fixed("Basic " + metricsToken), 401},
		{"an admin's API key", withToken, key, 401},
		{"a user's session", withToken, user, 403},
		{"no token configured: a token", without, fixed("Bearer " + metricsToken), 401},
		{"no token configured: empty bearer", without, fixed("Bearer "), 401},
		{"no token configured: an admin's session", without, admin, 200},
		{"no token configured: a user's session", without, user, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/metrics", nil)
			if h := tt.auth(tt.ta); h != "" {
				req.Header.Set("Authorization", h)
			}
			res := want(t, tt.ta.raw(req, false), tt.status)
			if tt.status != 200 {
				res.Err(t) // Gobi's error format
				if strings.Contains(string(res.Body), metricsToken) {
					t.Fatal("the token is echoed")
				}
				return
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
				t.Fatalf("content type %q", res.Header.Get("Content-Type"))
			}
			if _, ok := parseMetrics(t, res.Body)["gobi_rate_limit_rejections_total"]; !ok {
				t.Fatalf("no Gobi metrics:\n%s", res.Body)
			}
		})
	}
}

// TestMetricsListener: GOBI_METRICS_ADDR serves GET /metrics without
// credentials, and nothing else.
func TestMetricsListener(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.Metrics.Addr = "127.0.0.1:0" })
	f := ta.app.MetricsListener()
	if f == nil {
		t.Fatal("no metrics listener with metrics.addr set")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = f.Listener(ln) }()
	t.Cleanup(func() { _ = f.Shutdown() })
	base := "http://" + ln.Addr().String()
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/metrics", 200},
		{"HEAD", "/metrics", 200},
		{"POST", "/metrics", 404},
		{"GET", "/healthz", 404},
		{"GET", "/api/auth/me", 404},
		{"GET", "/", 404},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, base+tt.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.method == "GET" && tt.status == 200 {
				if metric(parseMetrics(t, body), "gobi_batch_pending_rows", map[string]string{"writer": "audit"}) < 0 {
					t.Fatalf("no audit backlog in\n%s", body)
				}
			}
		})
	}
	// The main listener still wants credentials.
	want(t, ta.do("GET", "/metrics", "", nil), 401)
	if newTestApp(t, api.SQLite, nil).app.MetricsListener() != nil {
		t.Fatal("a metrics listener without metrics.addr")
	}
}

// TestRequestMetrics: requests are counted under their route template,
// never their raw path, and their status class, on each listener.
func TestRequestMetrics(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { withMetricsToken(c); c.External.Addr = "127.0.0.1:0" })
	admin := ta.adminToken()
	tests := []struct {
		name         string
		external     bool
		method, path string
		token        string
		status       int
		route, class string
	}{
		{"a chart: the template", false, "GET", "/api/charts/1", admin, 200, "/api/charts/:id", "2xx"},
		{"another chart: the same template", false, "GET", "/api/charts/2", admin, 200, "/api/charts/:id", "2xx"},
		{"HEAD beside GET", false, "HEAD", "/api/charts/1", admin, 200, "/api/charts/:id", "2xx"},
		{"a missing chart", false, "GET", "/api/charts/424242", admin, 404, "/api/charts/:id", "4xx"},
		{"a bad body", false, "POST", "/api/charts", admin, 400, "/api/charts", "4xx"},
		{"unknown API path: its catch-all", false, "GET", "/api/nope/424242", admin, 404, "/api/*", "4xx"},
		{"no credentials: the authentication layer", false, "GET", "/api/charts/1", "", 401, "/api", "4xx"},
		{"no route at all", false, "GET", "/nope/424242", "", 404, "unmatched", "4xx"},
		{"the web client", false, "GET", "/", "", 200, "/", "2xx"},
		{"health", false, "GET", "/healthz", "", 200, "/healthz", "2xx"},
		{"external, unsigned", true, "GET", "/api/charts/1/data", "", 401, "/api", "4xx"},
		{"external, unknown path: its catch-all", true, "GET", "/nope/424242", "", 404, "/*", "4xx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listener := "internal"
			if tt.external {
				listener = "external"
			}
			labels := map[string]string{"listener": listener, "method": tt.method, "route": tt.route, "status": tt.class}
			before := max(metric(ta.scrape(), "gobi_http_request_duration_seconds", labels), 0)
			body := io.Reader(nil)
			if tt.method == "POST" {
				body = strings.NewReader("{not json")
			}
			req := httptest.NewRequest(tt.method, tt.path, body)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			want(t, ta.raw(req, tt.external), tt.status)
			families := ta.scrape()
			if got := metric(families, "gobi_http_request_duration_seconds", labels); got != before+1 {
				t.Fatalf("count under %v: %v, want %v", labels, got, before+1)
			}
			for _, m := range families["gobi_http_request_duration_seconds"].GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "route" && strings.Contains(l.GetValue(), "424242") {
						t.Fatalf("raw path as a route: %s", l.GetValue())
					}
				}
			}
		})
	}
}

// TestQueryMetrics: executions are timed by dialect and outcome, cache
// hits counted apart, and the cache's lookups, the history's backlog and
// the pools exported.
func TestQueryMetrics(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { withMetricsToken(c); c.Query.CacheTTL = time.Minute })
	admin := ta.adminToken()
	var qs []api.Query
	want(t, ta.do("GET", "/api/queries", admin, nil), 200).JSON(t, &qs)
	before := ta.scrape()
	path := fmt.Sprintf("/api/queries/%d/execute", qs[0].ID)
	want(t, ta.do("POST", path, admin, nil), 200)
	want(t, ta.do("POST", path, admin, nil), 200) // from the cache
	want(t, ta.do("POST", "/api/datasources/1/query", admin, api.AdhocQuery{SQL: "DELETE FROM sales"}), 422)
	after := ta.scrape()
	tests := []struct {
		name   string
		labels map[string]string
		delta  float64
	}{
		{"gobi_query_duration_seconds", map[string]string{"dialect": "sqlite", "outcome": "success"}, 1},
		{"gobi_query_duration_seconds", map[string]string{"dialect": "sqlite", "outcome": "refused"}, 1},
		{"gobi_query_cached_total", map[string]string{"dialect": "sqlite"}, 1},
		{"gobi_result_cache_requests_total", map[string]string{"result": "hit"}, 1},
		{"gobi_result_cache_requests_total", map[string]string{"result": "miss"}, 1},
		{"gobi_result_cache_entries", nil, 1},
	}
	for _, tt := range tests {
		if got := metric(after, tt.name, tt.labels) - max(metric(before, tt.name, tt.labels), 0); got != tt.delta {
			t.Errorf("%s%v moved by %v, want %v", tt.name, tt.labels, got, tt.delta)
		}
	}
	for _, present := range []struct {
		name   string
		labels map[string]string
	}{
		{"gobi_batch_pending_rows", map[string]string{"writer": "executions"}},
		{"gobi_batch_dropped_rows_total", map[string]string{"writer": "audit"}},
		{"gobi_datasource_max_open_connections", map[string]string{"dialect": "sqlite"}},
		{"gobi_datasource_open_connections", map[string]string{"dialect": "sqlite"}},
		{"go_sql_open_connections", map[string]string{"db_name": "metadata"}},
		{"go_goroutines", nil},
		{"process_resident_memory_bytes", nil},
	} {
		if metric(after, present.name, present.labels) < 0 {
			t.Errorf("%s%v missing", present.name, present.labels)
		}
	}
}

// TestRateLimitMetrics: each limiter's 429s are counted under its name.
func TestRateLimitMetrics(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) {
		withMetricsToken(c)
		c.External.Addr = "127.0.0.1:0"
		c.RateLimit = config.Default().RateLimit
		c.RateLimit.UserRate, c.RateLimit.UserBurst = 0.01, 8
		c.RateLimit.EmbedRate, c.RateLimit.EmbedBurst = 0.01, 1
	})
	admin := ta.adminToken()
	alice, _ := ta.newUser(admin, "alice")
	carol, carolID := ta.newUser(admin, "carol")
	slow := ta.newKey(admin, api.APIKeyInput{Name: "slow", Rate: 0.01, Burst: 1, Scopes: []api.Scope{api.ScopeRead}})
	signer := ta.newKey(admin, api.APIKeyInput{Name: "signer", Rate: 0.01, Burst: 1, Scopes: []api.Scope{api.ScopeRead}})
	var charts []struct{ ID int64 }
	want(t, ta.do("GET", "/api/charts", admin, nil), 200).JSON(t, &charts)
	link := ta.embedLink(admin, api.EmbedInput{Kind: api.EmbedChart, ID: charts[0].ID})
	var nonce int
	tests := []struct {
		limiter string
		send    func() response // one request; repeated until 429
	}{
		{"user", func() response { return ta.do("GET", "/api/auth/me", alice, nil) }},
		{"key", func() response { return ta.raw(keyReq("GET", "/api/auth/me", slow.Key, ""), false) }},
		{"external", func() response {
			nonce++
			return ta.raw(signed(t, "GET", "/api/charts/"+strconv.FormatInt(charts[0].ID, 10)+"/data?nonce="+strconv.Itoa(nonce), "",
				signer.AccessKey, signer.AccessKeySecret, time.Now()), true)
		}},
		{"login", func() response {
			return ta.do("POST", "/api/auth/login", "", map[string]string{"username": "bob", "password": "wrong-password"})
		}},
		{"password_change", func() response {
			// carol's five wrong guesses fit in her user bucket (8).
			return ta.do("PUT", fmt.Sprintf("/api/users/%d", carolID), carol, map[string]string{"password": "carol-new-pw", "current_password": "not-carols"})
		}},
		{"embed", func() response {
			return ta.doAuth(fmt.Sprintf("/api/embed/charts/%d/data", charts[0].ID), "Embed "+link.Token)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.limiter, func(t *testing.T) {
			labels := map[string]string{"limiter": tt.limiter}
			if before := metric(ta.scrape(), "gobi_rate_limit_rejections_total", labels); before != 0 {
				t.Fatalf("%s starts at %v, want 0", tt.limiter, before)
			}
			for i := 0; ; i++ {
				if r := tt.send(); r.Status == 429 {
					break
				} else if i == 30 {
					t.Fatalf("no 429 after %d requests (last %d: %s)", i, r.Status, r.Body)
				}
			}
			if got := metric(ta.scrape(), "gobi_rate_limit_rejections_total", labels); got != 1 {
				t.Fatalf("%s rejections %v, want 1", tt.limiter, got)
			}
		})
	}
}
