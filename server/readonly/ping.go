package readonly

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Info is what a data source's "test connection" shows its owner.
type Info struct {
	Dialect       api.Dialect `json:"dialect"`
	ServerVersion string      `json:"server_version"`
	// Warnings are advice, not failures: the connection works, but the
	// account is stronger than a BI tool needs.
	Warnings []string `json:"warnings,omitempty"`
}

// Warning texts, shared so that tests and the UI can recognise them.
const (
	WarnSuperuser = "the connection user is a superuser: Gobi runs every query in a read-only transaction, " +
		"but a superuser can still write files or change server settings from one; " +
		"a read-only database user is the strongest protection"
	WarnWritePrivileges = "the connection user has write privileges (%s): Gobi runs every query in a read-only transaction, " +
		"but a read-only database user is the strongest protection"
	WarnNoXA = "this server has no XA transactions, so a DDL statement could commit Gobi's read-only transaction implicitly; " +
		"use a read-only database user"
	WarnRolesUnchecked = "the connection user has roles whose privileges were not checked"
)

// pingTimeout bounds each of Ping's queries.
const pingTimeout = 10 * time.Second

// Ping connects, reads the server version and checks, best effort, whether
// the account could write. It runs through Run, so its queries are
// read-only too.
func Ping(ctx context.Context, db *sql.DB, d api.Dialect) (Info, error) {
	if _, err := poolOf(db, d); err != nil {
		return Info{}, err
	}
	info := Info{Dialect: d}
	var err error
	switch d {
	case api.Postgres:
		err = pingPostgres(ctx, db, &info)
	case api.MySQL:
		err = pingMySQL(ctx, db, &info)
	default:
		err = pingSQLite(ctx, db, &info)
	}
	if err != nil {
		return Info{}, err
	}
	return info, nil
}

// one runs a query expected to return one row.
func one(ctx context.Context, db *sql.DB, d api.Dialect, q string) ([]any, error) {
	res, err := Run(ctx, db, d, q, nil, Options{Timeout: pingTimeout, MaxRows: 1})
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, fmt.Errorf("readonly: %s returned no row", d)
	}
	return res.Rows[0], nil
}

const pgPingQuery = `SELECT current_setting('server_version'),
  r.rolsuper,
  EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
            AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')),
  EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            AND pg_catalog.has_schema_privilege(n.oid, 'CREATE')),
  pg_catalog.has_database_privilege(current_database(), 'CREATE')
FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`

func pingPostgres(ctx context.Context, db *sql.DB, info *Info) error {
	row, err := one(ctx, db, api.Postgres, pgPingQuery)
	if err != nil {
		return err
	}
	v, _ := row[0].(string)
	info.ServerVersion = "PostgreSQL " + v
	super, _ := row[1].(bool)
	if super {
		info.Warnings = append(info.Warnings, WarnSuperuser)
		return nil
	}
	var can []string
	for i, what := range []string{"INSERT/UPDATE/DELETE on tables", "CREATE in a schema", "CREATE on the database"} {
		if b, _ := row[2+i].(bool); b {
			can = append(can, what)
		}
	}
	if len(can) > 0 {
		info.Warnings = append(info.Warnings, fmt.Sprintf(WarnWritePrivileges, strings.Join(can, ", ")))
	}
	return nil
}

func pingMySQL(ctx context.Context, db *sql.DB, info *Info) error {
	row, err := one(ctx, db, api.MySQL, "SELECT VERSION()")
	if err != nil {
		return err
	}
	v, _ := row[0].(string)
	p, _ := poolOf(db, api.MySQL)
	f := p.mysql.flavor.Load()
	switch {
	case f != nil && f.mariaDB:
		v, _, _ = strings.Cut(v, "-MariaDB")
		info.ServerVersion = "MariaDB " + v
	default:
		info.ServerVersion = "MySQL " + v
	}
	if f != nil && !f.xa {
		info.Warnings = append(info.Warnings, WarnNoXA)
	}
	res, err := Run(ctx, db, api.MySQL, "SHOW GRANTS", nil, Options{Timeout: pingTimeout, MaxRows: 1000})
	if err != nil {
		return err
	}
	var grants []string
	for _, r := range res.Rows {
		if s, ok := r[0].(string); ok {
			grants = append(grants, s)
		}
	}
	info.Warnings = append(info.Warnings, mysqlGrantWarnings(grants)...)
	return nil
}

// mysqlReadPrivileges are the privileges a read-only account may hold.
var mysqlReadPrivileges = map[string]bool{
	"SELECT": true, "USAGE": true, "SHOW VIEW": true, "SHOW DATABASES": true,
	"PROCESS": true, "REPLICATION CLIENT": true, "BINLOG MONITOR": true, "SLAVE MONITOR": true,
}

var (
	mysqlGrantRE  = regexp.MustCompile(`(?is)^GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO\s`)
	mysqlParensRE = regexp.MustCompile(`\([^)]*\)`)
)

// mysqlGrantWarnings reads SHOW GRANTS output. It is best effort: the
// grammar of GRANT lines varies between versions, so anything it does not
// understand is not a warning.
func mysqlGrantWarnings(grants []string) []string {
	var (
		super, roles bool
		write        []string
		seen         = map[string]bool{}
	)
	for _, g := range grants {
		m := mysqlGrantRE.FindStringSubmatch(g)
		if m == nil {
			if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(g)), "GRANT ") {
				roles = true // GRANT `role` TO `user`
			}
			continue
		}
		privs, on := strings.ToUpper(m[1]), m[2]
		if strings.HasPrefix(privs, "PROXY") {
			continue
		}
		for _, p := range strings.Split(mysqlParensRE.ReplaceAllString(privs, ""), ",") {
			p = strings.Join(strings.Fields(p), " ")
			switch {
			case p == "":
			case mysqlReadPrivileges[p]:
			case (p == "ALL" || p == "ALL PRIVILEGES") && on == "*.*", p == "SUPER":
				super = true
			case !seen[p]:
				seen[p] = true
				write = append(write, p)
			}
		}
	}
	var w []string
	switch {
	case super:
		w = append(w, WarnSuperuser)
	case len(write) > 0:
		if len(write) > 6 {
			write = append(write[:6], "…")
		}
		w = append(w, fmt.Sprintf(WarnWritePrivileges, strings.Join(write, ", ")))
	}
	if roles {
		w = append(w, WarnRolesUnchecked)
	}
	return w
}

func pingSQLite(ctx context.Context, db *sql.DB, info *Info) error {
	row, err := one(ctx, db, api.SQLite, "SELECT sqlite_version()")
	if err != nil {
		return err
	}
	v, _ := row[0].(string)
	info.ServerVersion = "SQLite " + v
	return nil
}
