package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
)

// sourceInputs returns a data-source input per dialect available here:
// the demo SQLite file always, the test PostgreSQL and MariaDB when set.
func sourceInputs() map[api.Dialect]api.DatasourceInput {
	m := map[api.Dialect]api.DatasourceInput{api.SQLite: {Name: "lite", Type: api.SQLite, Path: demoFile}}
	// The integration logins are superusers: the admin accepts them.
	if dsn := os.Getenv("GOBI_TEST_POSTGRES_DSN"); dsn != "" {
		m[api.Postgres] = api.DatasourceInput{Name: "pg", Type: api.Postgres, DSN: dsn, AllowPrivileged: ptr(true)}
	}
	if dsn := os.Getenv("GOBI_TEST_MYSQL_DSN"); dsn != "" {
		m[api.MySQL] = api.DatasourceInput{Name: "my", Type: api.MySQL, DSN: dsn, AllowPrivileged: ptr(true)}
	}
	return m
}

// counting returns SQL producing n rows (1..n) in column n, per dialect.
func counting(d api.Dialect, n int) string {
	if d == api.Postgres {
		return fmt.Sprintf("SELECT g AS n FROM generate_series(1, %d) AS g", n)
	}
	return fmt.Sprintf("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < %d) SELECT n FROM c", n)
}

// slow returns SQL that runs for far longer than any test timeout.
func slow(d api.Dialect) string {
	switch d {
	case api.Postgres:
		return "SELECT pg_sleep(30)"
	case api.MySQL:
		return "SELECT SLEEP(30)"
	}
	return "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"
}

func TestDemoQueriesRun(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		var sources []api.Datasource
		want(t, ta.do("GET", "/api/datasources", admin, nil), 200).JSON(t, &sources)
		if len(sources) != 1 || sources[0].Name != demoSourceName || sources[0].Path != demoFile {
			t.Fatalf("demo data source missing: %+v", sources)
		}
		var qs []api.Query
		want(t, ta.do("GET", "/api/queries", admin, nil), 200).JSON(t, &qs)
		if len(qs) < 10 {
			t.Fatalf("only %d demo queries", len(qs))
		}
		for _, q := range qs {
			var res api.Result
			want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", q.ID), admin, nil), 200).JSON(t, &res)
			if res.RowCount == 0 || len(res.Columns) == 0 || len(res.Rows) != res.RowCount {
				t.Errorf("demo query %q returned %d rows, %d columns", q.Name, res.RowCount, len(res.Columns))
			}
		}
		var st api.Stats
		want(t, ta.do("GET", "/api/dashboard/stats", admin, nil), 200).JSON(t, &st)
		if st.Datasources != 1 || st.Queries != int64(len(qs)) || st.Executions != int64(len(qs)) {
			t.Fatalf("stats = %+v", st)
		}
	})
}

func TestQueriesEachSourceDialect(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		for d, in := range sourceInputs() {
			t.Run("source="+string(d), func(t *testing.T) {
				dsID := id(t, want(t, ta.do("POST", "/api/datasources", admin, in), 201))
				var tr api.DatasourceTest
				want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/test", dsID), admin, nil), 200).JSON(t, &tr)
				if !tr.OK || tr.ServerVersion == "" {
					t.Fatalf("test = %+v", tr)
				}
				// The schema browser's listing runs on every dialect.
				var schema api.DatasourceSchema
				want(t, ta.do("GET", fmt.Sprintf("/api/datasources/%d/schema", dsID), admin, nil), 200).JSON(t, &schema)
				if schema.Tables == nil {
					t.Fatalf("schema = %+v", schema)
				}

				// A saved query with typed parameters.
				sql := "SELECT :label AS label, n FROM (" + counting(d, 3) + ") AS t WHERE n <= :num"
				q := api.QueryInput{DatasourceID: dsID, Name: "params-" + string(d), SQL: sql, Params: []api.ParamDef{
					{Name: "label", Type: api.ParamString, Default: "x"},
					{Name: "num", Type: api.ParamNumber, Required: true},
				}}
				qID := id(t, want(t, ta.do("POST", "/api/queries", admin, q), 201))
				var res api.Result
				want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", qID), admin, api.ExecuteRequest{Params: map[string]any{"num": 2}}), 200).JSON(t, &res)
				if res.RowCount != 2 || res.Rows[0][0] != "x" {
					t.Fatalf("params result = %+v", res)
				}
				e := want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", qID), admin, nil), 422).Err(t)
				if len(e.Fields) == 0 || !strings.HasPrefix(e.Fields[0].Path, "params") {
					t.Fatalf("missing required param: %+v", e)
				}
				want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", qID), admin, api.ExecuteRequest{Params: map[string]any{"num": "abc"}}), 422)

				// Row limit and the truncated flag.
				adhoc := fmt.Sprintf("/api/datasources/%d/query", dsID)
				want(t, ta.do("POST", adhoc, admin, api.AdhocQuery{SQL: counting(d, 50), MaxRows: 10}), 200).JSON(t, &res)
				if res.RowCount != 10 || len(res.Rows) != 10 || !res.Truncated || res.Columns[0].Type != api.TypeInt {
					t.Fatalf("limit: row_count %d truncated %v columns %+v", res.RowCount, res.Truncated, res.Columns)
				}
				want(t, ta.do("POST", adhoc, admin, api.AdhocQuery{SQL: counting(d, 10), MaxRows: 10}), 200).JSON(t, &res)
				if res.RowCount != 10 || res.Truncated {
					t.Fatalf("exact limit must not be truncated: %d %v", res.RowCount, res.Truncated)
				}

				// The guard's refusals are validation errors on "sql".
				for _, bad := range []string{"DELETE FROM t", "SELECT 1; SELECT 2", "", "SELEC 1 FROM"} {
					r := ta.do("POST", adhoc, admin, api.AdhocQuery{SQL: bad})
					if bad == "SELEC 1 FROM" {
						want(t, r, 422)
						continue
					}
					e := want(t, r, 422).Err(t)
					if len(e.Fields) == 0 || e.Fields[0].Path != "sql" {
						t.Fatalf("%q: %+v", bad, e)
					}
				}
				e = want(t, ta.do("POST", "/api/queries", admin, api.QueryInput{DatasourceID: dsID, Name: "w", SQL: "UPDATE x SET a = 1"}), 422).Err(t)
				if e.Fields[0].Path != "sql" {
					t.Fatalf("save of a write: %+v", e)
				}
				e = want(t, ta.do("POST", "/api/queries", admin, api.QueryInput{DatasourceID: dsID, Name: "u", SQL: "SELECT :undeclared"}), 422).Err(t)
				if !strings.Contains(e.Fields[0].Message, "undeclared") {
					t.Fatalf("undeclared param: %+v", e)
				}

				// Timeout.
				r := want(t, ta.do("POST", adhoc, admin, api.AdhocQuery{SQL: slow(d), TimeoutMS: 300}), 504)
				if e := r.Err(t); e.Error != "query_timeout" {
					t.Fatalf("timeout: %+v", e)
				}

				var execs []api.Execution
				want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d/executions", qID), admin, nil), 200).JSON(t, &execs)
				if len(execs) != 3 || execs[0].Status != "error" && execs[0].Status != "refused" || execs[2].Status != "success" || execs[2].RowCount != 2 {
					t.Fatalf("executions = %+v", execs)
				}
				want(t, ta.do("DELETE", fmt.Sprintf("/api/datasources/%d", dsID), admin, nil), 204)
				want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d", qID), admin, nil), 404) // cascade
			})
		}
	})
}

func TestResultCache(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	q := api.QueryInput{DatasourceID: 1, Name: "cached", SQL: "SELECT count(*) AS n FROM sales", CacheTTLMS: 60000}
	qID := id(t, want(t, ta.do("POST", "/api/queries", admin, q), 201))
	var a, b, c api.Result
	path := fmt.Sprintf("/api/queries/%d/execute", qID)
	want(t, ta.do("POST", path, admin, nil), 200).JSON(t, &a)
	want(t, ta.do("POST", path, admin, nil), 200).JSON(t, &b)
	want(t, ta.do("POST", path, admin, api.ExecuteRequest{NoCache: true}), 200).JSON(t, &c)
	if a.Cached || !b.Cached || c.Cached || fmt.Sprint(a.Rows) != fmt.Sprint(b.Rows) {
		t.Fatalf("cached flags %v %v %v", a.Cached, b.Cached, c.Cached)
	}
}

func TestDatasourceSecurity(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		// Credentials are masked in responses and sealed at rest.
		// Allowed by the admin, so it is saved without contacting a server.
		in := api.DatasourceInput{Name: "secret", Type: api.Postgres, Host: "127.0.0.1", Port: 5432, Database: "test", Username: "postgres", Password: "hunter2-very-secret",
			AllowPrivileged: ptr(true)}
		r := want(t, ta.do("POST", "/api/datasources", admin, in), 201)
		if strings.Contains(string(r.Body), "hunter2") {
			t.Fatalf("password returned: %s", r.Body)
		}
		var v api.Datasource
		r.JSON(t, &v)
		if !strings.Contains(v.DSN, "****") || v.Host != "127.0.0.1" || v.Username != "postgres" {
			t.Fatalf("view = %+v", v)
		}
		var sealed string
		if err := ta.app.db.NewSelect().Table("datasources").Column("dsn_sealed").Where("id = ?", v.ID).Scan(t.Context(), &sealed); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sealed, "hunter2") || !strings.HasPrefix(sealed, "gcm1:") {
			t.Fatalf("not sealed at rest: %q", sealed)
		}
		// An update without a password keeps it.
		in.Password, in.Name = "", "renamed"
		r = want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", v.ID), admin, in), 200)
		var v2 api.Datasource
		r.JSON(t, &v2)
		if v2.DSN != v.DSN || v2.Name != "renamed" {
			t.Fatalf("update lost the password: %q vs %q", v2.DSN, v.DSN)
		}

		bad := []struct {
			name string
			in   api.DatasourceInput
			path string
		}{
			{"metadata service", api.DatasourceInput{Name: "a", Type: api.Postgres, Host: "169.254.169.254", Database: "x"}, "host"},
			{"metadata service in dsn", api.DatasourceInput{Name: "a", Type: api.MySQL, DSN: "u:p@tcp(169.254.169.254:3306)/x"}, "host"},
			{"private range", api.DatasourceInput{Name: "a", Type: api.Postgres, Host: "10.1.2.3", Database: "x"}, "host"},
			{"unix socket", api.DatasourceInput{Name: "a", Type: api.Postgres, DSN: "host=/var/run/postgresql dbname=x"}, "host"},
			{"mysql unix socket", api.DatasourceInput{Name: "a", Type: api.MySQL, DSN: "root@unix(/run/mysqld/mysqld.sock)/x"}, "dsn"},
			{"bad type", api.DatasourceInput{Name: "a", Type: "oracle"}, "type"},
			{"server passfile", api.DatasourceInput{Name: "a", Type: api.Postgres, DSN: "postgres://postgres@127.0.0.1/test?passfile=/root/.pgpass"}, "dsn"},
			{"server ssl key", api.DatasourceInput{Name: "a", Type: api.Postgres, DSN: "host=127.0.0.1 dbname=test sslkey=/etc/ssl/private/k.pem"}, "dsn"},
			{"no name", api.DatasourceInput{Type: api.SQLite, Path: demoFile}, "name"},
			{"sqlite traversal", api.DatasourceInput{Name: "a", Type: api.SQLite, Path: "../gobi.db"}, "path"},
			{"sqlite absolute", api.DatasourceInput{Name: "a", Type: api.SQLite, Path: "/etc/passwd"}, "path"},
			{"sqlite missing", api.DatasourceInput{Name: "a", Type: api.SQLite, Path: "nope.db"}, "path"},
			{"sqlite uri tricks", api.DatasourceInput{Name: "a", Type: api.SQLite, Path: "demo.db?mode=rw"}, "path"},
			{"too many conns", api.DatasourceInput{Name: "a", Type: api.SQLite, Path: demoFile, MaxOpenConns: 1000}, "max_open_conns"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				e := want(t, ta.do("POST", "/api/datasources", admin, tt.in), 422).Err(t)
				if e.Fields[0].Path != tt.path {
					t.Fatalf("fields = %+v, want path %q", e.Fields, tt.path)
				}
			})
		}
		t.Run("symlink to the metadata database", func(t *testing.T) {
			if ta.cfg.Database.Type != api.SQLite {
				t.Skip("metadata is not in SQLite")
			}
			link := filepath.Join(ta.cfg.DatasetsDir(), "meta.db")
			if err := os.Symlink(ta.cfg.SQLitePath(), link); err != nil {
				t.Fatal(err)
			}
			e := want(t, ta.do("POST", "/api/datasources", admin, api.DatasourceInput{Name: "m", Type: api.SQLite, Path: "meta.db"}), 422).Err(t)
			if e.Fields[0].Path != "path" {
				t.Fatalf("%+v", e)
			}
		})
		t.Run("hard link to the metadata database", func(t *testing.T) {
			if ta.cfg.Database.Type != api.SQLite {
				t.Skip("metadata is not in SQLite")
			}
			for _, suffix := range []string{"", "-wal", "-shm"} {
				target := ta.cfg.SQLitePath() + suffix
				if _, err := os.Stat(target); err != nil {
					t.Logf("%s does not exist; nothing to link", target)
					continue
				}
				name := "meta-hard" + suffix + ".db"
				if err := os.Link(target, filepath.Join(ta.cfg.DatasetsDir(), name)); err != nil {
					t.Skipf("no hard links here: %v", err)
				}
				e := want(t, ta.do("POST", "/api/datasources", admin, api.DatasourceInput{Name: name, Type: api.SQLite, Path: name}), 422).Err(t)
				if e.Fields[0].Path != "path" || !strings.Contains(e.Message, "is not a data source") {
					t.Fatalf("%s: %+v", name, e)
				}
			}
		})
		want(t, ta.do("POST", "/api/datasources", admin, api.DatasourceInput{Name: demoSourceName, Type: api.SQLite, Path: demoFile}), 409)
	})
}

func TestLoopbackBlockedByDefault(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.Datasources.AllowedNetworks = nil })
	admin := ta.adminToken()
	for _, host := range []string{"127.0.0.1", "localhost", "0.0.0.0", "::1", "2130706433", "0x7f000001"} {
		in := api.DatasourceInput{Name: "lo", Type: api.Postgres, Host: host, Database: "x"}
		e := want(t, ta.do("POST", "/api/datasources", admin, in), 422).Err(t)
		if e.Fields[0].Path != "host" {
			t.Fatalf("%s: %+v", host, e)
		}
	}
}
