// Package batch writes rows to the database in batches, off the request
// path, without losing any: a row handed to a Writer is written before
// Close returns, and Flush gives a reader its own writes back.
package batch

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// ErrClosed is returned by Add after Close.
var ErrClosed = errors.New("batch writer closed")

// Writer inserts rows of model T (a bun model struct) in batches.
type Writer[T any] struct {
	db       bun.IDB
	log      *slog.Logger
	what     string
	size     int
	interval time.Duration

	in     chan *T
	flush  chan chan struct{}
	done   chan struct{}
	closed sync.Once
	mu     sync.RWMutex // guards sending on in against closing it
	shut   bool
}

// New starts a writer that inserts up to size rows at a time, at least
// every interval. what names the rows in log lines.
func New[T any](db bun.IDB, log *slog.Logger, what string, size int, interval time.Duration) *Writer[T] {
	if size < 1 {
		size = 200
	}
	if interval <= 0 {
		interval = 200 * time.Millisecond
	}
	w := &Writer[T]{db: db, log: log, what: what, size: size, interval: interval,
		in: make(chan *T, size*16), flush: make(chan chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// Add hands a row to the writer. It blocks only while the buffer is full,
// and fails only after Close or when ctx ends first.
func (w *Writer[T]) Add(ctx context.Context, row *T) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.shut {
		return ErrClosed
	}
	select {
	case w.in <- row:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

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
	write := func() {
		if len(buf) > 0 {
			w.write(buf)
			buf = buf[:0]
		}
	}
	for {
		select {
		case row, ok := <-w.in:
			if !ok {
				write()
				return
			}
			buf = append(buf, row)
			if len(buf) >= w.size {
				write()
			}
		case ack := <-w.flush:
			// Rows already in the channel were added before Flush began.
			for n := len(w.in); n > 0; n-- {
				row, ok := <-w.in
				if !ok {
					break
				}
				buf = append(buf, row)
				if len(buf) >= w.size {
					write()
				}
			}
			write()
			close(ack)
		case <-t.C:
			write()
		}
	}
}

// write inserts a batch, retrying a few times so a transient database
// error loses nothing.
func (w *Writer[T]) write(rows []*T) {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err = w.db.NewInsert().Model(&rows).Exec(ctx)
		cancel()
		if err == nil {
			return
		}
		time.Sleep(time.Duration(100<<attempt) * time.Millisecond)
	}
	w.log.Error("rows could not be written", "what", w.what, "count", len(rows), "err", err)
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
