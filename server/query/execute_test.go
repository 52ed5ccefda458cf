package query

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/server/resultcache"
	"github.com/gobi-bi/gobi/shared/api"
)

// observation is one ObserveQuery call.
type observation struct {
	dialect, outcome string
	d                time.Duration
	cached           bool
}

type recorder struct{ got []observation }

func (r *recorder) ObserveQuery(dialect, outcome string, d time.Duration, cached bool) {
	r.got = append(r.got, observation{dialect, outcome, d, cached})
}

// stubRunner answers every run with err, or with a result that took 7 ms.
type stubRunner struct{ err error }

func (s stubRunner) Run(context.Context, *sql.DB, api.Dialect, string, []any, readonly.Options) (*api.Result, error) {
	if s.err != nil {
		return nil, s.err
	}
	return &api.Result{Columns: []api.Column{{Name: "one"}}, Rows: [][]any{{1}}, RowCount: 1, DurationMS: 7}, nil
}

type stubSources struct{}

func (stubSources) Get(context.Context, auth.Principal, int64) (*datasource.Datasource, error) {
	return nil, datasource.ErrNotFound
}
func (stubSources) DB(context.Context, *datasource.Datasource) (*sql.DB, error) {
	return &sql.DB{}, nil
}

type discardLog struct{}

func (discardLog) Add(context.Context, *Execution) error { return nil }
func (discardLog) Flush(context.Context) error           { return nil }

// TestObserver: every way an execution ends reaches the observer once,
// with the data source's dialect and the status the history records; a
// cache hit says so.
func TestObserver(t *testing.T) {
	ds := &datasource.Datasource{ID: 1, Type: api.Postgres}
	tests := []struct {
		name    string
		sql     string
		err     error
		ttl     time.Duration
		want    []observation
		wantErr bool
	}{
		{name: "success", sql: "SELECT 1", want: []observation{{"postgres", StatusSuccess, 7 * time.Millisecond, false}}},
		{name: "database error", sql: "SELECT 1", err: &readonly.DBError{Message: "no such column"},
			want: []observation{{"postgres", StatusError, 0, false}}, wantErr: true},
		{name: "timeout", sql: "SELECT 1", err: readonly.ErrTimeout, want: []observation{{"postgres", StatusTimeout, 0, false}}, wantErr: true},
		{name: "canceled", sql: "SELECT 1", err: readonly.ErrCanceled, want: []observation{{"postgres", StatusCanceled, 0, false}}, wantErr: true},
		{name: "refused by the guard", sql: "DELETE FROM t", want: []observation{{"postgres", StatusRefused, 0, false}}, wantErr: true},
		{name: "second run from the cache", sql: "SELECT 1", ttl: time.Minute, want: []observation{
			{"postgres", StatusSuccess, 7 * time.Millisecond, false}, {"postgres", StatusSuccess, 0, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			s := &Service{sources: stubSources{}, cache: resultcache.New(10, 1<<20), runner: stubRunner{tt.err},
				log: slog.New(slog.NewTextHandler(io.Discard, nil)), history: discardLog{}, observe: rec,
				limits: Limits{DefaultTimeout: time.Second, MaxTimeout: time.Minute, DefaultMaxRows: 10, MaxRows: 100}}
			for range tt.want {
				_, err := s.run(context.Background(), run{principal: auth.Principal{UserID: 1}, source: ds, sql: tt.sql, cacheTTL: tt.ttl})
				if (err != nil) != tt.wantErr {
					t.Fatalf("error %v, want error: %v", err, tt.wantErr)
				}
			}
			if len(rec.got) != len(tt.want) {
				t.Fatalf("observed %+v, want %+v", rec.got, tt.want)
			}
			for i, w := range tt.want {
				g := rec.got[i]
				// Durations measured here (not the runner's) are only small.
				if g.dialect != w.dialect || g.outcome != w.outcome || g.cached != w.cached ||
					(w.d > 0 && g.d != w.d) || (w.d == 0 && g.d > time.Second) {
					t.Errorf("observation %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
