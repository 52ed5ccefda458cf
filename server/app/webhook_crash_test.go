package app

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/client"
)

// gobiBinary builds the server once into dir.
func gobiBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "gobi")
	cmd := exec.Command("go", "build", "-o", bin, "./server")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server: %v\n%s", err, out)
	}
	return bin
}

// instance is one Gobi process.
type instance struct {
	cmd  *exec.Cmd
	base string
}

// startGobi runs bin on the PostgreSQL metadata database dsn with the
// webhook settings env adds, and waits until it answers.
func startGobi(t *testing.T, bin, dsn string, env ...string) *instance {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "GOBI_ADDR="+addr, "GOBI_DATA_DIR="+t.TempDir(), "GOBI_DATABASE_TYPE=postgres",
		"GOBI_DATABASE_DSN="+dsn, "GOBI_JWT_SECRET=crash-test-jwt-secret-0123456789abcdef",
		"GOBI_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "GOBI_ADMIN_PASSWORD="+adminPassword,
		"GOBI_DEMO=false", "GOBI_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8", "GOBI_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{cmd: cmd, base: "http://" + addr}
	t.Cleanup(in.kill)
	until(t, 60*time.Second, "gobi answers on "+addr, func() bool {
		res, err := http.Get(in.base + "/healthz")
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == 200
	})
	return in
}

// kill sends SIGKILL: no shutdown, no flushing, as a crash.
func (in *instance) kill() {
	if in.cmd.ProcessState == nil {
		_ = in.cmd.Process.Kill()
		_ = in.cmd.Wait()
	}
}

// TestWebhookCrashExactlyOnce: kill -9 of the only instance between
// attempts, then two instances on the same PostgreSQL: nothing is lost
// and no attempt is made twice. The receiver fails each event's first
// attempt; the retry comes 3 s later, after the kill.
func TestWebhookCrashExactlyOnce(t *testing.T) {
	dsn := store.NewTestDatabase(t, api.Postgres) // skips without GOBI_TEST_POSTGRES_DSN
	bin := gobiBinary(t, t.TempDir())
	var mu sync.Mutex
	seen := map[string]int{}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p api.WebhookPayload
		_ = json.Unmarshal(body, &p)
		mu.Lock()
		seen[p.ID]++
		n := seen[p.ID]
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer rcv.Close()
	env := []string{"GOBI_WEBHOOK_RETRY=0s,3s,1s", "GOBI_WEBHOOK_POLL=100ms", "GOBI_WEBHOOK_LEASE=20s", "GOBI_WEBHOOK_CONCURRENCY=8"}
	one := startGobi(t, bin, dsn, env...)
	ctx := context.Background()
	anon, _ := client.New(one.base)
	s, err := anon.Login(ctx, "admin", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := client.New(one.base, client.WithToken(s.Token))
	h, err := c.CreateWebhook(ctx, api.WebhookInput{Name: "crash", URL: rcv.URL, Events: []string{api.EventWebhookTest}})
	if err != nil {
		t.Fatal(err)
	}
	const events = 40
	for range events {
		if _, err := c.TestWebhook(ctx, h.ID); err != nil {
			t.Fatal(err)
		}
	}
	count := func(c *client.Client, status string) int {
		page, err := c.WebhookDeliveries(ctx, h.ID, client.DeliveryFilter{Status: status, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Deliveries)
	}
	until(t, 20*time.Second, "every first attempt failed and logged", func() bool { return count(c, api.DeliveryFailed) == events })
	one.kill()

	two, three := startGobi(t, bin, dsn, env...), startGobi(t, bin, dsn, env...)
	c2, _ := client.New(two.base, client.WithToken(s.Token))
	until(t, 30*time.Second, "every retry delivered", func() bool { return count(c2, api.DeliverySucceeded) == events })
	time.Sleep(2 * time.Second) // room for a duplicate to show up
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != events {
		t.Fatalf("the receiver saw %d events, want %d", len(seen), events)
	}
	for id, n := range seen {
		if n != 2 {
			t.Errorf("event %s received %d times, want 2 (one failed attempt, one retry)", id, n)
		}
	}
	page, err := c2.WebhookDeliveries(ctx, h.ID, client.DeliveryFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Deliveries) != 2*events {
		t.Fatalf("%d attempts logged, want %d", len(page.Deliveries), 2*events)
	}
	db, err := store.Open(ctx, api.Postgres, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var by []struct {
		Instance string
		N        int
	}
	if err := db.NewRaw("SELECT instance, COUNT(*) AS n FROM webhook_deliveries WHERE status = 'succeeded' GROUP BY instance").Scan(ctx, &by); err != nil {
		t.Fatal(err)
	}
	t.Logf("retries delivered by instance: %+v (instances %s, %s)", by, two.base, three.base)
	if n, _ := db.NewSelect().Table("webhook_outbox").Count(ctx); n != 0 {
		t.Fatalf("%d rows left in the outbox", n)
	}
}
