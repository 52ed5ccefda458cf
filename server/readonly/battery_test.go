package readonly_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// batteryCase is one write attempt. The shared lists live in
// testdata/writebattery/<dialect>.json (also used by the SQL guard's tests);
// ownBattery adds cases specific to this package's protections.
type batteryCase struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

// ownBattery holds write attempts that target the database-side
// protections directly. They are merged with the shared files.
var ownBattery = map[api.Dialect][]batteryCase{
	api.SQLite: {
		{"insert", "INSERT INTO battery_target VALUES (100, 'x', 1)"},
		{"update no rows", "UPDATE battery_target SET name = name WHERE 0"},
		{"insert no rows", "INSERT INTO battery_target SELECT * FROM battery_target WHERE 0"},
		{"upsert do nothing", "INSERT INTO battery_target VALUES (1, 'a', 1) ON CONFLICT(id) DO NOTHING"},
		{"drop table if exists missing", "DROP TABLE IF EXISTS battery_missing"},
		{"create table if not exists existing", "CREATE TABLE IF NOT EXISTS battery_target (x)"},
		{"drop view if exists missing", "DROP VIEW IF EXISTS battery_missing_view"},
		{"attach in temp dir", "ATTACH DATABASE '{dir}/attached.db' AS evil"},
		{"vacuum into temp dir", "VACUUM INTO '{dir}/copy.db'"},
		{"vacuum into relative", "VACUUM INTO 'gobi_battery_relative.db'"},
		{"select then vacuum into", "SELECT 1; VACUUM INTO '{dir}/copy2.db'"},
		{"tcl variable hides semicolon", "SELECT $a(') ; DELETE FROM battery_target; --'"},
		{"nul byte hides statement", "SELECT 1\x00; DELETE FROM battery_target"},
		{"values then delete", "VALUES (1); DELETE FROM battery_target"},
		{"pragma query_only read", "PRAGMA query_only"},
		{"pragma database_list", "PRAGMA database_list"},
		{"pragma trusted_schema on", "PRAGMA trusted_schema = 1"},
		{"pragma wal_checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)"},
		{"pragma incremental_vacuum", "PRAGMA incremental_vacuum"},
		{"pragma schema_version", "PRAGMA schema_version = 1"},
		{"commit", "COMMIT"},
		{"begin immediate", "BEGIN IMMEDIATE"},
		{"rollback", "ROLLBACK"},
		{"release", "RELEASE battery_sp"},
		{"create index if not exists", "CREATE INDEX IF NOT EXISTS battery_idx2 ON battery_target (amount)"},
		{"create trigger temp", "CREATE TEMP TRIGGER battery_t AFTER INSERT ON battery_target BEGIN SELECT 1; END"},
		{"explain insert", "EXPLAIN INSERT INTO battery_target VALUES (100, 'x', 1)"},
		{"with recursive insert", "WITH RECURSIVE r(n) AS (SELECT 1) INSERT INTO battery_target SELECT n + 100, 'x', 0 FROM r"},
		{"drop trigger if exists", "DROP TRIGGER IF EXISTS battery_trg_missing"},
		{"sqlite_dbpage write", "UPDATE sqlite_dbpage SET data = zeroblob(4096) WHERE pgno = 1"},
		{"insert into sqlite_master", "INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, 'CREATE TABLE x(y)')"},
	},
	api.Postgres: {
		{"commit alone", "COMMIT"},
		{"rollback alone", "ROLLBACK"},
		{"abort alone", "ABORT"},
		{"set transaction read write", "SET TRANSACTION READ WRITE"},
		{"begin alone", "BEGIN"},
		{"advisory lock", "SELECT pg_advisory_lock(424242)"},
		{"listen", "LISTEN battery_channel"},
		{"pg_notify", "SELECT pg_notify('battery_channel', 'x')"},
		{"lo_create", "SELECT lo_create(0)"},
		{"cluster", "CLUSTER battery_target USING battery_target_pkey"},
		{"reindex table", "REINDEX TABLE battery_target"},
		{"comment", "COMMENT ON TABLE battery_target IS 'x'"},
		{"create schema", "CREATE SCHEMA battery_schema"},
		{"create function", "CREATE FUNCTION battery_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
		{"create sequence", "CREATE SEQUENCE battery_seq2"},
		{"alter sequence", "ALTER SEQUENCE battery_seq RESTART WITH 100"},
		{"security label", "SECURITY LABEL ON TABLE battery_target IS 'x'"},
		{"create database", "CREATE DATABASE battery_db"},
		{"alter system", "ALTER SYSTEM SET work_mem = '64MB'"},
		{"checkpoint", "CHECKPOINT"},
		{"terminate superuser backends", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'postgres' AND pid <> pg_backend_pid()"},
		{"reload conf", "SELECT pg_reload_conf()"},
		{"copy to program", "COPY (SELECT 1) TO PROGRAM 'true'"},
		{"savepoint", "SAVEPOINT battery_sp"},
		{"refresh matview", "REFRESH MATERIALIZED VIEW battery_mv"},
		{"txid_current", "SELECT txid_current()"},
		{"explain delete", "EXPLAIN DELETE FROM battery_target"},
		{"set role", "SET ROLE NONE"},
		{"discard all", "DISCARD ALL"},
		{"deallocate all", "DEALLOCATE ALL"},
		{"prepare transaction", "PREPARE TRANSACTION 'battery'"},
		{"import foreign schema", "IMPORT FOREIGN SCHEMA x FROM SERVER y INTO battery_schema"},
	},
	api.MySQL: {
		{"set statement drop", "SET STATEMENT tx_read_only = 0 FOR DROP TABLE battery_target"},
		{"set statement insert", "SET STATEMENT tx_read_only = 0 FOR INSERT INTO battery_target VALUES (100, 'x', 1)"},
		{"set session read write", "SET SESSION tx_read_only = 0"},
		{"xa start", "XA START 'battery'"},
		{"xa end", "XA END 'battery'"},
		{"commit alone", "COMMIT"},
		{"begin", "BEGIN"},
		{"start transaction read write", "START TRANSACTION READ WRITE"},
		{"create sequence", "CREATE SEQUENCE battery_seq"},
		{"create database", "CREATE DATABASE battery_db"},
		{"create procedure", "CREATE PROCEDURE battery_proc() SELECT 1"},
		{"create event", "CREATE EVENT battery_ev ON SCHEDULE EVERY 1 DAY DO DELETE FROM battery_target"},
		{"create user", "CREATE USER battery_user"},
		{"analyze table", "ANALYZE TABLE battery_target"},
		{"repair table", "REPAIR TABLE battery_target"},
		{"alter table engine", "ALTER TABLE battery_target ENGINE = InnoDB"},
		{"drop database", "DROP DATABASE IF EXISTS battery_missing_db"},
		{"install plugin", "INSTALL SONAME 'ha_blackhole'"},
		{"set global", "SET GLOBAL max_connections = 1"},
		{"flush", "FLUSH TABLES"},
		{"shutdown", "SHUTDOWN"},
		{"kill", "KILL 999999999"},
		{"execute immediate", "EXECUTE IMMEDIATE 'DELETE FROM battery_target'"},
		{"set password", "SET PASSWORD = PASSWORD('battery')"},
		{"insert via set statement", "SET STATEMENT max_statement_time = 1 FOR TRUNCATE battery_target"},
	},
}

// batteryException is a statement the database does not refuse in a
// read-only transaction, with the reason it is harmless to the data. The
// test then asserts that nothing persistent changed. superuserOnly marks
// statements that only a superuser can run: the restricted-role pass
// expects them refused. The guard (shared/sqlguard) refuses all of them.
type batteryException struct {
	re            *regexp.Regexp
	superuserOnly bool
	reason        string
}

func exception(pattern string, superuserOnly bool, reason string) batteryException {
	return batteryException{regexp.MustCompile(`(?is)` + pattern), superuserOnly, reason}
}

var batteryExceptions = map[api.Dialect][]batteryException{
	api.SQLite: nil, // the authorizer, query_only and the statement check refuse everything
	api.Postgres: {
		exception(`^\s*(set|reset)\b`, false, "session settings made inside the transaction are undone by its ROLLBACK "+
			"(SET TRANSACTION READ WRITE itself fails: Run's BEGIN already took a snapshot)"),
		exception(`\bset_config\s*\(`, false, "set_config inside the transaction is undone by its ROLLBACK"),
		exception(`^\s*begin\s*$`, false, "BEGIN inside Gobi's transaction only warns"),
		exception(`^\s*savepoint\b`, false, "a savepoint inside the read-only transaction changes nothing"),
		exception(`\bpg_advisory_lock(_shared)?\b`, false, "session advisory locks survive ROLLBACK, so Run calls pg_advisory_unlock_all() after every statement"),
		exception(`^\s*(listen|notify)\b|\bpg_notify\b`, false, "LISTEN and NOTIFY take effect at commit; Gobi rolls back"),
		exception(`^\s*lock\s+table\b`, false, "table locks end with the transaction; a read-only transaction may take them"),
		exception(`^\s*prepare\s+(?:[a-z_][a-z0-9_]*)\s+as\b|^\s*deallocate\b`, false, "session prepared statements: preparing runs nothing and EXECUTE of a write is refused"),
		exception(`^\s*explain\s+(?:\(\s*format\s+\w+\s*\)\s*)?(delete|update|insert|select)\b`, false, "EXPLAIN without ANALYZE only plans"),
		exception(`^\s*analyze\b`, false, "ANALYZE is allowed in a read-only transaction: it refreshes planner statistics "+
			"(pg_class.relpages/reltuples are updated in place and survive ROLLBACK) but never table data; a non-owner only gets a warning"),
		exception(`\btxid_current\b|\bpg_current_xact_id\b`, false, "assigns a transaction id, writes no data"),
		exception(`\blo_create\b`, false, "large-object functions are not checked for read-only transactions, but the new object is rolled back"),
		exception(`\blo_import\b`, true, "a superuser's lo_import reads a server file into a large object; it is rolled back"),
		exception(`\bpg_read_file\b|"pg_read_file"|\bpg_ls_dir\b`, true, "a superuser may read server files; that is disclosure, not a write, and the guard refuses it"),
		exception(`^\s*checkpoint\b`, true, "CHECKPOINT flushes buffers and changes no data"),
		exception(`^\s*cluster\b|^\s*reindex\b`, false, "CLUSTER/REINDEX rewrite storage inside the transaction; ROLLBACK restores it"),
		exception(`\bpg_logical_emit_message\b`, false, "PostgreSQL lets every login write a non-transactional logical decoding message "+
			"to the WAL, even in a read-only transaction; it reaches logical-decoding consumers, never a table, and the guard refuses it"),
		exception(`\bconnectby\s*\(`, false, "connectby runs the SELECT it builds from its arguments inside the read-only transaction; the guard refuses it"),
	},
	api.MySQL: {
		exception(`^\s*set\s+(session\s+|@@session\.)?(tx_read_only|transaction_read_only|autocommit)\b`, false, "session variables: Run sets tx_read_only again before every statement, and the XA transaction cannot become writable"),
		exception(`^\s*set\s+(session\s+)?transaction\s+read\s+write`, false, "only sets the next transaction's mode; Run starts every statement's transaction read-only"),
		exception(`^\s*set\s+statement\b.*\bfor\s+select\b`, false, "a per-statement setting for a SELECT"),
		exception(`\b(get_lock|release_lock|release_all_locks)\s*\(`, false, "user-level locks survive a rollback, so Run calls RELEASE_ALL_LOCKS() after every statement"),
		exception(`\binto\s+@`, false, "SELECT … INTO @variable writes a session variable, not data"),
		exception(`^\s*handler\b`, false, "HANDLER … OPEN is a read cursor"),
		exception(`^\s*prepare\b`, false, "session prepared statements: preparing runs nothing and EXECUTE of a write is refused"),
		exception(`^\s*explain\s+(update|delete|insert)\b`, false, "EXPLAIN without ANALYZE only plans"),
		exception(`\block\s+in\s+share\s+mode\b`, false, "shared row locks are allowed in a read-only transaction and end with it"),
		exception(`^\s*unlock\s+tables\b`, false, "releases table locks the session does not hold"),
		exception(`\bload_file\s*\(`, false, "LOAD_FILE reads a server file with the FILE privilege (NULL without it); disclosure, not a write, and the guard refuses it"),
	},
}

// sqliteNoOp matches statements the SQLite database layer lets through
// because they compile to nothing: DROP … IF EXISTS of a missing object
// never reaches the authorizer, and a NUL byte ends the text the driver
// hands SQLite, so "SELECT 1\x00; DELETE …" is just SELECT 1. Run's
// statement check refuses both; the database layer is asserted to change
// nothing.
var sqliteNoOp = regexp.MustCompile(`(?is)^\s*drop\s+(table|view|index|trigger)\s+if\s+exists\s|\x00`)

const sqliteNoOpReason = "compiles to nothing; Run's statement check refuses it"

// disruptive marks statements never run as a superuser against the shared
// test servers: if the database allowed them they would act on the server
// beyond the test's own schema (write server files, stop the server, kill
// sessions, change global settings, create roles or databases). They run
// only in the restricted-role pass, where the database must refuse them.
// A superuser can run several of them inside a read-only transaction
// (verified by hand: PostgreSQL COPY … TO, MariaDB SELECT … INTO OUTFILE,
// SET GLOBAL, SHUTDOWN); Gobi relies on the guard and on a read-only
// database user there, and Ping warns about superusers.
var disruptive = map[api.Dialect]*regexp.Regexp{
	api.Postgres: regexp.MustCompile(`(?is)\bcopy\b.*\bto\b|\bprogram\b|\blo_export\b|\bpg_(terminate|cancel)_backend\b|` +
		`\bpg_reload_conf\b|\bpg_rotate_logfile\b|\bpg_promote\b|\bpg_switch_wal\b|\bpg_create_restore_point\b|\bpg_stat_reset|` +
		`replication_slot|\bpg_replication_origin|\bpg_logical_|\bpg_file_|\bdblink|^\s*load\b|\balter\s+system\b|` +
		`\b(create|drop|alter)\s+(database|role|user|tablespace|group)\b`),
	api.MySQL: regexp.MustCompile(`(?is)\bshutdown\b|\bkill\b|\bset\s+(global|persist)|@@(global|persist)|^\s*flush\b|^\s*reset\b|` +
		`^\s*purge\b|\binstall\b|\buninstall\b|\binto\s+(outfile|dumpfile)\b|\bsys_(exec|eval)\b|\brestart\b|` +
		`\b(create|drop|alter|rename)\s+(database|schema|user|role|server|tablespace|logfile)\b|^\s*grant\b|^\s*revoke\b|` +
		`\bset\s+password\b|\b(change|start|stop)\s+(master|slave|replica|replication)\b|^\s*load\s+data\b`),
}

// loadBattery merges the shared file with own, dropping duplicates (same
// SQL up to case and spacing). The file's absence is not an error: it is
// written by another team and own alone is still a battery.
func loadBattery(t *testing.T, d api.Dialect, dir string) []batteryCase {
	t.Helper()
	var all []batteryCase
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "writebattery", string(d)+".json"))
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &all); err != nil {
			t.Fatalf("testdata/writebattery/%s.json: %v", d, err)
		}
	case errors.Is(err, os.ErrNotExist):
		t.Logf("testdata/writebattery/%s.json not found; using this package's list only", d)
	default:
		t.Fatal(err)
	}
	all = append(all, ownBattery[d]...)
	seen := map[string]bool{}
	var out []batteryCase
	for _, c := range all {
		c.SQL = strings.ReplaceAll(c.SQL, "{dir}", dir)
		key := strings.ToLower(strings.Join(strings.Fields(c.SQL), " "))
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}

func exceptionFor(d api.Dialect, sql string) *batteryException {
	for i, e := range batteryExceptions[d] {
		if e.re.MatchString(sql) {
			return &batteryExceptions[d][i]
		}
	}
	return nil
}

// quotedPaths finds file paths in a statement's string literals, so the
// test can check that no statement created one.
var quotedPathRE = regexp.MustCompile(`'([^']*(?:/|\.db|\.txt|\.csv|\.bin)[^']*)'`)

func quotedPaths(sql string) []string {
	var ps []string
	for _, m := range quotedPathRE.FindAllStringSubmatch(sql, -1) {
		ps = append(ps, m[1])
	}
	return ps
}

// TestWriteBattery runs every write attempt through readonly.Run directly,
// as if the SQL guard had been bypassed, and checks that the database
// refused it and that nothing changed: table content, schema objects,
// sequences, files.
func TestWriteBattery(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		f := newBatteryFixture(t, d)
		cases := loadBattery(t, d, f.dir)
		if len(cases) < 35 {
			t.Errorf("battery has %d statements, want at least 35", len(cases))
		}
		canaries(t, f)
		before := snapshot(t, f)
		var refused, excepted, skipped int
		for _, c := range cases {
			if re := disruptive[d]; re != nil && re.MatchString(c.SQL) {
				skipped++
				t.Logf("not run as superuser (restricted-role pass only): %s", c.Name)
				continue
			}
			existed := fileStates(c.SQL)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := f.run(ctx, c.SQL, nil, readonly.Options{Timeout: 5 * time.Second, MaxRows: 10})
			cancel()
			ex := exceptionFor(d, c.SQL)
			switch {
			case err != nil:
				refused++
				t.Logf("refused  %-45s %v", c.Name, err)
			case ex != nil:
				excepted++
				t.Logf("ALLOWED  %-45s (exception: %s)", c.Name, ex.reason)
			default:
				t.Errorf("%s: %q was not refused", c.Name, c.SQL)
			}
			if after := snapshot(t, f); after != before {
				t.Fatalf("%s: %q changed the database:\nbefore: %s\nafter:  %s", c.Name, c.SQL, before, after)
			}
			checkFiles(t, c, existed)
			if d == api.SQLite {
				// Again without Run's statement check: the database layer
				// must refuse on its own.
				err := readonly.RunSQLiteUnchecked(context.Background(), f.ro, c.SQL)
				if err == nil && sqliteNoOp.MatchString(c.SQL) {
					t.Logf("db layer %-45s no-op, allowed (%s)", c.Name, sqliteNoOpReason)
				} else if err == nil {
					t.Errorf("%s: %q was not refused by the SQLite database layer", c.Name, c.SQL)
				} else {
					t.Logf("db layer %-45s %v", c.Name, err)
				}
				if after := snapshot(t, f); after != before {
					t.Fatalf("%s: %q changed the database:\nbefore: %s\nafter:  %s", c.Name, c.SQL, before, after)
				}
				checkFiles(t, c, existed)
			}
		}
		t.Logf("%s battery: %d statements, %d refused, %d allowed by exception, %d not run as superuser",
			d, len(cases), refused, excepted, skipped)
		if _, err := f.run(context.Background(), "SELECT count(*) FROM battery_target", nil, readonly.Options{}); err != nil {
			t.Errorf("pool unusable after the battery: %v", err)
		}
	})
}

// TestWriteBatteryRestrictedRole runs the whole battery, disruptive
// statements included, as a freshly created role that may only read
// battery_target. The database must refuse everything but the harmless
// exceptions that need no privilege.
func TestWriteBatteryRestrictedRole(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d == api.SQLite {
			t.Skip("SQLite has no roles; TestWriteBattery covers it")
		}
		f := newBatteryFixture(t, d)
		ro := f.restricted(t)
		cases := loadBattery(t, d, f.dir)
		before := snapshot(t, f)
		var refused, excepted int
		for _, c := range cases {
			existed := fileStates(c.SQL)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := readonly.Run(ctx, ro, d, c.SQL, nil, readonly.Options{Timeout: 5 * time.Second, MaxRows: 10})
			cancel()
			ex := exceptionFor(d, c.SQL)
			switch {
			case err != nil:
				refused++
			case ex != nil && !ex.superuserOnly:
				excepted++
			default:
				t.Errorf("%s: %q was not refused for a read-only role", c.Name, c.SQL)
			}
			if after := snapshot(t, f); after != before {
				t.Fatalf("%s: %q changed the database:\nbefore: %s\nafter:  %s", c.Name, c.SQL, before, after)
			}
			checkFiles(t, c, existed)
		}
		t.Logf("%s restricted battery: %d statements, %d refused, %d allowed by exception", d, len(cases), refused, excepted)
	})
}

// newBatteryFixture adds the objects some battery statements refer to.
func newBatteryFixture(t *testing.T, d api.Dialect) *fixture {
	switch d {
	case api.Postgres:
		return newFixture(t, d, "CREATE MATERIALIZED VIEW {s}.battery_mv AS SELECT * FROM {s}.battery_target")
	case api.MySQL:
		return newFixture(t, d, "CREATE TABLE {s}.battery_other (id INTEGER PRIMARY KEY)")
	}
	// An index, so that REINDEX would have something to write.
	return newFixture(t, d, "CREATE INDEX battery_target_name ON battery_target (name)")
}

// canaries stop the test before the battery if plain writes get through:
// the rest of the battery must not run against a shared server then.
func canaries(t *testing.T, f *fixture) {
	t.Helper()
	for _, q := range []string{
		"INSERT INTO battery_target (id, name, amount) VALUES (999, 'canary', 0)",
		"DROP TABLE battery_target",
	} {
		var err error
		if f.d == api.SQLite {
			err = readonly.RunSQLiteUnchecked(context.Background(), f.ro, q)
		} else {
			_, err = f.run(context.Background(), q, nil, readonly.Options{Timeout: 5 * time.Second})
		}
		if !errors.Is(err, readonly.ErrReadOnly) {
			t.Fatalf("canary %q: err = %v, want ErrReadOnly; not running the battery", q, err)
		}
	}
}

// restricted creates a role/user that can only read battery_target and
// returns a readonly pool connected as it.
func (f *fixture) restricted(t *testing.T) *sql.DB {
	t.Helper()
	user := uniqueName("gobi_ro_user")
	var dsn string
	switch f.d {
	case api.Postgres:
		f.exec(t, "CREATE ROLE "+user+" LOGIN")
		t.Cleanup(func() {
			f.execQuiet("DROP OWNED BY " + user)
			f.execQuiet("DROP ROLE " + user)
		})
		f.exec(t, "GRANT USAGE ON SCHEMA {s} TO "+user)
		f.exec(t, "GRANT SELECT ON {s}.battery_target TO "+user)
		dsn = pgWithParam(t, pgWithUser(t, f.base, user), "search_path", f.name)
	case api.MySQL:
		pw := uniqueName("pw")
		f.exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+pw+"'")
		t.Cleanup(func() { f.execQuiet("DROP USER '" + user + "'@'%'") })
		f.exec(t, "GRANT SELECT ON {s}.battery_target TO '"+user+"'@'%'")
		dsn = mysqlWithDB(t, mysqlWithUser(t, f.base, user, pw), f.name)
	}
	db, err := readonly.Open(context.Background(), f.d, dsn, readonly.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// snapshot describes everything a write could change, as one string.
func snapshot(t *testing.T, f *fixture) string {
	t.Helper()
	var qs []string
	switch f.d {
	case api.SQLite:
		b, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		entries, _ := os.ReadDir(f.dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return "file " + hex.EncodeToString(sum[:]) + " dir " + strings.Join(names, ",")
	case api.Postgres:
		s := "'" + f.name + "'"
		qs = []string{
			"SELECT id, name, amount FROM {s}.battery_target ORDER BY id",
			"SELECT c.relname, c.relkind, c.relfilenode <> 0, coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + s + " ORDER BY 1",
			"SELECT attname, atttypid FROM pg_attribute WHERE attrelid = '{s}.battery_target'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
			"SELECT last_value, is_called FROM {s}.battery_seq",
			"SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = " + s + " ORDER BY 1",
			"SELECT tgname FROM pg_trigger WHERE tgrelid = '{s}.battery_target'::regclass ORDER BY 1",
			"SELECT coalesce(obj_description('{s}.battery_target'::regclass), '')",
			"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'battery%' ORDER BY 1",
			"SELECT extname FROM pg_extension ORDER BY 1",
			"SELECT count(*) FROM pg_largeobject_metadata",
			"SELECT datname FROM pg_database WHERE datname LIKE 'battery%'",
			"SELECT rolname FROM pg_roles WHERE rolname LIKE 'battery%' OR rolname = 'nobody'",
			// Slots and origins survive a rollback.
			"SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'battery%' ORDER BY 1",
			"SELECT roname FROM pg_replication_origin WHERE roname LIKE 'battery%' ORDER BY 1",
		}
	case api.MySQL:
		s := "'" + f.name + "'"
		qs = []string{
			"SELECT id, name, amount FROM {s}.battery_target ORDER BY id",
			"SELECT TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + s + " ORDER BY 1",
			"SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + s + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
			"SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + s + " ORDER BY 1, 2",
			"SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + s,
			"SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + s,
			"SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + s,
			"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'battery%'",
			"SELECT User, Host FROM mysql.user WHERE User LIKE 'battery%' OR User = 'nobody'",
			"SELECT GRANTEE, PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = " + s + " ORDER BY 1, 2",
		}
	}
	var b strings.Builder
	for _, q := range qs {
		q = strings.ReplaceAll(q, "{s}", f.name)
		rows, err := f.admin.Query(q)
		if err != nil {
			t.Fatalf("snapshot %q: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteString(";")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		b.WriteString("\n")
	}
	return b.String()
}

// fileStates records which paths named in sql exist before it runs.
func fileStates(sql string) map[string]bool {
	m := map[string]bool{}
	for _, p := range quotedPaths(sql) {
		_, err := os.Stat(p)
		m[p] = err == nil
	}
	return m
}

// checkFiles fails if a path named in the statement appeared.
func checkFiles(t *testing.T, c batteryCase, existed map[string]bool) {
	t.Helper()
	var created []string
	for p, was := range existed {
		if _, err := os.Stat(p); err == nil && !was {
			created = append(created, p)
		}
	}
	sort.Strings(created)
	if len(created) > 0 {
		t.Errorf("%s: %q created %v", c.Name, c.SQL, created)
	}
}
