package readonly

import (
	"errors"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// Sentinel errors callers branch on with errors.Is. Every error Run returns
// for these cases wraps the sentinel and says more in its message.
var (
	// ErrTimeout means the statement was stopped at its time limit, by the
	// database or by the Go-side deadline; the message names the limit.
	ErrTimeout = errors.New("readonly: query timed out")
	// ErrCanceled means the caller's context ended (client went away or the
	// request was canceled) before the statement finished.
	ErrCanceled = errors.New("readonly: query canceled")
	// ErrReadOnly means the database refused the statement because it
	// would write or would end the read-only transaction. Errors that match
	// it are usually *DBError values carrying the database's own message.
	ErrReadOnly = errors.New("readonly: the database refused to write")
	// ErrInvalidDSN means the connection string could not be used. The
	// message never repeats the DSN, which may hold a password.
	ErrInvalidDSN = errors.New("readonly: invalid data source connection string")
	// ErrNotFound means a SQLite data source file does not exist (it is
	// never created).
	ErrNotFound = errors.New("readonly: database file not found")
	// ErrConnect means no connection to the data source could be made.
	ErrConnect = errors.New("readonly: cannot connect to the data source")
	// ErrStatement means the statement text is unusable before it reaches
	// the database: empty, several statements, or (SQLite) not a query.
	ErrStatement = errors.New("readonly: unusable statement")
	// ErrArgument means a bound argument has a type Run does not pass to
	// drivers; only plain values are allowed, so that no argument can act as
	// a driver option (pgx treats some argument types as query options).
	ErrArgument = errors.New("readonly: unsupported argument type")
	// ErrForeignPool means Run or Ping got a *sql.DB that Open did not
	// return, or one opened for another dialect.
	ErrForeignPool = errors.New("readonly: the pool was not opened by readonly.Open for this dialect")
)

// DBError is an error reported by the database while running a statement:
// a syntax error, an unknown table, a refused write. Message is the
// database's own text, safe to show to the user who wrote the SQL (it never
// contains the DSN). Code is the SQLSTATE (PostgreSQL), the error number
// (MySQL) or the result code (SQLite), as text.
type DBError struct {
	Dialect api.Dialect
	Code    string
	Message string

	readOnly bool
	cause    error
}

// Error reports the dialect and the database's message.
func (e *DBError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("%s error %s: %s", e.Dialect, e.Code, e.Message)
	}
	return fmt.Sprintf("%s error: %s", e.Dialect, e.Message)
}

// Is makes errors.Is(err, ErrReadOnly) true for refused writes.
func (e *DBError) Is(target error) bool {
	return target == ErrReadOnly && e.readOnly
}

// Unwrap returns the driver's error, for callers that need its details.
func (e *DBError) Unwrap() error { return e.cause }

// ReadOnly reports whether the database refused the statement as a write.
func (e *DBError) ReadOnly() bool { return e.readOnly }

// timeoutError builds the ErrTimeout message with the limit in it.
func timeoutError(limit fmt.Stringer) error {
	return fmt.Errorf("%w: stopped after its time limit of %s", ErrTimeout, limit)
}

// canceledError wraps ErrCanceled and the context's own error, so both
// errors.Is(err, ErrCanceled) and errors.Is(err, context.Canceled) hold.
func canceledError(ctxErr error) error {
	return fmt.Errorf("%w: %w", ErrCanceled, ctxErr)
}
