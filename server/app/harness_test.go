package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

const adminPassword = "admin-password-for-tests"

// testApp is one Gobi instance on a fresh metadata database.
type testApp struct {
	t   *testing.T
	app *App
	cfg config.Config
	// contract checks every response against the OpenAPI document.
	contract *contract
}

// newTestApp starts Gobi on metadata dialect d with the demo and an
// allow-list for loopback (so data sources may point at the test
// databases on this machine). mod may change the config first.
func newTestApp(t *testing.T, d api.Dialect, mod func(*config.Config)) *testApp {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database.Type = d
	if d != api.SQLite {
		cfg.Database.DSN = store.NewTestDatabase(t, d)
	}
	cfg.Auth.AdminPassword = adminPassword
	cfg.Datasources.AllowedNetworks = []string{"127.0.0.0/8", "::1/128"}
	cfg.Webhooks.AllowedNetworks = []string{"127.0.0.0/8", "::1/128"}
	cfg.Webhooks.Poll = 100 * time.Millisecond
	// Tests log in far more often than people; TestRateLimits restores
	// the real limits.
	cfg.RateLimit.LoginRate, cfg.RateLimit.LoginBurst = 1000, 1000
	cfg.RateLimit.LoginAddressRate, cfg.RateLimit.LoginAddressBurst = 1000, 1000
	cfg.RateLimit.LoginUsernameRate, cfg.RateLimit.LoginUsernameBurst = 1000, 1001
	cfg.RateLimit.UserRate, cfg.RateLimit.UserBurst = 1000, 1000
	if mod != nil {
		mod(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Prepare(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() || os.Getenv("GOBI_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	a, err := New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return &testApp{t: t, app: a, cfg: cfg, contract: newContract(t, a)}
}

// loggedTestApp starts Gobi on SQLite with the default limits (unlike
// newTestApp), mod applied to the config, and its warnings captured in
// the returned buffer.
func loggedTestApp(t *testing.T, mod func(*config.Config)) (*testApp, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Auth.AdminPassword = adminPassword
	if mod != nil {
		mod(&cfg)
	}
	if _, err := cfg.Prepare(); err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return &testApp{t: t, app: a, cfg: cfg, contract: newContract(t, a)}, logs
}

// each runs fn against an app on every configured metadata dialect.
func each(t *testing.T, mod func(*config.Config), fn func(t *testing.T, ta *testApp)) {
	for _, d := range api.Dialects {
		t.Run("meta="+string(d), func(t *testing.T) {
			fn(t, newTestApp(t, d, mod))
		})
	}
}

// response is a decoded HTTP response.
type response struct {
	Status int
	Body   []byte
	Header http.Header
}

// JSON decodes the body into v, failing the test on error.
func (r response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Err decodes an api.Error body and checks it is well formed.
func (r response) Err(t *testing.T) api.Error {
	t.Helper()
	var e api.Error
	r.JSON(t, &e)
	if e.Code != r.Status || e.Error == "" || e.Message == "" {
		t.Fatalf("malformed error body for status %d: %s", r.Status, r.Body)
	}
	return e
}

// do sends a request with an optional bearer token and JSON body (a
// string is sent as is).
func (ta *testApp) do(method, path, token string, body any) response {
	ta.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			ta.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := ta.app.HTTP().Test(req, -1)
	if err != nil {
		ta.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Body: b, Header: res.Header}
	ta.contract.check(ta.t, false, method, path, r)
	return r
}

// want fails the test unless r has the given status.
func want(t *testing.T, r response, status int) response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

// login returns a token for username.
func (ta *testApp) login(username, password string) string {
	ta.t.Helper()
	r := want(ta.t, ta.do("POST", "/api/auth/login", "", api.Credentials{Username: username, Password: password}), 200)
	var s api.Session
	r.JSON(ta.t, &s)
	return s.Token
}

// adminToken logs the first admin in.
func (ta *testApp) adminToken() string { return ta.login("admin", adminPassword) }

// newUser creates a user through the admin and returns its token and id.
func (ta *testApp) newUser(admin, name string) (string, int64) {
	ta.t.Helper()
	r := want(ta.t, ta.do("POST", "/api/auth/register", admin, api.Credentials{Username: name, Password: name + "-password"}), 201)
	var u api.UserSession
	r.JSON(ta.t, &u)
	return ta.login(name, name+"-password"), u.ID
}

// id extracts the "id" of a JSON object response.
func id(t *testing.T, r response) int64 {
	t.Helper()
	var v struct{ ID int64 }
	r.JSON(t, &v)
	if v.ID == 0 {
		t.Fatalf("no id in %s", r.Body)
	}
	return v.ID
}

// shiftClock moves the token issuer's clock by d and returns a restore func.
func shiftClock(ta *testApp, d time.Duration) func() {
	ta.app.tokens.SetClock(func() time.Time { return time.Now().Add(d) })
	return func() { ta.app.tokens.SetClock(time.Now) }
}
