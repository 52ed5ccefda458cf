package memo

import (
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	now := time.Unix(1000, 0)
	c := New[string, int](time.Second, 3)
	c.now = func() time.Time { return now }
	c.Set("a", 1)
	c.Set("b", 2)
	steps := []struct {
		name    string
		advance time.Duration
		do      func()
		key     string
		want    int
		ok      bool
	}{
		{"fresh", 0, nil, "a", 1, true},
		{"missing", 0, nil, "z", 0, false},
		{"just before expiry", 999 * time.Millisecond, nil, "b", 2, true},
		{"expired", time.Millisecond, nil, "a", 0, false},
		{"set again", 0, func() { c.Set("a", 10) }, "a", 10, true},
		{"deleted", 0, func() { c.Delete("a") }, "a", 0, false},
		{"delete func", 0, func() { c.Set("c", 3); c.DeleteFunc(func(_ string, v int) bool { return v == 3 }) }, "c", 0, false},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if s.do != nil {
			s.do()
		}
		got, ok := c.Get(s.key)
		if got != s.want || ok != s.ok {
			t.Fatalf("%s: Get(%q) = %d, %v; want %d, %v", s.name, s.key, got, ok, s.want, s.ok)
		}
	}
}

func TestCacheBounded(t *testing.T) {
	c := New[int, int](time.Hour, 100)
	for i := 0; i < 1000; i++ {
		c.Set(i, i)
		if n := len(c.items); n > 100 {
			t.Fatalf("%d entries, max 100", n)
		}
	}
	if v, ok := c.Get(999); !ok || v != 999 {
		t.Fatalf("latest entry lost: %d, %v", v, ok)
	}
}

func TestCacheDisabled(t *testing.T) {
	c := New[int, int](0, 10)
	c.Set(1, 1)
	if _, ok := c.Get(1); ok {
		t.Fatal("a cache with ttl 0 must keep nothing")
	}
}
