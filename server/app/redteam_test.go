package app

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCompressedBodiesRefused: a request body sent with Content-Encoding
// is a 415 on both listeners, before anything reads it. Fiber's c.Body()
// inflates it without a limit and through stacked encodings, on every
// call (login guard, route adapter, signature check, audit): a 200 MB
// body in two layers of gzip is a request of a few hundred bytes.
func TestCompressedBodiesRefused(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	login := []byte(`{"username":"admin","password":"` + adminPassword + `"}`)
	bomb := gzipped(t, gzipped(t, bytes.Repeat([]byte(" "), 32<<20)))
	cases := []struct {
		name, path, encoding string
		body                 []byte
		external             bool
	}{
		{"a gzip login", "/api/auth/login", "gzip", gzipped(t, login), false},
		{"stacked gzip, unauthenticated", "/api/auth/login", "gzip, gzip", bomb, false},
		{"stacked gzip on the external listener", "/api/queries/1/execute", "gzip, gzip", bomb, true},
		{"deflate", "/api/auth/register", "deflate", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", c.path, bytes.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Content-Encoding", c.encoding)
			start := time.Now()
			r := want(t, ta.raw(req, c.external), 415)
			if e := r.Err(t); e.Error != "unsupported_media_type" || r.Header.Get("X-Request-Id") == "" {
				t.Fatalf("%+v", e)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %s: the body was inflated", d)
			}
		})
	}
	// identity, and an encoding header without a body, are fine.
	req := httptest.NewRequest("POST", "/api/auth/login", bytes.NewReader(login))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "identity")
	want(t, ta.raw(req, false), 200)
}

// TestOperationHeadersOnSuccessOnly: an operation's own headers go with
// its successful answers only. They are set by guards, which run before
// the operation checks access, so a key refused GET /api/chart-types got
// "Cache-Control: public, max-age=3600" with its 403 (a shared cache
// could keep the refusal for an hour and serve it to everyone), and an
// SVG render's error its image CSP instead of the API's.
func TestOperationHeadersOnSuccessOnly(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	k := ta.newKey(admin, api.APIKeyInput{Name: "exec", Scopes: []api.Scope{api.ScopeExecute}})
	r := want(t, ta.raw(keyReq("GET", "/api/chart-types", k.Key, ""), false), 403)
	if cc := r.Header.Get("Cache-Control"); cc != "" {
		t.Fatalf("a 403 carries Cache-Control %q", cc)
	}
	r = want(t, ta.do("GET", "/api/chart-types", admin, nil), 200)
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
		t.Fatalf("the catalogue's Cache-Control is %q", cc)
	}
	r = want(t, ta.do("GET", "/api/charts/1/render.svg?width=1", admin, nil), 422)
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("an error's CSP is %q", csp)
	}
	r = want(t, ta.do("GET", "/api/charts/1/render.svg", admin, nil), 200)
	if csp := r.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; style-src 'unsafe-inline'" {
		t.Fatalf("an SVG's CSP is %q", csp)
	}
	// Key creation still says no-store.
	r = want(t, ta.do("POST", "/api/apikeys", admin, api.APIKeyInput{Name: "k2"}), 201)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("key creation's Cache-Control is %q", cc)
	}
}

// TestNumbersBeyondFloat64: a number too large for a float64 (1e400) in a
// free-form value (embed link params, a query's or dashboard's parameter
// default, a run's params) is a 400. It used to be stored as sent and the
// row then failed to decode on every read: the create was a 500, and so
// was every later list of queries, dashboards or embed links of its owner
// and of every admin.
func TestNumbersBeyondFloat64(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	user, _ := ta.newUser(admin, "mallory")
	ds := id(t, want(t, ta.do("POST", "/api/datasources", user, `{"name":"d","type":"sqlite","path":"demo.db"}`), 201))
	q := id(t, want(t, ta.do("POST", "/api/queries", user, fmt.Sprintf(
		`{"datasource_id":%d,"name":"q","sql":"SELECT :r AS r","params":[{"name":"r","type":"string","default":"x"}]}`, ds)), 201))
	c := id(t, want(t, ta.do("POST", "/api/charts", user, fmt.Sprintf(
		`{"name":"c","spec":{"type":"bar","title":"t","query_id":%d,"encoding":{"x":"r","y":"r"}}}`, q)), 201))
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/api/embed", fmt.Sprintf(`{"kind":"chart","id":%d,"params":{"r":1e400}}`, c)},
		{"POST", "/api/queries", fmt.Sprintf(`{"datasource_id":%d,"name":"q2","sql":"SELECT :a","params":[{"name":"a","type":"string","default":1e400}]}`, ds)},
		{"POST", "/api/queries", fmt.Sprintf(`{"datasource_id":%d,"name":"q3","sql":"SELECT :a","params":[{"name":"a","type":"list","item_type":"string","default":[-1E+999]}]}`, ds)},
		{"POST", "/api/dashboards", `{"title":"d","tiles":[],"params":[{"name":"r","type":"string","default":1e400}]}`},
		{"POST", fmt.Sprintf("/api/queries/%d/execute", q), `{"params":{"r":1e400}}`},
		{"GET", fmt.Sprintf("/api/charts/%d/data?params=%s", c, url.QueryEscape(`{"r":1e400}`)), ""},
	} {
		var body any
		if tc.body != "" {
			body = tc.body
		}
		if e := want(t, ta.do(tc.method, tc.path, user, body), 400).Err(t); !strings.Contains(e.Message, "1e400") && !strings.Contains(e.Message, "1E+999") {
			t.Errorf("%s %s: %q", tc.method, tc.path, e.Message)
		}
	}
	for _, path := range []string{"/api/embed", "/api/queries", "/api/dashboards"} {
		want(t, ta.do("GET", path, user, nil), 200)
		want(t, ta.do("GET", path, admin, nil), 200)
	}
}

// TestDeleteDatasourceInUse: a data source whose queries charts use is a
// 409, as its documentation says (the queries go with it, charts do not:
// the foreign key refused and the answer was a 500), on every store.
func TestDeleteDatasourceInUse(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		user, _ := ta.newUser(ta.adminToken(), "dora")
		ds := id(t, want(t, ta.do("POST", "/api/datasources", user, `{"name":"d","type":"sqlite","path":"demo.db"}`), 201))
		q := id(t, want(t, ta.do("POST", "/api/queries", user, fmt.Sprintf(`{"datasource_id":%d,"name":"q","sql":"SELECT 1 AS a, 2 AS b"}`, ds)), 201))
		c := id(t, want(t, ta.do("POST", "/api/charts", user, fmt.Sprintf(
			`{"name":"c","spec":{"type":"bar","title":"t","query_id":%d,"encoding":{"x":"a","y":"b"}}}`, q)), 201))
		if e := want(t, ta.do("DELETE", fmt.Sprintf("/api/datasources/%d", ds), user, nil), 409).Err(t); !strings.Contains(e.Message, "charts") {
			t.Fatal(e.Message)
		}
		want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d", q), user, nil), 200)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/charts/%d", c), user, nil), 204)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/datasources/%d", ds), user, nil), 204)
		want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d", q), user, nil), 404)
	})
}

// TestAccessBeforeInput: a caller an operation refuses gets the 403
// whatever its input, before the input is parsed and before the
// operation's guards run (the key scope check used to come first; the
// route adapter checked access only after huma had parsed the path, the
// query and the body, so a key learnt 400s and 415s from operations it
// may not call).
func TestAccessBeforeInput(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	user, _ := ta.newUser(admin, "erin")
	k := ta.newKey(admin, api.APIKeyInput{Name: "read", Scopes: []api.Scope{api.ScopeRead}})
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/apikeys", ""},
		{"PUT", "/api/users/abc", `{"current_password":"x","password":"y"}`},
		{"DELETE", "/api/apikeys/0", ""},
		{"GET", "/api/audit?limit=-1", ""},
		{"DELETE", "/api/charts/abc", ""},
		{"POST", "/api/charts", `not json`},
		{"POST", "/api/queries/-1/execute", `{"params":1}`},
	} {
		r := want(t, ta.raw(keyReq(c.method, c.path, k.Key, c.body), false), 403)
		r.Err(t)
	}
	want(t, ta.do("GET", "/api/users?x=1", user, nil), 403)
	want(t, ta.do("DELETE", "/api/users/abc", user, nil), 403)
}

// TestExternalDocumentSignedOnly: the external listener accepts signed
// requests only, and its document says so: it offered sessions and
// bearer API keys, which that listener answers with 401.
func TestExternalDocumentSignedOnly(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	var ext document
	want(t, ta.raw(httptest.NewRequest("GET", "/api/openapi.json", nil), true), 200).JSON(t, &ext)
	for path, ops := range ext.Paths {
		for method, o := range ops {
			if len(o.Security) != 1 || o.Security[0]["signature"] == nil || o.Security[0]["signedKey"] == nil || o.Security[0]["signedTimestamp"] == nil {
				t.Errorf("%s %s security %v", method, path, o.Security)
			}
		}
	}
	for _, s := range []string{"bearer", "apiKey", "embed"} {
		if _, ok := ext.Components.SecuritySchemes[s]; ok {
			t.Errorf("the external document offers %s", s)
		}
	}
	// The internal document still offers all three to the same operations.
	if get := openAPI(t, ta).Paths["/api/charts/{id}"]["get"]; len(get.Security) != 3 {
		t.Errorf("internal security %v", get.Security)
	}
}
