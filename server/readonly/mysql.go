package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/gobi-bi/gobi/shared/api"
)

// MySQL and MariaDB error numbers Run gives a meaning to.
const (
	myReadOnlyTx         = 1792 // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
	myXARMFail           = 1399 // XAER_RMFAIL: would commit the XA transaction implicitly
	myTxCharacteristics  = 1568 // ER_CANT_CHANGE_TX_CHARACTERISTICS
	myOptionPrevents     = 1290 // ER_OPTION_PREVENTS_STATEMENT (--read-only server)
	myXANotA             = 1397 // XAER_NOTA: unknown XID
	myMariaDBTimeout     = 1969 // ER_STATEMENT_TIMEOUT (max_statement_time)
	myMySQLTimeout       = 3024 // ER_QUERY_TIMEOUT (max_execution_time)
	myQueryInterrupted   = 1317 // ER_QUERY_INTERRUPTED
	myStmtNotAllowedInXA = 1400 // XAER_OUTSIDE
)

// mysqlConnector parses dsn with go-sql-driver and switches off everything
// that could run more than one statement, read client files or build SQL on
// the client.
func mysqlConnector(dsn string, dial DialFunc, p *pool) (driver.Connector, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: the MySQL DSN could not be parsed (expected user:password@tcp(host:port)/database?params)", ErrInvalidDSN)
	}
	cfg.MultiStatements = false   // one statement per call, enforced by the server
	cfg.AllowAllFiles = false     // LOAD DATA LOCAL INFILE reads no client file
	cfg.InterpolateParams = false // arguments travel as prepared-statement values
	cfg.ParseTime = true
	cfg.ColumnsWithAlias = false
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.ConnectionAttributes == "" {
		cfg.ConnectionAttributes = "program_name:" + applicationName
	}
	if dial != nil {
		cfg.DialFunc = dial
	}
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: the MySQL DSN has unusable settings", ErrInvalidDSN)
	}
	return c, nil
}

// mysqlFlavor is what Run needs to know about the server: MariaDB and MySQL
// spell the session variables differently, and a few MySQL-compatible
// servers have no XA transactions.
type mysqlFlavor struct {
	version string
	mariaDB bool
	xa      bool
}

// mysqlServer records the flavor, learnt once per pool from its first
// connection.
type mysqlServer struct {
	flavor atomic.Pointer[mysqlFlavor]
}

// setUp runs on every new physical connection before database/sql sees it.
func (s *mysqlServer) setUp(ctx context.Context, conn driver.Conn) error {
	if s.flavor.Load() != nil {
		return nil
	}
	q, ok := conn.(driver.QueryerContext)
	if !ok {
		return fmt.Errorf("readonly: MySQL driver connection %T cannot query", conn)
	}
	rows, err := q.QueryContext(ctx, "SELECT VERSION()", nil)
	if err != nil {
		return fmt.Errorf("readonly: reading the MySQL server version: %w", err)
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("readonly: reading the MySQL server version: %w", err)
	}
	var v string
	switch x := dest[0].(type) {
	case []byte:
		v = string(x)
	case string:
		v = x
	}
	lv := strings.ToLower(v)
	f := &mysqlFlavor{
		version: v,
		mariaDB: strings.Contains(lv, "mariadb"),
		// TiDB and Vitess speak the protocol but have no usable XA.
		xa: !strings.Contains(lv, "tidb") && !strings.Contains(lv, "vitess"),
	}
	s.flavor.CompareAndSwap(nil, f)
	return nil
}

// mysqlBegin puts the session into read-only mode with the statement time
// limit and starts the transaction the statement runs in. The XA
// transaction is what makes DDL fail instead of committing implicitly.
func mysqlBegin(ctx context.Context, conn *sql.Conn, f *mysqlFlavor, timeout time.Duration) (xid string, err error) {
	var set string
	if f.mariaDB {
		set = fmt.Sprintf("SET SESSION tx_read_only = 1, max_statement_time = %s",
			strconv.FormatFloat(max(timeout.Seconds(), 0.001), 'f', 3, 64))
	} else {
		set = fmt.Sprintf("SET SESSION transaction_read_only = 1, max_execution_time = %d", max(timeout.Milliseconds(), 1))
	}
	if _, err := conn.ExecContext(ctx, set); err != nil {
		return "", err
	}
	if !f.xa {
		_, err := conn.ExecContext(ctx, "START TRANSACTION READ ONLY")
		return "", err
	}
	xid = fmt.Sprintf("gobi-%016x", rand.Uint64())
	_, err = conn.ExecContext(ctx, "XA START '"+xid+"'")
	return xid, err
}

// mysqlEnd rolls the transaction back, releases user-level locks
// (GET_LOCK survives a rollback), resets LAST_INSERT_ID (which
// SELECT LAST_INSERT_ID(expr) sets for the session) and makes sure no user
// variable (@x) outlives the statement, all in one round trip. An error
// means the connection's state is unknown or not clean, and it must not go
// back to the pool.
//
// go-sql-driver/mysql cannot send COM_RESET_CONNECTION, so the session is
// not reset in place: on MariaDB, whose read-only transaction refuses
// CREATE TEMPORARY TABLE, a connection with user variables left
// (information_schema.USER_VARIABLES) is closed instead of reused. MySQL
// lets a read-only transaction create temporary tables and shows neither
// them nor user variables to a login without extra privileges, so a MySQL
// connection is used for one statement only.
func mysqlEnd(ctx context.Context, conn *sql.Conn, f *mysqlFlavor, xid string) error {
	if xid == "" {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			return err
		}
	} else {
		// XA END fails when the statement already rolled the branch back
		// (deadlock, timeout); XA ROLLBACK still ends it then.
		_, _ = conn.ExecContext(ctx, "XA END '"+xid+"'")
		if _, err := conn.ExecContext(ctx, "XA ROLLBACK '"+xid+"'"); err != nil && mysqlNumber(err) != myXANotA {
			return err
		}
	}
	if !f.mariaDB {
		_, _ = conn.ExecContext(ctx, "DO RELEASE_ALL_LOCKS()")
		return errSessionState
	}
	var vars int
	// LAST_INSERT_ID(0) needs no privilege and is what a new session has.
	if err := conn.QueryRowContext(ctx, "SELECT RELEASE_ALL_LOCKS(), (SELECT COUNT(*) FROM information_schema.USER_VARIABLES), LAST_INSERT_ID(0)").
		Scan(new(any), &vars, new(any)); err != nil {
		return err
	}
	if vars > 0 {
		return errSessionState
	}
	return nil
}

// mysqlKillOnCancel learns conn's thread id and, until the returned stop
// is called, sends KILL QUERY for it on another connection of db when
// parent ends: the caller canceled the run. A login may always kill its
// own threads, so this needs no privilege.
func mysqlKillOnCancel(parent, ctx context.Context, db *sql.DB, conn *sql.Conn) (stop func() bool, err error) {
	var id int64
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		return nil, err
	}
	return context.AfterFunc(parent, func() {
		kctx, cancel := context.WithTimeout(context.WithoutCancel(parent), cleanupTimeout)
		defer cancel()
		_, _ = db.ExecContext(kctx, "KILL QUERY "+strconv.FormatInt(id, 10))
	}), nil
}

// errSessionState marks a connection whose session may carry state from
// the statement that ran on it.
var errSessionState = errors.New("readonly: the MySQL session keeps state from the last statement")

func mysqlNumber(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// mysqlError turns a server error into a DBError, or returns nil.
func mysqlError(err error) *DBError {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return nil
	}
	ro := false
	switch me.Number {
	case myReadOnlyTx, myXARMFail, myTxCharacteristics, myOptionPrevents, myStmtNotAllowedInXA:
		ro = true
	}
	msg := me.Message
	if me.Number == myXARMFail {
		// The raw text talks about XA states the user never asked for.
		msg = "the statement would commit the read-only transaction implicitly and is not allowed (" + msg + ")"
	}
	return &DBError{Dialect: api.MySQL, Code: strconv.Itoa(int(me.Number)), Message: msg, readOnly: ro, cause: err}
}

// mysqlIsTimeout reports a statement stopped by max_statement_time or
// max_execution_time.
func mysqlIsTimeout(err error) bool {
	switch mysqlNumber(err) {
	case myMariaDBTimeout, myMySQLTimeout:
		return true
	}
	return false
}

// mysqlIsInterrupted reports a statement killed on the server (KILL QUERY),
// which Run sees when its own deadline or the caller's cancellation hit.
func mysqlIsInterrupted(err error) bool {
	return mysqlNumber(err) == myQueryInterrupted
}
