package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// huge returns SQL for n rows of one text value of width bytes.
func huge(d api.Dialect, n, width int) string {
	switch d {
	case api.Postgres:
		return fmt.Sprintf("SELECT repeat('x', %d) AS big FROM generate_series(1, %d)", width, n)
	case api.MySQL:
		return fmt.Sprintf("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < %d) SELECT repeat('x', %d) AS big FROM c", n, width)
	}
	return fmt.Sprintf("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < %d) SELECT printf('%%.*c', %d, 'x') AS big FROM c", n, width)
}

// sourceID creates a data source for in and returns its id.
func (ta *testApp) sourceID(token string, in api.DatasourceInput) int64 {
	ta.t.Helper()
	return id(ta.t, want(ta.t, ta.do("POST", "/api/datasources", token, in), 201))
}

func TestResultByteLimits(t *testing.T) {
	each(t, func(c *config.Config) {
		c.Query.MaxResultBytes, c.Query.MaxCellBytes, c.Query.MaxTotalResultBytes = 64<<10, 2<<10, 64<<10
	}, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		for d, in := range sourceInputs() {
			t.Run(string(d), func(t *testing.T) {
				ds := ta.sourceID(admin, in)
				path := fmt.Sprintf("/api/datasources/%d/query", ds)

				// 1,000 rows of 1,000 bytes against a 64 KiB budget.
				e := want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 1000, 1000)}), 422).Err(t)
				if e.Error != "result_too_large" || !strings.Contains(e.Message, "limit of 64 KiB: stopped after 63 rows") {
					t.Fatalf("too many bytes: %+v", e)
				}
				e = want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 2, 3000)}), 422).Err(t)
				if e.Error != "result_too_large" || !strings.Contains(e.Message, "per-value limit of 2 KiB") {
					t.Fatalf("too large a value: %+v", e)
				}
				if d != api.SQLite && !strings.Contains(e.Message, `column "big"`) {
					t.Fatalf("the message does not name the column: %s", e.Message)
				}
				var res api.Result
				want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 20, 1000)}), 200).JSON(t, &res)
				if res.RowCount != 20 || res.Truncated {
					t.Fatalf("%d rows within the budget (truncated %v)", res.RowCount, res.Truncated)
				}
				// Asked for, the rows that fit come back, marked.
				res = api.Result{}
				want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 1000, 1000), Partial: true}), 200).JSON(t, &res)
				if res.RowCount != 63 || !res.Truncated || res.TruncatedReason != "bytes" {
					t.Fatalf("partial: %d rows, truncated %v (%q)", res.RowCount, res.Truncated, res.TruncatedReason)
				}

				// A result held by another request leaves no room: 503 busy
				// with Retry-After, after the budget's wait.
				p := auth.Principal{UserID: 1, Role: auth.RoleAdmin}
				src, err := ta.app.datasources.Get(context.Background(), p, ds)
				if err != nil {
					t.Fatal(err)
				}
				hctx, release := readonly.HoldResults(context.Background())
				if _, err := ta.app.queries.ExecuteAdhoc(hctx, p, src, api.AdhocQuery{SQL: huge(d, 60, 1000)}); err != nil {
					t.Fatal(err)
				}
				r := want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 20, 1000)}), 503)
				if e := r.Err(t); e.Error != "busy" || r.Header.Get("Retry-After") != "2" {
					t.Fatalf("busy: %+v, Retry-After %q", e, r.Header.Get("Retry-After"))
				}
				release()
				want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(d, 20, 1000)}), 200)
				if n := ta.app.results.Held(); n != 0 {
					t.Fatalf("%d bytes still reserved after every response", n)
				}
			})
		}
	})
}

// procStatus reads a "VmRSS"-style field of /proc/self/status, in bytes.
func procStatus(t *testing.T, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skipf("no %s in /proc/self/status", field)
	return 0
}

// rssBaseline returns memory to the OS, resets the peak (VmHWM) to the
// current RSS where the kernel allows it, and returns that RSS, so that
// VmHWM read later is the peak of what happens in between.
func rssBaseline(t *testing.T) int64 {
	t.Helper()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return procStatus(t, "VmRSS")
}

// TestHugeResultsKeepServerAlive is issue 9's attack: eight queries at
// once that would each build close to a gigabyte. With the default
// budgets (64 MiB a result, 1 MiB a value, 512 MiB for all) the server
// answers them with clear errors, keeps serving, and its memory stays
// bounded.
func TestHugeResultsKeepServerAlive(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of megabytes")
	}
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	for d, in := range sourceInputs() {
		if d == api.MySQL {
			continue // max_allowed_packet caps MySQL's values; see README
		}
		t.Run(string(d), func(t *testing.T) {
			path := fmt.Sprintf("/api/datasources/%d/query", ta.sourceID(admin, in))
			attacks := []string{
				huge(d, 8, 100_000_000),  // values far over the per-value limit
				huge(d, 1000, 1_000_000), // values under it, a gigabyte in all
			}
			if d == api.SQLite {
				attacks[0] = "SELECT printf('%.*c', 999999999, 'x') FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8)"
			}
			for _, sql := range attacks {
				before := rssBaseline(t)
				var wg sync.WaitGroup
				var done atomic.Bool
				statuses := make([]int, 8)
				for i := range statuses {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := ta.do("POST", path, admin, api.AdhocQuery{SQL: sql})
						statuses[i] = r.Status
						if e := r.Err(t); e.Error != "result_too_large" && e.Error != "busy" {
							t.Errorf("status %d: %+v", r.Status, e)
						}
					}()
				}
				// The server keeps answering ordinary requests meanwhile.
				alive := 0
				go func() { wg.Wait(); done.Store(true) }()
				for !done.Load() {
					var res api.Result
					want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: "SELECT 1 AS one"}), 200).JSON(t, &res)
					want(t, ta.do("GET", "/healthz", "", nil), 200)
					alive++
					time.Sleep(20 * time.Millisecond)
				}
				wg.Wait()
				peak := procStatus(t, "VmHWM")
				t.Logf("%s: statuses %v; %d ordinary requests answered meanwhile; RSS before %d MiB, peak %d MiB (growth %d MiB)",
					sql[:min(len(sql), 60)], statuses, alive, before>>20, peak>>20, (peak-before)>>20)
				if peak-before > 1<<30 {
					t.Errorf("peak RSS grew by %d MiB, want under 1 GiB", (peak-before)>>20)
				}
				if n := ta.app.results.Held(); n != 0 {
					t.Fatalf("%d bytes still reserved after every response", n)
				}
			}
		})
	}
}

// TestDatasourceResultCeiling: a data source may lower the server's
// per-result budget, never raise it.
func TestDatasourceResultCeiling(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		in := api.DatasourceInput{Name: "small", Type: api.SQLite, Path: demoFile, MaxResultBytes: 64 << 10}
		r := want(t, ta.do("POST", "/api/datasources", admin, in), 201)
		var ds api.Datasource
		r.JSON(t, &ds)
		if ds.MaxResultBytes != 64<<10 {
			t.Fatalf("max_result_bytes %d", ds.MaxResultBytes)
		}
		path := fmt.Sprintf("/api/datasources/%d/query", ds.ID)
		e := want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(api.SQLite, 1000, 1000)}), 422).Err(t)
		if e.Error != "result_too_large" || !strings.Contains(e.Message, "limit of 64 KiB") {
			t.Fatalf("%+v", e)
		}
		for _, n := range []int64{1000, ta.cfg.Query.MaxResultBytes + 1} {
			in.Name, in.MaxResultBytes = fmt.Sprintf("bad %d", n), n
			if e := want(t, ta.do("POST", "/api/datasources", admin, in), 422).Err(t); len(e.Fields) != 1 || e.Fields[0].Path != "max_result_bytes" {
				t.Fatalf("max_result_bytes %d: %+v", n, e)
			}
		}
		// 0 is the server's budget again.
		in.Name, in.MaxResultBytes = "small", 0
		want(t, ta.do("PUT", fmt.Sprintf("/api/datasources/%d", ds.ID), admin, in), 200)
		want(t, ta.do("POST", path, admin, api.AdhocQuery{SQL: huge(api.SQLite, 1000, 1000)}), 200)
	})
}
