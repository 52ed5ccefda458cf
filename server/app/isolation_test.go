package app

import (
	"fmt"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestIsolation: user B gets 404 on every one of user A's resources, for
// read, update, delete and execute; an admin sees them.
func TestIsolation(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")

		ds := id(t, want(t, ta.do("POST", "/api/datasources", alice, api.DatasourceInput{Name: "a-src", Type: api.SQLite, Path: demoFile}), 201))
		q := id(t, want(t, ta.do("POST", "/api/queries", alice, api.QueryInput{DatasourceID: ds, Name: "a-q", SQL: "SELECT 1 AS one"}), 201))
		want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", q), alice, nil), 200)

		dsIn := api.DatasourceInput{Name: "stolen", Type: api.SQLite, Path: demoFile}
		qIn := api.QueryInput{DatasourceID: ds, Name: "stolen", SQL: "SELECT 2"}
		cases := []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/datasources/%[1]d", nil},
			{"PUT", "/api/datasources/%[1]d", dsIn},
			{"DELETE", "/api/datasources/%[1]d", nil},
			{"POST", "/api/datasources/%[1]d/test", nil},
			{"POST", "/api/datasources/%[1]d/query", api.AdhocQuery{SQL: "SELECT 1"}},
			{"GET", "/api/queries/%[2]d", nil},
			{"PUT", "/api/queries/%[2]d", qIn},
			{"DELETE", "/api/queries/%[2]d", nil},
			{"POST", "/api/queries/%[2]d/execute", nil},
			{"GET", "/api/queries/%[2]d/executions", nil},
		}
		for _, c := range cases {
			path := fmt.Sprintf(c.path, ds, q)
			t.Run(c.method+" "+c.path, func(t *testing.T) {
				if e := want(t, ta.do(c.method, path, bob, c.body), 404).Err(t); e.Error != "not_found" {
					t.Fatalf("%+v", e)
				}
			})
		}
		// Bob cannot hang a query on Alice's data source either.
		e := want(t, ta.do("POST", "/api/queries", bob, qIn), 422).Err(t)
		if e.Fields[0].Path != "datasource_id" {
			t.Fatalf("%+v", e)
		}
		// Bob's lists and stats do not show Alice's things.
		var srcs []api.Datasource
		want(t, ta.do("GET", "/api/datasources", bob, nil), 200).JSON(t, &srcs)
		var qs []api.Query
		want(t, ta.do("GET", "/api/queries", bob, nil), 200).JSON(t, &qs)
		var st api.Stats
		want(t, ta.do("GET", "/api/dashboard/stats", bob, nil), 200).JSON(t, &st)
		if len(srcs) != 0 || len(qs) != 0 || st.Datasources != 0 || st.Queries != 0 || st.Executions != 0 {
			t.Fatalf("bob sees %d sources, %d queries, stats %+v", len(srcs), len(qs), st)
		}
		// Alice's things are intact, and the admin sees and runs them.
		want(t, ta.do("GET", fmt.Sprintf("/api/queries/%d", q), alice, nil), 200)
		want(t, ta.do("GET", fmt.Sprintf("/api/datasources/%[1]d", ds), admin, nil), 200)
		want(t, ta.do("POST", fmt.Sprintf("/api/queries/%d/execute", q), admin, nil), 200)
		want(t, ta.do("GET", "/api/datasources", admin, nil), 200).JSON(t, &srcs)
		if len(srcs) != 2 {
			t.Fatalf("admin sees %d sources, want 2", len(srcs))
		}
	})
}
