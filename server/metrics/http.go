package metrics

import (
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gobi-bi/gobi/server/apierr"
)

// Middleware times every request and records it under listener (a name
// for the Fiber app: internal, external). Mount it early, so that the
// time and the status include every middleware after it.
//
// The route label is read from c.Route() after the rest of the chain has
// run: Fiber then holds the last route that matched, the endpoint's
// template. Label children are resolved once per (route, method, status
// class) and kept in a copy-on-write map, so a request costs a map lookup
// and an Observe, without locks or allocations. A nil *Metrics records
// nothing.
func (m *Metrics) Middleware(listener string) fiber.Handler {
	if m == nil {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	h := &httpObservers{vec: m.http, listener: listener, endpoints: map[*fiber.Route]bool{}}
	h.m.Store(&map[routeKey]prometheus.Observer{})
	return func(c *fiber.Ctx) error {
		start := time.Now()
		done := false
		defer func() {
			if !done { // a panic, which the recover middleware turns into a 500
				h.observer(c, http.StatusInternalServerError).Observe(time.Since(start).Seconds())
			}
		}()
		err := c.Next()
		done = true
		status := c.Response().StatusCode()
		if err != nil {
			status = apierr.Status(err) // what the error handler will send
		}
		h.observer(c, status).Observe(time.Since(start).Seconds())
		return err
	}
}

// httpObservers resolves label children for one listener.
type httpObservers struct {
	vec      *prometheus.HistogramVec
	listener string

	m  atomic.Pointer[map[routeKey]prometheus.Observer]
	mu sync.Mutex // serialises additions to m, guards endpoints
	// endpoints says, per route seen, whether it is an endpoint rather
	// than a middleware layer.
	endpoints map[*fiber.Route]bool
}

// routeKey identifies a label child. Routes are compared by pointer:
// Fiber keeps one *Route per registered route (and method) for the app's
// life, so the pointer stands for its template.
type routeKey struct {
	route   *fiber.Route
	method  uint8
	class   uint8
	missing bool // 404 or 405
}

func (h *httpObservers) observer(c *fiber.Ctx, status int) prometheus.Observer {
	k := routeKey{route: c.Route(), method: methodIndex(c.Method()), class: statusClass(status),
		missing: status == http.StatusNotFound || status == http.StatusMethodNotAllowed}
	if o, ok := (*h.m.Load())[k]; ok {
		return o
	}
	return h.add(c.App(), k)
}

// add resolves and keeps a new child. Children are bounded by routes ×
// methods × classes, so the map stops growing soon after start.
func (h *httpObservers) add(app *fiber.App, k routeKey) prometheus.Observer {
	h.mu.Lock()
	defer h.mu.Unlock()
	old := *h.m.Load()
	if o, ok := old[k]; ok {
		return o
	}
	route := k.route.Path
	if k.missing && !h.endpoint(app, k.route) {
		// The last route is a middleware layer: no route matched the path.
		route = "unmatched"
	}
	o := h.vec.WithLabelValues(h.listener, methods[k.method], route, classes[k.class])
	next := make(map[routeKey]prometheus.Observer, len(old)+1)
	maps.Copy(next, old)
	next[k] = o
	h.m.Store(&next)
	return o
}

// endpoint reports whether r is one of app's endpoints rather than a
// middleware layer (Use). Fiber keeps that private, but GetRoutes(true)
// lists only endpoints, as copies that share their handler arrays with
// the routes themselves (see apikey.Table.Enforce). h.mu is held.
func (h *httpObservers) endpoint(app *fiber.App, r *fiber.Route) bool {
	if is, ok := h.endpoints[r]; ok {
		return is
	}
	is := false
	for _, e := range app.GetRoutes(true) {
		if len(e.Handlers) > 0 && len(r.Handlers) > 0 && &e.Handlers[0] == &r.Handlers[0] {
			is = true
			break
		}
	}
	h.endpoints[r] = is
	return is
}

// methods are the method label's values; anything else is "other".
var methods = [...]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "other"}

// methodIndex maps a request's method, which may point into a reused
// buffer, to a fixed label value.
func methodIndex(m string) uint8 {
	for i, s := range methods[:len(methods)-1] {
		if m == s {
			return uint8(i)
		}
	}
	return uint8(len(methods) - 1)
}

var classes = [...]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

func statusClass(status int) uint8 {
	if status < 100 || status > 599 {
		return 0
	}
	return uint8(status / 100)
}
