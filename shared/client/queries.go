package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gobi-bi/gobi/shared/api"
)

// Queries lists the saved queries the caller may see.
func (c *Client) Queries(ctx context.Context) ([]api.Query, error) {
	var out []api.Query
	return out, c.Do(ctx, "GET", "/api/queries", nil, nil, &out)
}

// DatasourceQueries lists the saved queries on one data source.
func (c *Client) DatasourceQueries(ctx context.Context, datasourceID int64) ([]api.Query, error) {
	var out []api.Query
	q := url.Values{"datasource_id": {strconv.FormatInt(datasourceID, 10)}}
	return out, c.Do(ctx, "GET", "/api/queries", q, nil, &out)
}

// SavedQuery returns one saved query (Query is ad-hoc SQL).
func (c *Client) SavedQuery(ctx context.Context, queryID int64) (*api.Query, error) {
	var out api.Query
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/queries/%d", queryID), nil, nil, &out)
}

// CreateQuery saves a query.
func (c *Client) CreateQuery(ctx context.Context, in api.QueryInput) (*api.Query, error) {
	var out api.Query
	return &out, c.Do(ctx, "POST", "/api/queries", nil, in, &out)
}

// UpdateQuery replaces a saved query.
func (c *Client) UpdateQuery(ctx context.Context, queryID int64, in api.QueryInput) (*api.Query, error) {
	var out api.Query
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/queries/%d", queryID), nil, in, &out)
}

// DeleteQuery deletes a saved query.
func (c *Client) DeleteQuery(ctx context.Context, queryID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/queries/%d", queryID), nil, nil, nil)
}

// Execute runs a saved query with typed parameters; identical runs within
// the query's cache TTL are answered from the result cache.
func (c *Client) Execute(ctx context.Context, queryID int64, req api.ExecuteRequest) (*api.Result, error) {
	var out api.Result
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/queries/%d/execute", queryID), nil, req, &out)
}

// Executions lists a query's most recent runs, newest first; limit 0
// takes the server's default (50, at most 500).
func (c *Client) Executions(ctx context.Context, queryID int64, limit int) ([]api.Execution, error) {
	var q url.Values
	if limit > 0 {
		q = url.Values{"limit": {strconv.Itoa(limit)}}
	}
	var out []api.Execution
	return out, c.Do(ctx, "GET", fmt.Sprintf("/api/queries/%d/executions", queryID), q, nil, &out)
}

// Stats returns the caller's overview counts.
func (c *Client) Stats(ctx context.Context) (*api.Stats, error) {
	var out api.Stats
	return &out, c.Do(ctx, "GET", "/api/dashboard/stats", nil, nil, &out)
}

// CancelRun stops the caller's running query that was started with
// run_id runID (api.ExecuteRequest.RunID or api.AdhocQuery.RunID); that
// run's own call then fails with a canceled error.
func (c *Client) CancelRun(ctx context.Context, runID string) error {
	return c.Do(ctx, "POST", "/api/queries/runs/"+url.PathEscape(runID)+"/cancel", nil, nil, nil)
}
