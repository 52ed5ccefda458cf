package ratelimit

import (
	"context"
	"hash/maphash"
	"math"
	"sync"
	"time"
)

// memShards spreads keys over independently locked maps, so concurrent
// requests for different keys rarely wait on each other.
const memShards = 64

// sweepEvery is how often a shard drops buckets that have refilled: a full
// bucket is the same as no bucket, so memory holds only keys active lately.
const sweepEvery = time.Minute

// Memory is a Limiter that keeps buckets in this process. Buckets refill
// lazily (on the next request) from a monotonic clock and are dropped once
// full, so idle keys cost nothing. It suits one server instance and tests;
// use Redis to share limits between instances.
type Memory struct {
	now    func() time.Time
	seed   maphash.Seed
	shards [memShards]memShard
}

type memShard struct {
	mu        sync.Mutex
	buckets   map[string]memBucket
	lastSweep time.Time
}

type memBucket struct {
	tokens float64
	last   time.Time // when tokens was counted
	full   time.Time // when the bucket is full again, so may be dropped
}

// Option configures a Memory limiter.
type Option func(*Memory)

// WithClock replaces time.Now, so tests control refills. The clock should
// be monotonic, as time.Now's readings are.
func WithClock(now func() time.Time) Option { return func(m *Memory) { m.now = now } }

// NewMemory returns an empty in-process limiter.
func NewMemory(opts ...Option) *Memory {
	m := &Memory{now: time.Now, seed: maphash.MakeSeed()}
	for _, o := range opts {
		o(m)
	}
	for i := range m.shards {
		m.shards[i].buckets = make(map[string]memBucket)
	}
	return m
}

// Allow takes a token from key's bucket if it has one. It never waits and
// fails only with ErrInvalid.
func (m *Memory) Allow(_ context.Context, key string, rate float64, burst int) (Decision, error) {
	if err := validate(rate, burst); err != nil {
		return denied(burst), err
	}
	key = bucketKey(key)
	s := &m.shards[m.shard(key)]
	s.mu.Lock()
	defer s.mu.Unlock()
	now := m.now()
	s.sweep(now)
	b, ok := s.buckets[key]
	if !ok {
		b = memBucket{tokens: float64(burst), last: now}
	}
	tokens := refill(b.tokens, now.Sub(b.last), rate, burst)
	d, left := take(tokens, rate, burst)
	s.buckets[key] = memBucket{tokens: left, last: now, full: now.Add(d.ResetAfter)}
	return d, nil
}

// Refund gives back one token taken from key's bucket, up to burst.
func (m *Memory) Refund(_ context.Context, key string, rate float64, burst int) error {
	if err := validate(rate, burst); err != nil {
		return err
	}
	key = bucketKey(key)
	s := &m.shards[m.shard(key)]
	s.mu.Lock()
	defer s.mu.Unlock()
	now := m.now()
	b, ok := s.buckets[key]
	if !ok {
		return nil // full
	}
	tokens := math.Min(refill(b.tokens, now.Sub(b.last), rate, burst)+1, float64(burst))
	s.buckets[key] = memBucket{tokens: tokens, last: now, full: now.Add(seconds((float64(burst) - tokens) / rate))}
	return nil
}

// Reset forgets key's bucket: it is full again.
func (m *Memory) Reset(_ context.Context, key string) error {
	key = bucketKey(key)
	s := &m.shards[m.shard(key)]
	s.mu.Lock()
	delete(s.buckets, key)
	s.mu.Unlock()
	return nil
}

func (m *Memory) shard(key string) int {
	return int(maphash.String(m.seed, key) % memShards)
}

// sweep drops the shard's full buckets, at most once per sweepEvery.
func (s *memShard) sweep(now time.Time) {
	if now.Sub(s.lastSweep) < sweepEvery {
		return
	}
	s.lastSweep = now
	for k, b := range s.buckets {
		if !now.Before(b.full) {
			delete(s.buckets, k)
		}
	}
}

// len counts the buckets held, for tests.
func (m *Memory) len() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n += len(s.buckets)
		s.mu.Unlock()
	}
	return n
}

// refill adds what elapsed earned, up to burst. A clock that went back
// earns nothing.
func refill(tokens float64, elapsed time.Duration, rate float64, burst int) float64 {
	if elapsed > 0 {
		tokens += elapsed.Seconds() * rate
	}
	return math.Min(tokens, float64(burst))
}

// take spends one token if there is one and returns the decision and the
// tokens left. It is the same arithmetic as the Redis script.
func take(tokens, rate float64, burst int) (Decision, float64) {
	d := Decision{Limit: burst}
	if tokens >= 1-epsilon {
		d.Allowed = true
		tokens = math.Max(tokens-1, 0)
	} else {
		d.RetryAfter = seconds((1 - tokens) / rate)
	}
	d.Remaining = min(int(math.Floor(tokens+epsilon)), burst)
	d.ResetAfter = seconds((float64(burst) - tokens) / rate)
	return d, tokens
}
