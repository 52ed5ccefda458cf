package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/shared/api"
)

// edgeApp is newFiber alone, with a handler that answers a domain
// error, one that echoes c.IP(), and a log captured in buf.
func edgeApp(t *testing.T, mod func(*config.Config)) (*fiber.App, *bytes.Buffer) {
	t.Helper()
	cfg := config.Default()
	cfg.BodyLimit = 1024
	if mod != nil {
		mod(&cfg)
	}
	var buf bytes.Buffer
	log := slog.New(requestid.NewHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	a := &App{cfg: cfg, log: log, base: context.Background()}
	f := a.newFiber("edge")
	f.Get("/missing", func(*fiber.Ctx) error { return fault.Missing("thing", 7) })
	f.Get("/ip", func(c *fiber.Ctx) error { return c.SendString(c.IP()) })
	f.Post("/echo", func(c *fiber.Ctx) error { return c.Send(c.Body()) })
	return f, &buf
}

// TestAccessLogStatus: the access log reports the status the client got
// (an apierr 404 was logged as 200).
func TestAccessLogStatus(t *testing.T) {
	f, buf := edgeApp(t, nil)
	res, err := f.Test(httptest.NewRequest("GET", "/missing", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 404 {
		t.Fatalf("status %d, want 404", res.StatusCode)
	}
	if !strings.Contains(buf.String(), "status=404") {
		t.Fatalf("access log does not say 404:\n%s", buf)
	}
}

// TestSecurityHeadersOnEveryResponse: answers Fiber writes before any
// middleware runs (413 for an oversized body) carry the headers too.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f, logs := edgeApp(t, nil)
	// A real listener: fasthttp refuses the oversized body while reading
	// it, which app.Test does not go through.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = f.Listener(ln) }()
	t.Cleanup(func() { _ = f.Shutdown() })
	base := "http://" + ln.Addr().String()
	for _, c := range []struct {
		name   string
		method string
		path   string
		body   string
		status int
	}{
		{"ok", "POST", "/echo", "small", 200},
		{"domain error", "GET", "/missing", "", 404},
		{"body over the limit", "POST", "/echo", strings.Repeat("x", 4096), 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, body)
			}
			for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"} {
				if res.Header.Get(h) == "" {
					t.Errorf("%s missing on a %d", h, c.status)
				}
			}
			if line := fmt.Sprintf("path=%s status=%d", c.path, c.status); strings.Count(logs.String(), line) != 1 {
				t.Errorf("want one access-log line with %q:\n%s", line, logs)
			}
		})
	}
}

// TestTrustedProxies: X-Forwarded-For decides c.IP() only when the peer
// is a configured proxy, so nobody can pick their own rate-limit bucket
// or audit address.
func TestTrustedProxies(t *testing.T) {
	const forwarded = "198.51.100.7" // a documentation address, never dialled
	for _, c := range []struct {
		name    string
		trusted []string
		want    string
	}{
		{"no proxies: the header is ignored", nil, "0.0.0.0"},
		{"the peer is not a proxy", []string{"10.1.2.3"}, "0.0.0.0"},
		{"the peer is a trusted proxy", []string{"0.0.0.0/32"}, forwarded},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := edgeApp(t, func(cfg *config.Config) { cfg.TrustedProxies = c.trusted })
			req := httptest.NewRequest("GET", "/ip", nil)
			req.Header.Set("X-Forwarded-For", forwarded)
			res, err := f.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if string(body) != c.want {
				t.Fatalf("c.IP() = %q, want %q", body, c.want)
			}
		})
	}
}

// TestRequestIDs: every response has an X-Request-ID, the same id is in
// the error body and in the request's log lines; a supplied id is kept
// only from a trusted proxy, and only when it is a plain token.
func TestRequestIDs(t *testing.T) {
	for _, c := range []struct {
		name     string
		trusted  []string
		supplied string
		kept     bool
	}{
		{"generated", nil, "", false},
		{"supplied by a client: replaced", nil, "lb-7f3a", false},
		{"supplied by a trusted proxy: kept", []string{"0.0.0.0/32"}, "lb-7f3a", true},
		{"malformed from a trusted proxy: replaced", []string{"0.0.0.0/32"}, "x\" forged=1", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, logs := edgeApp(t, func(cfg *config.Config) { cfg.TrustedProxies = c.trusted })
			req := httptest.NewRequest("GET", "/missing", nil)
			if c.supplied != "" {
				req.Header.Set("X-Request-ID", c.supplied)
			}
			res, err := f.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			id := res.Header.Get("X-Request-ID")
			switch {
			case c.kept && id != c.supplied:
				t.Fatalf("id %q, want the proxy's %q", id, c.supplied)
			case !c.kept && (len(id) != 16 || id == c.supplied):
				t.Fatalf("id %q, want a fresh 16-digit one", id)
			}
			var body struct {
				RequestID string `json:"request_id"`
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.RequestID != id {
				t.Fatalf("error body request_id %q (%v), header %q", body.RequestID, err, id)
			}
			if !strings.Contains(logs.String(), "request_id="+id) {
				t.Fatalf("log lines lack request_id=%s:\n%s", id, logs)
			}
		})
	}
}

// TestAuditRowsKeepRequestIDs: an audit row names its request's id, the
// one the client got back, on every metadata store.
func TestAuditRowsKeepRequestIDs(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		k := ta.newKey(admin, api.APIKeyInput{Name: "rid", Scopes: []api.Scope{api.ScopeRead}})
		r := want(t, ta.raw(keyReq("GET", "/api/queries", k.Key, ""), false), 200)
		id := r.Header.Get("X-Request-ID")
		var rows []api.AuditEntry
		want(t, ta.do("GET", fmt.Sprintf("/api/audit?key_id=%d", k.ID), admin, nil), 200).JSON(t, &rows)
		if len(rows) != 1 || id == "" || rows[0].RequestID != id {
			t.Fatalf("audit rows %+v, response id %q", rows, id)
		}
	})
}

// TestReadiness: /healthz is liveness only; /readyz checks the metadata
// database (and Redis when configured) and answers 503 naming what is
// down.
func TestReadiness(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	var ready struct {
		Status string
		Checks map[string]string
	}
	want(t, ta.do("GET", "/readyz", "", nil), 200).JSON(t, &ready)
	if ready.Status != "ok" || ready.Checks["metadata"] != "ok" {
		t.Fatalf("readyz: %+v", ready)
	}
	if err := ta.app.db.Close(); err != nil {
		t.Fatal(err)
	}
	r := want(t, ta.do("GET", "/readyz", "", nil), 503)
	if e := r.Err(t); !strings.Contains(e.Message, "metadata database") || r.Header.Get("Retry-After") != "5" {
		t.Fatalf("readyz with the database closed: %+v, Retry-After %q", e, r.Header.Get("Retry-After"))
	}
	want(t, ta.do("GET", "/healthz", "", nil), 200)
}

// TestSlowQueryLog: a run over query.slow_threshold logs a warning that
// names the query's data source and the request id; a cache hit or a
// threshold of 0 logs none.
func TestSlowQueryLog(t *testing.T) {
	for _, c := range []struct {
		name      string
		threshold time.Duration
		want      int
	}{
		{"every run is slow", time.Nanosecond, 1},
		{"off", 0, 0},
		{"nothing this slow", time.Hour, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ta, logs := loggedTestApp(t, func(cfg *config.Config) { cfg.Query.SlowThreshold = c.threshold })
			r := want(t, ta.do("POST", "/api/datasources/1/query", ta.adminToken(), api.AdhocQuery{SQL: "SELECT 1 AS one"}), 200)
			id := r.Header.Get("X-Request-ID")
			if n := strings.Count(logs.String(), `msg="slow query"`); n != c.want {
				t.Fatalf("%d slow-query lines, want %d:\n%s", n, c.want, logs.String())
			}
			if c.want > 0 && !strings.Contains(logs.String(), "request_id="+id) {
				t.Fatalf("the slow-query line lacks request_id=%s:\n%s", id, logs.String())
			}
		})
	}
}
