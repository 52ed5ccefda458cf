package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/access"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/server/resultcache"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlguard"
	"github.com/gobi-bi/gobi/shared/sqlparam"
)

// Datasources is what queries need from the data-source feature.
type Datasources interface {
	Get(ctx context.Context, p auth.Principal, id int64) (*datasource.Datasource, error)
	DB(ctx context.Context, d *datasource.Datasource) (*sql.DB, error)
}

// ExecutionLog takes execution records off the request path (a
// batch.Writer[Execution]); Flush makes them readable.
type ExecutionLog interface {
	Add(ctx context.Context, e *Execution) error
	Flush(ctx context.Context) error
}

// Observer is told of every execution, as recordStatus records it (for
// metrics). outcome is the execution's status (StatusSuccess, …);
// cached runs were answered from the result cache.
type Observer interface {
	ObserveQuery(dialect, outcome string, d time.Duration, cached bool)
}

// Limits are the operator's execution bounds.
type Limits struct {
	DefaultTimeout time.Duration
	MaxTimeout     time.Duration
	DefaultMaxRows int
	MaxRows        int
	// CacheTTL applies to saved queries that set no TTL of their own.
	CacheTTL time.Duration
	// MaxResultBytes and MaxCellBytes bound one result and one value in
	// it, in bytes, while it is scanned (0: readonly's defaults).
	MaxResultBytes int64
	MaxCellBytes   int64
	// SlowQuery logs a warning for every run (not cache hit) that takes
	// longer; 0 disables it.
	SlowQuery time.Duration
}

// Service is the query feature.
type Service struct {
	db      bun.IDB
	sources Datasources
	cache   *resultcache.Cache
	limits  Limits
	runner  runner
	log     *slog.Logger
	history ExecutionLog
	budget  *readonly.Budget
	observe Observer
	running *running
	sharing access.Sharing
}

// Config wires a Service.
type Config struct {
	DB      bun.IDB
	Sources Datasources
	Cache   *resultcache.Cache
	Limits  Limits
	Log     *slog.Logger
	// History records executions.
	History ExecutionLog
	// Budget bounds the bytes of all results held at once; nil: no bound.
	Budget *readonly.Budget
	// Observer, when set, is told of every execution.
	Observer Observer
}

// NewService returns the query service.
func NewService(c Config) *Service {
	return &Service{db: c.DB, sources: c.Sources, cache: c.Cache, limits: c.Limits, runner: readonlyRunner{}, log: c.Log, history: c.History, budget: c.Budget,
		observe: c.Observer, running: newRunning(), sharing: auth.OwnerOnly{}}
}

// ErrNotFound is returned for a query that is missing or not the caller's.
var ErrNotFound = errors.New("query not found")

// List returns the caller's queries (an admin's: all) and those shared
// with the caller, each with the caller's access, optionally of one data
// source.
func (s *Service) List(ctx context.Context, p auth.Principal, datasourceID int64) ([]api.Query, error) {
	granted, ids, err := access.Granted(ctx, s.sharing, p, api.ShareQuery)
	if err != nil {
		return nil, err
	}
	var qs []Query
	q := s.db.NewSelect().Model(&qs).Apply(access.Visible(p, ids)).Order("id")
	if datasourceID > 0 {
		q = q.Where("datasource_id = ?", datasourceID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list queries: %w", err)
	}
	if err := access.Label(ctx, s.sharing, p, qs, granted); err != nil {
		return nil, err
	}
	out := make([]api.Query, len(qs))
	for i := range qs {
		out[i] = qs[i].View()
	}
	return out, nil
}

// Get loads one query the caller may see.
func (s *Service) Get(ctx context.Context, p auth.Principal, id int64) (*Query, error) {
	q := new(Query)
	err := s.db.NewSelect().Model(q).Where("id = ?", id).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("query", id).With(ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load query: %w", err)
	}
	if err := s.access(ctx, p, q); err != nil {
		return nil, err
	}
	return q, nil
}

// Exists reports whether the caller may see query id.
func (s *Service) Exists(ctx context.Context, p auth.Principal, id int64) (bool, error) {
	_, err := s.Get(ctx, p, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Create validates and stores a query owned by the caller.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.QueryInput) (*Query, error) {
	q := &Query{OwnerID: p.UserID}
	if err := s.apply(ctx, p, q, in); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	q.CreatedAt, q.UpdatedAt = now, now
	if _, err := s.db.NewInsert().Model(q).Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("you already have a query named %q", q.Name)
		}
		return nil, fmt.Errorf("create query: %w", err)
	}
	return q, nil
}

// Update replaces a query.
func (s *Service) Update(ctx context.Context, p auth.Principal, id int64, in api.QueryInput) (*Query, error) {
	q, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := access.May(q.Access, api.AccessEditor, "query"); err != nil {
		return nil, err
	}
	// An editor may rewrite the SQL on the query's data source, not move
	// it to another of the owner's data sources: sharing one query does
	// not open every database its owner can reach.
	if q.Access == api.AccessEditor && in.DatasourceID != q.DatasourceID {
		return nil, fault.Fields(fault.Field("datasource_id", "only the query's owner may move it to another data source"))
	}
	// An editor changes the owner's query: on the owner's data sources.
	if err := s.apply(ctx, access.RunAs(p, q.OwnerID), q, in); err != nil {
		return nil, err
	}
	q.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(q).WherePK().Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("you already have a query named %q", q.Name)
		}
		return nil, fmt.Errorf("update query: %w", err)
	}
	return q, nil
}

// Delete removes a query (its owner or an admin only) and its shares;
// its executions keep their records.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id int64) error {
	q, err := s.Get(ctx, p, id)
	if err != nil {
		return err
	}
	if err := access.May(q.Access, api.AccessOwner, "query"); err != nil {
		return err
	}
	res, err := s.db.NewDelete().Model((*Query)(nil)).Where("id = ?", id).Where("owner_id = ?", q.OwnerID).Exec(ctx)
	if store.IsForeignKey(err) {
		return fault.Clash("query %d is used by charts; delete or change them first", id)
	}
	if err != nil {
		return fmt.Errorf("delete query: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Missing("query", id).With(ErrNotFound)
	}
	return s.sharing.Drop(ctx, api.ShareQuery, id)
}

// apply validates input against the data source's dialect and copies it.
func (s *Service) apply(ctx context.Context, p auth.Principal, q *Query, in api.QueryInput) error {
	var fields []api.FieldError
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		fields = append(fields, fault.Field("name", "is required, at most 200 characters"))
	}
	if in.TimeoutMS < 0 || time.Duration(in.TimeoutMS)*time.Millisecond > s.limits.MaxTimeout {
		fields = append(fields, fault.Field("timeout_ms", "must be between 1 and %d (0 = default)", s.limits.MaxTimeout.Milliseconds()))
	}
	if in.MaxRows < 0 || in.MaxRows > s.limits.MaxRows {
		fields = append(fields, fault.Field("max_rows", "must be between 1 and %d (0 = default)", s.limits.MaxRows))
	}
	if in.CacheTTLMS < 0 {
		fields = append(fields, fault.Field("cache_ttl_ms", "must not be negative"))
	}
	ds, err := s.sources.Get(ctx, p, in.DatasourceID)
	if errors.Is(err, datasource.ErrNotFound) {
		fields = append(fields, fault.Field("datasource_id", "data source %d not found", in.DatasourceID))
	} else if err != nil {
		return err
	}
	if ds != nil {
		fields = append(fields, checkSQL(in.SQL, ds.Type, in.Params, false)...)
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	defs, _ := json.Marshal(nonNil(in.Params))
	q.DatasourceID, q.Name, q.Description, q.SQL, q.Params = in.DatasourceID, name, in.Description, in.SQL, string(defs)
	q.TimeoutMS, q.MaxRows, q.CacheTTLMS = in.TimeoutMS, in.MaxRows, in.CacheTTLMS
	return nil
}

// checkSQL runs the guard and checks the parameter declarations. With
// implicit, parameters used but not declared are fine (ad-hoc queries).
func checkSQL(src string, d api.Dialect, defs []api.ParamDef, implicit bool) []api.FieldError {
	if strings.TrimSpace(src) == "" {
		return []api.FieldError{fault.Field("sql", "is required")}
	}
	if err := sqlguard.Check(src, d); err != nil {
		return []api.FieldError{fault.Field("sql", "%v", err)}
	}
	if err := sqlparam.ValidateDefs(defs); err != nil {
		return []api.FieldError{paramField(err)}
	}
	if implicit {
		return nil
	}
	names, err := sqlparam.Names(src, d)
	if err != nil {
		return []api.FieldError{fault.Field("sql", "%v", err)}
	}
	declared := make(map[string]bool, len(defs))
	for _, def := range defs {
		declared[def.Name] = true
	}
	var fields []api.FieldError
	for _, n := range names {
		if !declared[n] {
			fields = append(fields, fault.Field("params", "parameter :%s is used in the SQL but not declared", n))
		}
	}
	return fields
}

func paramField(err error) api.FieldError {
	var pe *sqlparam.Error
	if errors.As(err, &pe) && pe.Param != "" {
		return fault.Field("params."+pe.Param, "%s", pe.Message)
	}
	return fault.Field("params", "%v", err)
}

func nonNil(defs []api.ParamDef) []api.ParamDef {
	if defs == nil {
		return []api.ParamDef{}
	}
	return defs
}

// Count counts the caller's queries.
func (s *Service) Count(ctx context.Context, p auth.Principal) (int64, error) {
	n, err := s.db.NewSelect().Model((*Query)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).Count(ctx)
	return int64(n), err
}
