package query

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/datasource"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlparam"
)

// runner executes one bound statement; server/readonly in production.
type runner interface {
	Run(ctx context.Context, db *sql.DB, d api.Dialect, stmt string, args []any, o readonly.Options) (*api.Result, error)
}

type readonlyRunner struct{}

func (readonlyRunner) Run(ctx context.Context, db *sql.DB, d api.Dialect, stmt string, args []any, o readonly.Options) (*api.Result, error) {
	return readonly.Run(ctx, db, d, stmt, args, o)
}

// run describes one execution request after loading.
type run struct {
	principal auth.Principal
	source    *datasource.Datasource
	queryID   *int64
	sql       string
	defs      []api.ParamDef
	values    map[string]any
	timeout   time.Duration // requested; 0 = default
	maxRows   int           // requested; 0 = default
	cacheTTL  time.Duration // 0 = do not cache
	partial   bool          // rows within the byte budget rather than an error
	runID     string        // names the run for Cancel; "" = not cancelable
}

// Execute runs a saved query the caller may see.
func (s *Service) Execute(ctx context.Context, p auth.Principal, id int64, req api.ExecuteRequest) (*api.Result, error) {
	q, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	// The query's data source is looked up as its owner, so an admin can
	// run a user's query on that user's data source.
	owner := auth.Principal{UserID: q.OwnerID, Role: auth.RoleUser}
	ds, err := s.sources.Get(ctx, owner, q.DatasourceID)
	if err != nil {
		return nil, fmt.Errorf("query %d: its data source: %w", id, err)
	}
	r := run{principal: p, source: ds, queryID: &q.ID, sql: q.SQL, defs: q.Defs(), values: req.Params,
		timeout: pick(time.Duration(req.TimeoutMS)*time.Millisecond, time.Duration(q.TimeoutMS)*time.Millisecond),
		maxRows: pickInt(req.MaxRows, q.MaxRows), partial: req.Partial, runID: req.RunID}
	if !req.NoCache {
		r.cacheTTL = time.Duration(q.CacheTTLMS) * time.Millisecond
		if r.cacheTTL == 0 {
			r.cacheTTL = s.limits.CacheTTL
		}
	}
	return s.run(ctx, r)
}

// ExecuteAdhoc runs unsaved SQL on a data source the caller may see.
func (s *Service) ExecuteAdhoc(ctx context.Context, p auth.Principal, ds *datasource.Datasource, req api.AdhocQuery) (*api.Result, error) {
	if fields := checkSQL(req.SQL, ds.Type, req.ParamDefs, true); len(fields) > 0 {
		return nil, s.refuse(ctx, run{principal: p, source: ds}, fault.Fields(fields...))
	}
	names, err := sqlparam.Names(req.SQL, ds.Type)
	if err != nil {
		return nil, fault.Fields(fault.Field("sql", "%v", err))
	}
	defs := append([]api.ParamDef(nil), req.ParamDefs...)
	declared := map[string]bool{}
	for _, d := range defs {
		declared[d.Name] = true
	}
	for _, n := range names {
		if !declared[n] {
			defs = append(defs, api.ParamDef{Name: n, Type: api.ParamString})
		}
	}
	return s.run(ctx, run{principal: p, source: ds, sql: req.SQL, defs: defs, values: req.Params,
		timeout: time.Duration(req.TimeoutMS) * time.Millisecond, maxRows: req.MaxRows, partial: req.Partial, runID: req.RunID})
}

func (s *Service) run(ctx context.Context, r run) (*api.Result, error) {
	if fields := checkSQL(r.sql, r.source.Type, r.defs, true); len(fields) > 0 {
		return nil, s.refuse(ctx, r, fault.Fields(fields...))
	}
	stmt, args, err := sqlparam.Bind(r.sql, r.source.Type, r.defs, r.values)
	if err != nil {
		return nil, s.refuse(ctx, r, fault.Fields(paramField(err)))
	}
	ctx, done, err := s.running.start(ctx, r.principal, r.runID)
	if err != nil {
		return nil, err
	}
	defer done()
	timeout, maxRows, err := s.bounds(r)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	key := ""
	if r.cacheTTL > 0 {
		key = cacheKey(r.source, stmt, args, maxRows, r.partial)
		if res, ok := s.cache.Get(key); ok {
			out := *res
			out.Cached = true
			// The cache counts the result itself; each hit's answer is
			// encoded anew, and reserved as a scanned result's is.
			if err := s.budget.Hold(ctx, int64(out.JSONLen())); err != nil {
				e := mapRunError(err, timeout)
				s.record(ctx, r, start, nil, e)
				return nil, e
			}
			s.record(ctx, r, start, &out, nil)
			return &out, nil
		}
	}
	db, err := s.sources.DB(ctx, r.source)
	if e := (*fault.Error)(nil); errors.Is(err, datasource.ErrPrivileged) && errors.As(err, &e) {
		// Reachable, but its login may do more than read: the 422 that
		// names the privileges, not a connection failure.
		s.record(ctx, r, start, nil, e)
		return nil, e
	}
	if err != nil {
		e := fault.Wrap(fault.Upstream, "datasource_unreachable", "cannot connect to the data source: "+datasource.Describe(err), err)
		s.record(ctx, r, start, nil, e)
		return nil, e
	}
	res, err := s.runner.Run(ctx, db, r.source.Type, stmt, args, readonly.Options{Timeout: timeout, MaxRows: maxRows,
		MaxBytes: s.maxBytes(r.source), MaxCellBytes: s.limits.MaxCellBytes, Budget: s.budget, Partial: r.partial})
	if err != nil {
		e := mapRunError(err, timeout)
		s.record(ctx, r, start, nil, e)
		return nil, e
	}
	if key != "" {
		// The cache bounds its own bytes (the result's, not its answer's);
		// the result's Budget reservation ends with the request as for any
		// other result.
		s.cache.Set(key, res, readonly.ResultBytes(res), r.cacheTTL)
	}
	s.record(ctx, r, start, res, nil)
	return res, nil
}

// bounds picks the effective timeout and row limit: the request's, else
// the query's, else the data source's, else the defaults — never above
// the operator's maxima.
func (s *Service) bounds(r run) (time.Duration, int, error) {
	timeout := pick(r.timeout, r.source.Timeout(), s.limits.DefaultTimeout)
	if timeout < 0 || timeout > s.limits.MaxTimeout {
		return 0, 0, fault.Fields(fault.Field("timeout_ms", "must be between 1 and %d", s.limits.MaxTimeout.Milliseconds()))
	}
	maxRows := pickInt(r.maxRows, r.source.MaxRows, s.limits.DefaultMaxRows)
	if maxRows < 0 || maxRows > s.limits.MaxRows {
		return 0, 0, fault.Fields(fault.Field("max_rows", "must be between 1 and %d", s.limits.MaxRows))
	}
	return timeout, maxRows, nil
}

// maxBytes is the result budget: the server's, lowered by the data
// source's own ceiling when it sets one.
func (s *Service) maxBytes(ds *datasource.Datasource) int64 {
	if ds.MaxResultBytes > 0 && (s.limits.MaxResultBytes <= 0 || ds.MaxResultBytes < s.limits.MaxResultBytes) {
		return ds.MaxResultBytes
	}
	return s.limits.MaxResultBytes
}

func (s *Service) refuse(ctx context.Context, r run, e *fault.Error) error {
	s.recordStatus(ctx, r, time.Now(), nil, StatusRefused, e.Message)
	return e
}

// mapRunError gives each way a run fails its own status and message.
func mapRunError(err error, timeout time.Duration) *fault.Error {
	var dbe *readonly.DBError
	var se *readonly.SizeError
	switch {
	case errors.As(err, &se):
		return fault.Wrap(fault.TooLarge, "result_too_large",
			se.Error()+"; select fewer rows or columns, or aggregate in SQL", err)
	case errors.Is(err, readonly.ErrBusy):
		return fault.Retry(fault.Busy, busyRetry, "the server holds too many query results right now; retry shortly", err)
	case errors.Is(err, readonly.ErrTimeout):
		return fault.Wrap(fault.Timeout, "query_timeout", fmt.Sprintf("the query was stopped after its timeout of %s", timeout), err)
	case errors.Is(err, readonly.ErrCanceled), errors.Is(err, context.Canceled):
		return fault.Wrap(fault.Canceled, "query_canceled", "the query was canceled", err)
	case errors.Is(err, readonly.ErrReadOnly):
		return fault.Wrap(fault.ReadOnly, "query_not_read_only", "the database refused to write: queries are read-only", err)
	case errors.As(err, &dbe):
		return fault.Wrap(fault.Invalid, "query_failed", "the database reported: "+dbe.Message, err)
	}
	return fault.Wrap(fault.Upstream, "datasource_error", "the data source failed: "+datasource.Describe(err), err)
}

// busyRetry is the Retry-After sent when the result budget is exhausted:
// results are released as soon as their responses are written.
const busyRetry = 2 * time.Second

func (s *Service) record(ctx context.Context, r run, start time.Time, res *api.Result, e *fault.Error) {
	status, msg := StatusSuccess, ""
	if e != nil {
		msg = e.Message
		switch e.Kind {
		case fault.Timeout:
			status = StatusTimeout
		case fault.Canceled:
			status = StatusCanceled
		case fault.ReadOnly:
			status = StatusRefused
		default:
			status = StatusError
		}
	}
	s.recordStatus(ctx, r, start, res, status, msg)
}

// recordStatus hands the execution record to the history writer and the
// observer. It uses a context that survives the request's cancellation,
// so canceled runs are recorded too.
func (s *Service) recordStatus(ctx context.Context, r run, start time.Time, res *api.Result, status, msg string) {
	dsID := r.source.ID
	e := &Execution{UserID: r.principal.UserID, QueryID: r.queryID, DatasourceID: &dsID,
		StartedAt: start.UTC(), DurationMS: float64(time.Since(start).Microseconds()) / 1000, Status: status, Error: msg}
	if res != nil {
		e.RowCount, e.Truncated, e.Cached = res.RowCount, res.Truncated, res.Cached
		if !res.Cached {
			e.DurationMS = res.DurationMS
		}
	}
	if slow := s.limits.SlowQuery; slow > 0 && !e.Cached && e.DurationMS > float64(slow.Microseconds())/1000 {
		// The request's context puts its request id on the line.
		s.log.WarnContext(ctx, "slow query", "user", e.UserID, "query", r.queryID, "datasource", dsID,
			"type", r.source.Type, "ms", e.DurationMS, "rows", e.RowCount, "status", status)
	}
	if s.observe != nil {
		s.observe.ObserveQuery(string(r.source.Type), status, time.Duration(e.DurationMS*float64(time.Millisecond)), e.Cached)
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.history.Add(wctx, e); err != nil {
		s.log.Error("cannot record query execution", "user", e.UserID, "datasource", dsID, "status", status, "err", err)
	}
}

func cacheKey(ds *datasource.Datasource, stmt string, args []any, maxRows int, partial bool) string {
	h := sha256.New()
	b, _ := json.Marshal(args)
	fmt.Fprintf(h, "%d\x00%d\x00%d\x00%t\x00%s\x00", ds.ID, ds.Version, maxRows, partial, stmt)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func pick(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d != 0 {
			return d
		}
	}
	return 0
}

func pickInt(ns ...int) int {
	for _, n := range ns {
		if n != 0 {
			return n
		}
	}
	return 0
}
