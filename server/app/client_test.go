package app

import (
	"bytes"
	"context"
	"image/png"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/client"
)

// listen serves the app on a loopback port for the Go client.
func (ta *testApp) listen(external bool) string {
	ta.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ta.t.Fatal(err)
	}
	f := ta.app.HTTP()
	if external {
		f = ta.app.External()
	}
	go func() { _ = f.Listener(ln) }()
	ta.t.Cleanup(func() { _ = f.Shutdown() })
	return "http://" + ln.Addr().String()
}

func TestGoClient(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	base, ext := ta.listen(false), ta.listen(true)
	ctx := context.Background()

	anon, err := client.New(base)
	if err != nil {
		t.Fatal(err)
	}
	s, err := anon.Login(ctx, "admin", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := anon.Login(ctx, "admin", "wrong-password"); !client.IsStatus(err, 401) {
		t.Fatalf("bad login: %v", err)
	}
	c, _ := client.New(base, client.WithToken(s.Token))
	qs, err := c.Queries(ctx)
	if err != nil || len(qs) == 0 {
		t.Fatalf("queries: %d, %v", len(qs), err)
	}
	img, err := c.RenderChart(ctx, 4, "png", client.RenderOptions{Width: 400, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Fatalf("RenderChart PNG: %v", err)
	}
	k, err := c.CreateAPIKey(ctx, api.APIKeyInput{Name: "sdk", Rate: 1, Burst: 1, Scopes: []api.Scope{api.ScopeRead, api.ScopeExecute}})
	if err != nil {
		t.Fatal(err)
	}

	// Signed requests to the external listener; the second call meets an
	// empty bucket (burst 1, 1/s), gets 429 with Retry-After 1 and the
	// client waits and retries.
	sc, _ := client.New(ext, client.WithSigning(k.AccessKey, k.AccessKeySecret))
	start := time.Now()
	for i := 0; i < 2; i++ {
		res, err := sc.Execute(ctx, 1, api.ExecuteRequest{Params: map[string]any{"region": "r" + strconv.Itoa(i)}})
		if err != nil {
			t.Fatalf("signed execute %d: %v", i, err)
		}
		if len(res.Columns) == 0 {
			t.Fatalf("empty result")
		}
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Fatalf("second call did not wait for the bucket (%v)", waited)
	}
	// No retries left: the 429 comes back as an error.
	sc.MaxRetries = 0
	if _, err := sc.Execute(ctx, 1, api.ExecuteRequest{Params: map[string]any{"region": "x"}}); !client.IsStatus(err, 429) {
		t.Fatalf("want 429, got %v", err)
	}
	kc, _ := client.New(base, client.WithAPIKey(k.Key))
	if _, err := kc.Stats(ctx); err != nil && !client.IsStatus(err, 429) {
		t.Fatal(err)
	}
}

// TestInstancesShareRedisBuckets runs two Gobi instances on one metadata
// database and one Redis: a key's burst is shared between them.
func TestInstancesShareRedisBuckets(t *testing.T) {
	url := os.Getenv("GOBI_TEST_REDIS_URL")
	if url == "" {
		t.Skip("Redis tests skipped: set GOBI_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
	}
	one := newTestApp(t, api.SQLite, func(c *config.Config) { c.RedisURL = url })
	two := newTestApp(t, api.SQLite, func(c *config.Config) {
		c.RedisURL = url
		c.DataDir = one.cfg.DataDir // same metadata database and secrets
	})
	k := one.newKey(one.adminToken(), api.APIKeyInput{Name: "shared", Rate: 0.01, Burst: 4})
	opt, _ := redis.ParseURL(url)
	rc := redis.NewClient(opt)
	defer rc.Close()
	rc.Del(context.Background(), "gobi:rl:key:"+strconv.FormatInt(k.ID, 10)) // a bucket left by an earlier run

	allowed := 0
	for i := 0; i < 8; i++ {
		ta := one
		if i%2 == 1 {
			ta = two
		}
		if ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false).Status == 200 {
			allowed++
		}
	}
	if allowed != 4 {
		t.Fatalf("%d requests allowed across two instances, want the shared burst of 4", allowed)
	}
}
