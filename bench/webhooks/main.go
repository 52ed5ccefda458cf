// Command webhooks measures webhook delivery on PostgreSQL: deliveries
// per second and enqueue-to-delivery latency for 10,000 events to a
// loopback receiver, with one and with three Gobi instances (in one
// process, each with its own outbox workers, sharing the database), and
// what the outbox write adds to the transaction that emits an event.
//
//	GOBI_TEST_POSTGRES_DSN='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go run ./bench/webhooks
//	go run ./bench/webhooks -events 10000 -rate 300 -concurrency 32
//
// "burst" queues every event at once and reports the drain rate and the
// latency (which then is mostly queueing); "steady" emits at -rate events
// per second, the latency an event sees when the workers keep up.
// Latency is from the emitting transaction's commit to the receiver's
// read of the request.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/app"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/client"
)

func main() {
	events := flag.Int("events", 10000, "events per run")
	rate := flag.Float64("rate", 300, "events per second in the steady runs")
	steadyEvents := flag.Int("steady-events", 3000, "events per steady run")
	conc := flag.Int("concurrency", 32, "outbox workers per instance (GOBI_WEBHOOK_CONCURRENCY)")
	flag.Parse()
	dsn := os.Getenv("GOBI_TEST_POSTGRES_DSN")
	if dsn == "" {
		fmt.Fprintln(os.Stderr, "webhooks: set GOBI_TEST_POSTGRES_DSN (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
		os.Exit(2)
	}
	if err := run(dsn, *events, *steadyEvents, *rate, *conc); err != nil {
		fmt.Fprintln(os.Stderr, "webhooks:", err)
		os.Exit(1)
	}
}

// receiver notes when each event id arrives.
type receiver struct {
	mu  sync.Mutex
	got map[string]time.Time
	all chan struct{}
	n   int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	at := time.Now()
	body, _ := io.ReadAll(req.Body)
	var p api.WebhookPayload
	_ = json.Unmarshal(body, &p)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.got[p.ID]; !dup {
		r.got[p.ID] = at
		if len(r.got) == r.n && r.n > 0 {
			close(r.all)
		}
	}
}

func (r *receiver) reset(n int) {
	r.mu.Lock()
	r.got, r.n, r.all = map[string]time.Time{}, n, make(chan struct{})
	r.mu.Unlock()
}

func run(baseDSN string, events, steadyEvents int, rate float64, conc int) error {
	ctx := context.Background()
	dsn, drop, err := freshDatabase(ctx, baseDSN)
	if err != nil {
		return err
	}
	defer drop()
	rcv := &receiver{}
	rcv.reset(0)
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	dataDir, err := os.MkdirTemp("", "gobi-bench-webhooks")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)

	apps := []*app.App{}
	defer func() {
		for _, a := range apps {
			_ = a.Close()
		}
	}()
	start := func() (*app.App, error) {
		cfg := config.Default()
		cfg.DataDir, cfg.Database.Type, cfg.Database.DSN = dataDir, api.Postgres, dsn
		cfg.Auth.AdminPassword, cfg.Demo = "bench-admin-password", false
		cfg.Webhooks.AllowedNetworks = []string{"127.0.0.0/8"}
		cfg.Webhooks.Concurrency, cfg.Webhooks.Poll = conc, 100*time.Millisecond
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		if _, err := cfg.Prepare(); err != nil {
			return nil, err
		}
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
		a, err := app.New(ctx, cfg, log)
		if err == nil {
			apps = append(apps, a)
		}
		return a, err
	}
	first, err := start()
	if err != nil {
		return err
	}
	ownerID, err := createWebhook(ctx, first, srv.URL)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, api.Postgres, dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	if err := emitCost(ctx, db, first, ownerID); err != nil {
		return err
	}
	fmt.Printf("%-10s %-7s %8s %12s %10s %10s %10s\n", "instances", "mode", "events", "deliveries/s", "p50", "p99", "max")
	for _, n := range []int{1, 3} {
		for len(apps) < n {
			if _, err := start(); err != nil {
				return err
			}
		}
		for _, mode := range []string{"burst", "steady"} {
			count, r := events, 0.0
			if mode == "steady" {
				count, r = steadyEvents, rate
			}
			if err := measure(ctx, db, apps, ownerID, rcv, n, mode, count, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// emitters is how many transactions emit events at once.
const emitters = 16

// measure emits count events (at rate per second, or as fast as
// emitters transactions at once can when rate is 0) through the
// instances in turn and waits for all of them.
func measure(ctx context.Context, db *bun.DB, apps []*app.App, ownerID int64, rcv *receiver, n int, mode string, count int, rate float64) error {
	rcv.reset(count)
	var (
		mu        sync.Mutex
		committed = make(map[string]time.Time, count)
		failed    error
		wg        sync.WaitGroup
		slots     = make(chan struct{}, emitters)
	)
	begin := time.Now()
	for i := range count {
		if rate > 0 {
			if d := time.Until(begin.Add(time.Duration(float64(i) / rate * float64(time.Second)))); d > 0 {
				time.Sleep(d)
			}
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			a := apps[i%n]
			var id string
			err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				var err error
				id, err = a.Outbox().Emit(ctx, tx, ownerID, api.EventReportGenerated, api.ReportEvent{ReportID: int64(i), Status: "success"})
				return err
			})
			at := time.Now()
			mu.Lock()
			committed[id], failed = at, errors.Join(failed, err)
			mu.Unlock()
			a.Outbox().Kick()
		}()
	}
	wg.Wait()
	if failed != nil {
		return failed
	}
	select {
	case <-rcv.all:
	case <-time.After(5 * time.Minute):
		return errors.New("not every event arrived within 5 minutes")
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	var lat []time.Duration
	var firstAt, lastAt time.Time
	for id, at := range rcv.got {
		lat = append(lat, at.Sub(committed[id]))
		if firstAt.IsZero() || at.Before(firstAt) {
			firstAt = at
		}
		if at.After(lastAt) {
			lastAt = at
		}
	}
	slices.Sort(lat)
	span := lastAt.Sub(begin)
	pct := func(p float64) time.Duration {
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(time.Millisecond)
	}
	fmt.Printf("%-10d %-7s %8d %12.0f %10v %10v %10v\n", n, mode, count, float64(count)/span.Seconds(), pct(0.5), pct(0.99), lat[len(lat)-1].Round(time.Millisecond))
	return nil
}

// emitCost compares a transaction that inserts one row with the same
// transaction that also emits an event (subscriber lookup + outbox row).
func emitCost(ctx context.Context, db *bun.DB, a *app.App, ownerID int64) error {
	if _, err := db.ExecContext(ctx, "CREATE TABLE bench_changes (id BIGSERIAL PRIMARY KEY, note TEXT NOT NULL)"); err != nil {
		return err
	}
	const rounds = 1000
	var plain, with []time.Duration
	for i := range 2 * rounds {
		emit := i%2 == 1
		t0 := time.Now()
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO bench_changes (note) VALUES (?)", "report generated"); err != nil {
				return err
			}
			if emit {
				_, err := a.Outbox().Emit(ctx, tx, ownerID, api.EventReportGenerated, api.ReportEvent{ReportID: int64(i), Status: "success"})
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
		if emit {
			with = append(with, time.Since(t0))
		} else {
			plain = append(plain, time.Since(t0))
		}
	}
	slices.Sort(plain)
	slices.Sort(with)
	med := func(d []time.Duration) time.Duration { return d[len(d)/2] }
	fmt.Printf("emitting transaction (median of %d): plain %v, with the outbox write %v: +%v\n",
		rounds, med(plain).Round(time.Microsecond), med(with).Round(time.Microsecond), (med(with) - med(plain)).Round(time.Microsecond))
	// Let the queued events drain before the measured runs.
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var n int
		if err := db.NewRaw("SELECT COUNT(*) FROM webhook_outbox").Scan(ctx, &n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the emit-cost events did not drain")
}

// createWebhook registers the receiver through the API of a and returns
// its owner's id.
func createWebhook(ctx context.Context, a *app.App, url string) (int64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	go func() { _ = a.HTTP().Listener(ln) }()
	base := "http://" + ln.Addr().String()
	anon, _ := client.New(base)
	s, err := anon.Login(ctx, "admin", "bench-admin-password")
	if err != nil {
		return 0, err
	}
	c, _ := client.New(base, client.WithToken(s.Token))
	h, err := c.CreateWebhook(ctx, api.WebhookInput{Name: "bench", URL: url, Events: []string{api.EventReportGenerated}})
	if err != nil {
		return 0, err
	}
	return h.OwnerID, nil
}

// freshDatabase creates a database of its own next to base's.
func freshDatabase(ctx context.Context, base string) (string, func(), error) {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "gobi_bench_wh_" + hex.EncodeToString(b)
	admin, err := store.Open(ctx, api.Postgres, base)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}, nil
}
