package app

import (
	"bytes"
	"context"
	"fmt"
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
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/server/stats"
	"github.com/gobi-bi/gobi/shared/api"
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
		JSONEncoder:           route.EncodeJSON, // results in one buffer of their size
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
	f.Use(a.requestContext, requestid.Middleware(len(a.cfg.TrustedProxies) > 0), a.observeRequests(name), a.accessLog, securityHeaders,
		rejectEncodedBodies, rejectControlChars)
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
	a.ops = a.table()
	m := a.mount(f, "Gobi API", false)
	f.Get("/metrics", a.metricsAccess, a.metrics.Handler()) // see metrics.go
	jwt := auth.JWT{Tokens: a.tokens, Users: a.users}
	// Fiber runs middleware and routes in registration order. First what
	// needs no credentials, or only an embed token (its guards check it):
	// the session authentication below refuses embed tokens.
	a.embedPage(f)
	m.Add(a.ops.Only(route.Public, route.Embed)...)
	a.document(f, m)
	// Then everything else needs credentials: a session, an API key, or a
	// signed request; then the caller's rate limit. The audit log wraps
	// both, so it records the key requests they refuse. Each operation
	// then checks the caller's role and key scopes (route.Access).
	f.Use("/api", audit.Middleware(a.audit, a.auditOptions(false)),
		auth.Require(jwt, apikey.Bearer{S: a.apikeys}, a.signedAuth()), a.rateLimit(a.lenient, true))
	m.Add(a.ops.Only(route.Caller, route.Session)...)
	f.All("/api/*", notFound)
	a.static(f)
	a.api = m
	return f
}

// table is every operation of the API, in the order the document lists
// them. The account operations are declared here because package auth,
// which the route adapter itself depends on, cannot import it.
func (a *App) table() route.Table {
	acct := &auth.API{Users: a.users, Tokens: a.tokens, OpenRegistration: a.cfg.Auth.Registration == "open"}
	jwt := auth.JWT{Tokens: a.tokens, Users: a.users}
	t := route.Table{
		route.Post("/api/auth/login", "login", acct.Login).
			Doc("Log in", "Exchanges a username and password for a session token (a JWT). Failed attempts are throttled per address and per username.").
			Open().Guard(a.loginGuard(a.lenient)).Documents(http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable),
		route.Post("/api/auth/register", "register", acct.Register).
			Doc("Create an account",
				"With registration open (GOBI_REGISTRATION=open) anyone may create their own user account and is answered with a session; "+
					"otherwise only an admin may, with their session, and may create admins.").
			Open().Guard(auth.Optional(jwt)).Returns(http.StatusCreated).Documents(http.StatusForbidden, http.StatusConflict),
		route.Get("/api/auth/me", "get-me", acct.Me).Doc("Who am I").Needs(api.ScopeRead),
		route.Get("/api/users", "list-users", acct.List).Doc("List users").SessionOnly().Admin(),
		route.Get("/api/users/directory", "list-user-directory", acct.Directory).
			Doc("List users to share with", "Every user's id and username, for any signed-in user: whom a dashboard, chart or query can be shared with.").
			Needs(api.ScopeRead),
		route.Put("/api/users/{id}", "update-user", acct.Update).
			Doc("Change a user's role or password",
				"Admins may change anyone's; users their own password, given the current one. Either change ends the user's other sessions.").
			SessionOnly().Guard(a.passwordGuard(a.lenient)).Documents(http.StatusConflict),
		route.Delete("/api/users/{id}", "delete-user", func(ctx context.Context, p auth.Principal, in *route.ID) (route.NoContent, error) {
			return route.NoContent{}, acct.Delete(ctx, p, in.ID)
		}).Doc("Delete a user").SessionOnly().Admin().Documents(http.StatusConflict),
	}.Tagged("Accounts")
	t = append(t, a.apikeys.Ops()...)
	t = append(t, audit.Log{DB: a.db, Pending: a.audit}.Ops()...)
	t = append(t, a.datasources.Ops()...)
	t = append(t, a.queries.Ops()...)
	t = append(t, a.charts.Ops()...)
	t = append(t, a.dashboards.Ops()...)
	t = append(t, a.embeds.Ops(a.embedLimit())...)
	t = append(t, a.webhooks.Ops()...)
	t = append(t, a.shares.Ops()...)
	t = append(t, stats.Handler{Datasources: a.datasources, Queries: a.queries, Charts: a.charts, Executions: a.queries}.Ops()...)
	if err := t.Check(); err != nil {
		panic(err) // a mistake in the table above, caught by every test
	}
	return t
}

// mount prepares f to serve operations documented as title; signedOnly
// for a listener that accepts signed requests only.
func (a *App) mount(f *fiber.App, title string, signedOnly bool) *route.Mount {
	return route.NewMount(f, route.Config{Title: title, Version: apiVersion, Description: apiDescription,
		MaxBody: a.cfg.BodyLimit, Log: a.log, Schemas: chart.Schemas, SignedOnly: signedOnly})
}

// externalRoutes is the separate listener for integrators
// (GOBI_EXTERNAL_ADDR): signed requests only, limits that fail closed,
// every call audited, and only the operations the table marks external.
func (a *App) externalRoutes() *fiber.App {
	f := a.newFiber("gobi-external")
	m := a.mount(f, "Gobi external API", true)
	a.document(f, m) // its own document: the external operations only
	f.Use("/api", audit.Middleware(a.audit, a.auditOptions(true)), auth.Require(a.signedAuth()), a.rateLimit(a.limiter, false))
	m.Add(a.ops.External()...)
	f.All("*", notFound)
	return f
}

// auditOptions configures the audit middleware; on the external listener
// (anonymous) calls without credentials are recorded too.
func (a *App) auditOptions(anonymous bool) audit.Options {
	return audit.Options{MaxBody: a.cfg.Audit.MaxBody, Durable: a.cfg.Audit.Durable, Anonymous: anonymous}
}

func notFound(c *fiber.Ctx) error {
	return fault.New(fault.NotFound, "", "no such endpoint: %s %s", c.Method(), c.Path())
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
		return fault.Retry(fault.Unavailable, 5*time.Second, fmt.Sprintf("not ready: %s unreachable", strings.Join(down, " and ")), nil)
	}
	return c.JSON(fiber.Map{"status": "ok", "checks": checks})
}

// requestContext gives each request a context that is canceled when the
// server shuts down, so running queries stop with it.
func (a *App) requestContext(c *fiber.Ctx) error {
	ctx, cancel := context.WithCancel(a.base)
	defer cancel()
	c.SetUserContext(route.WithOutcome(ctx))
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

// rejectEncodedBodies answers 415 to a request whose body is sent
// compressed (Content-Encoding other than identity). Fiber's c.Body()
// inflates such a body on every call, with no limit and through any
// number of stacked encodings ("gzip, gzip"): a request of a few hundred
// bytes would become gigabytes before the body limit, the login guard,
// the signature check or the route adapter could refuse it. No client of
// Gobi compresses what it sends.
func rejectEncodedBodies(c *fiber.Ctx) error {
	encoded := false
	for k, v := range c.Request().Header.All() { // every Content-Encoding line, without allocating
		if bytes.EqualFold(k, []byte(fiber.HeaderContentEncoding)) {
			for e := range bytes.SplitSeq(v, []byte(",")) {
				if e = bytes.TrimSpace(e); len(e) > 0 && !bytes.EqualFold(e, []byte("identity")) {
					encoded = true
				}
			}
		}
	}
	if encoded && len(c.Request().Body()) > 0 { // the raw body, not inflated
		return fiber.NewError(http.StatusUnsupportedMediaType,
			"compressed request bodies are not accepted: send the body without Content-Encoding")
	}
	return c.Next()
}

// rejectControlChars answers 400 when the decoded path or a query value
// carries a control character (a NUL is a 500 on some stores and silently
// cut on others); bodies are checked by the route adapter.
func rejectControlChars(c *fiber.Ctx) error {
	if bad := route.ControlChar(string(c.Request().URI().Path()), true); bad != "" { // decoded
		return fault.BadRequest("the path contains a control character (%s)", bad)
	}
	for k, v := range c.Request().URI().QueryArgs().All() {
		if bad := route.ControlChar(string(k), true); bad != "" {
			return fault.BadRequest("a query parameter name contains a control character (%s)", bad)
		}
		if bad := route.ControlChar(string(v), false); bad != "" {
			return fault.BadRequest("query parameter %q contains a control character (%s)", k, bad)
		}
	}
	return c.Next()
}
