package datasource

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestPoolStats: stats are summed by dialect; a replaced or dropped
// pool's gauges leave with it but its counters stay, so a metrics
// counter built on them never goes back.
func TestPoolStats(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := newPools(func(_ context.Context, d *Datasource) (*sql.DB, error) {
		db, err := sql.Open("sqlite", filepath.Join(dir, "p.db"))
		if err == nil {
			db.SetMaxOpenConns(1)
		}
		return db, err
	})
	t.Cleanup(func() { _ = p.Close() })
	a := &Datasource{ID: 1, Version: 1, Type: api.SQLite}
	b := &Datasource{ID: 2, Version: 1, Type: api.SQLite}
	dbA, err := p.Get(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Get(ctx, b); err != nil {
		t.Fatal(err)
	}

	// One wait on a's pool: its only connection is held.
	conn, err := dbA.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- dbA.PingContext(ctx) }()
	for dbA.Stats().WaitCount == 0 {
		time.Sleep(time.Millisecond)
	}
	s := p.Stats()[api.SQLite]
	if s.MaxOpenConnections != 2 || s.InUse != 1 || s.WaitCount != 1 {
		t.Fatalf("two pools, one connection held, one waiting: %+v", s)
	}
	conn.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		change  func()
		maxOpen int
	}{
		{"a replaced by a new version", func() { a.Version = 2; _, _ = p.Get(ctx, a) }, 2},
		{"b dropped", func() { p.Drop(2) }, 1},
		{"all closed", func() { _ = p.Close() }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			// Retired pools close in the background.
			deadline := time.Now().Add(5 * time.Second)
			for {
				s := p.Stats()[api.SQLite]
				if s.MaxOpenConnections == tt.maxOpen {
					if s.WaitCount != 1 {
						t.Fatalf("wait count %d, want it kept at 1", s.WaitCount)
					}
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("max open %d, want %d", s.MaxOpenConnections, tt.maxOpen)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
}
