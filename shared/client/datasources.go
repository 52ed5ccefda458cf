package client

import (
	"context"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// Datasources lists the data sources the caller may see.
func (c *Client) Datasources(ctx context.Context) ([]api.Datasource, error) {
	var out []api.Datasource
	return out, c.Do(ctx, "GET", "/api/datasources", nil, nil, &out)
}

// Datasource returns one data source, its DSN masked.
func (c *Client) Datasource(ctx context.Context, datasourceID int64) (*api.Datasource, error) {
	var out api.Datasource
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/datasources/%d", datasourceID), nil, nil, &out)
}

// CreateDatasource creates a data source; the server checks that its
// login can only read unless an admin allows more.
func (c *Client) CreateDatasource(ctx context.Context, in api.DatasourceInput) (*api.Datasource, error) {
	var out api.Datasource
	return &out, c.Do(ctx, "POST", "/api/datasources", nil, in, &out)
}

// UpdateDatasource replaces a data source; empty secret fields keep their
// old values.
func (c *Client) UpdateDatasource(ctx context.Context, datasourceID int64, in api.DatasourceInput) (*api.Datasource, error) {
	var out api.Datasource
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/datasources/%d", datasourceID), nil, in, &out)
}

// DeleteDatasource deletes a data source.
func (c *Client) DeleteDatasource(ctx context.Context, datasourceID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/datasources/%d", datasourceID), nil, nil, nil)
}

// TestDatasource connects to a data source and reports its server version
// and what its login may do.
func (c *Client) TestDatasource(ctx context.Context, datasourceID int64) (*api.DatasourceTest, error) {
	var out api.DatasourceTest
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/datasources/%d/test", datasourceID), nil, nil, &out)
}

// DatasourceSchema lists the tables and views a data source's login may
// read, with their columns and types.
func (c *Client) DatasourceSchema(ctx context.Context, datasourceID int64) (*api.DatasourceSchema, error) {
	var out api.DatasourceSchema
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/datasources/%d/schema", datasourceID), nil, nil, &out)
}

// Query runs ad-hoc SQL on a data source, read-only and within the same
// limits as saved queries.
func (c *Client) Query(ctx context.Context, datasourceID int64, q api.AdhocQuery) (*api.Result, error) {
	var out api.Result
	return &out, c.Do(ctx, "POST", fmt.Sprintf("/api/datasources/%d/query", datasourceID), nil, q, &out)
}

// Datasets lists the SQLite files in the server's datasets directory that
// a SQLite data source may use (its Path).
func (c *Client) Datasets(ctx context.Context) ([]api.DatasetFile, error) {
	var out []api.DatasetFile
	return out, c.Do(ctx, "GET", "/api/datasets", nil, nil, &out)
}
