package apikey

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Two pseudo-scopes complete the table. No key can hold either: Create
// accepts only api.Scopes.
const (
	// SessionOnly marks routes that need a user session: user management,
	// password changes, key management and the audit log. A leaked key
	// must not be able to take over its owner's account, mint its
	// successors, or read what other keys did.
	SessionOnly api.Scope = "session only"
	// Public marks routes that do not take API keys at all (login,
	// registration, embed-token endpoints, the 404 fallback).
	Public api.Scope = "public"
)

// Rule is one row of the table: the scope a key needs to call a route.
type Rule struct {
	// Method is the HTTP method, or "*" for every method.
	Method string
	// Path is the route pattern exactly as registered with Fiber.
	Path  string
	Scope api.Scope
}

// Table maps routes to the scope a key needs. A route missing from it is
// refused to every key.
type Table []Rule

// Routes is the one table of what API keys may call, on the internal and
// the external listener alike. README.md shows it; server/app tests check
// that every registered route is in it and every row is registered.
var Routes = Table{
	{"POST", "/api/auth/login", Public},
	{"POST", "/api/auth/register", Public},
	{"GET", "/api/embed/view", Public},
	{"GET", "/api/embed/charts/:id/data", Public},
	{"*", "/api/*", Public}, // the 404 fallback
	{"*", "/*", Public},     // the external listener's 404 fallback

	{"GET", "/api/auth/me", api.ScopeRead},
	{"GET", "/api/datasources", api.ScopeRead},
	{"GET", "/api/datasources/:id", api.ScopeRead},
	{"GET", "/api/queries", api.ScopeRead},
	{"GET", "/api/queries/:id", api.ScopeRead},
	{"GET", "/api/queries/:id/executions", api.ScopeRead},
	{"GET", "/api/chart-types", api.ScopeRead},
	{"GET", "/api/charts", api.ScopeRead},
	{"GET", "/api/charts/:id", api.ScopeRead},
	{"GET", "/api/charts/:id/data", api.ScopeRead},
	{"GET", "/api/charts/:id/render.svg", api.ScopeRead},
	{"GET", "/api/charts/:id/render.png", api.ScopeRead},
	{"GET", "/api/dashboards", api.ScopeRead},
	{"GET", "/api/dashboards/:id", api.ScopeRead},
	{"GET", "/api/embed", api.ScopeRead},
	{"GET", "/api/dashboard/stats", api.ScopeRead},

	{"POST", "/api/queries/:id/execute", api.ScopeExecute},
	{"POST", "/api/datasources/:id/query", api.ScopeExecute},

	{"POST", "/api/datasources", api.ScopeWrite},
	{"PUT", "/api/datasources/:id", api.ScopeWrite},
	{"DELETE", "/api/datasources/:id", api.ScopeWrite},
	{"POST", "/api/datasources/:id/test", api.ScopeWrite},
	{"POST", "/api/queries", api.ScopeWrite},
	{"PUT", "/api/queries/:id", api.ScopeWrite},
	{"DELETE", "/api/queries/:id", api.ScopeWrite},
	{"POST", "/api/charts", api.ScopeWrite},
	{"PUT", "/api/charts/:id", api.ScopeWrite},
	{"DELETE", "/api/charts/:id", api.ScopeWrite},
	{"POST", "/api/dashboards", api.ScopeWrite},
	{"PUT", "/api/dashboards/:id", api.ScopeWrite},
	{"DELETE", "/api/dashboards/:id", api.ScopeWrite},
	{"POST", "/api/embed", api.ScopeWrite},
	{"DELETE", "/api/embed/:id", api.ScopeWrite},

	{"GET", "/api/users", SessionOnly},
	{"PUT", "/api/users/:id", SessionOnly},
	{"DELETE", "/api/users/:id", SessionOnly},
	{"POST", "/api/apikeys", SessionOnly},
	{"GET", "/api/apikeys", SessionOnly},
	{"DELETE", "/api/apikeys/:id", SessionOnly},
	{"GET", "/api/audit", SessionOnly},
}

// Rule returns the row for a registered route; HEAD is looked up as GET,
// as Fiber registers a HEAD route beside every GET route.
func (t Table) Rule(method, path string) (Rule, bool) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	for _, r := range t {
		if r.Path == path && (r.Method == method || r.Method == "*") {
			return r, true
		}
	}
	return Rule{}, false
}

// Enforce makes every route of f check the table before its handlers run.
// Call it once all routes are registered.
//
// The check is put in front of each route's own handlers, rather than in a
// middleware, because only there does Fiber say which route matched
// (c.Route()): the pattern is the one Fiber's router chose, so no second
// path matcher can disagree with it about which endpoint a request
// reaches. Middleware (Use) layers are left alone; the check runs after
// them, so a refused call is authenticated, rate limited and audited.
func (t Table) Enforce(f *fiber.App) {
	// Fiber keeps "is middleware" private. GetRoutes(true) leaves
	// middleware out and returns copies whose Handlers share their arrays
	// with the routes in the stack, which tells the two kinds apart.
	endpoint := map[*fiber.Handler]bool{}
	for _, r := range f.GetRoutes(true) {
		if len(r.Handlers) > 0 {
			endpoint[&r.Handlers[0]] = true
		}
	}
	for _, routes := range f.Stack() {
		for _, r := range routes {
			if len(r.Handlers) > 0 && endpoint[&r.Handlers[0]] {
				r.Handlers = append([]fiber.Handler{t.check}, r.Handlers...)
			}
		}
	}
}

// check refuses a key request to a route outside the key's scopes. It
// never refuses a session: sessions are limited by role.
func (t Table) check(c *fiber.Ctx) error {
	p := auth.From(c)
	if !p.ViaKey() {
		return c.Next()
	}
	route := c.Route()
	rule, ok := t.Rule(route.Method, route.Path)
	switch {
	case !ok:
		return apierr.Forbidden("API keys cannot call %s %s; use a user session", route.Method, route.Path)
	case rule.Scope == Public:
		return c.Next()
	case rule.Scope == SessionOnly:
		return apierr.Forbidden("%s %s needs a user session: API keys cannot manage users, passwords, API keys or the audit log",
			route.Method, route.Path)
	case !p.HasScope(rule.Scope):
		return apierr.Forbidden("this API key lacks the %q scope that %s %s needs (it has: %s)",
			rule.Scope, route.Method, route.Path, scopeList(p.KeyScopes))
	}
	return c.Next()
}

func scopeList(s []api.Scope) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// parseScopes validates requested scopes and returns them deduplicated in
// canonical order; none means read only.
func parseScopes(in []api.Scope) ([]api.Scope, []string) {
	if len(in) == 0 {
		return []api.Scope{api.ScopeRead}, nil
	}
	var unknown []string
	for _, s := range in {
		if !s.Valid() {
			unknown = append(unknown, fmt.Sprintf("%q", s))
		}
	}
	var out []api.Scope
	for _, s := range api.Scopes {
		if slices.Contains(in, s) {
			out = append(out, s)
		}
	}
	return out, unknown
}

// joinScopes is the stored form: names separated by spaces.
func joinScopes(s []api.Scope) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, " ")
}

// splitScopes reads the stored form, keeping only known scopes.
func splitScopes(stored string) []api.Scope {
	var out []api.Scope
	for _, f := range strings.FieldsFunc(stored, func(r rune) bool { return r == ' ' || r == ',' }) {
		if s := api.Scope(f); s.Valid() && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
