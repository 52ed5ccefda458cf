package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// fakeRows serves n rows shaped like pgx's values for
// (id, name, amount, created, qty, category), without any I/O, so that the
// benchmark below measures only the client-side scan.
type fakeRows struct{ i, n int }

func (r *fakeRows) Columns() []string {
	return []string{"id", "name", "amount", "created", "qty", "category"}
}
func (r *fakeRows) Close() error { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.i == r.n {
		return io.EOF
	}
	r.i++
	dest[0] = int64(r.i)
	dest[1] = "name-" + strconv.Itoa(r.i)
	dest[2] = float64(r.i) * 1.25
	dest[3] = time.Unix(1704067200+int64(r.i)*60, 0).UTC()
	dest[4] = int64(r.i % 1000)
	dest[5] = "cat-" + strconv.Itoa(r.i%17)
	return nil
}
func (r *fakeRows) ColumnTypeDatabaseTypeName(i int) string {
	return [...]string{"INT8", "TEXT", "FLOAT8", "TIMESTAMP", "INT4", "TEXT"}[i]
}

type fakeConn struct{ n int }

func (c fakeConn) Prepare(string) (driver.Stmt, error) { return nil, driver.ErrSkip }
func (c fakeConn) Close() error                        { return nil }
func (c fakeConn) Begin() (driver.Tx, error)           { return nil, driver.ErrSkip }
func (c fakeConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return &fakeRows{n: c.n}, nil
}

type fakeConnector struct{ n int }

func (c fakeConnector) Connect(context.Context) (driver.Conn, error) { return fakeConn(c), nil }
func (c fakeConnector) Driver() driver.Driver                        { return nil }

// BenchmarkScanner compares the scanner with a plain typed loop on the same
// driver values: the client-side cost of Gobi's result format.
func BenchmarkScanner(b *testing.B) {
	const n = 100_000
	db := sql.OpenDB(fakeConnector{n})
	defer db.Close()
	ctx := context.Background()
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, _ := db.QueryContext(ctx, "")
			type row struct {
				id       int64
				name     string
				amount   float64
				created  time.Time
				qty      int64
				category string
			}
			out := make([]row, 0, n)
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.name, &r.amount, &r.created, &r.qty, &r.category); err != nil {
					b.Fatal(err)
				}
				out = append(out, r)
			}
			benchRows += len(out)
			rows.Close()
		}
	})
	b.Run("gobi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, _ := db.QueryContext(ctx, "")
			s, err := newScanner(rows, api.Postgres, Options{MaxRows: n}.withDefaults())
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				if err := s.scan(rows); err != nil {
					b.Fatal(err)
				}
			}
			rows.Close()
			if res := s.result(false); res.RowCount != n {
				b.Fatal(res.RowCount)
			}
		}
	})
}

// benchRows keeps the baseline's rows alive, as Gobi's path keeps its own.
var benchRows int
