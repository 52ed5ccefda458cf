package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

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

// TestMemoryAccuracy: a burst lets exactly burst requests through, then
// exactly rate per second, polled every millisecond for ten seconds.
func TestMemoryAccuracy(t *testing.T) {
	tests := []struct {
		rate  float64
		burst int
	}{
		{1, 1}, {10, 5}, {2.5, 3}, {100, 100}, {0.5, 2}, {1000, 1}, {3, 7},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rate %v burst %d", tt.rate, tt.burst), func(t *testing.T) {
			clock := newFakeClock()
			m := NewMemory(WithClock(clock.Now))
			allowed := 0
			for range tt.burst + 10 {
				d, err := m.Allow(ctx, "k", tt.rate, tt.burst)
				if err != nil {
					t.Fatal(err)
				}
				if d.Allowed {
					allowed++
				}
			}
			if allowed != tt.burst {
				t.Fatalf("burst let %d through, want %d", allowed, tt.burst)
			}
			const secs = 10
			allowed = 0
			for range secs * 1000 {
				clock.Advance(time.Millisecond)
				if d, _ := m.Allow(ctx, "k", tt.rate, tt.burst); d.Allowed {
					allowed++
				}
			}
			if want := int(tt.rate * secs); allowed != want {
				t.Fatalf("%d s at %v/s let %d through, want %d", secs, tt.rate, allowed, want)
			}
		})
	}
}

func TestMemoryDecision(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	m := NewMemory(WithClock(clock.Now))
	const rate, burst = 4.0, 3 // a token every 250 ms
	steps := []struct {
		advance time.Duration
		want    Decision
	}{
		{0, Decision{Allowed: true, Limit: 3, Remaining: 2, ResetAfter: 250 * time.Millisecond}},
		{0, Decision{Allowed: true, Limit: 3, Remaining: 1, ResetAfter: 500 * time.Millisecond}},
		{0, Decision{Allowed: true, Limit: 3, Remaining: 0, ResetAfter: 750 * time.Millisecond}},
		{0, Decision{Limit: 3, ResetAfter: 750 * time.Millisecond, RetryAfter: 250 * time.Millisecond}},
		{100 * time.Millisecond, Decision{Limit: 3, ResetAfter: 650 * time.Millisecond, RetryAfter: 150 * time.Millisecond}},
		{150 * time.Millisecond, Decision{Allowed: true, Limit: 3, Remaining: 0, ResetAfter: 750 * time.Millisecond}},
		{time.Hour, Decision{Allowed: true, Limit: 3, Remaining: 2, ResetAfter: 250 * time.Millisecond}},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		got, err := m.Allow(ctx, "k", rate, burst)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Fatalf("step %d: got %+v, want %+v", i, got, s.want)
		}
	}
}

func TestMemoryKeysIndependent(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(WithClock(newFakeClock().Now))
	for _, k := range []string{"a", "b", strings.Repeat("x", 1000), strings.Repeat("x", 1001)} {
		if d, _ := m.Allow(ctx, k, 1, 1); !d.Allowed {
			t.Fatalf("first request of %.10q denied", k)
		}
		if d, _ := m.Allow(ctx, k, 1, 1); d.Allowed {
			t.Fatalf("second request of %.10q allowed", k)
		}
	}
}

// TestMemoryHashedKeys: a key cannot name the bucket of a long, hashed key.
func TestMemoryHashedKeys(t *testing.T) {
	long := strings.Repeat("u", maxKeyLen+1)
	if bucketKey(long) == long || bucketKey(bucketKey(long)) == bucketKey(long) {
		t.Fatalf("hashed keys collide: %q", bucketKey(long))
	}
	if k := "login:1.2.3.4:alice"; bucketKey(k) != k {
		t.Fatalf("short key changed: %q", bucketKey(k))
	}
}

func TestMemoryInvalid(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	tests := []struct {
		name  string
		rate  float64
		burst int
	}{
		{"zero rate", 0, 1}, {"negative rate", -1, 1}, {"NaN rate", math.NaN(), 1},
		{"infinite rate", math.Inf(1), 1}, {"zero burst", 1, 0}, {"negative burst", 1, -5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := m.Allow(ctx, "k", tt.rate, tt.burst)
			if !errors.Is(err, ErrInvalid) || d.Allowed {
				t.Fatalf("got %+v, %v; want a denial with ErrInvalid", d, err)
			}
		})
	}
	// Extreme but valid limits neither panic nor overflow.
	for _, tt := range []struct {
		rate  float64
		burst int
	}{{1e-300, 1}, {1e300, math.MaxInt32}, {math.SmallestNonzeroFloat64, 2}} {
		d, err := m.Allow(ctx, "extreme", tt.rate, tt.burst)
		if err != nil || !d.Allowed || d.ResetAfter < 0 || d.ResetAfter > maxDuration {
			t.Fatalf("rate %v burst %d: %+v, %v", tt.rate, tt.burst, d, err)
		}
		m = NewMemory()
	}
}

// TestMemoryEviction: once a bucket has refilled it is dropped at the next
// sweep of its shard.
func TestMemoryEviction(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	m := NewMemory(WithClock(clock.Now))
	for i := range 1000 {
		m.Allow(ctx, fmt.Sprint("old", i), 1, 5) // full again after 1 s
	}
	m.Allow(ctx, "slow", 0.001, 5) // full again after 1000 s
	if n := m.len(); n != 1001 {
		t.Fatalf("%d buckets, want 1001", n)
	}
	clock.Advance(sweepEvery)
	// Touch every shard once with a new key; each sweeps on the way in.
	touched, added := map[int]bool{}, 0
	for i := 0; len(touched) < memShards; i++ {
		k := fmt.Sprint("new", i)
		touched[m.shard(k)] = true
		m.Allow(ctx, k, 1, 5)
		added++
	}
	if n := m.len(); n != added+1 {
		t.Fatalf("%d buckets after the sweep, want %d (new keys and the slow one)", n, added+1)
	}
	if d, _ := m.Allow(ctx, "slow", 0.001, 5); d.Remaining != 3 {
		t.Fatalf("slow bucket lost its state: %+v", d)
	}
}

// TestMemoryConcurrent: 100 goroutines at once get exactly burst tokens.
func TestMemoryConcurrent(t *testing.T) {
	const goroutines, burst = 100, 20
	m := NewMemory()
	var allowed atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range goroutines {
		wg.Go(func() {
			<-start
			if d, err := m.Allow(context.Background(), "shared", 0.001, burst); err == nil && d.Allowed {
				allowed.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := allowed.Load(); n != burst {
		t.Fatalf("%d allowed, want %d", n, burst)
	}
}

// TestMemoryClockBack: a clock that steps back earns no tokens and breaks
// nothing.
func TestMemoryClockBack(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	m := NewMemory(WithClock(clock.Now))
	m.Allow(ctx, "k", 1, 1)
	clock.Advance(-time.Hour)
	if d, _ := m.Allow(ctx, "k", 1, 1); d.Allowed {
		t.Fatalf("allowed after the clock went back: %+v", d)
	}
}
