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
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/server/stats"
	"github.com/gobi-bi/gobi/shared/signing"
)

// newFiber is a Fiber app with Gobi's error format, panic recovery,
// request contexts, access log and security headers.
func (a *App) newFiber(name string) *fiber.App {
	handle := apierr.Handler(a.log)
	f := fiber.New(fiber.Config{
		AppName: name,
		// Errors Fiber answers before any middleware runs (413 for a body
		// over the limit, 431, …) get the security headers here too.
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			setSecurityHeaders(c)
			if c.Locals(accessLogged) == nil {
				// No middleware ran (fasthttp refused the request while
				// reading it): this is the request's only log line.
				requestid.Ensure(c, len(a.cfg.TrustedProxies) > 0)
				a.logRequest(c, time.Now(), apierr.Status(err))
			}
			return handle(c, err)
		},
		BodyLimit:             a.cfg.BodyLimit,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          writeTimeout, // see results.go
		IdleTimeout:           2 * time.Minute,
		JSONEncoder:           encodeJSON,
		DisableStartupMessage: true,
		// c.IP() is the client's address, not a load balancer's, only
		// when the request came through a configured proxy.
		EnableTrustedProxyCheck: len(a.cfg.TrustedProxies) > 0,
		TrustedProxies:          a.cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(a.cfg.TrustedProxies),
	})
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		a.log.Error("panic in handler", "method", c.Method(), "path", c.Path(), "panic", e)
	}}))
	f.Use(a.requestContext, requestid.Middleware(len(a.cfg.TrustedProxies) > 0), a.observeRequests(name), a.accessLog, securityHeaders, rejectControlChars)
	f.Use(holdResults)
	// The WebAssembly client is sent precompressed (see static.go).
	f.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool {
		return strings.HasSuffix(c.Path(), ".wasm")
	}}))
	f.Get("/healthz", a.health)
	f.Get("/readyz", a.ready)
	return f
}

func (a *App) signedAuth() apikey.Signed {
	return apikey.Signed{S: a.apikeys, Replay: a.replay, Log: a.log,
		Verifier: signing.Verifier{Skew: a.cfg.External.Skew, MaxBody: int64(a.cfg.BodyLimit)}}
}

func (a *App) routes() *fiber.App {
	f := a.newFiber("gobi")
	f.Get("/metrics", a.metricsAccess, a.metrics.Handler()) // see metrics.go
	jwt := auth.JWT{Tokens: a.tokens, Users: a.users}
	api := f.Group("/api")
	authHandlers := &auth.Handlers{Users: a.users, Tokens: a.tokens, LoginGuard: a.loginGuard(a.lenient),
		PasswordGuard:    a.passwordGuard(a.lenient),
		OpenRegistration: a.cfg.Auth.Registration == "open", Optional: auth.Optional(jwt)}
	authHandlers.RegisterPublic(api)
	a.embedRoutes(f, api)
	// Everything registered after this point needs credentials: a session,
	// an API key, or a signed request; then the caller's rate limit. The
	// audit log wraps both, so it records the key requests they refuse.
	authed := api.Group("", audit.Middleware(a.audit, a.auditOptions(false)),
		auth.Require(jwt, apikey.Bearer{S: a.apikeys}, a.signedAuth()), a.rateLimit(a.lenient, true))
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
	apikey.Routes.Enforce(f) // last: every route above checks key scopes
	return f
}

// externalRoutes is the separate listener for integrators
// (GOBI_EXTERNAL_ADDR): signed requests only, limits that fail closed,
// every call audited, and only the endpoints an integration needs.
func (a *App) externalRoutes() *fiber.App {
	f := a.newFiber("gobi-external")
	api := f.Group("/api", audit.Middleware(a.audit, a.auditOptions(true)), auth.Require(a.signedAuth()), a.rateLimit(a.limiter, false))
	query.Handlers{S: a.queries}.RegisterExternal(api)
	chart.Handlers{S: a.charts}.RegisterExternal(api)
	f.All("*", notFound)
	apikey.Routes.Enforce(f)
	return f
}

// auditOptions configures the audit middleware; on the external listener
// (anonymous) calls without credentials are recorded too.
func (a *App) auditOptions(anonymous bool) audit.Options {
	return audit.Options{MaxBody: a.cfg.Audit.MaxBody, Durable: a.cfg.Audit.Durable, Anonymous: anonymous}
}

func notFound(c *fiber.Ctx) error {
	return apierr.New(http.StatusNotFound, "not_found", "no such endpoint: %s %s", c.Method(), c.Path())
}

// health is liveness: the process answers. A load balancer restarts an
// instance that fails it, so it checks nothing outside the process.
func (a *App) health(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// ready is readiness: the metadata database answers, and Redis when one
// is configured. A load balancer sends no traffic to an instance that
// fails it (503, naming what is down).
func (a *App) ready(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{}
	var down []string
	if err := a.db.PingContext(ctx); err != nil {
		checks["metadata"], down = "down", append(down, "metadata database")
		a.log.WarnContext(ctx, "readiness: metadata database unreachable", "err", err)
	} else {
		checks["metadata"] = "ok"
	}
	if a.redis != nil {
		if err := a.redis.Ping(ctx).Err(); err != nil {
			checks["redis"], down = "down", append(down, "redis")
			a.log.WarnContext(ctx, "readiness: redis unreachable", "err", err)
		} else {
			checks["redis"] = "ok"
		}
	}
	if len(down) > 0 {
		return apierr.New(http.StatusServiceUnavailable, "unavailable", "not ready: %s unreachable", strings.Join(down, " and "))
	}
	return c.JSON(fiber.Map{"status": "ok", "checks": checks})
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
	c.Locals(accessLogged, true)
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = apierr.Status(err) // what the error handler will send
	}
	a.logRequest(c, start, status)
	return err
}

// accessLogged marks a request that went through accessLog.
const accessLogged = "gobi.access-logged"

func (a *App) logRequest(c *fiber.Ctx, start time.Time, status int) {
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelWarn
	}
	a.log.Log(c.UserContext(), level, "request", "method", c.Method(), "path", logPath(c.Path()), "status", status,
		"ms", float64(time.Since(start).Microseconds())/1000, "ip", c.IP())
}

// contentPolicy is the Content-Security-Policy of every page, before its
// frame-ancestors directive: 'none' everywhere but on embed pages.
const contentPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"

func securityHeaders(c *fiber.Ctx) error {
	setSecurityHeaders(c)
	return c.Next()
}

func setSecurityHeaders(c *fiber.Ctx) {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	if len(c.Response().Header.Peek("Content-Security-Policy")) == 0 {
		// Embed pages set their own frame-ancestors; keep it.
		c.Set("X-Frame-Options", "DENY")
		c.Set("Content-Security-Policy", contentPolicy+"; frame-ancestors 'none'")
	}
}

// proxyHeader is the header Fiber reads the client address from behind
// trusted proxies; without any, none is read.
func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// rejectControlChars answers 400 when the decoded path or a query value
// carries a control character (a NUL is a 500 on some stores and silently
// cut on others); bodies are checked by apierr.Decode.
func rejectControlChars(c *fiber.Ctx) error {
	if bad := apierr.ControlChar(string(c.Request().URI().Path()), true); bad != "" { // decoded
		return apierr.BadRequest("the path contains a control character (%s)", bad)
	}
	var err error
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
		if err != nil {
			return
		}
		if bad := apierr.ControlChar(string(k), true); bad != "" {
			err = apierr.BadRequest("a query parameter name contains a control character (%s)", bad)
		} else if bad := apierr.ControlChar(string(v), false); bad != "" {
			err = apierr.BadRequest("query parameter %q contains a control character (%s)", k, bad)
		}
	})
	if err != nil {
		return err
	}
	return c.Next()
}
