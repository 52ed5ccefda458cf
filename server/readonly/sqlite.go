package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gobi-bi/gobi/shared/api"
)

// sqliteDriver opens every SQLite data-source connection. It is a driver of
// our own rather than the one modernc registers as "sqlite", so that its
// connection hook (read-only pragmas and the authorizer) reaches data-source
// connections only, never Gobi's read-write metadata database.
var sqliteDriver = func() *sqlite.Driver {
	d := &sqlite.Driver{}
	d.RegisterConnectionHook(sqliteHook)
	return d
}()

// sqliteConnector checks that path names an existing regular file and
// returns a connector that opens it read-only.
func sqliteConnector(path string) (driver.Connector, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: the SQLite path cannot be resolved", ErrInvalidDSN)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: no file at the configured path (Gobi never creates data-source files)", ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("%w: the SQLite file cannot be read: %w", ErrConnect, errors.Unwrap(err))
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%w: the SQLite path is not a regular file", ErrInvalidDSN)
	}
	return &sqliteConn{uri: sqliteURI(abs)}, nil
}

// sqliteURI builds the URI the driver opens. mode=ro makes SQLite open the
// file read-only and fail instead of creating it; immutable is deliberately
// not set, because the file may change under us and immutable would let
// SQLite trust stale pages. _defensive turns on SQLITE_DBCONFIG_DEFENSIVE
// (no writable_schema tricks); _busy_timeout waits for a writer's lock
// instead of failing at once.
func sqliteURI(abs string) string {
	return "file:" + escapeURIPath(abs) + "?mode=ro&_defensive=1&_busy_timeout=5000"
}

// escapeURIPath percent-encodes everything in a file path except the
// characters that need no escaping in a URI path, so that '?', '#' and '%'
// in a file name can neither end the path nor add parameters.
func escapeURIPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '/', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// sqliteConn is the driver.Connector for one SQLite data source.
type sqliteConn struct{ uri string }

// Connect opens one read-only connection; the hook has run when it returns.
func (c *sqliteConn) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return sqliteDriver.Open(c.uri)
}

// Driver returns the package's private SQLite driver.
func (c *sqliteConn) Driver() driver.Driver { return sqliteDriver }

// sqliteHook runs on every new data-source connection, before database/sql
// can use it: query_only refuses writes even if a write got past mode=ro,
// trusted_schema=0 keeps views and triggers stored in an untrusted file from
// calling functions with side effects, and the authorizer (installed last,
// so that it does not see these pragmas) allows reading only.
func sqliteHook(conn sqlite.ExecQuerierContext, _ string) error {
	ctx := context.Background()
	for _, p := range []string{"PRAGMA query_only = 1", "PRAGMA trusted_schema = 0"} {
		if _, err := conn.ExecContext(ctx, p, nil); err != nil {
			return fmt.Errorf("readonly: %s: %w", p, err)
		}
	}
	reg, ok := conn.(sqlite.AuthorizerRegisterer)
	if !ok {
		return errors.New("readonly: the SQLite driver offers no authorizer")
	}
	return reg.RegisterAuthorizer(sqliteAuthorize)
}

// sqliteReadPragmas are the pragmas that only describe the schema. Every
// other pragma is refused: many change the connection or the file
// (query_only, writable_schema, journal_mode, user_version) and some read
// things a data-source user has no business with (database_list shows the
// server's file path).
var sqliteReadPragmas = map[string]bool{
	"table_info": true, "table_xinfo": true, "table_list": true,
	"index_list": true, "index_info": true, "index_xinfo": true,
	"foreign_key_list": true, "collation_list": true,
}

// sqliteDeniedFunctions have side effects outside the query: loading code,
// touching files (the CLI's readfile/writefile/edit, should a build ever
// carry them) or swapping FTS tokenizers by pointer.
var sqliteDeniedFunctions = map[string]bool{
	"load_extension": true, "readfile": true, "writefile": true, "edit": true,
	"fts3_tokenizer": true,
}

// sqliteAuthorize is the connection authorizer: SELECT, reading columns,
// recursive CTEs, ordinary functions and schema pragmas are allowed;
// everything else is denied when the statement is compiled, including
// ATTACH/DETACH, transactions and savepoints (Run needs none: one SELECT in
// autocommit mode is its own read transaction), every kind of CREATE, DROP,
// ALTER, INSERT, UPDATE, DELETE, ANALYZE, REINDEX and virtual tables.
func sqliteAuthorize(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
	switch action {
	case sqlite.AuthSelect, sqlite.AuthRead, sqlite.AuthRecursive:
		return sqlite.AuthorizerOK
	case sqlite.AuthFunction:
		if sqliteDeniedFunctions[strings.ToLower(arg2)] {
			return sqlite.AuthorizerDeny
		}
		return sqlite.AuthorizerOK
	case sqlite.AuthPragma:
		if sqliteReadPragmas[strings.ToLower(arg1)] {
			return sqlite.AuthorizerOK
		}
	}
	return sqlite.AuthorizerDeny
}

// sqliteNoAttach sets the connection's attached-database limit to 0, so
// that ATTACH (and VACUUM INTO, which attaches its target) fails even if the
// authorizer let it through. modernc exposes sqlite3_limit only through a
// *sql.Conn, so Run does this before each statement; it is one cheap call.
func sqliteNoAttach(conn *sql.Conn) error {
	if _, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, 0); err != nil {
		return fmt.Errorf("readonly: limiting attached databases: %w", err)
	}
	return nil
}

// checkSQLiteFile opens the first connection and reads the schema, so that
// a file that is not a SQLite database is reported by Open.
func checkSQLiteFile(ctx context.Context, db *sql.DB) error {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		if de := sqliteError(err); de != nil {
			return fmt.Errorf("%w: %w", ErrConnect, de)
		}
		return fmt.Errorf("%w: %w", ErrConnect, err)
	}
	return nil
}

// SQLite primary result codes Run gives a meaning to.
const (
	sqliteReadOnly  = sqlite3.SQLITE_READONLY
	sqliteAuth      = sqlite3.SQLITE_AUTH
	sqliteInterrupt = sqlite3.SQLITE_INTERRUPT
)

// sqliteError turns a modernc error into a DBError, or returns nil.
func sqliteError(err error) *DBError {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	code := se.Code()
	primary := code & 0xff
	msg := se.Error()
	// modernc prefixes the message with the result code's text and number,
	// e.g. "SQL logic error: no such table: x (1)"; keep what SQLite said.
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	ro := primary == sqliteReadOnly || primary == sqliteAuth
	return &DBError{Dialect: api.SQLite, Code: fmt.Sprint(code), Message: msg, readOnly: ro, cause: err}
}

// sqliteIsInterrupt reports a statement stopped by sqlite3_interrupt, which
// the driver calls when the query's context ends.
func sqliteIsInterrupt(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteInterrupt
}
