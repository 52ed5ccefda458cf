package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

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

// DashboardRenderOptions size and style a dashboard export; zero fields
// take the server's defaults (1200 px wide, 90 px grid rows, scale 1,
// light theme).
type DashboardRenderOptions struct {
	Width, RowHeight int
	// Theme is "light" or "dark".
	Theme string
	// Scale is a PNG's device pixel ratio (1 to 3).
	Scale float64
	// Params are the dashboard's parameter values; each chart takes those
	// its query declares.
	Params map[string]any
}

// RenderDashboard returns a dashboard's 2D tiles drawn by the server on
// its grid as SVG or PNG (3D tiles are labelled placeholders).
func (c *Client) RenderDashboard(ctx context.Context, dashboardID int64, format string, o DashboardRenderOptions) ([]byte, error) {
	media := map[string]string{SVG: "image/svg+xml", PNG: "image/png"}[format]
	if media == "" {
		return nil, fmt.Errorf("gobi: format must be svg or png, not %q", format)
	}
	q, err := DataOptions{Params: o.Params}.values(true)
	if err != nil {
		return nil, err
	}
	for k, v := range map[string]int{"width": o.Width, "row_height": o.RowHeight} {
		if v > 0 {
			q.Set(k, strconv.Itoa(v))
		}
	}
	if o.Theme != "" {
		q.Set("theme", o.Theme)
	}
	if o.Scale > 0 {
		q.Set("scale", strconv.FormatFloat(o.Scale, 'f', -1, 64))
	}
	raw, _, err := c.send(ctx, "GET", fmt.Sprintf("/api/dashboards/%d/render.%s", dashboardID, format), q, nil, media+", application/json")
	return raw, err
}
