package readonly

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"regexp"
	"slices"
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
	// Privileged names what the login can do beyond reading, one privilege
	// per entry ("superuser", "member of pg_read_server_files", "FILE",
	// "INSERT"). A read-only transaction does not contain all of it (SQL
	// run from text arguments, a second connection through dblink, server
	// files), so Gobi refuses such a login unless an admin accepts it.
	Privileged []string `json:"privileged,omitempty"`
}

// Warning texts, shared so that tests and the UI can recognise them.
const (
	WarnSuperuser = "the connection user is a superuser: Gobi runs every query in a read-only transaction, " +
		"but a superuser can still write files or change server settings from one; " +
		"a read-only database user is the strongest protection"
	WarnNoXA = "this server has no XA transactions, so a DDL statement could commit Gobi's read-only transaction implicitly; " +
		"use a read-only database user"
	WarnLesser = "the connection user has privileges a BI login does not need (%s); a read-only database user is the strongest protection"
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
  coalesce((SELECT string_agg(m.rolname, ',' ORDER BY m.rolname) FROM pg_catalog.pg_roles m
            WHERE m.rolname IN ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program', 'pg_signal_backend')
              AND pg_catalog.pg_has_role(r.oid, m.oid, 'MEMBER')), ''),
  coalesce((SELECT string_agg(m.rolname, ',' ORDER BY m.rolname) FROM pg_catalog.pg_roles m
            WHERE m.oid <> r.oid AND (m.rolsuper OR m.rolcreaterole) AND pg_catalog.pg_has_role(r.oid, m.oid, 'MEMBER')), ''),
  r.rolcreaterole,
  coalesce((SELECT string_agg(DISTINCT e.extname, ',' ORDER BY e.extname) FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = e.oid
               AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
          JOIN pg_catalog.pg_proc p ON p.oid = d.objid
          WHERE (e.extname = 'dblink' OR (e.extname = 'xml2' AND p.proname = 'xpath_table'))
            AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
            AND pg_catalog.has_schema_privilege(p.pronamespace, 'USAGE')), ''),
  EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_data_wrapper w
          WHERE w.fdwname IN ('postgres_fdw', 'dblink_fdw') AND pg_catalog.has_foreign_data_wrapper_privilege(w.oid, 'USAGE'))
  OR EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
          WHERE w.fdwname IN ('postgres_fdw', 'dblink_fdw') AND pg_catalog.has_server_privilege(s.oid, 'USAGE')),
  coalesce((SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
            ORDER BY 1 LIMIT 1), ''),
  coalesce((SELECT n.nspname FROM pg_catalog.pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              AND pg_catalog.has_schema_privilege(n.oid, 'CREATE')
            ORDER BY 1 LIMIT 1), ''),
  pg_catalog.has_database_privilege(current_database(), 'CREATE'),
  r.rolcreatedb, r.rolbypassrls, r.rolreplication,
  coalesce((SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              AND pg_catalog.has_any_column_privilege(c.oid, 'INSERT, UPDATE')
              AND NOT pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE')
            ORDER BY 1 LIMIT 1), ''),
  coalesce((SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              -- CASE: the planner may test the privilege before relkind, and
              -- has_sequence_privilege fails on other relations.
              AND CASE WHEN c.relkind = 'S' THEN pg_catalog.has_sequence_privilege(c.oid, 'USAGE, UPDATE') ELSE false END
            ORDER BY 1 LIMIT 1), ''),
  coalesce((SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              AND pg_catalog.has_table_privilege(c.oid, 'TRIGGER')
            ORDER BY 1 LIMIT 1), ''),
  coalesce((SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
              AND pg_catalog.has_any_column_privilege(c.oid, 'REFERENCES')
            ORDER BY 1 LIMIT 1), '')
FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`

func pingPostgres(ctx context.Context, db *sql.DB, info *Info) error {
	row, err := one(ctx, db, api.Postgres, pgPingQuery)
	if err != nil {
		return err
	}
	str := func(i int) string { s, _ := row[i].(string); return s }
	flag := func(i int) bool { b, _ := row[i].(bool); return b }
	info.ServerVersion = "PostgreSQL " + str(0)
	if flag(1) {
		info.Privileged = []string{"superuser"}
		info.Warnings = append(info.Warnings, WarnSuperuser)
		return nil
	}
	p := &info.Privileged
	for _, r := range splitList(str(2)) {
		*p = append(*p, "member of "+r)
	}
	for _, r := range splitList(str(3)) {
		*p = append(*p, "member of "+r+" (a superuser or CREATEROLE role)")
	}
	if flag(4) {
		*p = append(*p, "CREATEROLE (can grant itself pg_execute_server_program and the other roles above)")
	}
	for _, e := range splitList(str(5)) {
		switch e {
		case "dblink":
			*p = append(*p, "dblink (opens a second, writable connection)")
		case "xml2":
			*p = append(*p, "xml2's xpath_table (runs SQL built from its text arguments, which the SQL guard cannot check)")
		}
	}
	if flag(6) {
		*p = append(*p, "postgres_fdw (connections to other servers)")
	}
	if t := str(7); t != "" {
		*p = append(*p, "INSERT/UPDATE/DELETE/TRUNCATE on tables (e.g. "+t+")")
	}
	if n := str(8); n != "" {
		*p = append(*p, "CREATE on schema "+n)
	}
	if flag(9) {
		*p = append(*p, "CREATE on the database")
	}
	if t := str(13); t != "" {
		*p = append(*p, "INSERT/UPDATE on columns (e.g. "+t+")")
	}
	if q := str(14); q != "" {
		*p = append(*p, "USAGE/UPDATE on sequences (e.g. "+q+"; nextval and setval change them outside any transaction)")
	}
	if t := str(15); t != "" {
		*p = append(*p, "TRIGGER on tables (e.g. "+t+"; a trigger runs as whoever writes the table)")
	}
	if flag(12) {
		// Slots made inside the read-only transaction survive its rollback
		// and keep WAL on the server until they are dropped.
		*p = append(*p, "REPLICATION (can create replication slots, which outlive the read-only transaction)")
	}
	var lesser []string
	for i, what := range map[int]string{10: "CREATEDB", 11: "BYPASSRLS"} {
		if flag(i) {
			lesser = append(lesser, what)
		}
	}
	if t := str(16); t != "" {
		// A foreign key needs a table of one's own, which CREATE (above)
		// would show; temporary tables cannot reference others.
		lesser = append(lesser, "REFERENCES on "+t)
	}
	if len(lesser) > 0 {
		slices.Sort(lesser)
		info.Warnings = append(info.Warnings, fmt.Sprintf(WarnLesser, strings.Join(lesser, ", ")))
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func pingMySQL(ctx context.Context, db *sql.DB, info *Info) error {
	row, err := one(ctx, db, api.MySQL, "SELECT VERSION()")
	if err != nil {
		return err
	}
	v, _ := row[0].(string)
	p, _ := poolOf(db, api.MySQL)
	f := p.mysql.flavor.Load()
	mariaDB := f != nil && f.mariaDB
	if mariaDB {
		v, _, _ = strings.Cut(v, "-MariaDB")
		info.ServerVersion = "MariaDB " + v
	} else {
		info.ServerVersion = "MySQL " + v
	}
	if f != nil && !f.xa {
		info.Warnings = append(info.Warnings, WarnNoXA)
	}
	grants, err := showGrants(ctx, db, "SHOW GRANTS")
	if err != nil {
		return err
	}
	g := parseGrants(grants)
	// A login may enable every role granted to it (SET ROLE), not only its
	// default one, so each role's privileges count as the login's.
	if len(g.roles) > 0 {
		var lines []string
		var failed []string
		if mariaDB {
			lines, failed = mariaDBRoleGrants(ctx, db, g.roles)
		} else {
			ls, err := showGrants(ctx, db, "SHOW GRANTS FOR CURRENT_USER() USING "+strings.Join(g.roles, ", "))
			if err != nil {
				failed = g.roles
			}
			lines = ls
		}
		more := parseGrants(lines)
		g.privileged = append(g.privileged, more.privileged...)
		g.lesser = append(g.lesser, more.lesser...)
		for _, r := range failed {
			g.privileged = append(g.privileged, "role "+r+" (its privileges could not be read)")
		}
	}
	info.Privileged = dedupe(g.privileged)
	if slices.Contains(info.Privileged, "SUPER") || slices.ContainsFunc(info.Privileged, func(s string) bool { return strings.HasPrefix(s, "ALL PRIVILEGES ON *.*") }) {
		info.Warnings = append(info.Warnings, WarnSuperuser)
	}
	if l := dedupe(g.lesser); len(l) > 0 {
		info.Warnings = append(info.Warnings, fmt.Sprintf(WarnLesser, strings.Join(l, ", ")))
	}
	return nil
}

// mariaDBRoleGrants reads the grants of each role by enabling it: MariaDB
// shows a login the grants of its current role only (SHOW GRANTS FOR a role
// needs SELECT on the mysql database). The connection used is closed
// afterwards, so the role does not stay enabled on a pooled connection.
func mariaDBRoleGrants(ctx context.Context, db *sql.DB, roles []string) (lines, failed []string) {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, roles
	}
	defer func() {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		_ = conn.Close()
	}()
	for _, r := range roles {
		ls, err := roleGrants(ctx, conn, r)
		if err != nil {
			failed = append(failed, r)
			continue
		}
		lines = append(lines, ls...)
	}
	return lines, failed
}

func roleGrants(ctx context.Context, conn *sql.Conn, role string) ([]string, error) {
	if _, err := conn.ExecContext(ctx, "SET ROLE "+role); err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, "SHOW GRANTS")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

func showGrants(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	res, err := Run(ctx, db, api.MySQL, q, nil, Options{Timeout: pingTimeout, MaxRows: 1000})
	if err != nil {
		return nil, err
	}
	var grants []string
	for _, r := range res.Rows {
		if s, ok := r[0].(string); ok {
			grants = append(grants, s)
		}
	}
	return grants, nil
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// mysqlReadPrivileges are the privileges a read-only account may hold.
var mysqlReadPrivileges = map[string]bool{
	"SELECT": true, "USAGE": true, "SHOW VIEW": true, "SHOW DATABASES": true,
	"REPLICATION CLIENT": true, "BINLOG MONITOR": true, "SLAVE MONITOR": true, "REPLICA MONITOR": true,
}

// mysqlLesserPrivileges are warned about but accepted: they neither write
// nor reach outside the database.
var mysqlLesserPrivileges = map[string]bool{"LOCK TABLES": true, "EXECUTE": true, "REFERENCES": true}

var (
	mysqlGrantRE  = regexp.MustCompile("(?is)^GRANT\\s+(.+?)\\s+ON\\s+((?:`[^`]*`|[^\\s`])+)\\s+TO\\s")
	mysqlRoleRE   = regexp.MustCompile(`(?is)^GRANT\s+(.+?)\s+TO\s+(\S+)`)
	mysqlParensRE = regexp.MustCompile(`\([^)]*\)`)
	mysqlOptionRE = regexp.MustCompile(`(?i)\sWITH\s+(?:.*\s)?GRANT\s+OPTION\b`)
)

// grants is what SHOW GRANTS lines give a login.
type grants struct {
	privileged []string // refused unless an admin allows them
	lesser     []string // warned about
	roles      []string // granted roles, as SHOW GRANTS quotes them
}

// parseGrants reads SHOW GRANTS output. Every privilege that is not known
// to be read-only counts as privileged, so a grammar it does not know
// fails closed: FILE, SUPER, PROCESS, ALL PRIVILEGES (at any level), every
// write and administration privilege and WITH GRANT OPTION.
func parseGrants(lines []string) grants {
	var g grants
	for _, line := range lines {
		line = strings.TrimSpace(line)
		up := strings.ToUpper(line)
		if !strings.HasPrefix(up, "GRANT ") {
			continue // SET DEFAULT ROLE …, REVOKE … (partial revokes)
		}
		m := mysqlGrantRE.FindStringSubmatch(line)
		if m == nil {
			// Only roles granted to a login (`u`@`host`); "GRANT r2 TO r1"
			// lines describe the active role's own roles, already shown.
			if r := mysqlRoleRE.FindStringSubmatch(line); r != nil && strings.Contains(r[2], "@") {
				for _, role := range strings.Split(r[1], ",") {
					if role = strings.TrimSpace(role); role != "" {
						g.roles = append(g.roles, role)
					}
				}
			}
			continue
		}
		privs, on := strings.ToUpper(m[1]), m[2]
		if strings.HasPrefix(privs, "PROXY") {
			continue
		}
		if mysqlOptionRE.MatchString(line[len(m[0])-1:]) {
			g.privileged = append(g.privileged, "GRANT OPTION ON "+on)
		}
		for _, p := range strings.Split(mysqlParensRE.ReplaceAllString(privs, ""), ",") {
			p = strings.Join(strings.Fields(p), " ")
			switch {
			case p == "", mysqlReadPrivileges[p]:
			case mysqlLesserPrivileges[p]:
				g.lesser = append(g.lesser, p)
			case p == "ALL" || p == "ALL PRIVILEGES":
				g.privileged = append(g.privileged, "ALL PRIVILEGES ON "+on)
			default:
				g.privileged = append(g.privileged, p)
			}
		}
	}
	return g
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
