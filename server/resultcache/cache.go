// Package resultcache keeps recent query results in memory, bounded in
// entries and in age, so dashboards that ask for the same data again do
// not reach the database.
package resultcache

import (
	"container/list"
	"sync"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Cache is an LRU of results with a TTL per entry. Safe for concurrent use.
type Cache struct {
	max int
	now func() time.Time

	mu    sync.Mutex
	order *list.List // front = most recent
	items map[string]*list.Element
}

type entry struct {
	key     string
	res     *api.Result
	expires time.Time
}

// New returns a cache holding at most max entries (0 disables it).
func New(max int) *Cache {
	return &Cache{max: max, now: time.Now, order: list.New(), items: make(map[string]*list.Element)}
}

// Get returns a live entry. The result is shared: callers must not modify it.
func (c *Cache) Get(key string) (*api.Result, bool) {
	if c == nil || c.max == 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !c.now().Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.res, true
}

// Set stores res for ttl, evicting the least recently used entry when full.
func (c *Cache) Set(key string, res *api.Result, ttl time.Duration) {
	if c == nil || c.max == 0 || ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		e := el.Value.(*entry)
		e.res, e.expires = res, c.now().Add(ttl)
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, res: res, expires: c.now().Add(ttl)})
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.items, old.Value.(*entry).key)
	}
}

// Len returns the number of entries, live or not yet evicted.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
