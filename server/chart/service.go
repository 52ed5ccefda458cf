package chart

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/access"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/query"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Queries is what charts need from the query feature.
type Queries interface {
	Exists(ctx context.Context, p auth.Principal, id int64) (bool, error)
	Get(ctx context.Context, p auth.Principal, id int64) (*query.Query, error)
	Execute(ctx context.Context, p auth.Principal, id int64, req api.ExecuteRequest) (*api.Result, error)
}

// Service is the chart feature.
type Service struct {
	db      bun.IDB
	queries Queries
	sharing access.Sharing

	once   sync.Once // installs the default render limits when none were set
	limits RenderLimits
	raster *gate // bounds concurrent PNG rasterisation
}

// NewService returns the chart service.
func NewService(db bun.IDB, queries Queries) *Service {
	return &Service{db: db, queries: queries, sharing: auth.OwnerOnly{}}
}

// ErrNotFound is returned for a chart that is missing or not the caller's.
var ErrNotFound = errors.New("chart not found")

// List returns the caller's charts (an admin's: all) and those shared
// with the caller, each with the caller's access.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]spec.Saved, error) {
	granted, ids, err := access.Granted(ctx, s.sharing, p, api.ShareChart)
	if err != nil {
		return nil, err
	}
	var cs []Chart
	if err := s.db.NewSelect().Model(&cs).Apply(access.Visible(p, ids)).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list charts: %w", err)
	}
	if err := access.Label(ctx, s.sharing, p, cs, granted); err != nil {
		return nil, err
	}
	out := make([]spec.Saved, len(cs))
	for i := range cs {
		out[i] = cs[i].View()
	}
	return out, nil
}

// Get loads one chart the caller may see.
func (s *Service) Get(ctx context.Context, p auth.Principal, id int64) (*Chart, error) {
	c := new(Chart)
	err := s.db.NewSelect().Model(c).Where("id = ?", id).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("chart", id).With(ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load chart: %w", err)
	}
	if err := s.access(ctx, p, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Many loads the charts among ids that the caller may see, in id order;
// the others are left out. Dashboards use it to check and show their
// tiles in one query.
func (s *Service) Many(ctx context.Context, p auth.Principal, ids []int64) ([]Chart, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var cs []Chart
	err := s.db.NewSelect().Model(&cs).Where("id IN (?)", bun.List(ids)).ApplyQueryBuilder(p.Owns("owner_id")).Order("id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("load charts: %w", err)
	}
	return cs, nil
}

// Create validates and stores a chart owned by the caller.
func (s *Service) Create(ctx context.Context, p auth.Principal, in spec.Input) (*Chart, error) {
	c := &Chart{OwnerID: p.UserID}
	if err := s.apply(ctx, p, c, in); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	c.CreatedAt, c.UpdatedAt = now, now
	if _, err := s.db.NewInsert().Model(c).Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("you already have a chart named %q", c.Name)
		}
		return nil, fmt.Errorf("create chart: %w", err)
	}
	return c, nil
}

// Update replaces a chart.
func (s *Service) Update(ctx context.Context, p auth.Principal, id int64, in spec.Input) (*Chart, error) {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := access.May(c.Access, api.AccessEditor, "chart"); err != nil {
		return nil, err
	}
	was := c.Decoded().QueryID
	// An editor changes the owner's chart: on the owner's queries.
	if err := s.apply(ctx, access.RunAs(p, c.OwnerID), c, in); err != nil {
		return nil, err
	}
	// ... but only on queries the editor may see as well: a chart shared
	// to edit does not open its owner's other queries.
	if now := c.Decoded().QueryID; c.Access == api.AccessEditor && now != 0 && now != was {
		ok, err := s.queries.Exists(ctx, p, now)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fault.Fields(fault.Field("spec.query_id", "query %d not found", now))
		}
	}
	c.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(c).WherePK().Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("you already have a chart named %q", c.Name)
		}
		return nil, fmt.Errorf("update chart: %w", err)
	}
	return c, nil
}

// Delete removes a chart (its owner or an admin only) and its shares.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id int64) error {
	c, err := s.Get(ctx, p, id)
	if err != nil {
		return err
	}
	if err := access.May(c.Access, api.AccessOwner, "chart"); err != nil {
		return err
	}
	res, err := s.db.NewDelete().Model((*Chart)(nil)).Where("id = ?", id).Where("owner_id = ?", c.OwnerID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete chart: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Missing("chart", id).With(ErrNotFound)
	}
	return s.sharing.Drop(ctx, api.ShareChart, id)
}

// Count counts the caller's charts.
func (s *Service) Count(ctx context.Context, p auth.Principal) (int64, error) {
	n, err := s.db.NewSelect().Model((*Chart)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).Count(ctx)
	return int64(n), err
}

// apply decodes and validates input with the shared validator, prefixing
// field paths with "spec.", and checks the query is the caller's.
func (s *Service) apply(ctx context.Context, p auth.Principal, c *Chart, in spec.Input) error {
	var fields []api.FieldError
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		fields = append(fields, fault.Field("name", "is required, at most 200 characters"))
	}
	if len(in.Spec) == 0 {
		return fault.Fields(append(fields, fault.Field("spec", "is required"))...)
	}
	sp, problems, err := spec.Decode(in.Spec)
	if err != nil {
		return fault.Fields(append(fields, fault.Field("spec", "%v", err))...)
	}
	for _, f := range problems {
		fields = append(fields, api.FieldError{Path: "spec." + f.Path, Message: f.Message})
	}
	if sp != nil && sp.QueryID != 0 {
		q, err := s.queries.Get(ctx, p, sp.QueryID)
		switch {
		case errors.Is(err, query.ErrNotFound):
			fields = append(fields, fault.Field("spec.query_id", "query %d not found", sp.QueryID))
		case err != nil:
			return err
		case q.OwnerID != c.OwnerID && !p.IsAdmin():
			// A chart runs as its owner and can be shared and embedded:
			// on a query only shared with its owner, it would pass that
			// query's data on to people its owner never chose.
			fields = append(fields, fault.Field("spec.query_id", "query %d is shared with you, not yours: a chart can use only its owner's own queries", sp.QueryID))
		}
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	raw, err := json.Marshal(sp)
	if err != nil {
		return fmt.Errorf("encode spec: %w", err)
	}
	c.Name, c.Description, c.Type, c.Spec = name, in.Description, string(sp.Type), string(raw)
	c.QueryID = nil
	if sp.QueryID != 0 {
		q := sp.QueryID
		c.QueryID = &q
	}
	return nil
}

// ParamDefs returns the parameters c's query declares (none for a chart
// with inline data).
func (s *Service) ParamDefs(ctx context.Context, p auth.Principal, c *Chart) ([]api.ParamDef, error) {
	p = access.RunAs(p, c.OwnerID)
	sp := c.Decoded()
	if sp.QueryID == 0 {
		return nil, nil
	}
	q, err := s.queries.Get(ctx, p, sp.QueryID)
	if errors.Is(err, query.ErrNotFound) {
		return nil, fault.Missing("query", sp.QueryID)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %d: its query: %w", c.ID, err)
	}
	return q.Defs(), nil
}

// Declared keeps the params that c's query declares and drops the rest.
// A dashboard sends its parameters to every chart on it, and each chart
// takes the ones it uses; elsewhere an unknown parameter is an error.
func (s *Service) Declared(ctx context.Context, p auth.Principal, c *Chart, params map[string]any) (map[string]any, error) {
	if len(params) == 0 {
		return params, nil
	}
	defs, err := s.ParamDefs(ctx, p, c)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(defs))
	for _, d := range defs {
		if v, ok := params[d.Name]; ok {
			out[d.Name] = v
		}
	}
	return out, nil
}

// Data runs the chart's query (or takes its inline data) with params over
// the spec's, checks the result against the spec and shapes it for
// drawing with at most maxPoints points per series.
//
// A chart shared with the caller (or shown on a dashboard shared with
// them) runs as its owner: the owner's query on the owner's data source.
func (s *Service) Data(ctx context.Context, p auth.Principal, c *Chart, params map[string]any, maxPoints int) (*spec.DataResponse, error) {
	p = access.RunAs(p, c.OwnerID)
	sp := c.Decoded()
	res := sp.Data
	if sp.QueryID != 0 {
		merged := make(map[string]any, len(sp.Params)+len(params))
		for k, v := range sp.Params {
			merged[k] = v
		}
		for k, v := range params {
			merged[k] = v
		}
		var err error
		if res, err = s.queries.Execute(ctx, p, sp.QueryID, api.ExecuteRequest{Params: merged}); err != nil {
			return nil, err
		}
	}
	out := &spec.DataResponse{Spec: sp, Problems: spec.ValidateData(sp, res)}
	if len(out.Problems) > 0 {
		out.Data = res
		return out, nil
	}
	shaped, err := spec.Shape(sp, res, maxPoints)
	if err != nil {
		return nil, fault.Fields(fault.Field("spec", "%v", err))
	}
	out.Data = shaped
	sp.Data = nil // the data travels once, shaped
	return out, nil
}
