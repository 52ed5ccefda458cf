package batch

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
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
