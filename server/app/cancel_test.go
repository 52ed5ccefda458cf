package app

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// activeWith counts the statements running on the database whose text
// contains marker (other than the counting one itself), by a direct
// connection of the test's own.
func activeWith(t *testing.T, d api.Dialect, marker string) int {
	t.Helper()
	var driver, dsn, q string
	// The pattern is built in SQL, so this statement's text does not
	// contain the marker itself.
	half := len(marker) / 2
	like := fmt.Sprintf("CONCAT('%%', '%s', '%s', '%%')", marker[:half], marker[half:])
	switch d {
	case api.Postgres:
		driver, dsn = "pgx", os.Getenv("GOBI_TEST_POSTGRES_DSN")
		q = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE " + like
	case api.MySQL:
		driver, dsn = "mysql", os.Getenv("GOBI_TEST_MYSQL_DSN")
		q = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE " + like
	default:
		return 0
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestCancelRun starts a statement that would run for 30 s on each
// configured dialect (a recursive CTE without end on SQLite, pg_sleep,
// SLEEP), cancels it through POST /api/queries/runs/{run_id}/cancel and
// checks that its request answers 499 query_canceled at once, that the
// database no longer runs it, that another user can neither cancel it nor
// learn of it, and that the saved query's history records it canceled.
func TestCancelRun(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	// The integration logins are superusers, which only an admin may
	// add: the admin runs, bob is the other user.
	alice := admin
	bob, _ := ta.newUser(admin, "bob")
	for d, in := range sourceInputs() {
		t.Run(string(d), func(t *testing.T) {
			ds := id(t, want(t, ta.do("POST", "/api/datasources", alice, in), 201))
			marker := fmt.Sprintf("gobicancel%x", rand.Uint64())
			// The marker names the statement in the database's list of
			// running ones.
			sqlText := strings.Replace(slow(d), "SELECT pg_sleep(30)", "SELECT pg_sleep(30), '"+marker+"' AS marker", 1)
			sqlText = strings.Replace(sqlText, "SELECT SLEEP(30)", "SELECT SLEEP(30), '"+marker+"' AS marker", 1)
			sqlText = strings.Replace(sqlText, "SELECT count(*) FROM c", "SELECT count(*), '"+marker+"' AS marker FROM c", 1)
			q := id(t, want(t, ta.do("POST", "/api/queries", alice, api.QueryInput{DatasourceID: ds, Name: "slow " + marker, SQL: sqlText}), 201))
			for _, c := range []struct {
				name string
				path string
				body any
			}{
				{"ad-hoc", fmt.Sprintf("/api/datasources/%d/query", ds), api.AdhocQuery{SQL: sqlText, RunID: marker + "-a", TimeoutMS: 15000}},
				{"saved", fmt.Sprintf("/api/queries/%d/execute", q), api.ExecuteRequest{RunID: marker + "-s", NoCache: true, TimeoutMS: 15000}},
			} {
				t.Run(c.name, func(t *testing.T) {
					runID := marker + "-a"
					if c.name == "saved" {
						runID = marker + "-s"
					}
					type answer struct {
						r    response
						took time.Duration
					}
					done := make(chan answer, 1)
					start := time.Now()
					go func() {
						r := ta.do("POST", c.path, alice, c.body)
						done <- answer{r, time.Since(start)}
					}()
					// Running once a second run under the same id is refused.
					// The probe's timeout is out of range, so that it fails
					// at once when it is not refused.
					probe := c.body
					switch b := probe.(type) {
					case api.AdhocQuery:
						b.TimeoutMS = 1 << 40
						probe = b
					case api.ExecuteRequest:
						b.TimeoutMS = 1 << 40
						probe = b
					}
					deadline := time.Now().Add(10 * time.Second)
					for {
						r := ta.do("POST", c.path, alice, probe)
						if r.Status == 409 {
							break
						}
						if time.Now().After(deadline) {
							t.Fatalf("the run never showed as running; last answer %d %s", r.Status, r.Body)
						}
						time.Sleep(20 * time.Millisecond)
					}
					if d != api.SQLite {
						// Registered comes a little before running.
						n := 0
						for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
							if n = activeWith(t, d, marker); n > 0 {
								break
							}
						}
						if n != 1 {
							t.Errorf("%d statements with the marker running before cancel, want 1", n)
						}
					}
					cancelPath := "/api/queries/runs/" + runID + "/cancel"
					if e := want(t, ta.do("POST", cancelPath, bob, nil), 404).Err(t); e.Error != "not_found" {
						t.Errorf("bob canceling alice's run: %+v", e)
					}
					canceledAt := time.Now()
					want(t, ta.do("POST", cancelPath, alice, nil), 204)
					var a answer
					select {
					case a = <-done:
					case <-time.After(10 * time.Second):
						t.Fatal("the canceled run did not answer within 10 s")
					}
					if e := want(t, a.r, 499).Err(t); e.Error != "query_canceled" {
						t.Errorf("canceled run answered %+v", e)
					}
					stopped := time.Since(canceledAt)
					t.Logf("%s %s: answered %v after cancel (%v after start)", d, c.name, stopped.Round(time.Millisecond), a.took.Round(time.Millisecond))
					if stopped > 3*time.Second {
						t.Errorf("the run answered %v after its cancel, want under 3 s", stopped)
					}
					if d != api.SQLite {
						n := 0
						for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
							if n = activeWith(t, d, marker); n == 0 {
								break
							}
						}
						if n != 0 {
							t.Errorf("the database still runs the canceled statement 3 s later")
						}
					}
					// It is over: canceling again finds nothing.
					want(t, ta.do("POST", cancelPath, alice, nil), 404)
				})
			}
			var runs []api.Execution
			want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d/executions", q), alice, nil), 200).JSON(t, &runs)
			if len(runs) == 0 || runs[0].Status != "canceled" {
				t.Errorf("the saved query's latest execution is %+v, want canceled", runs[:min(len(runs), 1)])
			}
		})
	}
}

// TestCancelRunIDs checks run_id validation in bodies and paths.
func TestCancelRunIDs(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	ds := id(t, want(t, ta.do("POST", "/api/datasources", admin, api.DatasourceInput{Name: "lite", Type: api.SQLite, Path: demoFile}), 201))
	for _, c := range []struct {
		runID  string
		status int
	}{
		{"ok-run_1", 200},
		{strings.Repeat("x", 64), 200},
		{strings.Repeat("x", 65), 422},
		{"no spaces", 422},
		{"ünï", 422},
	} {
		r := ta.do("POST", fmt.Sprintf("/api/datasources/%d/query", ds), admin, api.AdhocQuery{SQL: "SELECT 1 AS one", RunID: c.runID})
		if r.Status != c.status {
			t.Errorf("run_id %q: status %d, want %d: %s", c.runID, r.Status, c.status, r.Body)
		}
	}
	for _, p := range []string{"bad%20id", strings.Repeat("y", 65)} {
		// huma checks the path's pattern: 400, as for any path parameter.
		if r := ta.do("POST", "/api/queries/runs/"+p+"/cancel", admin, nil); r.Status != 400 {
			t.Errorf("cancel %q: status %d, want 400: %s", p, r.Status, r.Body)
		}
	}
}
