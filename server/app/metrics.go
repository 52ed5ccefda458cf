package app

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/resultcache"
)

// instrument exports what the components built by New count themselves:
// the result cache, the two batch writers' backlogs and the pools.
func (a *App) instrument(cache *resultcache.Cache) {
	a.metrics.WatchCache(cache)
	a.metrics.WatchWriter("audit", a.audit)
	a.metrics.WatchWriter("executions", a.executions)
	a.metrics.WatchDB("metadata", a.db.DB)
	a.metrics.WatchPools(a.datasources)
}

// observeRequests is the metrics middleware of the Fiber app called name
// (see newFiber): its listener label is internal or external.
func (a *App) observeRequests(name string) fiber.Handler {
	listener := "internal"
	if name != "gobi" {
		listener = strings.TrimPrefix(name, "gobi-")
	}
	return a.metrics.Middleware(listener)
}

// metricsCredentials is the 401's message on the main listener's
// /metrics.
const metricsCredentials = "metrics need Authorization: Bearer <metrics token (GOBI_METRICS_TOKEN)> or an admin's session"

// metricsAccess admits GET /metrics on the main listener for the metrics
// token, or for an admin's session; 401 for anything else, and 403 for
// another user's session. Without a configured token, only admins get in.
// It is not rate limited, so that limits never blind monitoring; what an
// anonymous caller costs is one HMAC check of a bogus JWT.
func (a *App) metricsAccess(c *fiber.Ctx) error {
	scheme, cred, _ := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	cred = strings.TrimSpace(cred)
	if !strings.EqualFold(scheme, "Bearer") || cred == "" {
		return fault.Unauthorized(metricsCredentials)
	}
	if a.cfg.Metrics.Token != "" && sameSecret(cred, a.cfg.Metrics.Token) {
		return c.Next()
	}
	p, _, err := auth.JWT{Tokens: a.tokens, Users: a.users}.Authenticate(c)
	if fault.KindOf(err) == fault.Unauthenticated {
		return fault.Unauthorized(metricsCredentials)
	}
	if err != nil {
		return err
	}
	if !p.IsAdmin() {
		return fault.Deny("metrics are for admins and the metrics token")
	}
	return c.Next()
}

// sameSecret compares in constant time; hashing first makes the time
// independent of the lengths too.
func sameSecret(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// metricsRoutes is the metrics listener (GOBI_METRICS_ADDR): GET /metrics
// without authentication, and nothing else, for a scraper on an internal
// interface. Its own requests are not counted.
func (a *App) metricsRoutes() *fiber.App {
	f := fiber.New(fiber.Config{
		AppName:               "gobi-metrics",
		ErrorHandler:          apierr.Handler(a.log),
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
	})
	f.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	f.Get("/metrics", a.metrics.Handler())
	f.All("/*", notFound)
	return f
}

// MetricsListener returns the metrics listener's app, or nil when
// GOBI_METRICS_ADDR is not set.
func (a *App) MetricsListener() *fiber.App { return a.metricsHTTP }
