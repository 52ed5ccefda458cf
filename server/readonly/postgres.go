package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gobi-bi/gobi/shared/api"
)

// PostgreSQL SQLSTATEs Run gives a meaning to.
const (
	pgReadOnlyTransaction = "25006" // read_only_sql_transaction
	pgQueryCanceled       = "57014" // query_canceled: statement_timeout or a cancel request
	pgInvalidStatement    = "26000" // invalid_sql_statement_name
)

// postgresConnector parses dsn with ParsePostgres and fixes what must not be left to
// the user: the extended protocol, a read-only session default, the dialer
// and server-side cancellation.
func postgresConnector(dsn string, dial DialFunc) (driver.Connector, error) {
	cfg, err := ParsePostgres(dsn)
	if err != nil {
		return nil, err
	}
	// The simple protocol sends the text as-is and the server runs every
	// statement in it, so "COMMIT; DELETE …" would escape the read-only
	// transaction. The other modes use the extended protocol: one statement.
	if cfg.DefaultQueryExecMode == pgx.QueryExecModeSimpleProtocol {
		return nil, fmt.Errorf("%w: default_query_exec_mode=simple_protocol is not allowed, it lets one call run several statements", ErrInvalidDSN)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["application_name"] = applicationName
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if dial != nil {
		cfg.DialFunc = pgconn.DialFunc(dial)
	}
	// On cancellation send a cancel request (through DialFunc too) so that
	// the server stops the statement, and only then give up on the socket.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 2 * time.Second}
	}
	return stdlib.GetConnector(*cfg), nil
}

// pgBegin opens the read-only transaction and sets its limits in one round
// trip. The text is Gobi's own (numbers only), so the simple protocol that
// pgx uses for an argument-less Exec is fine here. The closing SELECT takes
// the transaction's first snapshot, after which PostgreSQL refuses
// SET TRANSACTION READ WRITE ("must be set before any query").
func pgBegin(ctx context.Context, conn *sql.Conn, timeout time.Duration) error {
	ms := max(timeout.Milliseconds(), 1)
	q := fmt.Sprintf("BEGIN READ ONLY; SET LOCAL statement_timeout = %d; SET LOCAL idle_in_transaction_session_timeout = %d; SELECT 1", ms, ms+1000)
	_, err := conn.ExecContext(ctx, q)
	return err
}

// pgEnd rolls the transaction back and drops session-level advisory locks,
// the one thing a read-only statement can leave behind on a pooled
// connection that ROLLBACK does not undo.
func pgEnd(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "ROLLBACK; SELECT pg_catalog.pg_advisory_unlock_all()")
	return err
}

// pgInTransaction reports whether the connection is still inside the
// transaction pgBegin opened. A statement such as COMMIT or ROLLBACK ends it;
// nothing was written (the transaction was read-only), but the statement
// did not run where Gobi meant it to, so Run reports it as refused.
func pgInTransaction(conn *sql.Conn) (bool, error) {
	var in bool
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("readonly: unexpected PostgreSQL driver connection %T", dc)
		}
		in = c.Conn().PgConn().TxStatus() != 'I'
		return nil
	})
	return in, err
}

// errTxEnded is what Run reports when the statement ended the read-only
// transaction itself.
var errTxEnded = &DBError{Dialect: api.Postgres, Code: pgReadOnlyTransaction,
	Message: "the statement ended Gobi's read-only transaction (transaction control is not allowed)", readOnly: true}

// pgError turns a pgx error into a DBError, or returns nil when err is not
// one the server sent.
func pgError(err error) *DBError {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	msg := pe.Message
	if pe.Detail != "" {
		msg += " (" + pe.Detail + ")"
	}
	return &DBError{Dialect: api.Postgres, Code: pe.Code, Message: msg,
		readOnly: pe.Code == pgReadOnlyTransaction, cause: err}
}

// pgIsTimeout reports a statement stopped by statement_timeout or by the
// cancel request Run's deadline sent.
func pgIsTimeout(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == pgQueryCanceled
}

// pgStaleStatement reports that a prepared statement pgx cached is gone
// from the server (DEALLOCATE, DISCARD, a pooler that switched backends).
func pgStaleStatement(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == pgInvalidStatement
}

// pgConnectMessage is a pgx connection error's text without the
// "failed to connect to `user=… database=…`" prefix.
func pgConnectMessage(err error) (string, bool) {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return "", false
	}
	if inner := ce.Unwrap(); inner != nil {
		return inner.Error(), true
	}
	return "connection failed", true
}
