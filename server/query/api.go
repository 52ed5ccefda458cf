package query

import (
	"context"
	"net/http"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Ops are the saved-query operations (/api/queries) and ad-hoc queries on
// a data source (/api/datasources/{id}/query).
func (s *Service) Ops() route.Table {
	runErrors := []int{http.StatusUnprocessableEntity, http.StatusConflict, 499, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
	ops := route.Table{
		route.Get("/api/queries", "list-queries", s.list).Doc("List saved queries").Needs(api.ScopeRead).External(),
	}
	ops = append(ops, route.CRUD(route.Noun{One: "query", Path: "/api/queries"}, s, route.View[*Query], true)...)
	ops = append(ops,
		route.Post("/api/queries/{id}/execute", "execute-query", s.execute).
			Doc("Execute a saved query",
				"Runs the query read-only with its typed parameters, within the timeout, row and byte limits; identical runs within the cache TTL are served from the result cache.").
			Needs(api.ScopeExecute).External().Documents(runErrors...),
		route.Get("/api/queries/{id}/executions", "list-query-executions", s.executions).
			Doc("List a query's executions", "The most recent runs first, with their outcome, duration and row count.").
			Needs(api.ScopeRead),
		route.Post("/api/queries/runs/{run_id}/cancel", "cancel-query-run", s.cancel).
			Doc("Cancel a running query",
				"Stops the caller's running execution that was started with this run_id (in the execute or ad-hoc query body): its statement is stopped on the database and its own request answers 499 canceled. 404 when no run of the caller's with that id is running (it ended, never started, or is another user's).").
			Needs(api.ScopeExecute).External().Documents(http.StatusNotFound),
		route.Post("/api/datasources/{id}/query", "query-datasource", s.adhoc).
			Doc("Run ad-hoc SQL on a data source", "Read-only, with the same limits as saved queries; for the query editor.").
			Needs(api.ScopeExecute).Tagged("Data sources").Documents(runErrors...),
	)
	for i := range ops {
		if ops[i].Tag == "" {
			ops[i] = ops[i].Tagged("Queries")
		}
	}
	return ops
}

type listInput struct {
	DatasourceID int64 `query:"datasource_id" minimum:"1" doc:"Only the queries of this data source."`
}

func (s *Service) list(ctx context.Context, p auth.Principal, in *listInput) ([]api.Query, error) {
	return s.List(ctx, p, in.DatasourceID)
}

type executeInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"The query's id."`
	Body *api.ExecuteRequest
}

func (s *Service) execute(ctx context.Context, p auth.Principal, in *executeInput) (*api.Result, error) {
	var req api.ExecuteRequest
	if in.Body != nil {
		req = *in.Body
	}
	return s.Execute(ctx, p, in.ID, req)
}

type executionsInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"The query's id."`
	Limit int   `query:"limit" default:"50" minimum:"1" maximum:"500" doc:"At most this many executions."`
}

func (s *Service) executions(ctx context.Context, p auth.Principal, in *executionsInput) ([]api.Execution, error) {
	q, err := s.Get(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	return s.Executions(ctx, p, q.ID, in.Limit)
}

type cancelInput struct {
	RunID string `path:"run_id" minLength:"1" maxLength:"64" pattern:"^[A-Za-z0-9_-]+$" doc:"The run_id the execution was started with."`
}

func (s *Service) cancel(ctx context.Context, p auth.Principal, in *cancelInput) (route.NoContent, error) {
	return route.NoContent{}, s.Cancel(ctx, p, in.RunID)
}

func (s *Service) adhoc(ctx context.Context, p auth.Principal, in *route.IDBody[api.AdhocQuery]) (*api.Result, error) {
	ds, err := s.sources.Get(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	return s.ExecuteAdhoc(ctx, p, ds, in.Body)
}
