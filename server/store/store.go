// Package store opens Gobi's metadata database with bun on SQLite,
// PostgreSQL or MySQL/MariaDB and runs the versioned migrations.
//
// Feature packages own their models and queries; this package only knows
// how to connect, how to migrate, and how to classify driver errors that
// callers branch on (unique violations).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gobi-bi/gobi/shared/api"
)

// ErrDuplicate is returned (wrapped) when an insert or update violates a
// unique constraint, whatever the dialect.
var ErrDuplicate = errors.New("duplicate value")

// Open connects to the metadata database. For SQLite, dsn is a file path;
// the database is opened in WAL mode with a busy timeout and foreign keys.
func Open(ctx context.Context, d api.Dialect, dsn string) (*bun.DB, error) {
	var (
		sqldb *sql.DB
		err   error
		db    *bun.DB
	)
	switch d {
	case api.SQLite:
		sqldb, err = sql.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// SQLite serialises writers; a small pool with a busy timeout
			// and immediate write transactions avoids "database is locked".
			sqldb.SetMaxOpenConns(4)
			db = bun.NewDB(sqldb, sqlitedialect.New())
		}
	case api.Postgres:
		sqldb, err = sql.Open("pgx", dsn)
		if err == nil {
			sqldb.SetMaxOpenConns(20)
			db = bun.NewDB(sqldb, pgdialect.New())
		}
	case api.MySQL:
		var cfg *mysql.Config
		cfg, err = mysql.ParseDSN(dsn)
		if err == nil {
			cfg.ParseTime = true
			cfg.Loc = time.UTC
			cfg.MultiStatements = false
			sqldb, err = sql.Open("mysql", cfg.FormatDSN())
		}
		if err == nil {
			sqldb.SetMaxOpenConns(20)
			sqldb.SetConnMaxLifetime(5 * time.Minute)
			db = bun.NewDB(sqldb, mysqldialect.New())
		}
	default:
		return nil, fmt.Errorf("store: unknown database type %q", d)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s metadata database: %w", d, err)
	}
	return db, nil
}

func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// IsDuplicate reports whether err is a unique-constraint violation.
func IsDuplicate(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrDuplicate) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == 1062
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// IsForeignKey reports whether err is a foreign-key violation, such as
// deleting a row that others still reference.
func IsForeignKey(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == 1451 || my.Number == 1452
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) && lite.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		return true
	}
	// SQLite reports ON DELETE RESTRICT with another extended code.
	return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// NotFound converts sql.ErrNoRows into ok=false so callers do not compare
// driver errors themselves.
func NotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Dialect reports which dialect db speaks.
func Dialect(db bun.IDB) api.Dialect {
	switch db.Dialect().Name().String() {
	case "pg":
		return api.Postgres
	case "mysql":
		return api.MySQL
	default:
		return api.SQLite
	}
}
