package app

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestControlCharacters: a NUL or other control character in any field
// is a 400 on every metadata store (it was a 500 on SQLite and PostgreSQL,
// and silently cut on MariaDB, where "admin\x00" logged in as admin);
// line breaks stay allowed where text needs them.
func TestControlCharacters(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		cases := []struct {
			name, method, path, token string
			body                      any
			status                    int
			message                   string // part of the error message
		}{
			{"login with NUL", "POST", "/api/auth/login", "",
				`{"username":"admin\u0000","password":"` + adminPassword + `"}`, 400, "username"},
			{"register with NUL", "POST", "/api/auth/register", admin,
				`{"username":"eve\u0000","password":"eve-password"}`, 400, "username"},
			{"data source name with NUL", "POST", "/api/datasources", admin,
				`{"name":"x\u0000","type":"sqlite","path":"demo.db"}`, 400, "field name"},
			{"dashboard title with a line break", "POST", "/api/dashboards", admin,
				`{"title":"two\nlines","tiles":[]}`, 400, "field title"},
			{"description with an escape character", "POST", "/api/dashboards", admin,
				`{"title":"ok","description":"\u001b[31m","tiles":[]}`, 400, "field description"},
			{"C1 control in a nested parameter", "POST", "/api/queries/1/execute", admin,
				`{"params":{"region":"\u0085"}}`, 400, "field params.region"},
			{"NUL in a query string", "GET", "/api/audit?path=%00", admin, nil, 400, "query parameter"},
			{"NUL in the path", "GET", "/api/charts/1%00", admin, nil, 400, "path"},
			{"NUL in chart-data params", "GET", "/api/charts/1/data?params=" + url.QueryEscape(`{"region":"Eu\u0000rope"}`), admin, nil, 400, "params.region"},
			{"NUL in a chart spec", "POST", "/api/charts", admin,
				`{"name":"x","spec":{"type":"bar","title":"a\u0000b","query_id":1,"encoding":{"x":"region","y":"revenue"}}}`, 400, "spec.title"},
			{"line breaks in SQL are fine", "POST", "/api/datasources/1/query", admin,
				`{"sql":"SELECT\n\t1 AS one\r\n"}`, 200, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := want(t, ta.do(c.method, c.path, c.token, c.body), c.status)
				if c.status >= 400 {
					if e := r.Err(t); !strings.Contains(e.Message, c.message) || !strings.Contains(e.Message, "control character") {
						t.Fatalf("message %q does not name %q and the control character", e.Message, c.message)
					}
				}
			})
		}
	})
}

// TestUsernamesCaseInsensitive: usernames are trimmed and unique without
// regard to case on every store, and log in however they are typed.
func TestUsernamesCaseInsensitive(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		r := want(t, ta.do("POST", "/api/auth/register", admin, map[string]string{"username": "Bob", "password": "bob-password"}), 201)
		var u struct{ Username string }
		r.JSON(t, &u)
		if u.Username != "bob" {
			t.Fatalf("stored username %q, want bob", u.Username)
		}
		for _, dup := range []string{"bob", "BOB", " bob "} {
			want(t, ta.do("POST", "/api/auth/register", admin, map[string]string{"username": dup, "password": "other-password"}), 409)
		}
		for _, name := range []string{"bob", "BoB", " bob"} {
			ta.login(name, "bob-password")
		}
		want(t, ta.do("POST", "/api/auth/login", "", map[string]string{"username": "admin ", "password": adminPassword}), 200)
	})
}

// TestStrictQueryIntegers: integer query parameters that are not
// integers or overflow are a 400, never silently the default.
func TestStrictQueryIntegers(t *testing.T) {
	ta := newTestApp(t, "sqlite", nil)
	admin := ta.adminToken()
	for _, q := range []string{"/api/charts/1/data?max_points=99999999999999999999", "/api/charts/1/data?max_points=abc",
		"/api/audit?limit=ten", "/api/queries/1/executions?limit=1e3", "/api/charts/1/render.png?width=wide"} {
		if e := want(t, ta.do("GET", q, admin, nil), 400).Err(t); !strings.Contains(e.Message, "must be an integer") {
			t.Errorf("%s: %q", q, e.Message)
		}
	}
}

// TestStoredJSONCorrupt: a stored spec, tile list or parameter list that
// does not decode is an error (500, logged), never an empty chart,
// dashboard or query that silently drops its declarations.
func TestStoredJSONCorrupt(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		for _, c := range []struct{ table, column, path string }{
			{"charts", "spec", "/api/charts/1"},
			{"dashboards", "tiles", "/api/dashboards/1"},
			{"dashboards", "params", "/api/dashboards/1"},
			{"queries", "params", "/api/queries/1"},
		} {
			t.Run(c.table+"."+c.column, func(t *testing.T) {
				want(t, ta.do("GET", c.path, admin, nil), 200)
				var old string
				ctx := context.Background()
				if err := ta.app.db.NewSelect().Table(c.table).Column(c.column).Where("id = 1").Scan(ctx, &old); err != nil {
					t.Fatal(err)
				}
				if _, err := ta.app.db.NewUpdate().Table(c.table).Set(c.column+" = ?", "{not json").Where("id = 1").Exec(ctx); err != nil {
					t.Fatal(err)
				}
				defer func() {
					if _, err := ta.app.db.NewUpdate().Table(c.table).Set(c.column+" = ?", old).Where("id = 1").Exec(ctx); err != nil {
						t.Fatal(err)
					}
				}()
				if e := want(t, ta.do("GET", c.path, admin, nil), 500).Err(t); e.Error != "internal" {
					t.Fatalf("error %q, want internal", e.Error)
				}
			})
		}
	})
}
