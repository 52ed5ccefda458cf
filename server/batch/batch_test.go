package batch

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite"
)

type row struct {
	bun.BaseModel `bun:"table:rows"`
	ID            int64 `bun:",pk,autoincrement"`
	N             int   `bun:",notnull"`
}

func open(t *testing.T) *bun.DB {
	t.Helper()
	sqldb, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "b.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db := bun.NewDB(sqldb, sqlitedialect.New())
	t.Cleanup(func() { db.Close() })
	if _, err := db.NewCreateTable().Model((*row)(nil)).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, db *bun.DB) int {
	t.Helper()
	n, err := db.NewSelect().Model((*row)(nil)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestWriter(t *testing.T) {
	tests := []struct {
		name     string
		size     int
		interval time.Duration
		writers  int
		each     int
	}{
		{"one row", 200, time.Hour, 1, 1},
		{"many small batches", 7, time.Hour, 8, 250},
		{"timer only", 100000, 5 * time.Millisecond, 4, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			w := New[row](db, quiet, "rows", tc.size, tc.interval)
			var wg sync.WaitGroup
			for g := 0; g < tc.writers; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < tc.each; i++ {
						if err := w.Add(ctx, &row{N: i}); err != nil {
							t.Error(err)
						}
					}
				}()
			}
			wg.Wait()
			// Flush: every row added before it is readable after it.
			if err := w.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if got, want := count(t, db), tc.writers*tc.each; got != want {
				t.Fatalf("after Flush: %d rows, want %d", got, want)
			}
			if got := w.Pending(); got != 0 {
				t.Fatalf("after Flush: Pending %d, want 0", got)
			}
			// Close: rows added after the flush are written too.
			for i := 0; i < 3; i++ {
				if err := w.Add(ctx, &row{N: i}); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if got, want := count(t, db), tc.writers*tc.each+3; got != want {
				t.Fatalf("after Close: %d rows, want %d", got, want)
			}
			if err := w.Add(ctx, &row{}); !errors.Is(err, ErrClosed) {
				t.Fatalf("Add after Close: %v, want ErrClosed", err)
			}
			if err := w.Flush(ctx); err != nil {
				t.Fatalf("Flush after Close: %v", err)
			}
			if err := w.Close(ctx); err != nil {
				t.Fatalf("second Close: %v", err)
			}
		})
	}
}

// TestAddWhileClosing races Add against Close: every Add that succeeded
// must be written, and none may panic on a closed channel.
func TestAddWhileClosing(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	w := New[row](db, quiet, "rows", 16, time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if w.Add(ctx, &row{N: i}) == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(2 * time.Millisecond)
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got := count(t, db); got != ok {
		t.Fatalf("%d rows written, %d accepted", got, ok)
	}
}

// TestAddHonoursContext: with the buffer full and the writer stuck, Add
// gives up when its context ends instead of blocking forever.
func TestAddHonoursContext(t *testing.T) {
	db := open(t)
	tx, err := db.BeginTx(context.Background(), nil) // holds the only write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.NewInsert().Model(&row{N: -1}).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := New[row](db, quiet, "rows", 1, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var last error
	for i := 0; i < 100 && last == nil; i++ {
		last = w.Add(ctx, &row{N: i})
	}
	if !errors.Is(last, context.DeadlineExceeded) {
		t.Fatalf("Add on a full buffer: %v, want deadline exceeded", last)
	}
	_ = tx.Rollback()
	cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer ccancel()
	if err := w.Close(cctx); err != nil {
		t.Fatal(err)
	}
}

// insertHook counts insert statements and, while gate is set, holds each
// one until the gate is closed (a stuck database).
type insertHook struct {
	inserts atomic.Int64
	gate    chan struct{}
}

func (h *insertHook) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if e.Operation() == "INSERT" {
		h.inserts.Add(1)
		if h.gate != nil {
			<-h.gate
		}
	}
	return ctx
}

func (*insertHook) AfterQuery(context.Context, *bun.QueryEvent) {}

// TestCommitGroups: Commit returns only once its row is readable, without
// waiting for the batch interval (an hour here), and concurrent commits
// share inserts.
func TestCommitGroups(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	h := &insertHook{}
	db = db.WithQueryHook(h)
	w := New[row](db, quiet, "rows", 1000, time.Hour)
	defer w.Close(ctx)
	if err := w.Commit(ctx, &row{N: -1}); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db); got != 1 {
		t.Fatalf("after Commit: %d rows, want 1", got)
	}
	const n = 64
	start := make(chan struct{})
	var wg sync.WaitGroup
	var missing atomic.Int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			if err := w.Commit(ctx, &row{N: i}); err != nil {
				t.Error(err)
				return
			}
			var found int
			if err := db.NewSelect().Model((*row)(nil)).ColumnExpr("count(*)").Where("n = ?", i).Scan(ctx, &found); err != nil || found != 1 {
				missing.Add(1)
			}
		}(i)
	}
	before := h.inserts.Load()
	close(start)
	wg.Wait()
	if missing.Load() > 0 {
		t.Fatalf("%d committed rows were not readable when Commit returned", missing.Load())
	}
	if inserts := h.inserts.Load() - before; inserts >= n/2 {
		t.Fatalf("%d concurrent commits took %d inserts: no group commit", n, inserts)
	} else {
		t.Logf("%d concurrent commits in %d inserts", n, inserts)
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(ctx, &row{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Commit after Close: %v, want ErrClosed", err)
	}
}

// TestOfferBounded: with the database stuck, Offer fills half the buffer
// and then drops and counts without waiting, Add still finds room, the
// drops are logged once with their number, and every accepted row is
// written once the database answers.
func TestOfferBounded(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	h := &insertHook{gate: make(chan struct{})}
	db = db.WithQueryHook(h)
	var logs strings.Builder
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))
	w := New[row](db, log, "rows", 2, 5*time.Millisecond) // buffer 32, Offer cap 16
	for i := 0; i < 2; i++ {
		if err := w.Add(ctx, &row{N: i}); err != nil {
			t.Fatal(err)
		}
	}
	for h.inserts.Load() == 0 { // the writer is now stuck in its first insert
		time.Sleep(time.Millisecond)
	}
	accepted := 0
	for i := 0; i < 100; i++ {
		if w.Offer(&row{N: 100 + i}) {
			accepted++
		}
	}
	if accepted != 16 || w.Dropped() != 84 {
		t.Fatalf("Offer accepted %d and dropped %d; want 16 and 84", accepted, w.Dropped())
	}
	// The two rows being inserted and the sixteen offered ones.
	if got := w.Pending(); got != 18 {
		t.Fatalf("Pending %d while the first insert is stuck, want 18", got)
	}
	actx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	for i := 0; i < 16; i++ {
		if err := w.Add(actx, &row{N: 200 + i}); err != nil {
			t.Fatalf("Add %d with the buffer half full of offered rows: %v", i, err)
		}
	}
	close(h.gate)
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db); got != 2+16+16 {
		t.Fatalf("%d rows written, want %d", got, 2+16+16)
	}
	if got := w.Pending(); got != 0 {
		t.Fatalf("Pending %d after Flush, want 0", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		logMu.Lock()
		out := logs.String()
		logMu.Unlock()
		if strings.Contains(out, "dropped=84") {
			if strings.Count(out, `msg="rows dropped`) != 1 {
				t.Fatalf("drops logged more than once: %s", out)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("drops not logged: %q", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if w.Offer(&row{}) || w.Dropped() != 85 {
		t.Fatalf("Offer after Close must drop and count: dropped %d", w.Dropped())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

type checkedRow struct {
	bun.BaseModel `bun:"table:checked"`
	ID            int64 `bun:",pk,autoincrement"`
	N             int   `bun:",notnull"`
}

// TestPoisonRowCostsOnlyItself: a row the database refuses (here a CHECK
// constraint; in production a value one dialect rejects) is dropped on
// its own, and the rest of its batch is written; its committer gets the
// error, its neighbours' get nil.
func TestPoisonRowCostsOnlyItself(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if _, err := db.ExecContext(ctx, "CREATE TABLE checked (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL CHECK (n >= 0))"); err != nil {
		t.Fatal(err)
	}
	w := New[checkedRow](db, quiet, "checked rows", 1000, time.Hour)
	defer w.Close(ctx)
	for i := range 20 {
		if err := w.Add(ctx, &checkedRow{N: i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Add(ctx, &checkedRow{N: -1}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var good, bad error
	wg.Add(2)
	go func() { defer wg.Done(); bad = w.Commit(ctx, &checkedRow{N: -2}) }()
	go func() { defer wg.Done(); good = w.Commit(ctx, &checkedRow{N: 99}) }()
	wg.Wait()
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := db.NewSelect().Model((*checkedRow)(nil)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 21 || good != nil || bad == nil {
		t.Fatalf("%d rows written (want 21), good commit: %v, poison commit: %v", n, good, bad)
	}
}
