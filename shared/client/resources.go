package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Session is what Login returns.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Login exchanges a username and password for a session token; use it
// with WithToken.
func (c *Client) Login(ctx context.Context, username, password string) (*Session, error) {
	var s Session
	err := c.Do(ctx, "POST", "/api/auth/login", nil, map[string]string{"username": username, "password": password}, &s)
	return &s, err
}

// Datasources lists the data sources the caller may see.
func (c *Client) Datasources(ctx context.Context) ([]api.Datasource, error) {
	var out []api.Datasource
	return out, c.Do(ctx, "GET", "/api/datasources", nil, nil, &out)
}

// CreateDatasource creates a data source.
func (c *Client) CreateDatasource(ctx context.Context, in api.DatasourceInput) (*api.Datasource, error) {
	var out api.Datasource
	return &out, c.Do(ctx, "POST", "/api/datasources", nil, in, &out)
}

// Queries lists the saved queries the caller may see.
func (c *Client) Queries(ctx context.Context) ([]api.Query, error) {
	var out []api.Query
	return out, c.Do(ctx, "GET", "/api/queries", nil, nil, &out)
}

// CreateQuery saves a query.
func (c *Client) CreateQuery(ctx context.Context, in api.QueryInput) (*api.Query, error) {
	var out api.Query
	return &out, c.Do(ctx, "POST", "/api/queries", nil, in, &out)
}

// Execute runs a saved query.
func (c *Client) Execute(ctx context.Context, queryID int64, req api.ExecuteRequest) (*api.Result, error) {
	var out api.Result
	return &out, c.Do(ctx, "POST", "/api/queries/"+strconv.FormatInt(queryID, 10)+"/execute", nil, req, &out)
}

// Query runs ad-hoc SQL on a data source.
func (c *Client) Query(ctx context.Context, datasourceID int64, q api.AdhocQuery) (*api.Result, error) {
	var out api.Result
	return &out, c.Do(ctx, "POST", "/api/datasources/"+strconv.FormatInt(datasourceID, 10)+"/query", nil, q, &out)
}

// Charts lists the charts the caller may see.
func (c *Client) Charts(ctx context.Context) ([]chart.Saved, error) {
	var out []chart.Saved
	return out, c.Do(ctx, "GET", "/api/charts", nil, nil, &out)
}

// ChartData returns a chart's data shaped for drawing; params override the
// chart's query parameters.
func (c *Client) ChartData(ctx context.Context, chartID int64, params map[string]any) (*chart.DataResponse, error) {
	q, err := paramsQuery(params)
	if err != nil {
		return nil, err
	}
	var out chart.DataResponse
	return &out, c.Do(ctx, "GET", "/api/charts/"+strconv.FormatInt(chartID, 10)+"/data", q, nil, &out)
}

// RenderOptions size and style a server-side render.
type RenderOptions struct {
	Width, Height int
	Theme         string
	Scale         float64
	Params        map[string]any
}

// RenderChart returns a chart drawn by the server as "svg" or "png".
func (c *Client) RenderChart(ctx context.Context, chartID int64, format string, o RenderOptions) ([]byte, error) {
	if format != "svg" && format != "png" {
		return nil, fmt.Errorf("gobi: format must be svg or png")
	}
	q, err := paramsQuery(o.Params)
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
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
	raw, _, err := c.send(ctx, "GET", "/api/charts/"+strconv.FormatInt(chartID, 10)+"/render."+format, q, nil)
	return raw, err
}

// Stats returns the caller's overview counts.
func (c *Client) Stats(ctx context.Context) (*api.Stats, error) {
	var out api.Stats
	return &out, c.Do(ctx, "GET", "/api/dashboard/stats", nil, nil, &out)
}

// CreateAPIKey creates an API key; the key and secret are in the result
// only this once.
func (c *Client) CreateAPIKey(ctx context.Context, in api.APIKeyInput) (*api.APIKeyCreated, error) {
	var out api.APIKeyCreated
	return &out, c.Do(ctx, "POST", "/api/apikeys", nil, in, &out)
}

func paramsQuery(params map[string]any) (url.Values, error) {
	if len(params) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("gobi: encode params: %w", err)
	}
	return url.Values{"params": {string(b)}}, nil
}
