// Package batch writes rows to the database in batches, off the request
// path. Three ways in:
//
//   - Add: the row is never dropped; a full buffer makes the caller wait,
//     and Close writes every row handed over before returning.
//   - Commit: like Add, and returns once the row's batch is committed.
//     Rows waiting together share one insert (group commit).
//   - Offer: for rows that may be lost under overload (a flood of refused
//     requests): dropped and counted, never waited for, when the buffer is
//     already half full, so they cannot crowd out Add's rows.
//
// Flush gives a reader its own writes back.
package batch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
)

// ErrClosed is returned by Add and Commit after Close.
var ErrClosed = errors.New("batch writer closed")

// dropLogEvery bounds how often dropped rows are logged.
const dropLogEvery = 10 * time.Second

// item is a row in the buffer; ack is set when its caller waits for the
// commit.
type item[T any] struct {
	row *T
	ack chan error
}

// Writer inserts rows of model T (a bun model struct) in batches.
type Writer[T any] struct {
	db       bun.IDB
	log      *slog.Logger
	what     string
	size     int
	interval time.Duration
	// offerCap is how many buffered rows Offer still adds to.
	offerCap int
	dropped  atomic.Uint64
	// pending counts rows handed over and not yet written or given up on.
	pending atomic.Int64

	in     chan item[T]
	flush  chan chan struct{}
	done   chan struct{}
	closed sync.Once
	mu     sync.RWMutex // guards sending on in against closing it
	shut   bool
}

// New starts a writer that inserts up to size rows at a time, at least
// every interval. It buffers up to 16 batches (Offer up to 8). what
// names the rows in log lines.
func New[T any](db bun.IDB, log *slog.Logger, what string, size int, interval time.Duration) *Writer[T] {
	if size < 1 {
		size = 200
	}
	if interval <= 0 {
		interval = 200 * time.Millisecond
	}
	w := &Writer[T]{db: db, log: log, what: what, size: size, interval: interval, offerCap: size * 8,
		in: make(chan item[T], size*16), flush: make(chan chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// Add hands a row to the writer. It blocks only while the buffer is full,
// and fails only after Close or when ctx ends first.
func (w *Writer[T]) Add(ctx context.Context, row *T) error {
	return w.send(ctx, item[T]{row: row})
}

// Commit hands a row to the writer and returns once the batch holding it
// has been committed, or with the error that made it fail after retries.
// The writer writes as soon as a committing row arrives, together with
// every row already waiting, so concurrent callers share one insert. When
// ctx ends first the row is still written, later.
func (w *Writer[T]) Commit(ctx context.Context, row *T) error {
	ack := make(chan error, 1)
	if err := w.send(ctx, item[T]{row: row, ack: ack}); err != nil {
		return err
	}
	select {
	case err := <-ack:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *Writer[T]) send(ctx context.Context, it item[T]) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.shut {
		return ErrClosed
	}
	// Counted before the send, so the writer never writes a row that
	// was not counted yet and pending never goes below zero.
	w.pending.Add(1)
	select {
	case w.in <- it:
		return nil
	case <-ctx.Done():
		w.pending.Add(-1)
		return ctx.Err()
	}
}

// Offer hands a row to the writer unless the buffer already holds half
// its capacity or more (or the writer is closed): then the row is dropped
// and counted (see Dropped). It never waits, so a flood of such rows
// neither grows memory nor slows anyone, and Add always finds room.
func (w *Writer[T]) Offer(row *T) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if !w.shut && len(w.in) < w.offerCap {
		w.pending.Add(1)
		select {
		case w.in <- item[T]{row: row}:
			return true
		default:
			w.pending.Add(-1)
		}
	}
	w.dropped.Add(1)
	return false
}

// Dropped is how many rows Offer has dropped since the writer started.
func (w *Writer[T]) Dropped() uint64 { return w.dropped.Load() }

// Pending is how many rows have been handed over and are not written yet
// (buffered, or in the batch being inserted): the writer's backlog, for
// metrics. Rows given up on after retries stop counting.
func (w *Writer[T]) Pending() int64 { return w.pending.Load() }

// Flush returns once every row added before the call has been written
// (or given up on after retries), so a reader sees its own writes.
func (w *Writer[T]) Flush(ctx context.Context) error {
	ack := make(chan struct{})
	select {
	case w.flush <- ack:
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-ack:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *Writer[T]) loop() {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	buf := make([]*T, 0, w.size)
	acks := make([]chan error, 0, w.size) // one per row in buf, nil if no one waits
	waiting := 0
	write := func() {
		if len(buf) == 0 {
			return
		}
		errs := w.write(buf)
		w.pending.Add(-int64(len(buf)))
		for i, a := range acks {
			if a != nil {
				if errs != nil {
					a <- errs[i]
				} else {
					a <- nil
				}
			}
		}
		buf, acks, waiting = buf[:0], acks[:0], 0
	}
	add := func(it item[T]) {
		buf = append(buf, it.row)
		acks = append(acks, it.ack)
		if it.ack != nil {
			waiting++
		}
		if len(buf) >= w.size {
			write()
		}
	}
	// drain takes the rows already in the channel (added before now).
	drain := func() {
		for n := len(w.in); n > 0; n-- {
			it, ok := <-w.in
			if !ok {
				break
			}
			add(it)
		}
	}
	var reported uint64
	lastReport := time.Now().Add(-dropLogEvery)
	for {
		select {
		case it, ok := <-w.in:
			if !ok {
				write()
				return
			}
			add(it)
			if waiting > 0 {
				// Group commit: someone waits, so write now, with
				// whatever else is already waiting.
				drain()
				write()
			}
		case ack := <-w.flush:
			drain()
			write()
			close(ack)
		case now := <-t.C:
			write()
			if n := w.dropped.Load(); n > reported && now.Sub(lastReport) >= dropLogEvery {
				w.log.Warn("rows dropped: the buffer was over its cap", "what", w.what, "dropped", n-reported, "total", n)
				reported, lastReport = n, now
			}
		}
	}
}

// write inserts a batch, retrying a few times so a transient database
// error loses nothing. A batch the database refuses while it takes other
// rows is split, so one row it cannot store (a value one dialect rejects)
// costs only itself, never its neighbours. It returns each row's error
// (nil when every row was written).
func (w *Writer[T]) write(rows []*T) []error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = w.insert(rows); err == nil {
			return nil
		}
		if len(rows) > 1 {
			if errs, written := w.eachRow(rows); written > 0 {
				w.log.Error("rows refused by the database; the rest of their batch was written",
					"what", w.what, "refused", len(rows)-written, "written", written, "err", firstError(errs))
				return errs
			}
		}
		time.Sleep(time.Duration(100<<attempt) * time.Millisecond)
	}
	w.log.Error("rows could not be written", "what", w.what, "count", len(rows), "err", err)
	errs := make([]error, len(rows))
	for i := range errs {
		errs[i] = fmt.Errorf("write %s: %w", w.what, err)
	}
	return errs
}

func (w *Writer[T]) insert(rows []*T) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.db.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// eachRow inserts rows one at a time and counts those written.
func (w *Writer[T]) eachRow(rows []*T) (errs []error, written int) {
	errs = make([]error, len(rows))
	for i := range rows {
		if err := w.insert(rows[i : i+1]); err != nil {
			errs[i] = fmt.Errorf("write %s: %w", w.what, err)
		} else {
			written++
		}
	}
	return errs, written
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Close stops accepting rows and waits until every row handed over has
// been written, or ctx ends.
func (w *Writer[T]) Close(ctx context.Context) error {
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
