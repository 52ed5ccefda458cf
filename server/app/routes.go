package app

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/apikey"
	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/dashboard"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/embed"
	"github.com/gobi-bi/gobi/server/query"
	"github.com/gobi-bi/gobi/server/stats"
	"github.com/gobi-bi/gobi/shared/signing"
)

// newFiber is a Fiber app with Gobi's error format, panic recovery,
// request contexts, access log and security headers.
func (a *App) newFiber(name string) *fiber.App {
	f := fiber.New(fiber.Config{
		AppName:               name,
		ErrorHandler:          apierr.Handler(a.log),
		BodyLimit:             a.cfg.BodyLimit,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
	})
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		a.log.Error("panic in handler", "method", c.Method(), "path", c.Path(), "panic", e)
	}}))
	f.Use(a.requestContext, a.accessLog, securityHeaders)
	f.Use(holdResults)
	// The WebAssembly client is sent precompressed (see static.go).
	f.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool {
		return strings.HasSuffix(c.Path(), ".wasm")
	}}))
	f.Get("/healthz", a.health)
	return f
}

func (a *App) signedAuth() apikey.Signed {
	return apikey.Signed{S: a.apikeys, Replay: a.replay, Log: a.log,
		Verifier: signing.Verifier{Skew: a.cfg.External.Skew, MaxBody: int64(a.cfg.BodyLimit)}}
}

func (a *App) routes() *fiber.App {
	f := a.newFiber("gobi")
	jwt := auth.JWT{Tokens: a.tokens, Users: a.users}
	api := f.Group("/api")
	authHandlers := &auth.Handlers{Users: a.users, Tokens: a.tokens, LoginGuard: a.loginGuard(a.limiter),
		OpenRegistration: a.cfg.Auth.Registration == "open", Optional: auth.Optional(jwt)}
	authHandlers.RegisterPublic(api)
	a.embedRoutes(f, api)
	// Everything registered after this point needs credentials: a session,
	// an API key, or a signed request; then the caller's rate limit; then
	// the audit log for key requests.
	authed := api.Group("", auth.Require(jwt, apikey.Bearer{S: a.apikeys}, a.signedAuth()),
		a.rateLimit(a.limiter, true), audit.Middleware(a.audit, a.cfg.Audit.MaxBody))
	authHandlers.Register(authed)
	apikey.Handlers{S: a.apikeys}.Register(authed)
	audit.Log{DB: a.db, Pending: a.audit}.Register(authed)

	sources := datasource.Handlers{S: a.datasources}
	sources.Register(authed)
	query.Handlers{S: a.queries, Sources: sources}.Register(authed)
	chart.Handlers{S: a.charts}.Register(authed)
	dashboard.Handlers{S: a.dashboards}.Register(authed)
	embed.Handlers{S: a.embeds}.Register(authed)
	stats.Handler{Datasources: a.datasources, Queries: a.queries, Charts: a.charts, Executions: a.queries}.Register(authed)

	f.All("/api/*", notFound)
	a.static(f)
	return f
}

// externalRoutes is the separate listener for integrators
// (GOBI_EXTERNAL_ADDR): signed requests only, limits that fail closed,
// every call audited, and only the endpoints an integration needs.
func (a *App) externalRoutes() *fiber.App {
	f := a.newFiber("gobi-external")
	api := f.Group("/api", auth.Require(a.signedAuth()), a.rateLimit(a.limiter, false), audit.Middleware(a.audit, a.cfg.Audit.MaxBody))
	query.Handlers{S: a.queries}.RegisterExternal(api)
	chart.Handlers{S: a.charts}.RegisterExternal(api)
	f.All("*", notFound)
	return f
}

func notFound(c *fiber.Ctx) error {
	return apierr.New(http.StatusNotFound, "not_found", "no such endpoint: %s %s", c.Method(), c.Path())
}

func (a *App) health(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := a.db.PingContext(ctx); err != nil {
		return apierr.Wrap(http.StatusServiceUnavailable, "unavailable", "metadata database unreachable", err)
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// requestContext gives each request a context that is canceled when the
// server shuts down, so running queries stop with it.
func (a *App) requestContext(c *fiber.Ctx) error {
	ctx, cancel := context.WithCancel(a.base)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// accessLog logs one line per request: never headers, bodies or query
// strings, which may carry credentials.
func (a *App) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		if e, ok := err.(*fiber.Error); ok {
			status = e.Code
		}
	}
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelWarn
	}
	a.log.Log(c.UserContext(), level, "request", "method", c.Method(), "path", logPath(c.Path()), "status", status,
		"ms", float64(time.Since(start).Microseconds())/1000, "ip", c.IP())
	return err
}

// contentPolicy is the Content-Security-Policy of every page, before its
// frame-ancestors directive: 'none' everywhere but on embed pages.
const contentPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"

func securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Content-Security-Policy", contentPolicy+"; frame-ancestors 'none'")
	return c.Next()
}
