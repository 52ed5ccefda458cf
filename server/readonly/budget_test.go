package readonly_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// wide is a statement returning rows rows, each with an id and a text
// value of width bytes (column "big"), in d's syntax.
func wide(d api.Dialect, rows, width int) string { return wideOf(d, rows, width, 'x') }

// wideOf is wide with values made of the character ch.
func wideOf(d api.Dialect, rows, width int, ch byte) string {
	val := fmt.Sprintf("repeat('%c', %d)", ch, width)
	if d == api.SQLite {
		val = fmt.Sprintf("printf('%%.*c', %d, '%c')", width, ch)
	}
	return fmt.Sprintf("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %d) SELECT n AS id, %s AS big FROM s", rows, val)
}

func sizeError(t *testing.T, err error) *readonly.SizeError {
	t.Helper()
	var se *readonly.SizeError
	if !errors.As(err, &se) || !errors.Is(err, readonly.ErrResultTooLarge) {
		t.Fatalf("err = %v, want a *SizeError matching ErrResultTooLarge", err)
	}
	return se
}

func TestRunStopsAtResultBytes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		// 900 rows of 2,000 bytes: 1.8 MB, against a 512 KiB budget.
		_, err := f.run(ctx, wide(d, 900, 2000), nil, readonly.Options{MaxBytes: 512 << 10})
		se := sizeError(t, err)
		// Each row costs about 2,009 bytes of answer (the value quoted,
		// the id, commas, brackets): 261 rows fit.
		if se.Cell || se.Limit != 512<<10 || se.Rows != 261 {
			t.Fatalf("SizeError %+v, want the result limit of 512 KiB after 261 rows", se)
		}
		want := fmt.Sprintf("the result is larger than its limit of 512 KiB: stopped after %d rows", se.Rows)
		if se.Error() != want {
			t.Fatalf("message %q, want %q", se.Error(), want)
		}
		// The connection is usable after the stopped statement.
		res, err := f.run(ctx, wide(d, 900, 2000), nil, readonly.Options{MaxBytes: 4 << 20})
		if err != nil || res.RowCount != 900 {
			t.Fatalf("within the budget: %v, %+v", err, res)
		}
	})
}

// TestRunCountsTheAnswer: the result's limit is its answer's size, so a
// value of characters that JSON escapes costs their escaped length ('&'
// is \u0026, six bytes), and bytes cost their base64.
func TestRunCountsTheAnswer(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		for ch, rows := range map[byte]int{'&': 43, '<': 43, '"': 130, 'x': 261} {
			_, err := f.run(ctx, wideOf(d, 900, 2000, ch), nil, readonly.Options{MaxBytes: 512 << 10})
			if se := sizeError(t, err); se.Cell || se.Rows != rows {
				t.Errorf("%c: SizeError %+v, want the result limit after %d rows", ch, se, rows)
			}
		}
		// Within the limit, the answer is what was counted.
		b := readonly.NewBudget(64<<20, time.Second)
		hctx, release := readonly.HoldResults(ctx)
		defer release()
		res, err := f.run(hctx, wideOf(d, 40, 2000, '&'), nil, readonly.Options{MaxBytes: 512 << 10, Budget: b})
		if err != nil {
			t.Fatal(err)
		}
		body, err := res.EncodeJSON()
		if err != nil {
			t.Fatal(err)
		}
		if mem := readonly.ResultBytes(res); b.Held() < mem+int64(len(body))-1024 || b.Held() > mem+int64(len(body))+4096 {
			t.Fatalf("held %d bytes for a result of %d and an answer of %d", b.Held(), mem, len(body))
		}
	})
}

func TestRunStopsAtCellBytes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, err := f.run(ctx, wide(d, 3, 3000), nil, readonly.Options{MaxCellBytes: 2048})
		se := sizeError(t, err)
		if !se.Cell || se.Limit != 2048 || se.Rows != 0 {
			t.Fatalf("SizeError %+v, want the cell limit of 2 KiB at row 0", se)
		}
		// SQLite refuses to build the value at all, so the column is not
		// known; the drivers of the others hand it over first.
		if d != api.SQLite && se.Column != "big" {
			t.Fatalf("column %q, want big", se.Column)
		}
		if res, err := f.run(ctx, wide(d, 3, 2000), nil, readonly.Options{MaxCellBytes: 2048}); err != nil || res.RowCount != 3 {
			t.Fatalf("within the cell limit: %v, %+v", err, res)
		}
	})
}

// TestSQLiteHugeValueStopsInEngine is the attack of issue 9: SQLite's
// printf would build a 1 GB string in C memory before Gobi saw it.
func TestSQLiteHugeValueStopsInEngine(t *testing.T) {
	f := newFixture(t, api.SQLite)
	start := time.Now()
	_, err := f.run(context.Background(), "SELECT printf('%.*c', 999999999, 'x') FROM (SELECT 1 UNION ALL SELECT 2)", nil, readonly.Options{})
	se := sizeError(t, err)
	if !se.Cell || se.Limit != readonly.DefaultMaxCellBytes {
		t.Fatalf("SizeError %+v, want the default cell limit", se)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s: the string was built", el)
	}
}

func TestRunReservesFromBudget(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		b := readonly.NewBudget(2<<20, 200*time.Millisecond)
		o := readonly.Options{Budget: b}
		stmt := wide(d, 300, 2000) // about 620 KB in memory, 600 KB of answer

		// Held by the scope until it ends, trimmed to what the result uses.
		hctx, release := readonly.HoldResults(ctx)
		if _, err := f.run(hctx, stmt, nil, o); err != nil {
			t.Fatal(err)
		}
		held := b.Held()
		// The result and its answer at once.
		if want := int64(300 * ((2000 + 2*16 + 24) + (2002 + 5))); held < want || held > want+8*300 {
			t.Fatalf("held %d bytes, want about %d", held, want)
		}
		// A second result does not fit beside the first: it waits, then
		// is refused as busy.
		start := time.Now()
		_, err := f.run(ctx, stmt, nil, o)
		if !errors.Is(err, readonly.ErrBusy) {
			t.Fatalf("second result: %v, want ErrBusy", err)
		}
		if el := time.Since(start); el < 200*time.Millisecond {
			t.Fatalf("refused after %s, before the budget's wait", el)
		}
		if b.Held() != held {
			t.Fatalf("the refused run kept %d bytes", b.Held()-held)
		}
		release()
		release()
		if b.Held() != 0 {
			t.Fatalf("held %d after release", b.Held())
		}

		// Without a scope the reservation ends with Run; so it does when
		// the result is refused for its size.
		if _, err := f.run(ctx, stmt, nil, o); err != nil {
			t.Fatal(err)
		}
		if _, err := f.run(ctx, stmt, nil, readonly.Options{Budget: b, MaxBytes: 64 << 10}); !errors.Is(err, readonly.ErrResultTooLarge) {
			t.Fatalf("err = %v, want ErrResultTooLarge", err)
		}
		hctx, release = readonly.HoldResults(ctx)
		release()
		if _, err := f.run(hctx, stmt, nil, o); err != nil { // a scope already ended keeps nothing
			t.Fatal(err)
		}
		if b.Held() != 0 {
			t.Fatalf("held %d bytes after runs that keep nothing", b.Held())
		}
	})
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 64 << 20: "64 MiB", 512 << 20: "512 MiB", 3 << 30: "3 GiB"} {
		if got := readonly.FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPostgresRefusesLongRowUnread: pgx would read a whole row (a value
// may be 1 GB) before Run could count it; Run has pgx refuse a message
// longer than the result's budget from its header, so the error is the
// result's limit, not the per-value check that runs once a value is read.
func TestPostgresRefusesLongRowUnread(t *testing.T) {
	if os.Getenv(envPostgres) == "" {
		t.Skipf("%s is not set; set it to run the PostgreSQL integration tests", envPostgres)
	}
	f := newFixture(t, api.Postgres)
	ctx := context.Background()
	o := readonly.Options{MaxBytes: 64 << 10, MaxCellBytes: 64 << 10}
	_, err := f.run(ctx, "SELECT 1 AS id, repeat('x', 1000000) AS big", nil, o)
	if se := sizeError(t, err); se.Cell || se.Limit != 64<<10 || se.Rows != 0 {
		t.Fatalf("SizeError %+v, want the result limit before any row", se)
	}
	// The pool replaces the connection pgx gave up on.
	if res, err := f.run(ctx, "SELECT repeat('x', 1000) AS big", nil, o); err != nil || res.RowCount != 1 {
		t.Fatalf("after the refused row: %v, %+v", err, res)
	}
}

func TestRunPartialStopsAtResultBytes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		o := readonly.Options{MaxBytes: 512 << 10, Partial: true}
		res, err := f.run(ctx, wide(d, 900, 2000), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Truncated || res.TruncatedReason != "bytes" || res.RowCount != 261 || len(res.Rows) != 261 {
			t.Fatalf("truncated %v (%q), %d rows (%d), want 261 rows cut by bytes (261 rows of about 2,009 bytes of answer fit in 512 KiB)", res.Truncated, res.TruncatedReason, res.RowCount, len(res.Rows))
		}
		if last := res.Rows[260]; last[0] != int64(261) || len(last[1].(string)) != 2000 {
			t.Fatalf("last row %v…", last[0])
		}
		// Rows still cut at max_rows say so.
		res, err = f.run(ctx, wide(d, 900, 10), nil, readonly.Options{MaxRows: 5, Partial: true})
		if err != nil || res.TruncatedReason != "rows" || res.RowCount != 5 {
			t.Fatalf("max_rows: %v, %+v", err, res)
		}
		// A value over its own limit is an error even so.
		if _, err := f.run(ctx, wide(d, 3, 3000), nil, readonly.Options{MaxCellBytes: 2048, Partial: true}); !errors.Is(err, readonly.ErrResultTooLarge) {
			t.Fatalf("err = %v, want ErrResultTooLarge", err)
		}
		// So is a first row over the whole budget: there is nothing to return.
		if _, err := f.run(ctx, wide(d, 3, 3000), nil, readonly.Options{MaxBytes: 64 << 10, MaxCellBytes: 64 << 10, Partial: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.run(ctx, wide(d, 1, 65530), nil, readonly.Options{MaxBytes: 64 << 10, Partial: true}); !errors.Is(err, readonly.ErrResultTooLarge) {
			t.Fatalf("first row over the budget: %v, want ErrResultTooLarge", err)
		} else if se := sizeError(t, err); se.Cell {
			t.Fatalf("%+v: want the result's limit, not the value's", se)
		}
		if res, err := f.run(ctx, wide(d, 10, 10), nil, o); err != nil || res.Truncated || res.RowCount != 10 {
			t.Fatalf("after: %v, %+v", err, res)
		}
	})
}

// TestBudgetHold: a result that was not scanned (a cache hit) reserves
// its answer the same way, and is refused as busy the same way.
func TestBudgetHold(t *testing.T) {
	b := readonly.NewBudget(1<<20, 50*time.Millisecond)
	ctx := context.Background()
	hctx, release := readonly.HoldResults(ctx)
	if readonly.Holds(hctx) {
		t.Fatal("an empty scope holds something")
	}
	if err := b.Hold(hctx, 800<<10); err != nil {
		t.Fatal(err)
	}
	if !readonly.Holds(hctx) || b.Held() != 800<<10 {
		t.Fatalf("holds %v, %d bytes", readonly.Holds(hctx), b.Held())
	}
	if err := b.Hold(ctx, 300<<10); !errors.Is(err, readonly.ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if err := b.Hold(ctx, 200<<10); err != nil || b.Held() != 800<<10 {
		t.Fatalf("without a scope: %v, %d bytes held", err, b.Held())
	}
	release()
	if b.Held() != 0 {
		t.Fatalf("%d bytes held after release", b.Held())
	}
	if err := (*readonly.Budget)(nil).Hold(ctx, 1); err != nil {
		t.Fatal(err)
	}
}
