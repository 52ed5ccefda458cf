// Package app wires Gobi together: configuration in, a ready Fiber app
// out. Every dependency is built here by hand, so the whole graph can be
// read in one file.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/server/apikey"
	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/batch"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/dashboard"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/embed"
	"github.com/gobi-bi/gobi/server/metrics"
	"github.com/gobi-bi/gobi/server/netguard"
	"github.com/gobi-bi/gobi/server/outbox"
	"github.com/gobi-bi/gobi/server/query"
	"github.com/gobi-bi/gobi/server/ratelimit"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/server/replay"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/server/resultcache"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/share"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/server/webhook"
)

// App is a running Gobi instance.
type App struct {
	cfg  config.Config
	log  *slog.Logger
	db   *bun.DB
	http *fiber.App

	// base is canceled at shutdown; every request context derives from it.
	base   context.Context
	cancel context.CancelFunc

	users       *auth.Users
	tokens      *auth.Tokens
	datasources *datasource.Service
	queries     *query.Service
	charts      *chart.Service
	dashboards  *dashboard.Service
	embeds      *embed.Service
	shares      *share.Service
	apikeys     *apikey.Service
	// webhooks and outbox deliver events (see webhooks.go).
	webhooks   *webhook.Service
	outbox     *outbox.Outbox
	outboxDone chan struct{}

	redis   *redis.Client
	limiter limiter
	replay  apikey.ReplayStore
	audit   *batch.Writer[audit.Entry]
	// executions records query runs off the request path.
	executions *batch.Writer[query.Execution]
	external   *fiber.App

	// lenient holds the failed-login buckets (see loginGuard) and the
	// internal API's and embed links' buckets: with Redis they fall back
	// to memory while Redis is down (one warning a minute), so nothing is
	// unlimited and nothing is refused for it. limiter, which fails, is
	// kept for the external listener, whose limits fail closed.
	lenient ratelimit.Store
	// results bounds the query results held at once (see results.go).
	results *readonly.Budget

	// ops is the route table; api serves it on the main listener.
	ops route.Table
	api *route.Mount
	// metrics is this instance's Prometheus registry; metricsHTTP serves
	// it on GOBI_METRICS_ADDR (see metrics.go).
	metrics     *metrics.Metrics
	metricsHTTP *fiber.App
}

// New builds the app: opens and migrates the metadata store, creates the
// first admin and the demo on first start, and mounts every route. cfg
// must have been Prepared (secrets filled in).
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (_ *App, err error) {
	// Every line logged with a request's context names its request id.
	log = slog.New(requestid.NewHandler(log.Handler()))
	a := &App{cfg: cfg, log: log, metrics: metrics.New()}
	a.base, a.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	dsn := cfg.Database.DSN
	if cfg.Database.Type == "sqlite" {
		dsn = cfg.SQLitePath()
	}
	if a.db, err = store.Open(ctx, cfg.Database.Type, dsn); err != nil {
		return nil, err
	}
	applied, err := store.Migrate(ctx, a.db)
	if err != nil {
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", applied)
	}
	key, err := config.DecodeKey(cfg.EncryptionKey)
	if err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	box, err := seal.New(key)
	if err != nil {
		return nil, err
	}
	policy, err := netguard.ParsePolicy(cfg.Datasources.AllowedNetworks)
	if err != nil {
		return nil, fmt.Errorf("datasources.allowed_networks: %w", err)
	}

	a.users = auth.NewUsers(a.db)
	if a.tokens, err = auth.NewTokens(cfg.Auth.JWTSecret, time.Duration(cfg.Auth.ExpirationHours)*time.Hour); err != nil {
		return nil, err
	}
	forbidden := []string{}
	if cfg.Database.Type == "sqlite" {
		forbidden = append(forbidden, dsn)
	}
	a.datasources = datasource.NewService(datasource.Config{
		DB: a.db, Box: box, Policy: policy, DatasetsDir: cfg.DatasetsDir(), Forbidden: forbidden,
		Limits: datasource.Limits{
			MaxOpenConns: cfg.Datasources.MaxOpenConns, MaxIdleConns: cfg.Datasources.MaxIdleConns,
			ConnMaxLife: cfg.Datasources.ConnMaxLifetime, MaxQueryTimout: cfg.Query.MaxTimeout, MaxRows: cfg.Query.MaxRows,
			MaxResultBytes: cfg.Query.MaxResultBytes,
		},
	})
	if err := a.datasources.WarnPrivileged(ctx, log); err != nil {
		return nil, err
	}
	a.results = readonly.NewBudget(cfg.Query.MaxTotalResultBytes, resultBudgetWait)
	a.executions = batch.New[query.Execution](a.db, log, "query executions", 200, 200*time.Millisecond)
	cache := resultcache.New(cfg.Query.CacheMaxEntries, cfg.Query.CacheMaxBytes)
	a.queries = query.NewService(query.Config{
		DB: a.db, Sources: a.datasources, Cache: cache, Log: log,
		History: a.executions, Observer: a.metrics,
		Limits: query.Limits{
			DefaultTimeout: cfg.Query.DefaultTimeout, MaxTimeout: cfg.Query.MaxTimeout,
			DefaultMaxRows: cfg.Query.DefaultMaxRows, MaxRows: cfg.Query.MaxRows, CacheTTL: cfg.Query.CacheTTL,
			MaxResultBytes: cfg.Query.MaxResultBytes, MaxCellBytes: cfg.Query.MaxCellBytes,
			SlowQuery: cfg.Query.SlowThreshold,
		},
		Budget: a.results,
	})

	a.charts = chart.NewService(a.db, a.queries)
	a.charts.LimitRendering(chart.RenderLimits{MaxPixels: cfg.Render.MaxPixels, Concurrency: cfg.Render.Concurrency})
	a.dashboards = dashboard.NewService(a.db, a.charts)
	a.dashboards.OfferChoices(a.queries)
	a.shares = share.NewService(a.db)
	a.queries.ShareWith(a.shares)
	a.charts.ShareWith(a.shares)
	a.dashboards.ShareWith(a.shares)
	a.dashboards.RenderWith(a.charts)
	if a.embeds, err = embed.NewService(a.db, cfg.Auth.JWTSecret, a.charts, a.dashboards, a.users); err != nil {
		return nil, err
	}
	if err := a.openWebhooks(box); err != nil {
		return nil, err
	}
	if err := geo.RegisterBuiltin(gobi.Static, "assets/geo"); err != nil {
		return nil, fmt.Errorf("base maps: %w", err)
	}

	if err := a.openLimits(ctx); err != nil {
		return nil, err
	}
	a.apikeys = apikey.NewService(a.db, box, a.users, apikey.Defaults{Rate: cfg.RateLimit.KeyRate, Burst: cfg.RateLimit.KeyBurst})
	a.audit = batch.New[audit.Entry](a.db, log, "audit entries", 200, 200*time.Millisecond)
	go a.pruneAudit()

	admin, err := auth.EnsureAdmin(ctx, a.users, cfg.Auth.AdminPassword, log)
	if err != nil {
		return nil, fmt.Errorf("create first admin: %w", err)
	}
	if cfg.Demo && admin != nil {
		if err := a.seedDemo(ctx, admin, filepath.Join(cfg.DatasetsDir(), demoFile)); err != nil {
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	a.instrument(cache)
	a.http = a.routes()
	if cfg.External.Addr != "" {
		a.external = a.externalRoutes()
	}
	if cfg.Metrics.Addr != "" {
		a.metricsHTTP = a.metricsRoutes()
	}
	return a, nil
}

// openLimits picks Redis for rate limits and replay protection when
// configured (shared by every instance), memory otherwise. A configured
// Redis that does not answer stops start-up: silently falling back would
// give each instance its own limits.
func (a *App) openLimits(ctx context.Context) error {
	if a.cfg.RedisURL == "" {
		a.limiter, a.replay = ratelimit.NewMemory(), replay.NewMemory()
		a.lenient = ratelimit.NewMemory()
		return nil
	}
	opt, err := redis.ParseURL(a.cfg.RedisURL)
	if err != nil {
		return fmt.Errorf("redis_url (GOBI_REDIS_URL): %w", err)
	}
	// Fail fast: a slow Redis must not hold requests (go-redis retries
	// dials five times by default).
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = 2*time.Second, time.Second, time.Second
	opt.DialerRetries, opt.MaxRetries = 1, 1
	a.redis = redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := a.redis.Ping(pctx).Err(); err != nil {
		return fmt.Errorf("redis (GOBI_REDIS_URL) does not answer: %w", err)
	}
	rl := ratelimit.NewRedis(a.redis, "gobi:rl:")
	a.limiter = rl
	// Logins, the internal API and embed links keep being limited, per
	// instance, while Redis is down.
	a.lenient = ratelimit.NewFallback(rl, ratelimit.NewMemory(), a.log)
	a.replay = replay.NewRedis(a.redis, "gobi:replay:")
	return nil
}

// pruneAudit deletes audit entries past their retention, hourly.
func (a *App) pruneAudit() {
	if a.cfg.Audit.Retention <= 0 {
		return
	}
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := audit.Prune(a.base, a.db, a.cfg.Audit.Retention); err != nil {
			if a.base.Err() == nil {
				a.log.Error("audit retention", "err", err)
			}
		} else if n > 0 {
			a.log.Info("pruned audit log", "entries", n)
		}
		select {
		case <-a.base.Done():
			return
		case <-t.C:
		}
	}
}

// External returns the signed-API listener's app, or nil when
// GOBI_EXTERNAL_ADDR is not set.
func (a *App) External() *fiber.App { return a.external }

// HTTP returns the Fiber app, for Listen and for in-process tests.
func (a *App) HTTP() *fiber.App { return a.http }

// Shutdown stops accepting requests, cancels running ones, waits for the
// rest up to ctx's deadline, and closes every resource.
func (a *App) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range []*fiber.App{a.http, a.external, a.metricsHTTP} {
		if f != nil {
			errs = append(errs, f.ShutdownWithContext(ctx))
		}
	}
	errs = append(errs, a.Close())
	return errors.Join(errs...)
}

// Close flushes the audit log and the execution history and releases pools, Redis and the metadata
// database.
func (a *App) Close() error {
	a.cancel()
	a.stopWebhooks()
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if a.audit != nil {
		errs = append(errs, a.audit.Close(ctx))
	}
	if a.executions != nil {
		errs = append(errs, a.executions.Close(ctx))
	}
	if a.redis != nil {
		errs = append(errs, a.redis.Close())
	}
	if a.datasources != nil {
		errs = append(errs, a.datasources.Close())
	}
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	return errors.Join(errs...)
}

// AuditDropped is how many refused-call audit entries were dropped
// because the writer's buffer was over its cap (for metrics).
func (a *App) AuditDropped() uint64 { return a.audit.Dropped() }

// Charts returns the chart service; bench/perimeter mounts it without the
// perimeter to measure what the perimeter costs.
func (a *App) Charts() *chart.Service { return a.charts }
