package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/signing"
)

// newKey creates an API key for the token's user.
func (ta *testApp) newKey(token string, in api.APIKeyInput) api.APIKeyCreated {
	ta.t.Helper()
	var k api.APIKeyCreated
	want(ta.t, ta.do("POST", "/api/apikeys", token, in), 201).JSON(ta.t, &k)
	return k
}

// raw sends a prepared request to the internal or external app.
func (ta *testApp) raw(req *http.Request, external bool) response {
	ta.t.Helper()
	f := ta.app.HTTP()
	if external {
		f = ta.app.External()
	}
	res, err := f.Test(req, -1)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Body: b, Header: res.Header}
	ta.contract.check(ta.t, external, req.Method, req.URL.RequestURI(), r)
	return r
}

func keyReq(method, path, key string, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "ApiKey "+key)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func TestAPIKeys(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		k := ta.newKey(alice, api.APIKeyInput{Name: "ci"})
		if !strings.HasPrefix(k.Key, "gobi_") || len(k.AccessKey) != 32 || k.AccessKeySecret == "" || k.Rate != 10 || k.Burst != 20 {
			t.Fatalf("created key %+v", k)
		}
		r := want(t, ta.do("GET", "/api/apikeys", alice, nil), 200)
		if strings.Contains(string(r.Body), k.Key) || strings.Contains(string(r.Body), k.AccessKeySecret) {
			t.Fatal("the key or secret is listed after creation")
		}
		var stored struct{ KeyHash, SecretSealed string }
		if err := ta.app.db.NewSelect().Table("api_keys").Column("key_hash", "secret_sealed").Where("id = ?", k.ID).Scan(t.Context(), &stored.KeyHash, &stored.SecretSealed); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored.SecretSealed, k.AccessKeySecret) || stored.KeyHash == k.Key || !strings.HasPrefix(stored.SecretSealed, "gcm1:") {
			t.Fatal("key or secret stored in the clear")
		}

		// The key authenticates as its owner, and only as its owner.
		want(t, ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false), 200)
		var srcs []api.Datasource
		want(t, ta.raw(keyReq("GET", "/api/datasources", k.Key, ""), false), 200).JSON(t, &srcs)
		if len(srcs) != 0 {
			t.Fatalf("alice's key sees %d data sources", len(srcs))
		}
		// Keys cannot mint or revoke keys.
		want(t, ta.raw(keyReq("POST", "/api/apikeys", k.Key, `{"name":"x"}`), false), 403)
		// Bad keys: malformed, wrong checksum, unknown.
		for _, bad := range []string{"nope", k.Key[:len(k.Key)-1] + "x", strings.Replace(k.Key, k.Key[8:12], "AAAA", 1)} {
			want(t, ta.raw(keyReq("GET", "/api/auth/me", bad, ""), false), 401)
		}
		// Validation.
		past := time.Now().Add(-time.Hour)
		want(t, ta.do("POST", "/api/apikeys", alice, api.APIKeyInput{Name: "old", ExpiresAt: &past}), 422)
		want(t, ta.do("POST", "/api/apikeys", alice, api.APIKeyInput{Name: ""}), 422)
		// Another user cannot revoke it; the owner can, and it stops working.
		bob, _ := ta.newUser(admin, "bob")
		want(t, ta.do("DELETE", fmt.Sprintf("/api/apikeys/%d", k.ID), bob, nil), 404)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/apikeys/%d", k.ID), alice, nil), 204)
		want(t, ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false), 401)
		var ks []api.APIKey
		want(t, ta.do("GET", "/api/apikeys", alice, nil), 200).JSON(t, &ks)
		if len(ks) != 1 || ks[0].RevokedAt == nil {
			t.Fatalf("revoked key must stay listed as revoked: %+v", ks)
		}
		// An expired key stops working.
		k2 := ta.newKey(alice, api.APIKeyInput{Name: "soon"})
		if _, err := ta.app.db.NewUpdate().Table("api_keys").Set("expires_at = ?", time.Now().UTC().Add(-time.Minute)).Where("id = ?", k2.ID).Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
		want(t, ta.raw(keyReq("GET", "/api/auth/me", k2.Key, ""), false), 401)
	})
}

// signed builds a signed request the way an integrator's code would.
func signed(t *testing.T, method, target, body, access, secret string, at time.Time) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if err := signing.SignRequest(r, access, secret, at); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSignedRequests(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	admin := ta.adminToken()
	k := ta.newKey(admin, api.APIKeyInput{Name: "integrator", Rate: 1000, Burst: 1000, Scopes: []api.Scope{api.ScopeRead, api.ScopeExecute}})
	now := time.Now()
	body := `{"params":{"region":"Europe"}}`

	for _, external := range []bool{false, true} {
		// Listeners share the replay store: each request needs its own nonce.
		q := "?b=2&a=1&nonce=" + strconv.FormatBool(external)
		want(t, ta.raw(signed(t, "GET", "/api/queries"+q, "", k.AccessKey, k.AccessKeySecret, now), external), 200)
		want(t, ta.raw(signed(t, "POST", "/api/queries/1/execute"+q, body, k.AccessKey, k.AccessKeySecret, now), external), 200)
	}

	var before int
	if err := ta.app.executions.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	_ = ta.app.db.NewSelect().Table("query_executions").ColumnExpr("count(*)").Scan(t.Context(), &before)
	tamper := []struct {
		name string
		req  func() *http.Request
	}{
		{"method", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.Method = "PUT"
			return r
		}},
		{"path", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.URL.Path, r.RequestURI = "/api/queries/2/execute", "/api/queries/2/execute"
			return r
		}},
		{"query value", func() *http.Request {
			r := signed(t, "GET", "/api/queries?a=1&b=2", "", k.AccessKey, k.AccessKeySecret, now)
			r.URL.RawQuery, r.RequestURI = "a=1&b=3", "/api/queries?a=1&b=3"
			return r
		}},
		{"body byte", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(body, "Europe", "Europa", 1)))
			return r
		}},
		{"timestamp", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.Header.Set(signing.HeaderTimestamp, strconv.FormatInt(now.Unix()+1, 10))
			return r
		}},
		{"clock skew", func() *http.Request {
			return signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now.Add(-6*time.Minute))
		}},
		{"future", func() *http.Request {
			return signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now.Add(6*time.Minute))
		}},
		{"wrong secret", func() *http.Request {
			return signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, "d3Jvbmc=", now)
		}},
		{"unknown key", func() *http.Request {
			return signed(t, "POST", "/api/queries/1/execute", body, strings.Repeat("ab", 16), k.AccessKeySecret, now)
		}},
		{"missing signature", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.Header.Del(signing.HeaderSignature)
			return r
		}},
		{"missing timestamp", func() *http.Request {
			r := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now)
			r.Header.Del(signing.HeaderTimestamp)
			return r
		}},
	}
	for _, tt := range tamper {
		for _, external := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/external=%v", tt.name, external), func(t *testing.T) {
				r := want(t, ta.raw(tt.req(), external), 403)
				if e := r.Err(t); e.Error != "unauthenticated" {
					t.Fatalf("%+v", e)
				}
			})
		}
	}
	// Replay inside the window: the first use passes, the second is refused.
	first := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now.Add(-time.Second))
	again := signed(t, "POST", "/api/queries/1/execute", body, k.AccessKey, k.AccessKeySecret, now.Add(-time.Second))
	want(t, ta.raw(first, true), 200)
	want(t, ta.raw(again, true), 403)

	var after int
	if err := ta.app.executions.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	_ = ta.app.db.NewSelect().Table("query_executions").ColumnExpr("count(*)").Scan(t.Context(), &after)
	if after != before+1 {
		t.Fatalf("refused requests reached the handler: %d executions, want %d", after, before+1)
	}

	// The external listener serves only the integration subset, and only
	// to signed requests.
	want(t, ta.raw(signed(t, "GET", "/api/datasources", "", k.AccessKey, k.AccessKeySecret, now), true), 404)
	want(t, ta.raw(signed(t, "GET", "/api/charts/1/data", "", k.AccessKey, k.AccessKeySecret, now), true), 200)
	jwtReq := httptest.NewRequest("GET", "/api/queries", nil)
	jwtReq.Header.Set("Authorization", "Bearer "+admin)
	want(t, ta.raw(jwtReq, true), 401)

	// A revoked key's signatures stop working.
	want(t, ta.do("DELETE", fmt.Sprintf("/api/apikeys/%d", k.ID), admin, nil), 204)
	want(t, ta.raw(signed(t, "GET", "/api/queries", "", k.AccessKey, k.AccessKeySecret, time.Now()), true), 403)
}

func TestRateLimits(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.RateLimit = config.Default().RateLimit })
	admin := ta.adminToken()
	k := ta.newKey(admin, api.APIKeyInput{Name: "slow", Rate: 0.5, Burst: 3})
	for i := 0; i < 3; i++ {
		r := want(t, ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false), 200)
		if r.Header.Get("RateLimit-Limit") != "3" || r.Header.Get("RateLimit-Remaining") != strconv.Itoa(2-i) {
			t.Fatalf("headers %v", r.Header)
		}
	}
	r := want(t, ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false), 429)
	if ra, _ := strconv.Atoi(r.Header.Get("Retry-After")); ra < 1 || ra > 2 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if e := r.Err(t); e.Error != "rate_limited" {
		t.Fatalf("%+v", e)
	}
	// Login attempts: 5 failures per address and username (the admin's
	// successful login above cost nothing), then 429 even for the right
	// password from this address.
	for i := 0; i < 5; i++ {
		want(t, ta.do("POST", "/api/auth/login", "", map[string]string{"username": "admin", "password": "wrong-password"}), 401)
	}
	want(t, ta.do("POST", "/api/auth/login", "", map[string]string{"username": "admin", "password": adminPassword}), 429)
}

// TestAuditComplete: N concurrent API-key requests give N audit rows,
// with bodies kept and secrets redacted, all flushed by shutdown.
func TestAuditComplete(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		k := ta.newKey(admin, api.APIKeyInput{Name: "audited", Rate: 10000, Burst: 10000, Scopes: []api.Scope{api.ScopeExecute}})
		const n = 120
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				body := fmt.Sprintf(`{"sql":"SELECT %d AS n","params":{"password":"hunter2"}}`, i)
				res, err := ta.app.HTTP().Test(keyReq("POST", "/api/datasources/1/query", k.Key, body), -1)
				if err == nil {
					res.Body.Close()
				}
			}(i)
		}
		wg.Wait()
		// Graceful shutdown flushes the batches still in memory.
		if err := ta.app.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		// The app closed its database: read through a new connection.
		dsn := ta.cfg.Database.DSN
		if ta.cfg.Database.Type == api.SQLite {
			dsn = ta.cfg.SQLitePath()
		}
		db, err := store.Open(context.Background(), ta.cfg.Database.Type, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var rows []struct {
			Status      int
			RequestBody string
		}
		if err := db.NewSelect().Table("audit_logs").Column("status", "request_body").Where("key_id = ?", k.ID).Scan(context.Background(), &rows); err != nil {
			t.Fatalf("read audit log: %v", err)
		}
		if len(rows) != n {
			t.Fatalf("%d audit rows for %d requests", len(rows), n)
		}
		for _, r := range rows {
			if strings.Contains(r.RequestBody, "hunter2") || !strings.Contains(r.RequestBody, "[redacted]") {
				t.Fatalf("audit body not redacted: %s", r.RequestBody)
			}
		}
	})
}

func TestAuditAPI(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, _ := ta.newUser(admin, "alice")
	bob, _ := ta.newUser(admin, "bob")
	ka := ta.newKey(alice, api.APIKeyInput{Name: "a"})
	kb := ta.newKey(bob, api.APIKeyInput{Name: "b"})
	want(t, ta.raw(keyReq("GET", "/api/queries?x=1", ka.Key, ""), false), 200)
	want(t, ta.raw(keyReq("GET", "/api/nope", ka.Key, ""), false), 404)
	want(t, ta.raw(keyReq("GET", "/api/queries", kb.Key, ""), false), 200)
	want(t, ta.do("GET", "/api/queries", alice, nil), 200) // sessions are not audited
	time.Sleep(400 * time.Millisecond)                     // one flush interval
	var es []api.AuditEntry
	want(t, ta.do("GET", "/api/audit", alice, nil), 200).JSON(t, &es)
	if len(es) != 2 || es[0].Status != 404 || es[1].Query != "x=1" || es[1].KeyID == nil || *es[1].KeyID != ka.ID {
		t.Fatalf("alice's audit = %+v", es)
	}
	want(t, ta.do("GET", "/api/audit?status=404", alice, nil), 200).JSON(t, &es)
	if len(es) != 1 {
		t.Fatalf("status filter: %+v", es)
	}
	want(t, ta.do("GET", "/api/audit", admin, nil), 200).JSON(t, &es)
	if len(es) != 3 {
		t.Fatalf("admin sees %d entries", len(es))
	}
	want(t, ta.do("GET", "/api/audit?limit=0", admin, nil), 400)
	want(t, ta.do("GET", "/api/audit?from=yesterday", admin, nil), 400)
}
