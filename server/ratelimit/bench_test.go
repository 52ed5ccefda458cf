package ratelimit

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
)

// reportRate adds µs/op and decisions/s, the figures STYLE.md quotes
// (about 20 µs and 50k decisions/s for a Redis Lua call).
func reportRate(b *testing.B) {
	if b.N == 0 || b.Elapsed() == 0 {
		return
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perOp*1e6, "µs/op")
	b.ReportMetric(1/perOp, "decisions/s")
}

// BenchmarkRedisAllow: one client, one request at a time: the latency of a
// decision (one EVALSHA round trip).
func BenchmarkRedisAllow(b *testing.B) {
	c := testRedis(b)
	l := NewRedis(c, testPrefix(b, c))
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Allow(ctx, strconv.Itoa(i%1000), 1000, 1000); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkRedisAllowParallel: one client shared by many goroutines, as in
// a server: the throughput of one Redis.
func BenchmarkRedisAllowParallel(b *testing.B) {
	c := testRedis(b)
	l := NewRedis(c, testPrefix(b, c))
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.Allow(ctx, strconv.Itoa(int(n.Add(1)%1000)), 1000, 1000); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
}

func BenchmarkMemoryAllow(b *testing.B) {
	m := NewMemory()
	ctx := context.Background()
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	for i := 0; b.Loop(); i++ {
		m.Allow(ctx, keys[i%len(keys)], 1000, 1000)
	}
	reportRate(b)
}

func BenchmarkMemoryAllowParallel(b *testing.B) {
	m := NewMemory()
	ctx := context.Background()
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Allow(ctx, keys[n.Add(1)%int64(len(keys))], 1000, 1000)
		}
	})
	reportRate(b)
}
