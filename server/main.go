// Command gobi is the Gobi server: the REST API and the embedded web client
// in one binary. Run it with no arguments to start on embedded defaults.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gobi-bi/gobi/server/app"
	"github.com/gobi-bi/gobi/server/config"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gobi:", err)
		os.Exit(1)
	}
}

func run() error {
	configPath := flag.String("config", "", "YAML config file (default: gobi.yaml in the working directory, if present)")
	flag.Parse()

	cfg, err := config.Load(*configPath, os.LookupEnv)
	if err != nil {
		return err
	}
	log := newLogger(cfg.Log)
	generated, err := cfg.Prepare()
	if err != nil {
		return err
	}
	for _, g := range generated {
		log.Warn("generated a secret and stored it in the data directory; back it up", "file", g, "data_dir", cfg.DataDir)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	errc := make(chan error, 3)
	go func() { errc <- a.HTTP().Listen(cfg.Addr) }()
	log.Info("gobi is listening", "addr", cfg.Addr, "database", cfg.Database.Type, "data_dir", cfg.DataDir)
	if ext := a.External(); ext != nil {
		go func() { errc <- ext.Listen(cfg.External.Addr) }()
		log.Info("external signed API is listening", "addr", cfg.External.Addr)
	}
	if m := a.MetricsListener(); m != nil {
		go func() { errc <- m.Listen(cfg.Metrics.Addr) }()
		log.Info("metrics listener (no authentication) is listening", "addr", cfg.Metrics.Addr)
		if host, _, _ := net.SplitHostPort(cfg.Metrics.Addr); host == "" || net.ParseIP(host).IsUnspecified() {
			log.Warn("the metrics listener binds every interface: bind GOBI_METRICS_ADDR to an internal one, or firewall it", "addr", cfg.Metrics.Addr)
		}
	}

	select {
	case err := <-errc:
		a.Close()
		return fmt.Errorf("listen: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func newLogger(c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
