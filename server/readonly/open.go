package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// applicationName is what data-source servers see in their session lists
// (pg_stat_activity, SHOW PROCESSLIST through the connection attributes), so
// that a DBA can tell Gobi's sessions apart.
const applicationName = "gobi"

// PoolLimits bounds one data source's connection pool. A zero field takes
// the default below, so a zero PoolLimits is a sane pool for a BI workload:
// a few concurrent queries, connections recycled well before server-side
// idle timeouts and load balancers drop them.
type PoolLimits struct {
	MaxOpen         int
	MaxIdle         int
	ConnMaxLifetime time.Duration
	ConnMaxIdleTime time.Duration
}

// Defaults for PoolLimits fields left at zero.
const (
	DefaultMaxOpen         = 10
	DefaultMaxIdle         = 2
	DefaultConnMaxLifetime = 30 * time.Minute
	DefaultConnMaxIdleTime = 5 * time.Minute
)

func (l PoolLimits) withDefaults() PoolLimits {
	if l.MaxOpen <= 0 {
		l.MaxOpen = DefaultMaxOpen
	}
	if l.MaxIdle <= 0 {
		l.MaxIdle = DefaultMaxIdle
	}
	if l.MaxIdle > l.MaxOpen {
		l.MaxIdle = l.MaxOpen
	}
	if l.ConnMaxLifetime <= 0 {
		l.ConnMaxLifetime = DefaultConnMaxLifetime
	}
	if l.ConnMaxIdleTime <= 0 {
		l.ConnMaxIdleTime = DefaultConnMaxIdleTime
	}
	return l
}

// DialFunc opens the network connection to a database server. Data-source
// hosts are user input, so Gobi passes a dialer that refuses loopback,
// link-local and private targets at connect time (server/netguard); every
// connection of a PostgreSQL or MySQL pool, cancel requests included, goes
// through it when it is set.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// OpenOptions configures Open. The zero value gives default pool limits and
// the drivers' own dialers.
type OpenOptions struct {
	Limits PoolLimits
	Dial   DialFunc
}

// Open returns a connection pool for a user's data source whose every
// connection is set up for read-only use (see the package documentation for
// what that means per dialect). For SQLite, dsn is a plain file path; the
// file must exist and is never created. For PostgreSQL it is a pgx
// connection string (URL or key=value) and for MySQL a go-sql-driver DSN.
//
// Servers are not contacted here: the first Run or Ping connects. SQLite
// opens its first connection at once, under ctx, so that a file that is not
// a database fails early. Error messages never contain the DSN.
//
// Run and Ping accept only pools returned by Open.
func Open(ctx context.Context, d api.Dialect, dsn string, o OpenOptions) (*sql.DB, error) {
	if dsn == "" {
		return nil, fmt.Errorf("%w: it is empty", ErrInvalidDSN)
	}
	p := &pool{dialect: d}
	var (
		inner driver.Connector
		err   error
	)
	switch d {
	case api.Postgres:
		inner, err = postgresConnector(dsn, o.Dial)
	case api.MySQL:
		inner, err = mysqlConnector(dsn, o.Dial, p)
	case api.SQLite:
		inner, err = sqliteConnector(dsn)
	default:
		return nil, fmt.Errorf("readonly: unsupported dialect %q", d)
	}
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(&connector{inner: inner, pool: p})
	l := o.Limits.withDefaults()
	db.SetMaxOpenConns(l.MaxOpen)
	db.SetMaxIdleConns(l.MaxIdle)
	db.SetConnMaxLifetime(l.ConnMaxLifetime)
	db.SetConnMaxIdleTime(l.ConnMaxIdleTime)
	if d == api.SQLite {
		if err := checkSQLiteFile(ctx, db); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	return db, nil
}

// pool is the driver.Driver every Open pool reports through db.Driver(). It
// marks the pool as ours (Run refuses others) and carries what Run needs to
// know about the server behind it.
type pool struct {
	dialect api.Dialect
	mysql   mysqlServer // filled by the first MySQL connection
}

// Open exists to satisfy driver.Driver; database/sql opens connections
// through the connector, never through this method.
func (p *pool) Open(string) (driver.Conn, error) {
	return nil, errors.New("readonly: connections are opened through readonly.Open's connector")
}

// connector hands out the dialect connector's connections and reports the
// pool marker as its driver.
type connector struct {
	inner driver.Connector
	pool  *pool
}

// Connect opens one physical connection. Connection errors are rewritten so
// that no part of the DSN appears in them.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, connectError(c.pool.dialect, err)
	}
	if c.pool.dialect == api.MySQL {
		if err := c.pool.mysql.setUp(ctx, conn); err != nil {
			_ = conn.Close()
			return nil, err
		}
	}
	return conn, nil
}

// Driver returns the pool marker.
func (c *connector) Driver() driver.Driver { return c.pool }

// poolOf returns the marker of a pool that Open returned for dialect d.
func poolOf(db *sql.DB, d api.Dialect) (*pool, error) {
	if db == nil {
		return nil, ErrForeignPool
	}
	p, ok := db.Driver().(*pool)
	if !ok || p.dialect != d {
		return nil, ErrForeignPool
	}
	return p, nil
}

// connError is a connection failure with a message that names no part of
// the DSN. It matches ErrConnect and unwraps to the driver's error.
type connError struct {
	msg   string
	cause error
}

func (e *connError) Error() string   { return ErrConnect.Error() + ": " + e.msg }
func (e *connError) Unwrap() []error { return []error{ErrConnect, e.cause} }

// connectError rewrites a driver's connection error. pgx prefixes its
// errors with the user and database names; the rest of what drivers say
// (address, "connection refused", "password authentication failed") is what
// the data source's owner needs to fix it.
func connectError(d api.Dialect, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	if d == api.Postgres {
		if m, ok := pgConnectMessage(err); ok {
			msg = m
		}
	}
	return &connError{msg: msg, cause: err}
}
