package replay

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"time"
)

const (
	// shards spreads keys over independently locked maps.
	shards = 16
	// DefaultMaxEntries bounds Memory to 32-64 MiB (24 bytes an entry plus
	// map overhead): ten minutes of 1,700 signed requests per second.
	DefaultMaxEntries = 1 << 20
	// sweepEvery is how often a shard drops expired keys in passing.
	sweepEvery = 10 * time.Second
)

// Memory is a Store in this process. Keys are kept as 128-bit SHA-256
// digests, so every entry costs the same whatever the caller's key, and the
// number of live entries is capped: when full, Seen fails with ErrFull
// rather than forget a key early.
type Memory struct {
	now      func() time.Time
	perShard int
	shards   [shards]memShard
}

type memShard struct {
	mu        sync.Mutex
	seen      map[digest]int64 // expiry, Unix nanoseconds
	lastSweep int64
}

// digest is half a SHA-256: collisions are out of reach, and one would
// only refuse a request, never admit a replay.
type digest [16]byte

// Option configures a Memory store.
type Option func(*Memory)

// WithClock replaces time.Now, so tests control expiry.
func WithClock(now func() time.Time) Option { return func(m *Memory) { m.now = now } }

// WithMaxEntries caps the live keys (default DefaultMaxEntries).
func WithMaxEntries(n int) Option {
	return func(m *Memory) { m.perShard = max(1, (n+shards-1)/shards) }
}

// NewMemory returns an empty in-process store.
func NewMemory(opts ...Option) *Memory {
	m := &Memory{now: time.Now, perShard: DefaultMaxEntries / shards}
	for _, o := range opts {
		o(m)
	}
	for i := range m.shards {
		m.shards[i].seen = make(map[digest]int64)
	}
	return m
}

// Seen reports whether key was recorded within its TTL, recording it if not.
func (m *Memory) Seen(_ context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, fmt.Errorf("%w: %v", ErrInvalid, ttl)
	}
	sum := sha256.Sum256([]byte(key))
	d := digest(sum[:16])
	s := &m.shards[binary.LittleEndian.Uint64(sum[16:24])%shards]
	s.mu.Lock()
	defer s.mu.Unlock()
	now := m.now().UnixNano()
	if now-s.lastSweep >= int64(sweepEvery) {
		s.sweep(now)
	}
	if exp, ok := s.seen[d]; ok && now < exp {
		return true, nil
	}
	if len(s.seen) >= m.perShard {
		// Full: look for expired keys, but at most once a second, so a
		// full store does not cost a scan per request.
		if now-s.lastSweep >= int64(time.Second) {
			s.sweep(now)
		}
		if len(s.seen) >= m.perShard {
			return false, fmt.Errorf("%w: %d live keys", ErrFull, m.perShard*shards)
		}
	}
	s.seen[d] = now + int64(min(ttl, maxTTL))
	return false, nil
}

// maxTTL keeps expiry arithmetic far from overflow.
const maxTTL = 100 * 365 * 24 * time.Hour

// sweep drops expired keys.
func (s *memShard) sweep(now int64) {
	s.lastSweep = now
	for k, exp := range s.seen {
		if now >= exp {
			delete(s.seen, k)
		}
	}
}

// len counts the keys held, for tests.
func (m *Memory) len() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n += len(s.seen)
		s.mu.Unlock()
	}
	return n
}
