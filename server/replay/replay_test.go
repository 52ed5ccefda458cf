package replay

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// storeCase is one Store under test; wait lets time pass for it.
type storeCase struct {
	name  string
	store func(t *testing.T) (Store, func(time.Duration))
}

func stores() []storeCase {
	return []storeCase{
		{"memory", func(t *testing.T) (Store, func(time.Duration)) {
			c := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			return NewMemory(WithClock(c.Now)), c.Advance
		}},
		{"redis", func(t *testing.T) (Store, func(time.Duration)) {
			c := testRedis(t)
			return NewRedis(c, testPrefix(t, c)), time.Sleep
		}},
	}
}

func TestSeen(t *testing.T) {
	ctx := context.Background()
	const ttl = 200 * time.Millisecond
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			s, wait := sc.store(t)
			steps := []struct {
				wait time.Duration
				key  string
				want bool
			}{
				{0, "k1:sig", false},
				{0, "k1:sig", true},
				{0, "k1:other", false},
				{0, "k2:sig", false},
				{ttl / 2, "k1:sig", true},
				{ttl, "k1:sig", false}, // expired, recorded afresh
				{0, "k1:sig", true},
				{0, strings.Repeat("long", 1000), false},
				{0, strings.Repeat("long", 1000), true},
				{0, "", false},
				{0, "", true},
			}
			for i, st := range steps {
				wait(st.wait)
				got, err := s.Seen(ctx, st.key, ttl)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if got != st.want {
					t.Fatalf("step %d: Seen(%.12q) = %v, want %v", i, st.key, got, st.want)
				}
			}
			for _, bad := range []time.Duration{0, -time.Second} {
				if _, err := s.Seen(ctx, "k", bad); !errors.Is(err, ErrInvalid) {
					t.Fatalf("ttl %v: %v, want ErrInvalid", bad, err)
				}
			}
		})
	}
}

// TestSeenConcurrent: 50 goroutines presenting one key: exactly one is
// first.
func TestSeenConcurrent(t *testing.T) {
	for _, sc := range stores() {
		t.Run(sc.name, func(t *testing.T) {
			s, _ := sc.store(t)
			const goroutines = 50
			for round := range 5 {
				key := fmt.Sprint("replayed:", round)
				var first, errs atomic.Int64
				var wg sync.WaitGroup
				start := make(chan struct{})
				for range goroutines {
					wg.Go(func() {
						<-start
						seen, err := s.Seen(context.Background(), key, time.Minute)
						switch {
						case err != nil:
							errs.Add(1)
						case !seen:
							first.Add(1)
						}
					})
				}
				close(start)
				wg.Wait()
				if first.Load() != 1 || errs.Load() != 0 {
					t.Fatalf("round %d: %d got false, %d errors; want exactly 1, 0", round, first.Load(), errs.Load())
				}
			}
		})
	}
}

// TestMemoryBounded: a full store refuses new keys rather than forget live
// ones, and makes room as keys expire.
func TestMemoryBounded(t *testing.T) {
	ctx := context.Background()
	c := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := NewMemory(WithClock(c.Now), WithMaxEntries(shards)) // one key per shard
	var full error
	recorded := 0
	for i := 0; full == nil; i++ {
		_, full = m.Seen(ctx, fmt.Sprint("k", i), time.Minute)
		if full == nil {
			recorded++
		}
	}
	if !errors.Is(full, ErrFull) || recorded > shards {
		t.Fatalf("recorded %d then %v; want at most %d then ErrFull", recorded, full, shards)
	}
	// Live keys are still remembered.
	if seen, err := m.Seen(ctx, "k0", time.Minute); err != nil || !seen {
		t.Fatalf("k0 forgotten: %v, %v", seen, err)
	}
	c.Advance(time.Minute)
	if seen, err := m.Seen(ctx, "after", time.Minute); err != nil || seen {
		t.Fatalf("no room after expiry: %v, %v", seen, err)
	}
}

// TestMemorySweep: expired keys are dropped in passing.
func TestMemorySweep(t *testing.T) {
	ctx := context.Background()
	c := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := NewMemory(WithClock(c.Now))
	for i := range 1000 {
		m.Seen(ctx, fmt.Sprint("old", i), time.Second)
	}
	m.Seen(ctx, "long-lived", time.Hour)
	c.Advance(sweepEvery)
	for i := range 1000 {
		m.Seen(ctx, fmt.Sprint("new", i), time.Hour)
	}
	if n := m.len(); n != 1001 {
		t.Fatalf("%d keys held, want 1001 (new ones and the long-lived one)", n)
	}
	if seen, _ := m.Seen(ctx, "long-lived", time.Hour); !seen {
		t.Fatal("long-lived key swept")
	}
}

func TestRedisTTL(t *testing.T) {
	c := testRedis(t)
	prefix := testPrefix(t, c)
	s := NewRedis(c, prefix)
	ctx := context.Background()
	for _, ttl := range []time.Duration{time.Microsecond, 1500 * time.Microsecond, 10 * time.Minute} {
		key := fmt.Sprint("ttl:", ttl)
		if seen, err := s.Seen(ctx, key, ttl); err != nil || seen {
			t.Fatalf("%v: %v, %v", ttl, seen, err)
		}
		pttl, err := c.PTTL(ctx, prefix+key).Result()
		want := (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
		if err != nil || pttl > want || pttl < want-50*time.Millisecond {
			t.Fatalf("%v: PTTL %v (%v), want about %v", ttl, pttl, err, want)
		}
	}
}

func TestRedisDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
	defer c.Close()
	seen, err := NewRedis(c, "gobi-test:replay:").Seen(context.Background(), "k", time.Minute)
	if err == nil || seen {
		t.Fatalf("got %v, %v; want an error", seen, err)
	}
}

// testRedis connects to GOBI_TEST_REDIS_URL or skips the test.
func testRedis(t *testing.T) *redis.Client {
	t.Helper()
	url := os.Getenv("GOBI_TEST_REDIS_URL")
	if url == "" {
		t.Skip("GOBI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0): skipping Redis integration test")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("GOBI_TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("Redis at GOBI_TEST_REDIS_URL: %v", err)
	}
	return c
}

// testPrefix is unique per test and run: other tests share the Redis.
func testPrefix(t *testing.T, c *redis.Client) string {
	p := fmt.Sprintf("gobi-test:replay:%s:%d:", t.Name(), time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, p+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return p
}
