package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/demo"
	"github.com/gobi-bi/gobi/shared/api"
	chartspec "github.com/gobi-bi/gobi/shared/chart"
)

const (
	demoFile       = "demo.db"
	demoSourceName = "Demo (SQLite)"
)

// seedDemo writes the sample database and gives the first admin a demo
// data source with the demo's saved queries, charts and dashboards. It runs on first start only,
// so a demo that a user deletes stays deleted.
func (a *App) seedDemo(ctx context.Context, admin *auth.User, path string) error {
	if err := demo.WriteSampleDB(ctx, path); err != nil {
		return err
	}
	p := auth.Principal{UserID: admin.ID, Username: admin.Username, Role: admin.Role}
	ds, err := a.datasources.Create(ctx, p, api.DatasourceInput{Name: demoSourceName, Type: api.SQLite, Path: demoFile})
	if err != nil {
		return fmt.Errorf("create demo data source: %w", err)
	}
	ids := map[string]int64{}
	for _, q := range demo.Queries() {
		in := api.QueryInput{DatasourceID: ds.ID, Name: q.Name, Description: q.Description, SQL: q.SQL, Params: q.Params, CacheTTLMS: 60_000}
		saved, err := a.queries.Create(ctx, p, in)
		if err != nil {
			return fmt.Errorf("create demo query %q: %w", q.Name, err)
		}
		ids[q.Key] = saved.ID
	}
	charts := map[string]int64{}
	for _, c := range demo.Charts() {
		c.Spec.QueryID = ids[c.QueryKey]
		raw, err := json.Marshal(c.Spec)
		if err != nil {
			return err
		}
		saved, err := a.charts.Create(ctx, p, chartspec.Input{Name: c.Name, Spec: raw})
		if err != nil {
			return fmt.Errorf("create demo chart %q: %w", c.Name, err)
		}
		charts[c.Name] = saved.ID
	}
	for _, d := range demo.Dashboards() {
		if _, err := a.dashboards.Create(ctx, p, d.Input(charts)); err != nil {
			return fmt.Errorf("create demo dashboard %q: %w", d.Title, err)
		}
	}
	a.log.Info("created the demo data source, queries, charts and dashboards",
		"queries", len(ids), "charts", len(charts), "dashboards", len(demo.Dashboards()))
	return nil
}
