// Package resultcache keeps recent query results in memory, bounded in
// entries, in bytes and in age, so dashboards that ask for the same data again do
// not reach the database.
package resultcache

import (
	"container/list"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Cache is an LRU of results with a TTL per entry. Safe for concurrent use.
type Cache struct {
	max      int
	maxBytes int64
	now      func() time.Time

	mu    sync.Mutex
	order *list.List // front = most recent
	items map[string]*list.Element
	bytes int64 // sum of the entries' sizes

	hits, misses atomic.Uint64
}

type entry struct {
	key     string
	res     *api.Result
	size    int64
	expires time.Time
}

// New returns a cache holding at most max entries (0 disables it) of at
// most maxBytes together (0 disables it too). A result larger than a
// quarter of maxBytes is not cached, so that one result cannot flush
// the others.
func New(max int, maxBytes int64) *Cache {
	if maxBytes <= 0 {
		max = 0
	}
	return &Cache{max: max, maxBytes: maxBytes, now: time.Now, order: list.New(), items: make(map[string]*list.Element)}
}

// Get returns a live entry. The result is shared: callers must not modify it.
func (c *Cache) Get(key string) (*api.Result, bool) {
	if c == nil {
		return nil, false
	}
	if c.max == 0 {
		c.misses.Add(1)
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	e := el.Value.(*entry)
	if !c.now().Before(e.expires) {
		c.remove(el)
		c.misses.Add(1)
		return nil, false
	}
	c.order.MoveToFront(el)
	c.hits.Add(1)
	return e.res, true
}

// Hits is how many Gets found a live entry, for metrics.
func (c *Cache) Hits() uint64 { return c.hits.Load() }

// Misses is how many Gets found none (absent, expired, or the cache
// disabled), for metrics.
func (c *Cache) Misses() uint64 { return c.misses.Load() }

// Set stores res, of size bytes, for ttl, evicting the least recently
// used entries while the cache is over its bounds.
func (c *Cache) Set(key string, res *api.Result, size int64, ttl time.Duration) {
	if c == nil || c.max == 0 || ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	if size > c.maxBytes/4 {
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, res: res, size: size, expires: c.now().Add(ttl)})
	c.bytes += size
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

// remove drops one entry; c.mu is held.
func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.order.Remove(el)
	delete(c.items, e.key)
	c.bytes -= e.size
}

// Bytes returns the sum of the entries' sizes.
func (c *Cache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// Len returns the number of entries, live or not yet evicted.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
