package app

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/gobi-bi/gobi/shared/api"
)

func ptr[T any](v T) *T { return &v }

// loginServer is one integration database server the privilege tests
// create logins on, through its superuser DSN.
type loginServer struct {
	d     api.Dialect
	dsn   string // the superuser DSN from the environment
	admin *sql.DB
}

// loginServers returns the configured servers; none when no variable is set.
func loginServers(t *testing.T) []loginServer {
	t.Helper()
	var out []loginServer
	for _, s := range []struct {
		d      api.Dialect
		env    string
		driver string
	}{{api.Postgres, "GOBI_TEST_POSTGRES_DSN", "pgx"}, {api.MySQL, "GOBI_TEST_MYSQL_DSN", "mysql"}} {
		dsn := os.Getenv(s.env)
		if dsn == "" {
			t.Logf("%s is not set; skipping the %s privilege checks", s.env, s.d)
			continue
		}
		db, err := sql.Open(s.driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		out = append(out, loginServer{d: s.d, dsn: dsn, admin: db})
	}
	return out
}

func (s loginServer) exec(t *testing.T, q string) {
	t.Helper()
	if _, err := s.admin.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// readOnlyLogin creates a login that may only read (dropped at cleanup)
// and returns its DSN and a statement that would make it privileged.
func (s loginServer) readOnlyLogin(t *testing.T) (dsn, escalate string) {
	t.Helper()
	user := fmt.Sprintf("gobi_app_ro_%08x", rand.Uint32())
	switch s.d {
	case api.Postgres:
		s.exec(t, "CREATE ROLE "+user+" LOGIN")
		t.Cleanup(func() { _, _ = s.admin.Exec("DROP ROLE " + user) })
		u, err := url.Parse(s.dsn)
		if err != nil || u.Scheme == "" {
			t.Skip("GOBI_TEST_POSTGRES_DSN is not a URL")
		}
		u.User = url.User(user)
		return u.String(), "GRANT pg_read_server_files TO " + user
	default:
		pw := fmt.Sprintf("pw%08x", rand.Uint32())
		s.exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+pw+"'")
		t.Cleanup(func() { _, _ = s.admin.Exec("DROP USER '" + user + "'@'%'") })
		cfg, err := mysql.ParseDSN(s.dsn)
		if err != nil {
			t.Fatal(err)
		}
		s.exec(t, "GRANT SELECT ON `"+cfg.DBName+"`.* TO '"+user+"'@'%'")
		cfg.User, cfg.Passwd = user, pw
		return cfg.FormatDSN(), "GRANT FILE ON *.* TO '" + user + "'@'%'"
	}
}

// TestDatasourcePrivilegedLogins: a superuser login is refused on save with
// 422 datasource_privileged naming the privilege and showing how to create
// a read-only login; only an admin may accept it; a least-privilege login
// is accepted; a login that gains a privilege later is refused on test;
// and an accepted superuser source still has the guard in front of it.
func TestDatasourcePrivilegedLogins(t *testing.T) {
	servers := loginServers(t)
	if len(servers) == 0 {
		t.Skip("no integration database server configured")
	}
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		user, _ := ta.newUser(admin, "priv-user")
		for _, srv := range servers {
			t.Run(string(srv.d), func(t *testing.T) {
				super := api.DatasourceInput{Name: "super-" + string(srv.d), Type: srv.d, DSN: srv.dsn}

				e := want(t, ta.do("POST", "/api/datasources", admin, super), 422).Err(t)
				hint := map[api.Dialect]string{api.Postgres: "CREATE ROLE gobi_reader LOGIN", api.MySQL: "CREATE USER 'gobi_reader'"}[srv.d]
				if e.Error != "datasource_privileged" || len(e.Fields) == 0 || e.Fields[0].Path != "privileges" || !strings.Contains(e.Message, hint) {
					t.Fatalf("superuser login: %+v", e)
				}
				t.Logf("refused: %s", e.Message)

				// Only an admin may accept it.
				super.AllowPrivileged = ptr(true)
				if e := want(t, ta.do("POST", "/api/datasources", user, super), 403).Err(t); !strings.Contains(e.Message, "allow_privileged") {
					t.Fatalf("user setting allow_privileged: %+v", e)
				}
				var v api.Datasource
				want(t, ta.do("POST", "/api/datasources", admin, super), 201).JSON(t, &v)
				if !v.AllowPrivileged {
					t.Fatalf("allow_privileged not shown: %+v", v)
				}
				var got api.Datasource
				want(t, ta.do("GET", fmt.Sprintf("/api/datasources/%d", v.ID), admin, nil), 200).JSON(t, &got)
				var list []api.Datasource
				want(t, ta.do("GET", "/api/datasources", admin, nil), 200).JSON(t, &list)
				listed := false
				for _, l := range list {
					listed = listed || l.ID == v.ID && l.AllowPrivileged
				}
				if !got.AllowPrivileged || !listed {
					t.Fatalf("allow_privileged not in GET (%v) or the listing (%v)", got.AllowPrivileged, listed)
				}
				var tr api.DatasourceTest
				want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/test", v.ID), admin, nil), 200).JSON(t, &tr)
				if !tr.OK || len(tr.Privileged) == 0 {
					t.Fatalf("test of an allowed privileged source: %+v", tr)
				}
				var logged bytes.Buffer
				if err := ta.app.datasources.WarnPrivileged(t.Context(), slog.New(slog.NewTextHandler(&logged, nil))); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(logged.String(), fmt.Sprintf("datasource_id=%d", v.ID)) || strings.Contains(logged.String(), "password") {
					t.Fatalf("start-up warning: %s", logged.String())
				}

				// With the login accepted, the guard still refuses SQL run
				// from text arguments.
				if srv.d == api.Postgres {
					for _, q := range []string{
						"SELECT ts_rewrite('a'::tsquery, 'SELECT pg_read_file(''/etc/hostname'')::tsquery, ''b''::tsquery')",
						"SELECT * FROM crosstab('SELECT 1, 1, pg_reload_conf()::int') AS t(a int, b int)",
						`SELECT * FROM pg_catalog."ts_stat"('SELECT to_tsvector(pg_read_file(''/etc/hostname''))')`,
					} {
						e := want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/query", v.ID), admin, api.AdhocQuery{SQL: q}), 422).Err(t)
						if len(e.Fields) == 0 || e.Fields[0].Path != "sql" || !strings.Contains(e.Message, "runs SQL given as text") {
							t.Fatalf("%s: %+v", q, e)
						}
					}
				}

				// A least-privilege login is accepted by anyone.
				roDSN, escalate := srv.readOnlyLogin(t)
				ro := api.DatasourceInput{Name: "ro-" + string(srv.d), Type: srv.d, DSN: roDSN}
				roID := id(t, want(t, ta.do("POST", "/api/datasources", user, ro), 201))
				tr = api.DatasourceTest{}
				want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/test", roID), user, nil), 200).JSON(t, &tr)
				if !tr.OK || len(tr.Privileged) != 0 {
					t.Fatalf("read-only login: %+v", tr)
				}
				// The owner may not accept privileges on its own source.
				ro.AllowPrivileged = ptr(true)
				want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", roID), user, ro), 403)
				ro.AllowPrivileged = nil

				// A privilege granted after the save is caught on test.
				srv.exec(t, escalate)
				e = want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/test", roID), user, nil), 422).Err(t)
				if e.Error != "datasource_privileged" {
					t.Fatalf("escalated login on test: %+v", e)
				}
				// The refused test closed its pool, so queries are refused
				// too.
				r := ta.do("POST", fmt.Sprintf("/api/datasources/%d/query", roID), user, api.AdhocQuery{SQL: "SELECT 1"})
				if r.Status != 422 || !strings.Contains(string(r.Body), "datasource_privileged") || !strings.Contains(string(r.Body), "can do more than read") {
					t.Fatalf("query on an escalated login: %d %s, want 422 datasource_privileged", r.Status, r.Body)
				}

				// An admin accepts it on the user's source; the user swapping
				// the login for the superuser loses the acceptance.
				ro.AllowPrivileged = ptr(true)
				want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", roID), admin, ro), 200)
				want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/test", roID), user, nil), 200)
				ro.AllowPrivileged = nil
				ro.Name = "renamed-" + string(srv.d)
				want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", roID), user, ro), 200).JSON(t, &got)
				if !got.AllowPrivileged {
					t.Fatalf("a rename by the owner dropped the admin's acceptance")
				}
				ro.DSN = srv.dsn
				if e := want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", roID), user, ro), 422).Err(t); e.Error != "datasource_privileged" {
					t.Fatalf("owner swapping in a superuser login: %+v", e)
				}
			})
		}
	})
}

// TestDatasourceDSNFileParameters: PostgreSQL parameters that make the
// driver read files on the Gobi server are refused however they are
// written, and every host of a multi-host DSN passes the SSRF policy.
func TestDatasourceDSNFileParameters(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	for _, tt := range []struct {
		dsn, path string
	}{
		{"host=127.0.0.1 dbname=test passfile = /root/.pgpass", "dsn"},
		{"host=127.0.0.1 dbname=test passfile= '/root/.pgpass'", "dsn"},
		{"host=127.0.0.1 dbname=test sslmode=require sslkey =/etc/ssl/private/k.pem", "dsn"},
		{"host=127.0.0.1 dbname=test\tsslrootcert\t=\t/etc/ssl/ca.pem", "dsn"},
		{"host=127.0.0.1 dbname=test sslcrl='/etc/crl.pem'", "dsn"},
		{"host=127.0.0.1 dbname=test service=prod", "dsn"},
		{"host=127.0.0.1 dbname=test servicefile=/etc/pg_service.conf service=prod", "dsn"},
		{"postgres://postgres@127.0.0.1/test?sslmode=require&sslcert=/etc/c.pem&sslkey=/etc/k.pem", "dsn"},
		{"postgresql://postgres@127.0.0.1/test?servicefile=%2Fetc%2Fpg_service.conf&service=prod", "dsn"},
		{"postgres://postgres@127.0.0.1/test?options=-c%20default_transaction_read_only%3Doff", "dsn"},
		{"host=127.0.0.1,169.254.169.254 dbname=test", "host"},
		{"postgres://postgres@127.0.0.1:5432,10.1.2.3:5432/test", "host"},
	} {
		in := api.DatasourceInput{Name: "f", Type: api.Postgres, DSN: tt.dsn, AllowPrivileged: ptr(true)}
		e := want(t, ta.do("POST", "/api/datasources", admin, in), 422).Err(t)
		if len(e.Fields) == 0 || e.Fields[0].Path != tt.path {
			t.Errorf("%q: %+v, want a refusal on %q", tt.dsn, e, tt.path)
		}
		if strings.Contains(e.Message, "/etc") || strings.Contains(e.Message, "/root") {
			t.Errorf("%q: the message quotes the DSN: %s", tt.dsn, e.Message)
		}
	}
	// Masking survives the spaced spelling too.
	in := api.DatasourceInput{Name: "spaced", Type: api.Postgres, DSN: "host=127.0.0.1 dbname=test user=postgres password = 'hunter2 x'", AllowPrivileged: ptr(true)}
	r := want(t, ta.do("POST", "/api/datasources", admin, in), 201)
	if strings.Contains(string(r.Body), "hunter2") {
		t.Fatalf("password shown: %s", r.Body)
	}
}

// TestDatasourcePrivilegedPostgresGrants: the PostgreSQL grants that a
// read-only transaction does not contain are refused on a non-admin's save
// (a REPLICATION login can make replication slots that outlive the
// rollback; column-level and sequence write grants), and on an accepted
// REPLICATION source the guard still refuses the slot functions.
func TestDatasourcePrivilegedPostgresGrants(t *testing.T) {
	var srv *loginServer
	for _, s := range loginServers(t) {
		if s.d == api.Postgres {
			srv = &s
		}
	}
	if srv == nil {
		t.Skip("GOBI_TEST_POSTGRES_DSN is not set")
	}
	u, err := url.Parse(srv.dsn)
	if err != nil || u.Scheme == "" {
		t.Skip("GOBI_TEST_POSTGRES_DSN is not a URL")
	}
	schema := fmt.Sprintf("gobi_app_grants_%08x", rand.Uint32())
	srv.exec(t, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { _, _ = srv.admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	srv.exec(t, "CREATE TABLE "+schema+".t (id int, v text)")
	srv.exec(t, "CREATE SEQUENCE "+schema+".s")

	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	user, _ := ta.newUser(admin, "grants-user")
	for _, tt := range []struct {
		name, grant, want string
	}{
		{"replication", "ALTER ROLE {u} REPLICATION", "REPLICATION"},
		{"column writes", "GRANT UPDATE (v), INSERT (v) ON {s}.t TO {u}", "INSERT/UPDATE on columns"},
		{"sequence usage", "GRANT UPDATE, USAGE ON SEQUENCE {s}.s TO {u}", "USAGE/UPDATE on sequences"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			login := fmt.Sprintf("gobi_app_g_%08x", rand.Uint32())
			sub := strings.NewReplacer("{u}", login, "{s}", schema).Replace
			srv.exec(t, "CREATE ROLE "+login+" LOGIN")
			t.Cleanup(func() {
				_, _ = srv.admin.Exec(sub("DROP OWNED BY {u}"))
				_, _ = srv.admin.Exec("DROP ROLE " + login)
			})
			srv.exec(t, sub("GRANT USAGE ON SCHEMA {s} TO {u}"))
			srv.exec(t, sub("GRANT SELECT ON {s}.t TO {u}"))
			srv.exec(t, sub(tt.grant))
			lu := *u
			lu.User = url.User(login)
			in := api.DatasourceInput{Name: "grants-" + tt.name, Type: api.Postgres, DSN: lu.String()}
			e := want(t, ta.do("POST", "/api/datasources", user, in), 422).Err(t)
			if e.Error != "datasource_privileged" || len(e.Fields) == 0 || !strings.HasPrefix(e.Fields[0].Message, tt.want) {
				t.Fatalf("%s: %+v, want datasource_privileged naming %q", tt.name, e, tt.want)
			}
			if tt.name != "replication" {
				return
			}
			in.AllowPrivileged = ptr(true)
			dsID := id(t, want(t, ta.do("POST", "/api/datasources", admin, in), 201))
			for _, q := range []string{
				"SELECT pg_copy_physical_replication_slot('gobi_missing_src', 'gobi_missing_dst')",
				"SELECT pg_create_physical_replication_slot('gobi_missing_dst', true)",
			} {
				e := want(t, ta.do("POST", fmt.Sprintf("/api/datasources/%d/query", dsID), admin, api.AdhocQuery{SQL: q}), 422).Err(t)
				if len(e.Fields) == 0 || e.Fields[0].Path != "sql" || !strings.Contains(e.Message, "replication slots") {
					t.Fatalf("%s: %+v", q, e)
				}
			}
		})
	}
}
