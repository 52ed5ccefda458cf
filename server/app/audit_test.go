package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
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
