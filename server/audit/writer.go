package audit

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// Entry is one audit row.
type Entry struct {
	bun.BaseModel `bun:"table:audit_logs"`
	ID            int64     `bun:",pk,autoincrement"`
	KeyID         *int64    `bun:""`
	OwnerID       int64     `bun:",notnull"`
	Method        string    `bun:",notnull"`
	Path          string    `bun:",notnull"`
	Query         string    `bun:",notnull"`
	Status        int       `bun:",notnull"`
	LatencyMS     float64   `bun:"latency_ms,notnull"`
	ClientIP      string    `bun:",notnull"`
	RequestBody   string    `bun:",notnull"`
	ResponseBody  string    `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
}

// Writer batches entries into the database.
type Writer struct {
	db       bun.IDB
	log      *slog.Logger
	batch    int
	interval time.Duration

	in     chan *Entry
	done   chan struct{}
	closed sync.Once
	mu     sync.RWMutex // guards sending vs closing in
	shut   bool
}

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("audit writer closed")

// NewWriter starts a writer that inserts up to batch entries at a time,
// at least every interval.
func NewWriter(db bun.IDB, log *slog.Logger, batch int, interval time.Duration) *Writer {
	if batch < 1 {
		batch = 200
	}
	if interval <= 0 {
		interval = 200 * time.Millisecond
	}
	w := &Writer{db: db, log: log, batch: batch, interval: interval, in: make(chan *Entry, batch*16), done: make(chan struct{})}
	go w.loop()
	return w
}

// Record hands an entry to the writer. It blocks only when the buffer is
// full, and fails only after Close.
func (w *Writer) Record(ctx context.Context, e *Entry) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.shut {
		return ErrClosed
	}
	select {
	case w.in <- e:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *Writer) loop() {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	buf := make([]*Entry, 0, w.batch)
	for {
		select {
		case e, ok := <-w.in:
			if !ok {
				w.flush(buf)
				return
			}
			buf = append(buf, e)
			if len(buf) >= w.batch {
				w.flush(buf)
				buf = buf[:0]
			}
		case <-t.C:
			if len(buf) > 0 {
				w.flush(buf)
				buf = buf[:0]
			}
		}
	}
}

// flush inserts a batch, retrying a few times: the log must not lose rows
// to a transient database error.
func (w *Writer) flush(buf []*Entry) {
	if len(buf) == 0 {
		return
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err = w.db.NewInsert().Model(&buf).Exec(ctx)
		cancel()
		if err == nil {
			return
		}
		time.Sleep(time.Duration(100<<attempt) * time.Millisecond)
	}
	w.log.Error("audit entries could not be written", "count", len(buf), "err", err)
}

// Close stops accepting entries and waits until every entry handed over
// has been written, or ctx ends.
func (w *Writer) Close(ctx context.Context) error {
	w.closed.Do(func() {
		w.mu.Lock()
		w.shut = true
		close(w.in)
		w.mu.Unlock()
	})
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
