package resultcache

import (
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestCache(t *testing.T) {
	now := time.Unix(0, 0)
	c := New(2, 1<<20)
	c.now = func() time.Time { return now }
	r1, r2, r3 := &api.Result{RowCount: 1}, &api.Result{RowCount: 2}, &api.Result{RowCount: 3}
	c.Set("a", r1, 10, time.Minute)
	c.Set("b", r2, 10, time.Minute)
	if got, ok := c.Get("a"); !ok || got != r1 {
		t.Fatal("a should be cached")
	}
	c.Set("c", r3, 10, time.Minute) // evicts b, the least recently used
	if _, ok := c.Get("b"); ok {
		t.Fatal("b should have been evicted")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Get("a"); ok {
		t.Fatal("a should have expired")
	}
	// Gets so far: a hit, b missed, a expired.
	if c.Hits() != 1 || c.Misses() != 2 {
		t.Fatalf("hits %d misses %d, want 1 and 2", c.Hits(), c.Misses())
	}
	c.Set("z", r1, 10, 0)
	if _, ok := c.Get("z"); ok {
		t.Fatal("ttl 0 must not cache")
	}
	var disabled *Cache
	disabled.Set("a", r1, 10, time.Minute)
	if _, ok := disabled.Get("a"); ok {
		t.Fatal("nil cache must be a no-op")
	}
}

func TestCacheBytes(t *testing.T) {
	c := New(100, 1000)
	r := &api.Result{}
	c.Set("a", r, 200, time.Minute)
	c.Set("b", r, 200, time.Minute)
	c.Set("c", r, 200, time.Minute)
	c.Set("d", r, 200, time.Minute)
	if c.Len() != 4 || c.Bytes() != 800 {
		t.Fatalf("len %d bytes %d, want 4 and 800", c.Len(), c.Bytes())
	}
	c.Get("a")
	c.Set("e", r, 250, time.Minute) // over 1000: evicts b, the least recently used
	if _, ok := c.Get("b"); ok || c.Bytes() != 850 {
		t.Fatalf("b cached: %v, bytes %d, want b evicted and 850", ok, c.Bytes())
	}
	c.Set("a", r, 100, time.Minute) // replacing an entry counts its new size only
	if c.Bytes() != 750 {
		t.Fatalf("bytes %d after replacing a, want 750", c.Bytes())
	}
	c.Set("huge", r, 251, time.Minute) // over a quarter of the cache
	if _, ok := c.Get("huge"); ok || c.Bytes() != 750 {
		t.Fatalf("a result over a quarter of the cache was kept (bytes %d)", c.Bytes())
	}
	if off := New(100, 0); off.max != 0 {
		t.Fatal("maxBytes 0 must disable the cache")
	}
}
