package ratelimit

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Fallback is a Store that asks a shared store (Redis) and, while that is
// unavailable, an in-process one (Memory): limits stay in force, per
// instance, instead of every call failing. After a failure it leaves the
// shared store alone for RetryEvery, so calls do not each wait for a dead
// server, and it warns at most once per WarnEvery, with the number of
// decisions made in memory since the last warning.
type Fallback struct {
	primary, secondary Store
	log                *slog.Logger

	// WarnEvery spaces the warnings (default one minute); RetryEvery is
	// how long the shared store is skipped after a failure (default 5 s).
	WarnEvery, RetryEvery time.Duration
	// Now is the clock (time.Now by default); tests replace it.
	Now func() time.Time

	mu        sync.Mutex
	downUntil time.Time // skip primary until then
	down      bool      // primary failed and has not answered since
	lastWarn  time.Time
	inMemory  int // decisions made in memory since the last warning
}

// NewFallback returns a Store over primary that falls back to secondary.
func NewFallback(primary, secondary Store, log *slog.Logger) *Fallback {
	return &Fallback{primary: primary, secondary: secondary, log: log,
		WarnEvery: time.Minute, RetryEvery: 5 * time.Second, Now: time.Now}
}

// Allow implements Limiter. Its only errors are ErrInvalid ones.
func (f *Fallback) Allow(ctx context.Context, key string, rate float64, burst int) (Decision, error) {
	if f.usePrimary() {
		d, err := f.primary.Allow(ctx, key, rate, burst)
		if !f.failed(err) {
			return d, err
		}
	}
	return f.secondary.Allow(ctx, key, rate, burst)
}

// Refund implements Store.
func (f *Fallback) Refund(ctx context.Context, key string, rate float64, burst int) error {
	if f.usePrimary() {
		if err := f.primary.Refund(ctx, key, rate, burst); !f.failed(err) {
			return err
		}
	}
	return f.secondary.Refund(ctx, key, rate, burst)
}

// Reset implements Store.
func (f *Fallback) Reset(ctx context.Context, key string) error {
	if f.usePrimary() {
		if err := f.primary.Reset(ctx, key); !f.failed(err) {
			return err
		}
	}
	return f.secondary.Reset(ctx, key)
}

// usePrimary reports whether to ask the shared store; when not, the call
// is counted as made in memory.
func (f *Fallback) usePrimary() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Now().Before(f.downUntil) {
		f.inMemory++
		f.warnLocked(nil)
		return false
	}
	return true
}

// failed records the outcome of a call to the shared store and reports
// whether it was unavailable, so the call goes to memory.
func (f *Fallback) failed(err error) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !errors.Is(err, ErrUnavailable) {
		if f.down {
			f.down = false
			f.log.Info("rate limiter available again; limits are shared again", "decisions_in_memory", f.inMemory)
			f.inMemory = 0
			f.lastWarn = time.Time{}
		}
		return false
	}
	f.down = true
	f.downUntil = f.Now().Add(f.RetryEvery)
	f.inMemory++
	f.warnLocked(err)
	return true
}

// warnLocked logs the outage at most once per WarnEvery.
func (f *Fallback) warnLocked(err error) {
	now := f.Now()
	if !f.lastWarn.IsZero() && now.Sub(f.lastWarn) < f.WarnEvery {
		return
	}
	f.lastWarn = now
	args := []any{"decisions_in_memory", f.inMemory, "retry_every", f.RetryEvery}
	if err != nil {
		args = append(args, "err", err)
	}
	f.log.Warn("rate limiter unavailable; limiting in memory on this instance", args...)
	f.inMemory = 0
}
