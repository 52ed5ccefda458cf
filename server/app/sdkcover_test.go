package app

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// recorder is an HTTP transport that notes the method, path and status of
// every request the SDK sends, for checking which operations it reached.
type recorder struct {
	mu    sync.Mutex
	calls []recorded
}

type recorded struct {
	method, path string
	status       int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		r.mu.Lock()
		r.calls = append(r.calls, recorded{req.Method, req.URL.Path, res.StatusCode})
		r.mu.Unlock()
	}
	return res, err
}

// client is an HTTP client that records through r.
func (r *recorder) client() *http.Client {
	return &http.Client{Transport: r, Timeout: 60 * time.Second}
}

// opFor is the operation of ops that serves method and path: the one
// whose template matches with the most literal segments, as the router
// prefers /api/embed/view over /api/embed/{id}.
func opFor(ops route.Table, method, path string) (route.Op, bool) {
	got, best := route.Op{}, -1
	segs := strings.Split(path, "/")
	for _, o := range ops {
		if n := literals(strings.Split(o.Path, "/"), segs); o.Method == method && n > best {
			got, best = o, n
		}
	}
	if best < 0 {
		return route.Op{}, false
	}
	// The table's own lookup must agree on the route.
	return ops.Find(method, got.FiberPath())
}

// literals is how many segments of a path template match segs literally,
// or -1 when the template does not match (a {param} takes any non-empty
// segment).
func literals(tmpl, segs []string) int {
	if len(tmpl) != len(segs) {
		return -1
	}
	n := 0
	for i, s := range tmpl {
		switch {
		case s == segs[i]:
			n++
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && segs[i] != "":
		default:
			return -1
		}
	}
	return n
}

// checkCoverage fails the test for every operation of ops that no
// recorded request answered with a 2xx, and for requests that match no
// operation: the SDK must cover the table, and only the table.
func (r *recorder) checkCoverage(t *testing.T, ops route.Table) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	done := map[string]bool{}
	for _, c := range r.calls {
		o, ok := opFor(ops, c.method, c.path)
		if !ok {
			t.Errorf("the SDK sent %s %s, which is no operation of the route table", c.method, c.path)
			continue
		}
		if c.status >= 200 && c.status < 300 {
			done[o.ID] = true
		}
	}
	var missing []string
	for _, o := range ops {
		if !done[o.ID] {
			missing = append(missing, o.ID+" ("+o.Method+" "+o.Path+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("operation %s was never answered 2xx through the SDK: give shared/client a method for it and call it in TestSDK", m)
	}
	if len(missing) == 0 {
		t.Logf("the SDK reached all %d operations in %d requests", len(ops), len(r.calls))
	}
}

func TestSDKOpFor(t *testing.T) {
	ops := newTestApp(t, api.SQLite, nil).app.ops
	for _, tc := range []struct{ method, path, id string }{
		{"GET", "/api/embed/view", "get-embed-view"},
		{"DELETE", "/api/embed/7", "revoke-embed-link"},
		{"GET", "/api/charts/3/render.png", "render-chart-png"},
		{"GET", "/api/charts/3", "get-chart"},
		{"GET", "/api/dashboard/stats", "get-stats"},
		{"POST", "/api/datasources/2/query", "query-datasource"},
		{"GET", "/api/nope", ""},
		{"PATCH", "/api/charts/3", ""},
		{"GET", "/api/charts//data", ""},
	} {
		o, ok := opFor(ops, tc.method, tc.path)
		if o.ID != tc.id || ok != (tc.id != "") {
			t.Errorf("%s %s: %q %v, want %q", tc.method, tc.path, o.ID, ok, tc.id)
		}
	}
}
