package client

import (
	"context"
	"fmt"
	"net/url"

	"github.com/gobi-bi/gobi/shared/api"
)

// Dashboards lists the dashboards the caller may see.
func (c *Client) Dashboards(ctx context.Context) ([]api.Dashboard, error) {
	var out []api.Dashboard
	return out, c.Do(ctx, "GET", "/api/dashboards", nil, nil, &out)
}

// Dashboard returns one dashboard; its charts' data come from
// ChartDataWith with Dashboard set.
func (c *Client) Dashboard(ctx context.Context, dashboardID int64) (*api.Dashboard, error) {
	var out api.Dashboard
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/dashboards/%d", dashboardID), nil, nil, &out)
}

// CreateDashboard saves a dashboard.
func (c *Client) CreateDashboard(ctx context.Context, in api.DashboardInput) (*api.Dashboard, error) {
	var out api.Dashboard
	return &out, c.Do(ctx, "POST", "/api/dashboards", nil, in, &out)
}

// UpdateDashboard replaces a dashboard.
func (c *Client) UpdateDashboard(ctx context.Context, dashboardID int64, in api.DashboardInput) (*api.Dashboard, error) {
	var out api.Dashboard
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/dashboards/%d", dashboardID), nil, in, &out)
}

// DeleteDashboard deletes a dashboard.
func (c *Client) DeleteDashboard(ctx context.Context, dashboardID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/dashboards/%d", dashboardID), nil, nil, nil)
}

// DashboardChoices returns the values a dashboard parameter offers (its
// choice source's distinct values), or, with param empty, those of every
// parameter that has a source.
func (c *Client) DashboardChoices(ctx context.Context, dashboardID int64, param string) ([]api.ParamChoices, error) {
	var q url.Values
	if param != "" {
		q = url.Values{"param": {param}}
	}
	var out []api.ParamChoices
	return out, c.Do(ctx, "GET", fmt.Sprintf("/api/dashboards/%d/choices", dashboardID), q, nil, &out)
}
