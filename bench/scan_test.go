package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" for the plain side
	_ "modernc.org/sqlite"             // "sqlite" for the plain side

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// scanRows is the size of the result both sides read.
const scanRows = 100_000

// scanQuery reads six columns of mixed types: the shape of a typical BI
// result (keys, labels, measures, a timestamp).
const scanQuery = "SELECT id, name, amount, created, qty, category FROM scan_rows ORDER BY id"

// source is one dialect's seeded data: a plain pool (the drivers' own
// sql.Open) and a readonly.Open pool on the same data.
type source struct {
	plain, gobi *sql.DB
	err         error
	cleanup     func()
}

var (
	sourcesMu sync.Mutex
	sources   = map[api.Dialect]*source{}
)

// TestMain drops what the benchmarks seeded.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range sources {
		if s.cleanup != nil {
			s.cleanup()
		}
	}
	os.Exit(code)
}

// sourceFor seeds d once per process. Server dialects need
// GOBI_TEST_POSTGRES_DSN or GOBI_TEST_MYSQL_DSN.
func sourceFor(b *testing.B, d api.Dialect) *source {
	b.Helper()
	sourcesMu.Lock()
	defer sourcesMu.Unlock()
	if s, ok := sources[d]; ok {
		if s.err != nil {
			b.Fatal(s.err)
		}
		return s
	}
	env := map[api.Dialect]string{api.Postgres: "GOBI_TEST_POSTGRES_DSN", api.MySQL: "GOBI_TEST_MYSQL_DSN"}[d]
	if env != "" && os.Getenv(env) == "" {
		b.Skipf("%s is not set", env)
	}
	s := &source{}
	s.err = seed(d, os.Getenv(env), s)
	sources[d] = s
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s
}

func seed(d api.Dialect, base string, s *source) error {
	ctx := context.Background()
	name := fmt.Sprintf("gobi_bench_%08x", rand.Uint32())
	var driverName, dsn string
	var ddl []string
	switch d {
	case api.SQLite:
		dir, err := os.MkdirTemp("", "gobi-bench-")
		if err != nil {
			return err
		}
		driverName, dsn = "sqlite", filepath.Join(dir, "scan.db")
		s.cleanup = func() { os.RemoveAll(dir) }
		ddl = []string{
			"CREATE TABLE scan_rows (id INTEGER PRIMARY KEY, name TEXT, amount REAL, created DATETIME, qty INTEGER, category TEXT)",
			`INSERT INTO scan_rows WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000)
			 SELECT n, 'name-' || n, n * 1.25, datetime(1704067200 + n * 60, 'unixepoch'), n % 1000, 'cat-' || (n % 17) FROM s`,
		}
	case api.Postgres:
		driverName = "pgx"
		u, err := url.Parse(base)
		if err != nil {
			return fmt.Errorf("GOBI_TEST_POSTGRES_DSN must be a URL: %w", err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		dsn = u.String()
		ddl = []string{
			"CREATE SCHEMA " + name,
			"CREATE TABLE scan_rows (id bigint PRIMARY KEY, name text, amount float8, created timestamp, qty int4, category text)",
			`INSERT INTO scan_rows SELECT n, 'name-' || n, n * 1.25, timestamp '2024-01-01' + n * interval '1 minute', n % 1000, 'cat-' || (n % 17)
			 FROM generate_series(1, 100000) AS n`,
			"ANALYZE scan_rows",
		}
	case api.MySQL:
		driverName = "mysql"
		cfg, err := mysql.ParseDSN(base)
		if err != nil {
			return err
		}
		admin, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			return err
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			return err
		}
		cfg.DBName, cfg.ParseTime = name, true
		dsn = cfg.FormatDSN()
		digits := "(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 " +
			"UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
		ddl = []string{
			"CREATE TABLE scan_rows (id BIGINT PRIMARY KEY, name VARCHAR(100), amount DOUBLE, created DATETIME, qty INT, category VARCHAR(20))",
			"INSERT INTO scan_rows SELECT n, CONCAT('name-', n), n * 1.25, TIMESTAMPADD(MINUTE, n, '2024-01-01'), n % 1000, CONCAT('cat-', n % 17) FROM " +
				"(SELECT 1 + a.n + 10*b.n + 100*c.n + 1000*e.n + 10000*g.n AS n FROM " +
				strings.Join([]string{digits + " a", digits + " b", digits + " c", digits + " e", digits + " g"}, ", ") + ") s",
		}
		s.cleanup = func() {
			if admin, err := sql.Open("mysql", base); err == nil {
				admin.Exec("DROP DATABASE " + name)
				admin.Close()
			}
		}
	}
	plain, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	s.plain = plain
	if d == api.Postgres {
		s.cleanup = func() {
			plain.Exec("DROP SCHEMA " + name + " CASCADE")
			plain.Close()
		}
	}
	for _, q := range ddl {
		if _, err := plain.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("seeding %s: %w", d, err)
		}
	}
	if s.gobi, err = readonly.Open(ctx, d, dsn, readonly.OpenOptions{}); err != nil {
		return err
	}
	// Warm both sides up (connections, prepared statements, type maps), so
	// that neither pays for it inside the measurement.
	if _, err := scanPlain(ctx, s.plain); err != nil {
		return err
	}
	_, err = scanGobi(ctx, s.gobi, d)
	return err
}

// row is what the plain side keeps per row: the idiomatic typed struct.
type row struct {
	id       int64
	name     string
	amount   float64
	created  time.Time
	qty      int64
	category string
}

// scanPlain is the idiomatic database/sql loop.
func scanPlain(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, scanQuery)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	out := make([]row, 0, scanRows)
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name, &r.amount, &r.created, &r.qty, &r.category); err != nil {
			return 0, err
		}
		out = append(out, r)
	}
	return len(out), rows.Err()
}

// scanGobi is Gobi's execution path for the same query.
func scanGobi(ctx context.Context, db *sql.DB, d api.Dialect) (int, error) {
	res, err := readonly.Run(ctx, db, d, scanQuery, nil, readonly.Options{MaxRows: scanRows, Timeout: time.Minute})
	if err != nil {
		return 0, err
	}
	if res.Truncated {
		return 0, fmt.Errorf("result truncated")
	}
	return res.RowCount, nil
}

// BenchmarkScan reads the 100,000-row result per dialect, plainly and
// through Gobi. scan.sh prints the ratio; the target is gobi ≤ 1.2× plain.
func BenchmarkScan(b *testing.B) {
	for _, d := range api.Dialects {
		b.Run(string(d), func(b *testing.B) {
			for _, side := range []string{"plain", "gobi"} {
				b.Run(side, func(b *testing.B) {
					s := sourceFor(b, d)
					ctx := context.Background()
					b.ReportAllocs()
					cpu0 := processCPU()
					for b.Loop() {
						var n int
						var err error
						if side == "plain" {
							n, err = scanPlain(ctx, s.plain)
						} else {
							n, err = scanGobi(ctx, s.gobi, d)
						}
						if err != nil {
							b.Fatal(err)
						}
						if n != scanRows {
							b.Fatalf("read %d rows, want %d", n, scanRows)
						}
					}
					// Includes the GC's background work, which the row
					// representation drives.
					b.ReportMetric(float64(processCPU()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
				})
			}
		})
	}
}
