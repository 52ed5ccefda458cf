// Package requestid gives every request an id (X-Request-ID) that is
// sent back, written in every log line made with the request's context,
// put in error bodies and kept in audit rows, so one failing call can be
// followed through logs, the audit log and a support ticket.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Header is the request and response header that carries the id.
const Header = "X-Request-ID"

type ctxKey struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the id ctx carries, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// New returns a fresh id: 16 hex digits from crypto/rand.
func New() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// valid reports whether a supplied id may be kept: 1 to 64 characters
// from [A-Za-z0-9._:-], so it cannot forge log fields or headers.
func valid(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-") == ""
}

// Middleware sets the request's id: the X-Request-ID a trusted proxy sent
// when trustProxies is set and the peer is one of them (so a load
// balancer's id carries through), a fresh one otherwise. The id goes into
// the request's context and the response header. Put it after anything
// that replaces the user context.
func Middleware(trustProxies bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		Ensure(c, trustProxies)
		return c.Next()
	}
}

// Ensure gives c an id if it has none yet and returns it; error handlers
// that run without the middleware (a body over the limit) call it.
func Ensure(c *fiber.Ctx, trustProxies bool) string {
	if id := From(c.UserContext()); id != "" {
		return id
	}
	id := ""
	if trustProxies && c.IsProxyTrusted() {
		if h := c.Get(Header); valid(h) {
			id = strings.Clone(h)
		}
	}
	if id == "" {
		id = New()
	}
	c.SetUserContext(With(c.UserContext(), id))
	c.Set(Header, id)
	return id
}

// handler adds request_id to every record logged with a context that
// carries one.
type handler struct{ slog.Handler }

// NewHandler wraps h so that records logged with a request's context get
// its request_id.
func NewHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(handler); ok {
		return h
	}
	return handler{h}
}

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	if id := From(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h handler) WithAttrs(as []slog.Attr) slog.Handler { return handler{h.Handler.WithAttrs(as)} }
func (h handler) WithGroup(name string) slog.Handler    { return handler{h.Handler.WithGroup(name)} }
