// Package loopback starts Gobi in-process for the benchmarks: the demo on
// a fresh data directory, its listeners on 127.0.0.1 only.
package loopback

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/app"
	"github.com/gobi-bi/gobi/server/config"
)

// Start builds Gobi with the demo on a temporary data directory, the
// admin's password set to password and mod applied to the default
// configuration; stop closes it and removes the directory.
func Start(password string, mod func(*config.Config)) (a *app.App, stop func(), err error) {
	dir, err := os.MkdirTemp("", "gobi-bench-")
	if err != nil {
		return nil, nil, err
	}
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Auth.AdminPassword = password
	cfg.Log.Level = "error"
	if mod != nil {
		mod(&cfg)
	}
	if _, err := cfg.Prepare(); err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("loopback: %w", err)
	}
	a, err = app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("loopback: %w", err)
	}
	return a, func() { a.Close(); os.RemoveAll(dir) }, nil
}

// Serve serves f on a fresh port of 127.0.0.1 and returns its base URL.
func Serve(f *fiber.App) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = f.Listener(ln) }()
	return "http://" + ln.Addr().String(), nil
}
