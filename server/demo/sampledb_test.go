package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// buildDB writes the sample database into a fresh directory and opens it
// read-only.
func buildDB(t testing.TB) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	start := time.Now()
	if err := WriteSampleDB(context.Background(), path); err != nil {
		t.Fatalf("WriteSampleDB: %v", err)
	}
	t.Logf("sample database built in %v", time.Since(start))
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func queryInt(t *testing.T, db *sql.DB, q string) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestSampleDBContents(t *testing.T) {
	db, _ := buildDB(t)

	t.Run("row counts", func(t *testing.T) {
		counts := []struct {
			table    string
			min, max int64
		}{
			{"sales", salesRows, salesRows},
			{"stock_prices", 3 * 261, 3 * 261}, // 2025 has 261 weekdays
			{"employees", 40, 40},
			{"surface", gridSize * gridSize, gridSize * gridSize},
			{"points3d", 2000, 2000},
			{"tasks", 15, 15},
			{"links", 40, 40},
			{"words", 80, 80},
			{"budget_steps", 8, 12},
			{"kpis", 4, 8},
		}
		for _, c := range counts {
			if n := queryInt(t, db, "SELECT COUNT(*) FROM "+c.table); n < c.min || n > c.max {
				t.Errorf("%s has %d rows, want %d..%d", c.table, n, c.min, c.max)
			}
		}
	})

	// Each check is a query that must return want.
	checks := []struct {
		name, sql string
		want      int64
	}{
		{"user_version", "PRAGMA user_version", SchemaVersion},
		{"sales dates in range", "SELECT COUNT(*) FROM sales WHERE order_date NOT BETWEEN '2024-01-01' AND '2025-12-31' OR date(order_date) IS NOT order_date", 0},
		{"sales cover both years", "SELECT COUNT(DISTINCT strftime('%Y-%m', order_date)) FROM sales", 24},
		{"sales ids follow dates", "SELECT COUNT(*) FROM sales a JOIN sales b ON b.id = a.id + 1 WHERE b.order_date < a.order_date", 0},
		{"regions", "SELECT COUNT(DISTINCT region) FROM sales", 5},
		{"countries", "SELECT COUNT(DISTINCT country_code) FROM sales", 16},
		{"alpha-3 codes", "SELECT COUNT(*) FROM sales WHERE length(country_code) != 3 OR upper(country_code) != country_code", 0},
		{"one region per country", "SELECT COUNT(*) FROM (SELECT country_code FROM sales GROUP BY country_code HAVING COUNT(DISTINCT region) > 1)", 0},
		{"products", "SELECT COUNT(DISTINCT product) FROM sales", 12},
		{"categories", "SELECT COUNT(DISTINCT category) FROM sales", 4},
		{"channels", "SELECT COUNT(DISTINCT channel) FROM sales", 3},
		{"revenue is units × price", "SELECT COUNT(*) FROM sales WHERE abs(revenue - units * unit_price) > 0.011 OR units < 1 OR cost <= 0", 0},
		{"growth year on year", "SELECT (SELECT SUM(revenue) FROM sales WHERE order_date LIKE '2025%') > (SELECT SUM(revenue) FROM sales WHERE order_date LIKE '2024%') * 1.1", 1},
		{"December beats February", "SELECT COUNT(*) FROM (SELECT substr(order_date, 1, 4) y, SUM(CASE WHEN substr(order_date, 6, 2) = '12' THEN revenue ELSE -revenue END) d FROM sales WHERE substr(order_date, 6, 2) IN ('02', '12') GROUP BY y) WHERE d <= 0", 0},
		{"weekdays busier than Sundays", "SELECT SUM(strftime('%w', order_date) = '3') > SUM(strftime('%w', order_date) = '0') * 1.4 FROM sales", 1},
		{"profitable overall", "SELECT SUM(revenue) > SUM(cost) * 1.2 FROM sales", 1},

		{"OHLC high", "SELECT COUNT(*) FROM stock_prices WHERE high < max(open, close)", 0},
		{"OHLC low", "SELECT COUNT(*) FROM stock_prices WHERE low > min(open, close) OR low <= 0 OR volume <= 0", 0},
		{"stock symbols", "SELECT COUNT(DISTINCT symbol) FROM stock_prices", 3},
		{"business days only", "SELECT COUNT(*) FROM stock_prices WHERE strftime('%w', day) IN ('0', '6')", 0},

		{"grid x values", "SELECT COUNT(DISTINCT x) FROM surface", gridSize},
		{"grid y values", "SELECT COUNT(DISTINCT y) FROM surface", gridSize},
		{"grid rows per x", "SELECT COUNT(*) FROM (SELECT x FROM surface GROUP BY x HAVING COUNT(*) != 41)", 0},
		{"surface peak at origin", "SELECT COUNT(*) FROM surface WHERE x = 0 AND y = 0 AND z = 1", 1},
		{"four clusters", "SELECT COUNT(DISTINCT cluster) FROM points3d", 4},
		{"point sizes", "SELECT COUNT(*) FROM points3d WHERE size < 1 OR size > 10", 0},

		{"one root", "SELECT COUNT(*) FROM employees WHERE manager_id IS NULL", 1},
		{"managers exist", "SELECT COUNT(*) FROM employees e LEFT JOIN employees m ON m.id = e.manager_id WHERE e.manager_id IS NOT NULL AND m.id IS NULL", 0},
		// Everyone is reachable from the root: with one parent each, no one
		// can be on a cycle.
		{"tree reaches everyone", `WITH RECURSIVE r(id) AS (SELECT id FROM employees WHERE manager_id IS NULL
			UNION SELECT e.id FROM employees e JOIN r ON e.manager_id = r.id) SELECT COUNT(*) FROM r`, 40},
		{"tree depth 4", `WITH RECURSIVE r(id, depth) AS (SELECT id, 1 FROM employees WHERE manager_id IS NULL
			UNION ALL SELECT e.id, r.depth + 1 FROM employees e JOIN r ON e.manager_id = r.id) SELECT MAX(depth) FROM r`, 4},
		{"unique names", "SELECT COUNT(DISTINCT name) FROM employees", 40},

		{"tasks ordered", "SELECT COUNT(*) FROM tasks WHERE end_date < start_date OR progress NOT BETWEEN 0 AND 1", 0},
		{"dependencies finish first", "SELECT COUNT(*) FROM tasks t JOIN tasks d ON d.id = t.depends_on WHERE d.end_date >= t.start_date", 0},
		{"tasks done, under way and waiting", "SELECT (SUM(progress = 1) > 0) + (SUM(progress > 0 AND progress < 1) > 0) + (SUM(progress = 0) > 0) FROM tasks", 3},
		{"no self links", "SELECT COUNT(*) FROM links WHERE source = target OR weight <= 0", 0},
		{"graph nodes", "SELECT COUNT(*) BETWEEN 18 AND 24 FROM (SELECT source FROM links UNION SELECT target FROM links)", 1},
		{"waterfall has ups and downs", "SELECT (SUM(amount > 0) > 0) + (SUM(amount < 0) > 0) FROM budget_steps", 2},
		{"words decrease", "SELECT MAX(frequency) > 10 * MIN(frequency) FROM words", 1},
		{"KPI targets", "SELECT COUNT(*) FROM kpis WHERE target <= 0 OR value <= 0", 0},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got := queryInt(t, db, c.sql); got != c.want {
				t.Errorf("got %d, want %d\n%s", got, c.want, c.sql)
			}
		})
	}
}

func TestWriteSampleDBIsNoOpWhenCurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	ctx := context.Background()
	if err := WriteSampleDB(ctx, path); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := WriteSampleDB(ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Logf("second call took %v", time.Since(start))
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Errorf("second call rewrote the file (mtime %v → %v)", before.ModTime(), after.ModTime())
	}
}

func TestWriteSampleDBRebuilds(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"missing", func(t *testing.T, path string) {}},
		{"missing directory", func(t *testing.T, path string) {}},
		{"empty file", func(t *testing.T, path string) { writeFile(t, path, nil) }},
		{"not a database", func(t *testing.T, path string) { writeFile(t, path, make([]byte, 4096)) }},
		{"older version", func(t *testing.T, path string) {
			if err := WriteSampleDB(context.Background(), path); err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec("PRAGMA user_version = 0; DELETE FROM sales"); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.name == "missing directory" {
				dir = filepath.Join(dir, "data", "datasets")
			}
			path := filepath.Join(dir, "demo.db")
			tt.setup(t, path)
			if err := WriteSampleDB(context.Background(), path); err != nil {
				t.Fatalf("WriteSampleDB: %v", err)
			}
			v, err := fileUserVersion(path)
			if err != nil || v != SchemaVersion {
				t.Fatalf("user_version = %d, %v; want %d", v, err, SchemaVersion)
			}
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if n := queryInt(t, db, "SELECT COUNT(*) FROM sales"); n != salesRows {
				t.Errorf("sales has %d rows after rebuild, want %d", n, salesRows)
			}
			assertOnlyFile(t, dir, "demo.db")
		})
	}
}

func TestWriteSampleDBIsDeterministic(t *testing.T) {
	var sums [2][32]byte
	for i := range sums {
		path := filepath.Join(t.TempDir(), "demo.db")
		if err := WriteSampleDB(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sums[i] = sha256.Sum256(b)
	}
	if sums[0] != sums[1] {
		t.Errorf("two builds differ: %x vs %x", sums[0], sums[1])
	}
}

func TestWriteSampleDBHonoursCancellation(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := WriteSampleDB(ctx, filepath.Join(dir, "demo.db"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WriteSampleDB with a cancelled context = %v, want context.Canceled", err)
	}
	assertOnlyFile(t, dir, "")
}

func BenchmarkWriteSampleDB(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "demo.db")
	ctx := context.Background()
	for b.Loop() {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			b.Fatal(err)
		}
		if err := WriteSampleDB(ctx, path); err != nil {
			b.Fatal(err)
		}
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// assertOnlyFile fails when dir holds anything but want (nothing when want
// is empty), such as a temporary file left behind.
func assertOnlyFile(t *testing.T, dir, want string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if (want == "" && len(names) != 0) || (want != "" && (len(names) != 1 || names[0] != want)) {
		t.Errorf("directory holds %v, want only %q", names, want)
	}
}
