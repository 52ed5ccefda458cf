package resultcache

import (
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestCache(t *testing.T) {
	now := time.Unix(0, 0)
	c := New(2)
	c.now = func() time.Time { return now }
	r1, r2, r3 := &api.Result{RowCount: 1}, &api.Result{RowCount: 2}, &api.Result{RowCount: 3}
	c.Set("a", r1, time.Minute)
	c.Set("b", r2, time.Minute)
	if got, ok := c.Get("a"); !ok || got != r1 {
		t.Fatal("a should be cached")
	}
	c.Set("c", r3, time.Minute) // evicts b, the least recently used
	if _, ok := c.Get("b"); ok {
		t.Fatal("b should have been evicted")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Get("a"); ok {
		t.Fatal("a should have expired")
	}
	c.Set("z", r1, 0)
	if _, ok := c.Get("z"); ok {
		t.Fatal("ttl 0 must not cache")
	}
	var disabled *Cache
	disabled.Set("a", r1, time.Minute)
	if _, ok := disabled.Get("a"); ok {
		t.Fatal("nil cache must be a no-op")
	}
}
