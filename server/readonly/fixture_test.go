package readonly_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for the fixtures' read-write connections
	_ "modernc.org/sqlite"             // registers "sqlite" for the fixtures' read-write connections

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// Environment variables naming the integration databases; tests that need
// one skip when it is unset.
const (
	envPostgres = "GOBI_TEST_POSTGRES_DSN"
	envMySQL    = "GOBI_TEST_MYSQL_DSN"
)

// fixture is one dialect's test database: a uniquely named schema
// (PostgreSQL), database (MySQL) or temporary file (SQLite) holding
// battery_target, an admin connection that can write, and a pool from
// readonly.Open on the same data.
type fixture struct {
	d     api.Dialect
	admin *sql.DB // read-write, for set-up and for checking what changed
	ro    *sql.DB // readonly.Open
	dsn   string  // what readonly.Open got
	name  string  // schema / database name; the file path for SQLite
	dir   string  // SQLite: the directory holding the file
	base  string  // the environment's DSN (server dialects)
}

// dialects are the dialects the integration tests run against, each with
// the environment variable that enables it (none for SQLite).
var dialects = []struct {
	d   api.Dialect
	env string
}{{api.SQLite, ""}, {api.Postgres, envPostgres}, {api.MySQL, envMySQL}}

// eachDialect runs f once per dialect, skipping server dialects whose DSN is
// not set.
func eachDialect(t *testing.T, f func(t *testing.T, d api.Dialect)) {
	for _, dd := range dialects {
		t.Run(string(dd.d), func(t *testing.T) {
			if dd.env != "" && os.Getenv(dd.env) == "" {
				t.Skipf("%s is not set; set it to run the %s integration tests", dd.env, dd.d)
			}
			f(t, dd.d)
		})
	}
}

func uniqueName(prefix string) string {
	return fmt.Sprintf("%s_%d_%08x", prefix, time.Now().UnixNano()%1e6, rand.Uint32())
}

// batterySeed is the data battery_target starts with.
var batterySeed = []struct {
	id     int
	name   string
	amount int
}{{1, "alpha", 10}, {2, "beta", 20}, {3, "gamma", 30}, {4, "delta; DROP", 40}}

// newFixture creates the dialect's isolated database with battery_target
// and opens it through readonly.Open. Everything is removed at cleanup.
func newFixture(t *testing.T, d api.Dialect, extra ...string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d}
	// Registered first so that it runs last, after the DROPs below.
	t.Cleanup(func() {
		if f.admin != nil {
			_ = f.admin.Close()
		}
	})
	switch d {
	case api.SQLite:
		f.dir = t.TempDir()
		f.name = filepath.Join(f.dir, "data.db")
		f.dsn = f.name
		admin, err := sql.Open("sqlite", f.name)
		if err != nil {
			t.Fatal(err)
		}
		f.admin = admin
		f.exec(t, "CREATE TABLE battery_target (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER)")
	case api.Postgres:
		f.base = os.Getenv(envPostgres)
		admin, err := sql.Open("pgx", f.base)
		if err != nil {
			t.Fatal(err)
		}
		f.admin = admin
		f.name = uniqueName("gobi_ro")
		f.exec(t, "CREATE SCHEMA "+f.name)
		t.Cleanup(func() { f.execQuiet("DROP SCHEMA " + f.name + " CASCADE") })
		f.exec(t, "CREATE TABLE "+f.name+".battery_target (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER)")
		f.exec(t, "CREATE SEQUENCE "+f.name+".battery_seq")
		f.dsn = pgWithParam(t, f.base, "search_path", f.name)
	case api.MySQL:
		f.base = os.Getenv(envMySQL)
		admin, err := sql.Open("mysql", f.base)
		if err != nil {
			t.Fatal(err)
		}
		f.admin = admin
		f.name = uniqueName("gobi_ro")
		f.exec(t, "CREATE DATABASE "+f.name)
		t.Cleanup(func() { f.execQuiet("DROP DATABASE " + f.name) })
		f.exec(t, "CREATE TABLE "+f.name+".battery_target (id INTEGER PRIMARY KEY, name VARCHAR(100), amount INTEGER)")
		f.dsn = mysqlWithDB(t, f.base, f.name)
	}
	for _, r := range batterySeed {
		f.exec(t, fmt.Sprintf("INSERT INTO %s (id, name, amount) VALUES (%d, '%s', %d)", f.table("battery_target"), r.id, r.name, r.amount))
	}
	for _, q := range extra {
		f.exec(t, q)
	}
	if d == api.SQLite {
		// Close the writer so that no journal or lock is left behind.
		_ = f.admin.Close()
		admin, err := sql.Open("sqlite", f.name)
		if err != nil {
			t.Fatal(err)
		}
		f.admin = admin
	}
	ro, err := readonly.Open(ctx, d, f.dsn, readonly.OpenOptions{})
	if err != nil {
		t.Fatalf("readonly.Open: %v", err)
	}
	f.ro = ro
	t.Cleanup(func() { _ = ro.Close() })
	return f
}

// table qualifies a table name with the fixture's schema or database, for
// the admin connection (which is not confined to it).
func (f *fixture) table(name string) string {
	if f.d == api.SQLite {
		return name
	}
	return f.name + "." + name
}

// exec runs set-up SQL on the admin connection. "{s}" stands for the
// fixture's schema or database name.
func (f *fixture) exec(t *testing.T, q string) {
	t.Helper()
	q = strings.ReplaceAll(q, "{s}", f.name)
	if _, err := f.admin.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("set-up %q: %v", q, err)
	}
}

func (f *fixture) execQuiet(q string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, _ = f.admin.ExecContext(ctx, q)
}

// run calls readonly.Run on the fixture's pool.
func (f *fixture) run(ctx context.Context, stmt string, args []any, o readonly.Options) (*api.Result, error) {
	return readonly.Run(ctx, f.ro, f.d, stmt, args, o)
}

// pgWithParam adds a run-time parameter to a PostgreSQL DSN in URL or
// key=value form.
func pgWithParam(t *testing.T, dsn, key, value string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("parsing %s: %v", envPostgres, err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// pgWithUser replaces the user (and drops the password) of a URL DSN.
func pgWithUser(t *testing.T, dsn, user string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		t.Skipf("%s is not a URL; the restricted-role battery needs one", envPostgres)
	}
	u.User = url.User(user)
	return u.String()
}

func mysqlWithDB(t *testing.T, dsn, db string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", envMySQL, err)
	}
	cfg.DBName = db
	return cfg.FormatDSN()
}

func mysqlWithUser(t *testing.T, dsn, user, password string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("parsing %s: %v", envMySQL, err)
	}
	cfg.User, cfg.Passwd = user, password
	return cfg.FormatDSN()
}
