package readonly_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// placeholder returns the n-th (1-based) bind placeholder of d.
func placeholder(d api.Dialect, n int) string {
	if d == api.Postgres {
		return "$" + string(rune('0'+n))
	}
	return "?"
}

func TestRunReadsRowsWithArgs(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		q := "SELECT id, name FROM battery_target WHERE amount >= " + placeholder(d, 1) +
			" AND name <> " + placeholder(d, 2) + " ORDER BY id"
		res, err := f.run(context.Background(), q, []any{20, "gamma"}, readonly.Options{})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		want := [][]any{{int64(2), "beta"}, {int64(4), "delta; DROP"}}
		if !reflect.DeepEqual(res.Rows, want) {
			t.Errorf("rows = %#v, want %#v", res.Rows, want)
		}
		if res.RowCount != 2 || res.Truncated {
			t.Errorf("RowCount=%d Truncated=%v, want 2 false", res.RowCount, res.Truncated)
		}
		wantCols := []api.Column{{Name: "id", Type: api.TypeInt}, {Name: "name", Type: api.TypeString}}
		if !reflect.DeepEqual(res.Columns, wantCols) {
			t.Errorf("columns = %+v, want %+v", res.Columns, wantCols)
		}
		if res.DurationMS <= 0 {
			t.Errorf("DurationMS = %v, want > 0", res.DurationMS)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Errorf("result is not JSON-ready: %v", err)
		}
	})
}

func TestRunTruncatesAtMaxRows(t *testing.T) {
	series := map[api.Dialect]string{
		api.SQLite:   "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000) SELECT n FROM s",
		api.Postgres: "SELECT n FROM generate_series(1, 100000) AS n",
		// MySQL limits recursion depth (cte_max_recursion_depth); a cross
		// join of digits works on MySQL and MariaDB alike.
		api.MySQL: "WITH d(n) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " +
			"UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) " +
			"SELECT a.n + 10*b.n + 100*c.n + 1000*e.n + 10000*g.n FROM d a, d b, d c, d e, d g",
	}
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		tests := []struct {
			name      string
			stmt      string
			maxRows   int
			wantRows  int
			truncated bool
		}{
			{"below limit", "SELECT id FROM battery_target", 10, 4, false},
			{"exactly at limit", "SELECT id FROM battery_target", 4, 4, false},
			{"one over", "SELECT id FROM battery_target", 3, 3, true},
			{"large result cut", series[d], 1000, 1000, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				start := time.Now()
				res, err := f.run(context.Background(), tt.stmt, nil, readonly.Options{MaxRows: tt.maxRows})
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				if len(res.Rows) != tt.wantRows || res.RowCount != tt.wantRows || res.Truncated != tt.truncated {
					t.Errorf("rows=%d RowCount=%d Truncated=%v, want %d %d %v", len(res.Rows), res.RowCount, res.Truncated, tt.wantRows, tt.wantRows, tt.truncated)
				}
				if el := time.Since(start); el > 2*time.Second {
					t.Errorf("took %v; a truncated result must stop early", el)
				}
			})
		}
		// The pool still works after the cut-off statement.
		if _, err := f.run(context.Background(), "SELECT 1", nil, readonly.Options{}); err != nil {
			t.Errorf("pool after truncation: %v", err)
		}
	})
}

func TestRunTimeout(t *testing.T) {
	slow := map[api.Dialect]string{
		api.SQLite:   "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) SELECT count(*) FROM c",
		api.Postgres: "SELECT pg_sleep(5)",
		api.MySQL:    "SELECT SLEEP(5)",
	}
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		start := time.Now()
		_, err := f.run(context.Background(), slow[d], nil, readonly.Options{Timeout: 300 * time.Millisecond})
		el := time.Since(start)
		if !errors.Is(err, readonly.ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if !strings.Contains(err.Error(), "300ms") {
			t.Errorf("message %q does not name the limit", err)
		}
		if el > 2*time.Second {
			t.Errorf("timeout took %v, want < 2s", el)
		}
		res, err := f.run(context.Background(), "SELECT count(*) FROM battery_target", nil, readonly.Options{})
		if err != nil {
			t.Fatalf("pool after timeout: %v", err)
		}
		if got := res.Rows[0][0]; got != int64(len(batterySeed)) {
			t.Errorf("count after timeout = %v", got)
		}
	})
}

func TestRunCancel(t *testing.T) {
	slow := map[api.Dialect]string{
		api.SQLite:   "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) SELECT count(*) FROM c",
		api.Postgres: "SELECT pg_sleep(10)",
		api.MySQL:    "SELECT SLEEP(10)",
	}
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		_, err := f.run(ctx, slow[d], nil, readonly.Options{Timeout: 20 * time.Second})
		el := time.Since(start)
		if !errors.Is(err, readonly.ErrCanceled) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want ErrCanceled wrapping context.Canceled", err)
		}
		if el > 2*time.Second {
			t.Errorf("cancellation took %v, want < 2s", el)
		}
		if _, err := f.run(context.Background(), "SELECT 1", nil, readonly.Options{}); err != nil {
			t.Errorf("pool after cancel: %v", err)
		}
		if d == api.Postgres {
			// The cancel request stopped the statement on the server.
			time.Sleep(300 * time.Millisecond)
			var n int
			err := f.admin.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gobi' AND query = $1 AND state = 'active'", slow[d]).Scan(&n)
			if err != nil || n != 0 {
				t.Errorf("server still runs the canceled statement: n=%d err=%v", n, err)
			}
		}
	})
}

func TestRunSessionIsReadOnly(t *testing.T) {
	checks := map[api.Dialect][]struct{ stmt, want string }{
		api.Postgres: {
			{"SHOW transaction_read_only", "on"},
			{"SHOW default_transaction_read_only", "on"},
			{"SHOW statement_timeout", "1234ms"},
			{"SHOW application_name", "gobi"},
		},
		api.MySQL: {
			{"SELECT IF(@@session.tx_read_only, 'on', 'off')", "on"},
			{"SELECT CAST(@@session.max_statement_time AS CHAR)", "1.234000"},
		},
		api.SQLite: {
			{"PRAGMA table_info(battery_target)", ""},
		},
	}
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		for _, c := range checks[d] {
			res, err := f.run(context.Background(), c.stmt, nil, readonly.Options{Timeout: 1234 * time.Millisecond})
			if err != nil {
				t.Errorf("%s: %v", c.stmt, err)
				continue
			}
			if c.want == "" {
				continue
			}
			if got, _ := res.Rows[0][0].(string); got != c.want {
				t.Errorf("%s = %v, want %s", c.stmt, res.Rows[0][0], c.want)
			}
		}
	})
}

func TestRunRefusesBadInput(t *testing.T) {
	f := newFixture(t, api.SQLite)
	tests := []struct {
		name string
		stmt string
		args []any
		want error
	}{
		{"empty", "  ", nil, readonly.ErrStatement},
		{"only a comment", "-- nothing", nil, readonly.ErrStatement},
		{"two statements", "SELECT 1; SELECT 2", nil, readonly.ErrStatement},
		{"not a query", "DELETE FROM battery_target", nil, readonly.ErrStatement},
		{"named arg", "SELECT :a", []any{sql.Named("a", 1)}, readonly.ErrArgument},
		{"driver option as arg", "SELECT ?", []any{struct{ X int }{1}}, readonly.ErrArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.run(context.Background(), tt.stmt, tt.args, readonly.Options{})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRunRefusesForeignPool(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	plain, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if _, err := readonly.Run(context.Background(), plain, api.SQLite, "SELECT 1", nil, readonly.Options{}); !errors.Is(err, readonly.ErrForeignPool) {
		t.Errorf("plain pool: err = %v, want ErrForeignPool", err)
	}
	f := newFixture(t, api.SQLite)
	if _, err := readonly.Run(context.Background(), f.ro, api.Postgres, "SELECT 1", nil, readonly.Options{}); !errors.Is(err, readonly.ErrForeignPool) {
		t.Errorf("dialect mismatch: err = %v, want ErrForeignPool", err)
	}
	if _, err := readonly.Ping(context.Background(), plain, api.SQLite); !errors.Is(err, readonly.ErrForeignPool) {
		t.Errorf("Ping plain pool: err = %v, want ErrForeignPool", err)
	}
}

func TestOpenSQLiteMissingFileCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing file", filepath.Join(dir, "missing.db"), readonly.ErrNotFound},
		{"missing dir", filepath.Join(dir, "nodir", "x.db"), readonly.ErrNotFound},
		{"uri-looking name", filepath.Join(dir, "x.db?mode=rwc"), readonly.ErrNotFound},
		{"directory", dir, readonly.ErrInvalidDSN},
		{"empty", "", readonly.ErrInvalidDSN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := readonly.Open(context.Background(), api.SQLite, tt.path, readonly.OpenOptions{})
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if tt.path != "" && strings.Contains(err.Error(), dir) {
				t.Errorf("error %q repeats the path", err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 0 {
				t.Errorf("Open created %v", entries)
			}
		})
	}
	t.Run("not a database", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "junk.db")
		if err := os.WriteFile(p, []byte(strings.Repeat("not sqlite ", 100)), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readonly.Open(context.Background(), api.SQLite, p, readonly.OpenOptions{}); !errors.Is(err, readonly.ErrConnect) {
			t.Errorf("err = %v, want ErrConnect", err)
		}
	})
}

func TestOpenSQLiteStrangeFileName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "we?ird #%3F name.db")
	w, err := sql.Open("sqlite", "file:"+strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(p)+"?mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	db, err := readonly.Open(context.Background(), api.SQLite, p, readonly.OpenOptions{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	res, err := readonly.Run(context.Background(), db, api.SQLite, "SELECT x FROM t", nil, readonly.Options{})
	if err != nil || res.Rows[0][0] != int64(7) {
		t.Fatalf("Run: %v %v", res, err)
	}
}

func TestOpenPostgresDSN(t *testing.T) {
	tests := []struct {
		name string
		dsn  string
		want error
	}{
		{"simple protocol refused", "postgres://u:secretpw@127.0.0.1:1/db?default_query_exec_mode=simple_protocol", readonly.ErrInvalidDSN},
		{"simple protocol refused, key=value", "host=127.0.0.1 port=1 user=u password=secretpw default_query_exec_mode=simple_protocol", readonly.ErrInvalidDSN},
		{"unparsable", "postgres://u:secret%zzpw@127.0.0.1:x/db", readonly.ErrInvalidDSN},
		{"exec mode is extended protocol", "postgres://u:secretpw@127.0.0.1:1/db?default_query_exec_mode=exec", nil},
		{"plain", "postgres://u:secretpw@127.0.0.1:1/db", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := readonly.Open(context.Background(), api.Postgres, tt.dsn, readonly.OpenOptions{})
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q leaks the password", err)
			}
		})
	}
}

func TestOpenMySQLDSN(t *testing.T) {
	db, err := readonly.Open(context.Background(), api.MySQL, "u:secretpw@tcp(127.0.0.1:1", readonly.OpenOptions{})
	if err == nil {
		db.Close()
	}
	if !errors.Is(err, readonly.ErrInvalidDSN) || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v, want ErrInvalidDSN without the password", err)
	}
}

func TestConnectErrorsHideDSN(t *testing.T) {
	tests := []struct {
		d   api.Dialect
		dsn string
	}{
		{api.Postgres, "postgres://someuser:secretpw@127.0.0.1:1/somedb?connect_timeout=2"},
		{api.MySQL, "someuser:secretpw@tcp(127.0.0.1:1)/somedb?timeout=2s"},
	}
	for _, tt := range tests {
		t.Run(string(tt.d), func(t *testing.T) {
			db, err := readonly.Open(context.Background(), tt.d, tt.dsn, readonly.OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = readonly.Run(context.Background(), db, tt.d, "SELECT 1", nil, readonly.Options{Timeout: 3 * time.Second})
			if !errors.Is(err, readonly.ErrConnect) {
				t.Fatalf("err = %v, want ErrConnect", err)
			}
			if msg := err.Error(); strings.Contains(msg, "secret") || strings.Contains(msg, "somedb") {
				t.Errorf("error %q repeats the DSN", msg)
			}
		})
	}
}

func TestDialFuncIsUsed(t *testing.T) {
	tests := []struct{ d api.Dialect }{{api.Postgres}, {api.MySQL}}
	for _, tt := range tests {
		t.Run(string(tt.d), func(t *testing.T) {
			blocked := errors.New("blocked by test dialer")
			var seen []string
			dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
				seen = append(seen, network+" "+addr)
				return nil, blocked
			}
			dsn := map[api.Dialect]string{api.Postgres: "postgres://u@192.0.2.1:5432/x", api.MySQL: "u@tcp(192.0.2.1:3306)/x"}[tt.d]
			db, err := readonly.Open(context.Background(), tt.d, dsn, readonly.OpenOptions{Dial: dial})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			_, err = readonly.Run(context.Background(), db, tt.d, "SELECT 1", nil, readonly.Options{Timeout: 2 * time.Second})
			if !errors.Is(err, blocked) && !strings.Contains(err.Error(), blocked.Error()) {
				t.Errorf("err = %v, want the dialer's error", err)
			}
			if len(seen) == 0 {
				t.Errorf("the dial function was not called")
			}
		})
	}
}

func TestPing(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		info, err := readonly.Ping(context.Background(), f.ro, d)
		if err != nil {
			t.Fatalf("Ping: %v", err)
		}
		prefix := map[api.Dialect]string{api.SQLite: "SQLite 3.", api.Postgres: "PostgreSQL ", api.MySQL: ""}[d]
		if info.ServerVersion == "" || !strings.HasPrefix(info.ServerVersion, prefix) {
			t.Errorf("ServerVersion = %q", info.ServerVersion)
		}
		t.Logf("%s: %+v", d, info)
		if d != api.SQLite && os.Getenv("GOBI_TEST_EXPECT_SUPERUSER") != "0" {
			// The integration DSNs use postgres and root.
			found := false
			for _, w := range info.Warnings {
				found = found || w == readonly.WarnSuperuser
			}
			if !found {
				t.Errorf("warnings %q lack the superuser warning", info.Warnings)
			}
		}
	})
}
