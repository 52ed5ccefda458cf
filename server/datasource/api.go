package datasource

import (
	"context"
	"net/http"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the data source operations: /api/datasources.
func (s *Service) Ops() route.Table {
	ops := route.Table{
		route.Get("/api/datasources", "list-datasources", func(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.Datasource, error) {
			return s.List(ctx, p)
		}).Doc("List data sources").Needs(api.ScopeRead),
	}
	for _, o := range route.CRUD(route.Noun{One: "data source", Path: "/api/datasources"}, s, s.View, false) {
		if o.Method == http.MethodPost || o.Method == http.MethodPut {
			// Saving checks the login's privileges on the database.
			o = o.Documents(http.StatusBadGateway)
		}
		ops = append(ops, o)
	}
	ops = append(ops, route.Get("/api/datasources/{id}/schema", "get-datasource-schema", s.schema).
		Doc("List a data source's tables and columns",
			"What the data source's login may read, from the database's catalogue, through the same read-only path as queries; for the query editor's schema browser.").
		Needs(api.ScopeRead).Documents(http.StatusBadGateway, http.StatusGatewayTimeout))
	ops = append(ops, route.Post("/api/datasources/{id}/test", "test-datasource", s.test).
		Doc("Test a data source", "Connects (or reuses the pool), asks the server its version and checks what the login may do.").
		Needs(api.ScopeWrite).Documents(http.StatusBadGateway))
	ops = append(ops, route.Get("/api/datasets", "list-datasets", func(ctx context.Context, p auth.Principal, _ *struct{}) ([]api.DatasetFile, error) {
		return s.Datasets(ctx, p)
	}).Doc("List the SQLite files a data source may use",
		"The SQLite databases in the server's datasets directory (at most 1000, by name), for the data source form's file picker; path is what a SQLite data source's path takes.").
		Needs(api.ScopeRead))
	return ops.Tagged("Data sources")
}

func (s *Service) schema(ctx context.Context, p auth.Principal, in *route.ID) (api.DatasourceSchema, error) {
	return s.Schema(ctx, p, in.ID)
}

func (s *Service) test(ctx context.Context, p auth.Principal, in *route.ID) (api.DatasourceTest, error) {
	d, err := s.Get(ctx, p, in.ID)
	if err != nil {
		return api.DatasourceTest{}, err
	}
	return s.Test(ctx, d)
}
