package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gobi-bi/gobi/shared/chart"
)

// ChartTypes lists every chart type with its encodings and options.
func (c *Client) ChartTypes(ctx context.Context) ([]chart.TypeInfo, error) {
	var out []chart.TypeInfo
	return out, c.Do(ctx, "GET", "/api/chart-types", nil, nil, &out)
}

// Charts lists the charts the caller may see.
func (c *Client) Charts(ctx context.Context) ([]chart.Saved, error) {
	var out []chart.Saved
	return out, c.Do(ctx, "GET", "/api/charts", nil, nil, &out)
}

// Chart returns one saved chart.
func (c *Client) Chart(ctx context.Context, chartID int64) (*chart.Saved, error) {
	var out chart.Saved
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/charts/%d", chartID), nil, nil, &out)
}

// CreateChart saves a chart; problems with the spec come back as field
// errors under "spec".
func (c *Client) CreateChart(ctx context.Context, in chart.Input) (*chart.Saved, error) {
	var out chart.Saved
	return &out, c.Do(ctx, "POST", "/api/charts", nil, in, &out)
}

// UpdateChart replaces a saved chart.
func (c *Client) UpdateChart(ctx context.Context, chartID int64, in chart.Input) (*chart.Saved, error) {
	var out chart.Saved
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/charts/%d", chartID), nil, in, &out)
}

// DeleteChart deletes a saved chart.
func (c *Client) DeleteChart(ctx context.Context, chartID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/charts/%d", chartID), nil, nil, nil)
}

// DataOptions select a chart's data.
type DataOptions struct {
	// Params are merged over the chart's own parameter values.
	Params map[string]any
	// Dashboard marks Params as a dashboard's: those the chart's query
	// does not declare are dropped instead of refused. Not for embeds.
	Dashboard bool
	// MaxPoints downsamples each series to at most this many points (0:
	// as many as the chart shows).
	MaxPoints int
}

// values is o as a query string; dashboard only when asked for.
func (o DataOptions) values(dashboard bool) (url.Values, error) {
	q := url.Values{}
	if len(o.Params) > 0 {
		b, err := json.Marshal(o.Params)
		if err != nil {
			return nil, fmt.Errorf("gobi: encode params: %w", err)
		}
		q.Set("params", string(b))
	}
	if dashboard && o.Dashboard {
		q.Set("dashboard", "true")
	}
	if o.MaxPoints > 0 {
		q.Set("max_points", strconv.Itoa(o.MaxPoints))
	}
	return q, nil
}

// ChartData returns a chart's data shaped for drawing; params override the
// chart's query parameters. ChartDataWith takes every option.
func (c *Client) ChartData(ctx context.Context, chartID int64, params map[string]any) (*chart.DataResponse, error) {
	return c.ChartDataWith(ctx, chartID, DataOptions{Params: params})
}

// ChartDataWith returns a chart's data shaped for drawing, as o selects.
func (c *Client) ChartDataWith(ctx context.Context, chartID int64, o DataOptions) (*chart.DataResponse, error) {
	q, err := o.values(true)
	if err != nil {
		return nil, err
	}
	var out chart.DataResponse
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/charts/%d/data", chartID), q, nil, &out)
}

// Render formats.
const (
	SVG = "svg"
	PNG = "png"
)

// RenderOptions size and style a server-side render; zero fields take the
// server's defaults (800×500, scale 1, light theme).
type RenderOptions struct {
	Width, Height int
	// Theme is "light" or "dark".
	Theme string
	// Scale is a PNG's device pixel ratio (1 to 4).
	Scale  float64
	Params map[string]any
	// Dashboard: as in DataOptions.
	Dashboard bool
}

// RenderChart returns a chart drawn by the server as SVG or PNG.
func (c *Client) RenderChart(ctx context.Context, chartID int64, format string, o RenderOptions) ([]byte, error) {
	media := map[string]string{SVG: "image/svg+xml", PNG: "image/png"}[format]
	if media == "" {
		return nil, fmt.Errorf("gobi: format must be svg or png, not %q", format)
	}
	q, err := DataOptions{Params: o.Params, Dashboard: o.Dashboard}.values(true)
	if err != nil {
		return nil, err
	}
	if o.Width > 0 {
		q.Set("width", strconv.Itoa(o.Width))
	}
	if o.Height > 0 {
		q.Set("height", strconv.Itoa(o.Height))
	}
	if o.Theme != "" {
		q.Set("theme", o.Theme)
	}
	if o.Scale > 0 {
		q.Set("scale", strconv.FormatFloat(o.Scale, 'f', -1, 64))
	}
	// JSON too, for the error answers.
	raw, _, err := c.send(ctx, "GET", fmt.Sprintf("/api/charts/%d/render.%s", chartID, format), q, nil, media+", application/json")
	return raw, err
}
