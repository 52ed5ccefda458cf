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
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/netguard"
	"github.com/gobi-bi/gobi/server/query"
	"github.com/gobi-bi/gobi/server/resultcache"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/store"
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
}

// New builds the app: opens and migrates the metadata store, creates the
// first admin and the demo on first start, and mounts every route. cfg
// must have been Prepared (secrets filled in).
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (_ *App, err error) {
	a := &App{cfg: cfg, log: log}
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
		},
	})
	a.queries = query.NewService(query.Config{
		DB: a.db, Sources: a.datasources, Cache: resultcache.New(cfg.Query.CacheMaxEntries), Log: log,
		Limits: query.Limits{
			DefaultTimeout: cfg.Query.DefaultTimeout, MaxTimeout: cfg.Query.MaxTimeout,
			DefaultMaxRows: cfg.Query.DefaultMaxRows, MaxRows: cfg.Query.MaxRows, CacheTTL: cfg.Query.CacheTTL,
		},
	})

	a.charts = chart.NewService(a.db, a.queries)
	if err := geo.RegisterBuiltin(gobi.Static, "assets/geo"); err != nil {
		return nil, fmt.Errorf("base maps: %w", err)
	}

	admin, err := auth.EnsureAdmin(ctx, a.users, cfg.Auth.AdminPassword, log)
	if err != nil {
		return nil, fmt.Errorf("create first admin: %w", err)
	}
	if cfg.Demo && admin != nil {
		if err := a.seedDemo(ctx, admin, filepath.Join(cfg.DatasetsDir(), demoFile)); err != nil {
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	a.http = a.routes()
	return a, nil
}

// HTTP returns the Fiber app, for Listen and for in-process tests.
func (a *App) HTTP() *fiber.App { return a.http }

// Shutdown stops accepting requests, cancels running ones, waits for the
// rest up to ctx's deadline, and closes every resource.
func (a *App) Shutdown(ctx context.Context) error {
	var errs []error
	if a.http != nil {
		errs = append(errs, a.http.ShutdownWithContext(ctx))
	}
	errs = append(errs, a.Close())
	return errors.Join(errs...)
}

// Close releases pools and the metadata database.
func (a *App) Close() error {
	a.cancel()
	var errs []error
	if a.datasources != nil {
		errs = append(errs, a.datasources.Close())
	}
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	return errors.Join(errs...)
}
