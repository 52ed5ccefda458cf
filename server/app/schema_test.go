package app

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestDatasourceSchema: the schema endpoint lists the demo's tables and
// their columns with types, on every metadata store, for the data
// source's owner only.
func TestDatasourceSchema(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		var s api.DatasourceSchema
		want(t, ta.do("GET", "/api/datasources/1/schema", admin, nil), 200).JSON(t, &s)
		var sales *api.SchemaTable
		var names []string
		for i := range s.Tables {
			names = append(names, s.Tables[i].Name)
			if s.Tables[i].Name == "sales" {
				sales = &s.Tables[i]
			}
		}
		if sales == nil || s.Truncated {
			t.Fatalf("tables %v (truncated %v)", names, s.Truncated)
		}
		var cols []string
		for _, c := range sales.Columns {
			cols = append(cols, c.Name)
			if c.Type == "" {
				t.Errorf("column %s has no type", c.Name)
			}
		}
		if !slices.Contains(cols, "region") || !slices.Contains(cols, "revenue") {
			t.Fatalf("sales columns %v", cols)
		}
		bob, _ := ta.newUser(admin, "bob")
		want(t, ta.do("GET", "/api/datasources/1/schema", bob, nil), 404)
		// A user's own SQLite data source on the same file.
		ds := id(t, want(t, ta.do("POST", "/api/datasources", bob, api.DatasourceInput{Name: "mine", Type: api.SQLite, Path: demoFile}), 201))
		want(t, ta.do("GET", fmt.Sprintf("/api/datasources/%d/schema", ds), bob, nil), 200)
	})
}
