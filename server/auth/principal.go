package auth

import (
	"context"
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Principal is who is making a request.
type Principal struct {
	UserID   int64
	Username string
	Role     Role
	// Via says how the request authenticated: "jwt", "apikey" or
	// "signature".
	Via string
	// KeyID is the API key used, when Via is "apikey" or "signature".
	KeyID int64
	// KeyRate and KeyBurst are the key's own rate limit (requests per
	// second and bucket size), when KeyID is set.
	KeyRate  float64
	KeyBurst int
	// KeyScopes are what the key may do, when KeyID is set (see
	// apikey.Routes).
	KeyScopes []api.Scope
}

// HasScope reports whether p's key holds scope s. A session holds every
// scope: sessions are limited by role, not by scope.
func (p Principal) HasScope(s api.Scope) bool {
	return !p.ViaKey() || slices.Contains(p.KeyScopes, s)
}

// ViaKey reports whether the request authenticated with an API key
// (plain or signed) rather than a user session.
func (p Principal) ViaKey() bool { return p.KeyID != 0 }

// IsAdmin reports whether p may see every user's resources.
func (p Principal) IsAdmin() bool { return p.Role == RoleAdmin }

// Owns restricts a query to rows whose ownerColumn is p's id, unless p is
// an admin. Every feature store applies it to every read, update and
// delete, so isolation is one mechanism rather than a check per handler.
func (p Principal) Owns(ownerColumn string) func(bun.QueryBuilder) bun.QueryBuilder {
	return func(q bun.QueryBuilder) bun.QueryBuilder {
		if p.IsAdmin() {
			return q
		}
		return q.Where("? = ?", bun.Ident(ownerColumn), p.UserID)
	}
}

const principalKey = "gobi.principal"

// From returns the request's principal. It is only valid behind the
// authentication middleware, which guarantees one is set.
func From(c *fiber.Ctx) Principal {
	p, _ := c.Locals(principalKey).(Principal)
	return p
}

// set stores the principal for the rest of the request, in Fiber's locals
// for middleware and in the request context for operations (route).
func set(c *fiber.Ctx, p Principal) {
	c.Locals(principalKey, p)
	c.SetUserContext(context.WithValue(c.UserContext(), principalCtx{}, p))
}

type principalCtx struct{}

// FromContext returns the principal of the request ctx belongs to, and
// whether one authenticated.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalCtx{}).(Principal)
	return p, ok
}
