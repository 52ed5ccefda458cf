// Package memo keeps recently loaded records in memory for a short time,
// so the authentication hot path does not read the metadata database on
// every request. Entries live at most the TTL; writers on this instance
// drop what they change at once, and other instances see a change within
// the TTL.
package memo

import (
	"sync"
	"time"
)

// Cache maps keys to values for a bounded time. The zero value is not
// usable; call New. Safe for concurrent use.
type Cache[K comparable, V any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.RWMutex
	items map[K]item[V]
}

type item[V any] struct {
	v       V
	expires time.Time
}

// New returns a cache keeping each entry for ttl, at most max entries;
// ttl <= 0 disables it.
func New[K comparable, V any](ttl time.Duration, max int) *Cache[K, V] {
	if max < 1 {
		max = 10000
	}
	return &Cache[K, V]{ttl: ttl, max: max, now: time.Now, items: make(map[K]item[V])}
}

// Get returns a live entry.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	var zero V
	if c.ttl <= 0 {
		return zero, false
	}
	c.mu.RLock()
	it, ok := c.items[k]
	c.mu.RUnlock()
	if !ok || !c.now().Before(it.expires) {
		return zero, false
	}
	return it.v, true
}

// Set stores v under k for the TTL. When the cache is full, expired
// entries go first, and if none has expired the whole cache is dropped:
// it only saves reads, so losing it costs one read per key.
func (c *Cache[K, V]) Set(k K, v V) {
	if c.ttl <= 0 {
		return
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) >= c.max {
		for key, it := range c.items {
			if !now.Before(it.expires) {
				delete(c.items, key)
			}
		}
		if len(c.items) >= c.max {
			clear(c.items)
		}
	}
	c.items[k] = item[V]{v: v, expires: now.Add(c.ttl)}
}

// Delete drops k.
func (c *Cache[K, V]) Delete(k K) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

// DeleteFunc drops every entry whose value matches.
func (c *Cache[K, V]) DeleteFunc(match func(K, V) bool) {
	c.mu.Lock()
	for k, it := range c.items {
		if match(k, it.v) {
			delete(c.items, k)
		}
	}
	c.mu.Unlock()
}
