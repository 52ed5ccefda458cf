package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Defaults for Options fields left at zero.
const (
	DefaultTimeout = 30 * time.Second
	DefaultMaxRows = 10000
)

// Options limits one Run. Zero fields take the defaults above.
type Options struct {
	// Timeout bounds the statement on the server (statement_timeout,
	// max_statement_time/max_execution_time) and, slightly later, on the Go
	// side, where it also covers connecting and reading rows.
	Timeout time.Duration
	// MaxRows is the most rows returned; Run reads one more to know whether
	// the result was cut (Result.Truncated).
	MaxRows int
	// MaxBytes bounds the size of the result's JSON answer, counted while
	// scanning (see budget.go); passing it stops the statement with a
	// *SizeError.
	MaxBytes int64
	// MaxCellBytes bounds one value (at most MaxBytes). SQLite enforces it
	// inside the engine, before the value exists; PostgreSQL and MySQL
	// drivers read a whole value before Run can refuse it.
	MaxCellBytes int64
	// Partial makes passing MaxBytes end the result instead of failing
	// it: Run returns the complete rows read so far, Truncated, with
	// TruncatedReason "bytes". A value over MaxCellBytes, a first row
	// over MaxBytes and an exhausted Budget are errors still.
	Partial bool
	// Budget, when set, is the process-wide bound the result reserves
	// from as it is scanned, for itself and its encoded answer; see
	// HoldResults for when it is given back.
	Budget *Budget
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxCellBytes <= 0 {
		o.MaxCellBytes = DefaultMaxCellBytes
	}
	o.MaxCellBytes = min(o.MaxCellBytes, o.MaxBytes)
	return o
}

// cleanupTimeout bounds the rollback after a statement, which must run even
// when the caller's context is gone.
const cleanupTimeout = 5 * time.Second

// drainBudget is how long Run keeps reading a truncated PostgreSQL or MySQL
// result to its end before it cancels the statement instead: draining a few
// thousand extra rows is cheaper than a cancel request (PostgreSQL) or a
// new connection (MySQL closes the one it cancels on).
const drainBudget = 20 * time.Millisecond

// Run executes stmt, one statement in d's placeholder syntax with args
// already bound, on a pool from Open, inside a transaction the database
// keeps read-only, and returns at most o.MaxRows rows in portable types.
//
// The transaction is always rolled back. Errors match ErrTimeout,
// ErrCanceled, ErrReadOnly (often as a *DBError), ErrStatement, ErrArgument,
// ErrConnect, ErrForeignPool, ErrResultTooLarge (a *SizeError) or ErrBusy
// with errors.Is, or are a *DBError with the database's message.
func Run(ctx context.Context, db *sql.DB, d api.Dialect, stmt string, args []any, o Options) (*api.Result, error) {
	p, err := poolOf(db, d)
	if err != nil {
		return nil, err
	}
	o = o.withDefaults()
	if strings.TrimSpace(stmt) == "" {
		return nil, fmt.Errorf("%w: the statement is empty", ErrStatement)
	}
	if d == api.SQLite {
		if stmt, err = sqliteStatement(stmt); err != nil {
			return nil, err
		}
	}
	if err := checkArgs(args); err != nil {
		return nil, err
	}

	start := time.Now()
	r := &run{parent: ctx, db: db, dialect: d, pool: p, stmt: stmt, args: args, opts: o}
	if o.Budget != nil {
		r.held = o.Budget.reservation()
	}
	// The database stops the statement at o.Timeout; the Go deadline comes a
	// little later so that the database's own timeout error wins the race and
	// the connection survives. SQLite has no server: Go's deadline is it.
	var cancel context.CancelFunc
	r.ctx, cancel = context.WithTimeout(ctx, o.Timeout+grace(d, o.Timeout))
	defer cancel()

	res, err := r.exec()
	if err != nil {
		r.held.release()
		return nil, r.classify(err)
	}
	r.held.trim(r.used)
	keep(ctx, r.held)
	res.DurationMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// grace is how much later than the database's timeout the Go deadline hits.
func grace(d api.Dialect, timeout time.Duration) time.Duration {
	if d == api.SQLite {
		return 0
	}
	return min(250*time.Millisecond+timeout/10, 2*time.Second)
}

// checkArgs allows plain values only. pgx reads leading arguments of some
// types (QueryExecMode, QueryRewriter) as options, one of which would switch
// to the simple protocol; nothing but values may reach a driver.
func checkArgs(args []any) error {
	for i, a := range args {
		switch a.(type) {
		case nil, bool, string, []byte, time.Time, float32, float64,
			int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		default:
			return fmt.Errorf("%w: argument %d is a %T", ErrArgument, i+1, a)
		}
	}
	return nil
}

// run is one execution of Run.
type run struct {
	parent  context.Context // the caller's context
	ctx     context.Context // parent with Run's deadline
	db      *sql.DB
	dialect api.Dialect
	pool    *pool
	stmt    string
	args    []any
	opts    Options
	held    *reservation // of opts.Budget; nil without one
	used    int64        // bytes of the result and its answer, once read
	read    int          // rows read, for errors
}

// exec takes a connection, wraps the statement in the dialect's read-only
// transaction and always cleans up. A connection whose state is unknown
// after an error is closed instead of going back to the pool.
func (r *run) exec() (res *api.Result, err error) {
	conn, err := r.db.Conn(r.ctx)
	if err != nil {
		return nil, err
	}
	discard := false
	defer func() {
		if discard {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}()
	cctx, ccancel := context.WithTimeout(context.WithoutCancel(r.parent), cleanupTimeout)
	defer ccancel()

	switch r.dialect {
	case api.Postgres:
		if err := pgLimitMessage(conn, r.opts.MaxBytes); err != nil {
			discard = true
			return nil, err
		}
		if err := pgBegin(r.ctx, conn, r.opts.Timeout); err != nil {
			discard = true
			return nil, err
		}
		res, err = r.query(conn)
		if pgStaleStatement(err) {
			// A DEALLOCATE in an earlier run dropped a statement pgx had
			// cached on this connection; pgx has forgotten it now, so one
			// retry in a fresh transaction prepares it again.
			if err := pgEnd(cctx, conn); err != nil {
				discard = true
				return nil, err
			}
			if err := pgBegin(r.ctx, conn, r.opts.Timeout); err != nil {
				discard = true
				return nil, err
			}
			res, err = r.query(conn)
		}
		inTx, txErr := pgInTransaction(conn)
		if err := pgEnd(cctx, conn); err != nil || txErr != nil {
			discard = true
		}
		if err == nil && txErr == nil && !inTx {
			return nil, errTxEnded
		}
		return res, err

	case api.MySQL:
		f := r.pool.mysql.flavor.Load()
		if f == nil {
			discard = true
			return nil, errors.New("readonly: MySQL server flavor unknown")
		}
		xid, err := mysqlBegin(r.ctx, conn, f, r.opts.Timeout)
		if err != nil {
			discard = true
			return nil, err
		}
		// A canceled context only closes the driver's connection; the
		// server would run the statement on to its end. KILL QUERY
		// stops it there.
		stop, err := mysqlKillOnCancel(r.parent, r.ctx, r.db, conn)
		if err != nil {
			discard = true
			return nil, err
		}
		defer stop()
		res, err = r.query(conn)
		if err := mysqlEnd(cctx, conn, f, xid); err != nil {
			discard = true
		}
		return res, err

	default:
		if err := sqliteNoAttach(conn); err != nil {
			discard = true
			return nil, err
		}
		if err := sqliteLimitLength(conn, r.opts.MaxCellBytes); err != nil {
			discard = true
			return nil, err
		}
		return r.query(conn)
	}
}

// query runs the statement and reads up to MaxRows rows, plus one to learn
// whether there were more.
func (r *run) query(conn *sql.Conn) (*api.Result, error) {
	qctx, qcancel := context.WithCancel(r.ctx)
	defer qcancel()
	rows, err := conn.QueryContext(qctx, r.stmt, r.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s, err := newScanner(rows, r.dialect, r.opts)
	if err != nil {
		return nil, err
	}
	defer func() { r.read, r.used = s.n, s.meter.held() }()
	reason := ""
	for rows.Next() {
		if s.n == r.opts.MaxRows {
			reason = "rows"
			break
		}
		err := s.scan(rows)
		if err == nil {
			// Steps stop at twice the answer's limit: about what a
			// result at its limit and its answer need together.
			err = r.held.cover(r.ctx, s.meter.held(), 2*r.opts.MaxBytes)
		}
		if se := (*SizeError)(nil); r.opts.Partial && errors.As(err, &se) && !se.Cell && s.n > 0 {
			reason = "bytes"
			r.abandon(qcancel)
			break
		}
		if err != nil {
			if errors.Is(err, ErrResultTooLarge) || errors.Is(err, ErrBusy) {
				r.abandon(qcancel)
			}
			return nil, err
		}
	}
	switch reason {
	case "rows":
		r.stopEarly(rows, qcancel)
	case "":
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	res := s.result(reason != "")
	res.TruncatedReason = reason
	return res, nil
}

// stopEarly ends a result Run no longer needs. SQLite just resets the
// statement. Server drivers read the rest of the result on Close, so Run
// drains for a short while and then cancels the statement.
func (r *run) stopEarly(rows *sql.Rows, cancel context.CancelFunc) {
	if r.dialect == api.SQLite {
		return
	}
	deadline := time.Now().Add(drainBudget)
	for n := 0; rows.Next(); n++ {
		if n&255 == 255 && time.Now().After(deadline) {
			cancel()
			return
		}
	}
}

// abandon stops a statement whose result Run refuses: server drivers
// would otherwise read the rest of it on Close.
func (r *run) abandon(cancel context.CancelFunc) {
	if r.dialect != api.SQLite {
		cancel()
	}
}

// classify maps an error onto the package's sentinels and DBError.
func (r *run) classify(err error) error {
	if cerr := r.parent.Err(); cerr != nil {
		return canceledError(cerr)
	}
	if errors.Is(err, ErrConnect) || errors.Is(err, ErrForeignPool) || errors.Is(err, ErrReadOnly) ||
		errors.Is(err, ErrResultTooLarge) || errors.Is(err, ErrBusy) {
		return err
	}
	if r.dialect == api.SQLite && sqliteIsTooBig(err) {
		return &SizeError{Limit: r.opts.MaxCellBytes, Rows: r.read, Cell: true}
	}
	if r.dialect == api.Postgres && pgIsTooLong(err) {
		return &SizeError{Limit: r.opts.MaxBytes, Rows: r.read}
	}
	timedOut := errors.Is(r.ctx.Err(), context.DeadlineExceeded)
	var de *DBError
	switch r.dialect {
	case api.Postgres:
		timedOut = timedOut || pgIsTimeout(err)
		de = pgError(err)
	case api.MySQL:
		timedOut = timedOut || mysqlIsTimeout(err) || mysqlIsInterrupted(err)
		de = mysqlError(err)
	default:
		timedOut = timedOut || sqliteIsInterrupt(err)
		de = sqliteError(err)
	}
	if timedOut {
		return timeoutError(r.opts.Timeout)
	}
	if de != nil {
		return de
	}
	return fmt.Errorf("readonly: %s: %w", r.dialect, err)
}
