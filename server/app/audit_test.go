package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/signing"
)

// keepAlive is an HTTP client that keeps conns connections open, so
// requests follow each other on the same server connection.
func keepAlive(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
}

// auditRow is what the tests read back from audit_logs.
type auditRow struct {
	Method, Path, Query, ClientIP, RequestBody, Reason, KeyPrefix string
	Status                                                        int
	KeyID                                                         *int64
	OwnerID                                                       int64
}

func (ta *testApp) auditRows(where string, args ...any) []auditRow {
	ta.t.Helper()
	var rows []auditRow
	err := ta.app.db.NewSelect().Table("audit_logs").
		Column("method", "path", "query", "client_ip", "request_body", "reason", "key_prefix", "status", "key_id", "owner_id").
		Where(where, args...).OrderExpr("id").Scan(context.Background(), &rows)
	if err != nil {
		ta.t.Fatalf("read audit log: %v", err)
	}
	return rows
}

// TestAuditRowsMatchRequests: many concurrent keyed requests to distinct
// paths, query strings and bodies, over kept-alive connections to a real
// listener; every audit row holds exactly what its request sent. Before
// the entry copied Fiber's zero-copy strings, rows held parts of later
// requests' paths.
func TestAuditRowsMatchRequests(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		k := ta.newKey(admin, api.APIKeyInput{Name: "load", Rate: 100000, Burst: 100000})
		base := ta.listen(false)
		client := keepAlive(8)
		const workers, per = 8, 50
		type sent struct{ method, path, query, body string }
		want := map[string]sent{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < per; i++ {
					n := w*per + i
					// Paths of different lengths, so a stale string shows.
					s := sent{method: "GET", path: fmt.Sprintf("/api/queries/%d", n*(n%7+1)*97+1000), query: fmt.Sprintf("n=%d", n)}
					if n%2 == 1 {
						s = sent{method: "POST", path: "/api/charts" + strings.Repeat("/x", n%5), query: fmt.Sprintf("n=%d&pad=%s", n, strings.Repeat("q", n%13)),
							body: fmt.Sprintf(`{"title":"chart %d %s"}`, n, strings.Repeat("b", n%17))}
					}
					req, _ := http.NewRequest(s.method, base+s.path+"?"+s.query, strings.NewReader(s.body))
					req.Header.Set("Authorization", "ApiKey "+k.Key)
					if s.body != "" {
						req.Header.Set("Content-Type", "application/json")
					}
					res, err := client.Do(req)
					if err != nil {
						errs <- err
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					mu.Lock()
					want[s.query] = s
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if err := ta.app.audit.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		rows := ta.auditRows("key_id = ?", k.ID)
		if len(rows) != workers*per {
			t.Fatalf("%d audit rows for %d requests", len(rows), workers*per)
		}
		bad := 0
		for _, r := range rows {
			s, ok := want[r.Query]
			if !ok || r.Method != s.method || r.Path != s.path || r.ClientIP != "127.0.0.1" ||
				(s.body != "" && !strings.Contains(r.RequestBody, strings.TrimSuffix(strings.TrimPrefix(s.body, `{"title":"`), `"}`))) {
				bad++
				if bad <= 5 {
					t.Errorf("row %+v does not match its request %+v", r, s)
				}
			}
			delete(want, r.Query)
		}
		if bad > 0 || len(want) > 0 {
			t.Fatalf("%d of %d rows hold another request's data; %d requests have no row", bad, len(rows), len(want))
		}
	})
}

// TestAuditRefusedCalls: calls refused by the perimeter (bad keys, bad or
// replayed signatures, rate limits, forbidden actions) leave a row with a
// reason, the key and owner when the key is known and only a public
// prefix otherwise; session traffic leaves none; the key's owner sees
// them and may filter by reason.
func TestAuditRefusedCalls(t *testing.T) {
	each(t, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" }, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, aliceID := ta.newUser(admin, "alice")
		k := ta.newKey(alice, api.APIKeyInput{Name: "main", Rate: 1000, Burst: 1000})
		slow := ta.newKey(alice, api.APIKeyInput{Name: "slow", Rate: 0.001, Burst: 1})
		revoked := ta.newKey(alice, api.APIKeyInput{Name: "revoked"})
		want(t, ta.do("DELETE", fmt.Sprintf("/api/apikeys/%d", revoked.ID), alice, nil), 204)
		gone := ta.newKey(alice, api.APIKeyInput{Name: "gone"}) // deleted below: well formed, unknown
		if _, err := ta.app.db.NewDelete().Table("api_keys").Where("id = ?", gone.ID).Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
		now := time.Now()

		// Session traffic, good or bad, is not key traffic.
		want(t, ta.do("GET", "/api/queries", alice, nil), 200)
		want(t, ta.do("GET", "/api/queries", "not-a-jwt", nil), 401)

		type call struct {
			name     string
			req      *http.Request
			external bool
			status   int
			reason   string
			keyID    int64 // 0: unknown key
			prefix   string
		}
		replayed := signed(t, "GET", "/api/queries?r=1", "", k.AccessKey, k.AccessKeySecret, now)
		want(t, ta.raw(replayed, true), 200)
		want(t, ta.raw(keyReq("GET", "/api/queries?s=1", slow.Key, ""), false), 200) // the slow key's one token
		noSig := signed(t, "GET", "/api/queries?m=1", "", k.AccessKey, k.AccessKeySecret, now)
		noSig.Header.Del(signing.HeaderSignature)
		badAccess := signed(t, "GET", "/api/queries?c=8", "", k.AccessKey, k.AccessKeySecret, now)
		badAccess.Header.Set(signing.HeaderKey, "abc")
		calls := []call{
			{"malformed bearer", keyReq("GET", "/api/queries?c=1", "gobi_short", ""), false, 401, audit.ReasonMalformedKey, 0, "gobi_…"},
			{"unknown bearer", keyReq("GET", "/api/queries?c=2", gone.Key, ""), false, 401, audit.ReasonUnknownKey, 0, gone.Key[:15]},
			{"revoked bearer", keyReq("GET", "/api/queries?c=3", revoked.Key, ""), false, 401, audit.ReasonRevokedKey, revoked.ID, revoked.Key[:15]},
			{"rate limited", keyReq("GET", "/api/queries?c=4", slow.Key, ""), false, 429, audit.ReasonRateLimited, slow.ID, ""},
			{"forbidden", keyReq("POST", "/api/apikeys?c=5", k.Key, `{"name":"x"}`), false, 403, audit.ReasonForbidden, k.ID, ""},
			{"bad signature", signed(t, "GET", "/api/queries?c=6", "", k.AccessKey, "d3Jvbmc=", now), true, 403, audit.ReasonBadSignature, k.ID, k.AccessKey[:6] + "…"},
			{"stale timestamp", signed(t, "GET", "/api/queries?c=7", "", k.AccessKey, k.AccessKeySecret, now.Add(-time.Hour)), true, 403, audit.ReasonStaleTimestamp, k.ID, k.AccessKey[:6] + "…"},
			{"missing signature", noSig, true, 403, audit.ReasonMissingSignature, k.ID, k.AccessKey[:6] + "…"},
			{"replay", signed(t, "GET", "/api/queries?r=1", "", k.AccessKey, k.AccessKeySecret, now), true, 403, audit.ReasonReplay, k.ID, k.AccessKey[:6] + "…"},
			{"malformed access key", badAccess, true, 403, audit.ReasonMalformedKey, 0, "…"},
			{"unknown access key", signed(t, "GET", "/api/queries?c=9", "", strings.Repeat("ab", 16), k.AccessKeySecret, now), true, 403, audit.ReasonUnknownKey, 0, "ababab…"},
			{"revoked access key", signed(t, "GET", "/api/queries?c=10", "", revoked.AccessKey, revoked.AccessKeySecret, now), false, 403, audit.ReasonRevokedKey, revoked.ID, revoked.AccessKey[:6] + "…"},
			{"no credentials, external", httptest.NewRequest("GET", "/api/queries?c=11", nil), true, 401, audit.ReasonNoCredentials, 0, ""},
		}
		for _, c := range calls {
			want(t, ta.raw(c.req, c.external), c.status)
		}
		want(t, ta.raw(httptest.NewRequest("GET", "/api/queries?c=12", nil), false), 401) // anonymous, internal: not recorded
		if err := ta.app.audit.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		rows := ta.auditRows("reason <> ''")
		if len(rows) != len(calls) {
			t.Fatalf("%d refused rows for %d refused calls: %+v", len(rows), len(calls), rows)
		}
		for i, c := range calls {
			r := rows[i]
			var keyID int64
			if r.KeyID != nil {
				keyID = *r.KeyID
			}
			wantOwner := aliceID
			if c.keyID == 0 {
				wantOwner = 0
			}
			if r.Reason != c.reason || r.Status != c.status || keyID != c.keyID || r.OwnerID != wantOwner || r.KeyPrefix != c.prefix {
				t.Errorf("%s: row %+v; want reason %s, status %d, key %d, owner %d, prefix %q", c.name, r, c.reason, c.status, c.keyID, wantOwner, c.prefix)
			}
		}
		// No secret reaches the log.
		all := ta.auditRows("1 = 1")
		for _, r := range all {
			for _, secret := range []string{k.Key, slow.Key, revoked.Key, gone.Key, k.AccessKeySecret, revoked.AccessKeySecret, k.AccessKey, revoked.AccessKey} {
				if strings.Contains(fmt.Sprintf("%+v", r), secret) {
					t.Fatalf("a key or secret is in the audit log: %+v", r)
				}
			}
		}
		if len(all) != len(calls)+2 { // + the replayed request's first use and the slow key's one token
			t.Fatalf("%d rows in all; session or anonymous traffic was recorded? %+v", len(all), all)
		}

		// The API: alice sees the refusals on her keys, not those of
		// unknown keys; the admin sees all; filters by reason.
		var es []api.AuditEntry
		list := func(token, query string) []api.AuditEntry { // a fresh slice: json keeps old pointers in a reused one
			var out []api.AuditEntry
			want(t, ta.do("GET", "/api/audit"+query, token, nil), 200).JSON(t, &out)
			return out
		}
		es = list(alice, "?refused=true")
		if len(es) != 8 {
			t.Fatalf("alice sees %d refused calls, want 8: %+v", len(es), es)
		}
		es = list(alice, "?reason=bad_signature")
		if len(es) != 1 || es[0].Reason != "bad_signature" || es[0].KeyID == nil || *es[0].KeyID != k.ID || es[0].OwnerID == nil || *es[0].OwnerID != aliceID {
			t.Fatalf("reason filter: %+v", es)
		}
		es = list(admin, "?reason=unknown_key")
		if len(es) != 2 || es[0].OwnerID != nil || es[0].KeyID != nil || es[0].KeyPrefix != "ababab…" {
			t.Fatalf("admin's unknown keys: %+v", es)
		}
		es = list(alice, "?refused=false")
		if len(es) != 2 {
			t.Fatalf("alice's answered calls: %+v", es)
		}
		if e := want(t, ta.do("GET", "/api/audit?reason=Bad-One", alice, nil), 400).Err(t); !strings.Contains(e.Message, "reason") {
			t.Fatalf("%+v", e)
		}
		want(t, ta.do("GET", "/api/audit?refused=maybe", alice, nil), 400)

		// A burst of 429s: every one has its row while the buffer has room.
		const flood = 150
		var wg sync.WaitGroup
		var limited atomic.Int64
		for i := 0; i < flood; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				res, err := ta.app.HTTP().Test(keyReq("GET", fmt.Sprintf("/api/queries?f=%d", i), slow.Key, ""), -1)
				if err == nil {
					if res.StatusCode == 429 {
						limited.Add(1)
					}
					res.Body.Close()
				}
			}(i)
		}
		wg.Wait()
		if err := ta.app.audit.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		n, err := ta.app.db.NewSelect().Table("audit_logs").Where("reason = ? AND key_id = ? AND query LIKE 'f=%'", audit.ReasonRateLimited, slow.ID).Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if limited.Load() != flood || n != flood || ta.app.AuditDropped() != 0 {
			t.Fatalf("%d of %d requests limited, %d rate_limited rows, %d dropped", limited.Load(), flood, n, ta.app.AuditDropped())
		}
	})
}

// TestAuditDurable: with audit.durable, a received response implies its
// row is committed: each client reads the database right after its
// answer, without flushing. (Without it the row waits up to a batch
// interval in memory, and this fails.)
func TestAuditDurable(t *testing.T) {
	each(t, func(c *config.Config) { c.Audit.Durable = true }, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		k := ta.newKey(admin, api.APIKeyInput{Name: "durable", Rate: 100000, Burst: 100000})
		base := ta.listen(false)
		client := keepAlive(4)
		const workers, per = 4, 25
		var missing, wrong atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < per; i++ {
					q := fmt.Sprintf("d=%d", w*per+i)
					req, _ := http.NewRequest("GET", base+"/api/queries?"+q, nil)
					req.Header.Set("Authorization", "ApiKey "+k.Key)
					res, err := client.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						wrong.Add(1)
					}
					n, err := ta.app.db.NewSelect().Table("audit_logs").Where("query = ?", q).Count(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if n != 1 {
						missing.Add(1)
					}
				}
			}(w)
		}
		wg.Wait()
		if missing.Load() > 0 || wrong.Load() > 0 {
			t.Fatalf("%d of %d answered requests had no committed row when the answer arrived (%d not 200)", missing.Load(), workers*per, wrong.Load())
		}
		// A row that cannot be written withholds the answer.
		if err := ta.app.audit.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
		r := want(t, ta.raw(keyReq("GET", "/api/queries?d=closed", k.Key, ""), false), 503)
		if e := r.Err(t); e.Error != "unavailable" || !strings.Contains(e.Message, "audit") {
			t.Fatalf("%+v", e)
		}

	})
}

// TestAuditCrashChild is the server that TestAuditCrash kills: it runs
// only when re-executed with GOBI_TEST_CRASH_DIR set.
func TestAuditCrashChild(t *testing.T) {
	dir := os.Getenv("GOBI_TEST_CRASH_DIR")
	if dir == "" {
		t.Skip("helper process for TestAuditCrash")
	}
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Auth.AdminPassword = adminPassword
	cfg.RateLimit.LoginRate, cfg.RateLimit.LoginBurst = 1000, 1000
	cfg.Audit.Durable = os.Getenv("GOBI_TEST_CRASH_DURABLE") == "true"
	if _, err := cfg.Prepare(); err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "addr.tmp"), []byte(ln.Addr().String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "addr.tmp"), filepath.Join(dir, "addr")); err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.HTTP().Listener(ln) }()
	time.Sleep(time.Minute) // the parent kills it long before; never orphaned
}

// TestAuditCrash kills (SIGKILL) a server under keyed load and compares
// the audit rows with the answers the clients received. With
// audit.durable every answered request has its row; without it the rows
// still in the writer's buffer are lost, and the test reports how many
// (the number depends on timing, so it is not asserted).
func TestAuditCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server process; skipped with -short")
	}
	for _, durable := range []bool{true, false} {
		t.Run(fmt.Sprintf("durable=%v", durable), func(t *testing.T) {
			dir := t.TempDir()
			child := exec.Command(os.Args[0], "-test.run=^TestAuditCrashChild$", "-test.count=1")
			child.Env = append(os.Environ(), "GOBI_TEST_CRASH_DIR="+dir, fmt.Sprintf("GOBI_TEST_CRASH_DURABLE=%v", durable))
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
			var addr []byte
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				var err error
				if addr, err = os.ReadFile(filepath.Join(dir, "addr")); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the child server did not start")
				}
			}
			base := "http://" + string(addr)
			client := keepAlive(8)
			token := crashLogin(t, client, base)
			k := crashKey(t, client, base, token)

			var mu sync.Mutex
			answered := map[string]bool{}
			var seq atomic.Int64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for w := 0; w < 8; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						q := fmt.Sprintf("c=%d", seq.Add(1))
						req, _ := http.NewRequest("GET", base+"/api/queries?"+q, nil)
						req.Header.Set("Authorization", "ApiKey "+k)
						res, err := client.Do(req)
						if err != nil {
							return // the server is gone
						}
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode == 200 {
							mu.Lock()
							answered[q] = true
							mu.Unlock()
						}
					}
				}()
			}
			time.Sleep(1500 * time.Millisecond)
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = child.Wait()
			close(stop)
			wg.Wait()

			db, err := store.Open(context.Background(), api.SQLite, filepath.Join(dir, "gobi.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var queries []string
			if err := db.NewSelect().Table("audit_logs").Column("query").Where("query LIKE 'c=%'").Scan(context.Background(), &queries); err != nil {
				t.Fatal(err)
			}
			rows := map[string]bool{}
			for _, q := range queries {
				rows[q] = true
			}
			lost := 0
			for q := range answered {
				if !rows[q] {
					lost++
				}
			}
			t.Logf("durable=%v: %d requests answered in 1.5 s before kill -9, %d rows, %d answered requests without a row (%.2f%%)",
				durable, len(answered), len(rows), lost, 100*float64(lost)/float64(max(1, len(answered))))
			if len(answered) < 100 {
				t.Fatalf("only %d requests answered: the load did not run", len(answered))
			}
			if durable && lost > 0 {
				t.Fatalf("durable audit lost %d rows of answered requests", lost)
			}
		})
	}
}

func crashLogin(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	res, err := c.Post(base+"/api/auth/login", "application/json", strings.NewReader(`{"username":"admin","password":"`+adminPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var s struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil || s.Token == "" {
		t.Fatalf("login: %d %v", res.StatusCode, err)
	}
	return s.Token
}

func crashKey(t *testing.T, c *http.Client, base, token string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/apikeys", strings.NewReader(`{"name":"crash","rate":100000,"burst":100000}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var k api.APIKeyCreated
	if err := json.NewDecoder(res.Body).Decode(&k); err != nil || k.Key == "" {
		t.Fatalf("create key: %d %v", res.StatusCode, err)
	}
	return k.Key
}
