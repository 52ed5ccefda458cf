package ratelimit

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestRefundReset: a refund gives one token back, never beyond burst; a
// reset makes the bucket full; both on memory and (when configured) Redis.
func TestRefundReset(t *testing.T) {
	stores := map[string]func(t *testing.T) Store{
		"memory": func(*testing.T) Store { return NewMemory(WithClock(newFakeClock().Now)) },
		"redis": func(t *testing.T) Store {
			c := testRedis(t)
			return NewRedis(c, testPrefix(t, c))
		},
	}
	ctx := context.Background()
	const rate, burst = 0.001, 3
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			allow := func() bool {
				d, err := s.Allow(ctx, "k", rate, burst)
				if err != nil {
					t.Fatal(err)
				}
				return d.Allowed
			}
			// A refund on a full (or absent) bucket adds nothing.
			if err := s.Refund(ctx, "k", rate, burst); err != nil {
				t.Fatal(err)
			}
			for i := range burst {
				if !allow() {
					t.Fatalf("request %d denied", i)
				}
			}
			if allow() {
				t.Fatal("allowed past the burst")
			}
			if err := s.Refund(ctx, "k", rate, burst); err != nil {
				t.Fatal(err)
			}
			if !allow() || allow() {
				t.Fatal("a refund must give back exactly one token")
			}
			if err := s.Reset(ctx, "k"); err != nil {
				t.Fatal(err)
			}
			for i := range burst {
				if !allow() {
					t.Fatalf("after reset, request %d denied", i)
				}
			}
			if allow() {
				t.Fatal("reset gave more than burst")
			}
			if err := s.Refund(ctx, "k", 0, burst); !errors.Is(err, ErrInvalid) {
				t.Fatalf("invalid refund: %v", err)
			}
		})
	}
}

// warnings counts the WARN records of a text log.
func warnings(buf *syncBuffer) int { return strings.Count(buf.String(), "level=WARN") }

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFallbackRedisDown: with Redis unreachable, decisions come from
// memory (still limited), the dead server is not asked on every call, and
// the outage is logged once per WarnEvery.
func TestFallbackRedisDown(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: closedAddr(t), DialTimeout: 200 * time.Millisecond, MaxRetries: -1, DialerRetries: 1})
	defer c.Close()
	clock := newFakeClock()
	var logs syncBuffer
	f := NewFallback(NewRedis(c, "gobi-test:fallback:"), NewMemory(WithClock(clock.Now)), slog.New(slog.NewTextHandler(&logs, nil)))
	f.Now = clock.Now
	ctx := context.Background()
	tests := []struct {
		name     string
		advance  time.Duration
		calls    int
		allowed  int
		warnings int
	}{
		{"burst from memory, one warning", 0, 8, 5, 1},
		{"half a minute later: still limited, no new warning", 30 * time.Second, 3, 0, 1},
		{"a minute after the first warning: one more, and a refill", 70 * time.Second, 3, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(tt.advance)
			allowed := 0
			for range tt.calls {
				d, err := f.Allow(ctx, "k", 0.01, 5)
				if err != nil {
					t.Fatalf("Allow returned %v; the fallback must hide the outage", err)
				}
				if d.Allowed {
					allowed++
				}
			}
			if allowed != tt.allowed || warnings(&logs) != tt.warnings {
				t.Fatalf("%d allowed, %d warnings; want %d, %d\n%s", allowed, warnings(&logs), tt.allowed, tt.warnings, logs.String())
			}
		})
	}
	if err := f.Refund(ctx, "k", 0.1, 5); err != nil {
		t.Fatal(err)
	}
	if err := f.Reset(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Allow(ctx, "k", 0, 5); !errors.Is(err, ErrInvalid) {
		t.Fatalf("invalid limits must still be reported: %v", err)
	}
}

// TestFallbackRecovers: through a proxy to the test Redis, decisions are
// shared while it answers, in memory while it is cut, shared again after.
func TestFallbackRecovers(t *testing.T) {
	rc := testRedis(t)
	proxy := newProxy(t, rc.Options().Addr)
	c := redis.NewClient(&redis.Options{Addr: proxy.addr(), DB: rc.Options().DB, Password: rc.Options().Password,
		DialTimeout: 200 * time.Millisecond, MaxRetries: -1, DialerRetries: 1})
	defer c.Close()
	var logs syncBuffer
	prefix := testPrefix(t, rc)
	f := NewFallback(NewRedis(c, prefix), NewMemory(), slog.New(slog.NewTextHandler(&logs, nil)))
	f.RetryEvery = 50 * time.Millisecond
	ctx := context.Background()
	if d, err := f.Allow(ctx, "k", 0.001, 2); err != nil || !d.Allowed {
		t.Fatalf("%+v %v", d, err)
	}
	if n, _ := rc.Exists(ctx, prefix+"k").Result(); n != 1 {
		t.Fatal("the decision was not made in Redis")
	}
	proxy.cut()
	for range 3 {
		if _, err := f.Allow(ctx, "m", 0.001, 2); err != nil {
			t.Fatal(err)
		}
	}
	if warnings(&logs) != 1 {
		t.Fatalf("%d warnings:\n%s", warnings(&logs), logs.String())
	}
	proxy.restore(t)
	time.Sleep(60 * time.Millisecond)
	if d, err := f.Allow(ctx, "k", 0.001, 2); err != nil || !d.Allowed || d.Remaining != 0 {
		t.Fatalf("back on Redis the bucket has one token left: %+v %v", d, err)
	}
	if !strings.Contains(logs.String(), "available again") {
		t.Fatalf("no recovery line:\n%s", logs.String())
	}
}

// proxy forwards loopback TCP to Redis until cut.
type proxy struct {
	target string
	mu     sync.Mutex
	ln     net.Listener
	at     string
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target}
	p.restore(t)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) addr() string { return p.at }

func (p *proxy) restore(t *testing.T) {
	addr := p.at
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.at = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
}

// cut closes the listener and every connection: Redis is gone.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
