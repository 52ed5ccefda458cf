package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// testRedis connects to GOBI_TEST_REDIS_URL or skips the test.
func testRedis(tb testing.TB) *redis.Client {
	tb.Helper()
	url := os.Getenv("GOBI_TEST_REDIS_URL")
	if url == "" {
		tb.Skip("GOBI_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0): skipping Redis integration test")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		tb.Fatalf("GOBI_TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	tb.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		tb.Fatalf("Redis at GOBI_TEST_REDIS_URL: %v", err)
	}
	return c
}

// testPrefix is unique per test and run: other tests share the Redis.
// Buckets expire by themselves; cleanup deletes what is left.
func testPrefix(tb testing.TB, c *redis.Client) string {
	p := fmt.Sprintf("gobi-test:ratelimit:%s:%d:", tb.Name(), time.Now().UnixNano())
	tb.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, p+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return p
}

// TestRedisBurst: a burst of requests lets exactly burst through.
func TestRedisBurst(t *testing.T) {
	c := testRedis(t)
	prefix := testPrefix(t, c)
	ctx := context.Background()
	tests := []struct {
		rate  float64
		burst int
	}{{1, 1}, {10, 5}, {0.5, 20}, {2.5, 3}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rate %v burst %d", tt.rate, tt.burst), func(t *testing.T) {
			l := NewRedis(c, prefix)
			key := t.Name()
			allowed := 0
			var last Decision
			for i := range tt.burst + 10 {
				d, err := l.Allow(ctx, key, tt.rate, tt.burst)
				if err != nil {
					t.Fatal(err)
				}
				if d.Allowed {
					allowed++
					if d.Remaining != tt.burst-1-i || d.Limit != tt.burst {
						t.Fatalf("request %d: %+v", i, d)
					}
				}
				last = d
			}
			if allowed != tt.burst {
				t.Fatalf("burst let %d through, want %d", allowed, tt.burst)
			}
			// Denied: one token is about 1/rate away, a full bucket burst/rate.
			perToken := time.Duration(float64(time.Second) / tt.rate)
			if last.Allowed || last.RetryAfter > perToken || last.RetryAfter < perToken*9/10 {
				t.Fatalf("denial %+v, want RetryAfter about %v", last, perToken)
			}
			full := perToken * time.Duration(tt.burst)
			if last.ResetAfter > full || last.ResetAfter < full*9/10 {
				t.Fatalf("denial %+v, want ResetAfter about %v", last, full)
			}
			pttl, err := c.PTTL(ctx, prefix+key).Result()
			if err != nil || pttl <= 0 || pttl > full+time.Millisecond {
				t.Fatalf("PTTL %v (%v), want (0, %v]", pttl, err, full)
			}
		})
	}
}

// TestRedisRate: after the burst, about rate requests per second get
// through, polled for two seconds.
func TestRedisRate(t *testing.T) {
	c := testRedis(t)
	l := NewRedis(c, testPrefix(t, c))
	ctx := context.Background()
	const rate, burst = 10.0, 5
	for range burst {
		if d, err := l.Allow(ctx, "k", rate, burst); err != nil || !d.Allowed {
			t.Fatalf("burst: %+v, %v", d, err)
		}
	}
	start := time.Now()
	allowed := 0
	for time.Since(start) < 2*time.Second {
		d, err := l.Allow(ctx, "k", rate, burst)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			allowed++
		}
		time.Sleep(2 * time.Millisecond)
	}
	if want := 20; allowed < want-2 || allowed > want+1 {
		t.Fatalf("2 s at %v/s let %d through, want %d (-2, +1)", rate, allowed, want)
	}
}

// TestRedisShared: two server instances (two clients, two limiters) with
// the same prefix share one bucket per key.
func TestRedisShared(t *testing.T) {
	c1 := testRedis(t)
	c2 := redis.NewClient(c1.Options())
	defer c2.Close()
	prefix := testPrefix(t, c1)
	a, b := NewRedis(c1, prefix), NewRedis(c2, prefix)
	ctx := context.Background()
	const burst = 10
	allowed := 0
	for i := range 2 * burst {
		l := a
		if i%2 == 1 {
			l = b
		}
		d, err := l.Allow(ctx, "k", 0.01, burst)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			allowed++
		}
	}
	if allowed != burst {
		t.Fatalf("two instances let %d through, want %d", allowed, burst)
	}
	// Another prefix is another set of buckets.
	other := NewRedis(c2, prefix+"other:")
	if d, err := other.Allow(ctx, "k", 0.01, burst); err != nil || !d.Allowed {
		t.Fatalf("other prefix: %+v, %v", d, err)
	}
}

// TestRedisConcurrent: 100 goroutines over two clients get exactly burst
// tokens between them.
func TestRedisConcurrent(t *testing.T) {
	c1 := testRedis(t)
	c2 := redis.NewClient(c1.Options())
	defer c2.Close()
	prefix := testPrefix(t, c1)
	limiters := []*Redis{NewRedis(c1, prefix), NewRedis(c2, prefix)}
	const goroutines, burst = 100, 20
	var allowed, failed atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range goroutines {
		wg.Go(func() {
			<-start
			d, err := limiters[i%2].Allow(context.Background(), "shared", 0.001, burst)
			switch {
			case err != nil:
				failed.Add(1)
			case d.Allowed:
				allowed.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if failed.Load() != 0 || allowed.Load() != burst {
		t.Fatalf("%d allowed, %d errors; want %d, 0", allowed.Load(), failed.Load(), burst)
	}
}

func TestRedisInvalid(t *testing.T) {
	l := NewRedis(redis.NewClient(&redis.Options{Addr: closedAddr(t)}), "x:")
	d, err := l.Allow(context.Background(), "k", 0, 1)
	if !errors.Is(err, ErrInvalid) || d.Allowed {
		t.Fatalf("got %+v, %v", d, err)
	}
}

// TestRedisDown checks the failure policy against a closed port: fail open
// allows, fail closed denies for a second, and both report ErrUnavailable.
func TestRedisDown(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: closedAddr(t), DialTimeout: 500 * time.Millisecond, MaxRetries: -1, DialerRetries: 1})
	defer c.Close()
	tests := []struct {
		name     string
		failOpen bool
		want     Decision
	}{
		{"fail open", true, Decision{Allowed: true, Limit: 5, ResetAfter: time.Second}},
		{"fail closed", false, Decision{Limit: 5, ResetAfter: time.Second, RetryAfter: time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewRedis(c, "gobi-test:down:")
			l.FailOpen = tt.failOpen
			start := time.Now()
			d, err := l.Allow(context.Background(), "k", 1, 5)
			if !errors.Is(err, ErrUnavailable) {
				t.Fatalf("error %v, want ErrUnavailable", err)
			}
			if d != tt.want {
				t.Fatalf("decision %+v, want %+v", d, tt.want)
			}
			if el := time.Since(start); el > time.Second {
				t.Fatalf("took %v against a closed port", el)
			}
		})
	}
	// The zero value fails closed.
	if d, _ := NewRedis(c, "x:").Allow(context.Background(), "k", 1, 5); d.Allowed {
		t.Fatal("default policy allowed")
	}
}

// closedAddr returns a local address nothing listens on.
func closedAddr(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestRedisMatchesMemory: the Lua script and the Go arithmetic agree on a
// burst and the decisions that follow.
func TestRedisMatchesMemory(t *testing.T) {
	c := testRedis(t)
	r := NewRedis(c, testPrefix(t, c))
	m := NewMemory(WithClock(newFakeClock().Now)) // frozen: Redis runs microseconds
	ctx := context.Background()
	for i := range 8 {
		got, err := r.Allow(ctx, "k", 0.001, 5)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := m.Allow(ctx, "k", 0.001, 5)
		// Redis's clock moved a few microseconds: allow for it.
		if got.Allowed != want.Allowed || got.Remaining != want.Remaining ||
			(got.ResetAfter-want.ResetAfter).Abs() > time.Second || (got.RetryAfter-want.RetryAfter).Abs() > time.Second {
			t.Fatalf("request %d: redis %+v, memory %+v", i, got, want)
		}
	}
}
