package sqlguard

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

// all marks a case that holds in every dialect.
const all api.Dialect = ""

func dialects(d api.Dialect) []api.Dialect {
	if d == all {
		return api.Dialects
	}
	return []api.Dialect{d}
}

// allowedQueries are read-only queries the guard must accept.
var allowedQueries = []struct {
	d   api.Dialect
	sql string
}{
	{all, "SELECT 1"},
	{all, "select 1;"},
	{all, "SELECT 1; -- done\n"},
	{all, "  SELECT 1 /* c */ ;  /* trailing */ \n\t"},
	{all, "SELECT a.id, b.name FROM a JOIN b ON a.id = b.a_id LEFT JOIN c USING (id) WHERE a.x > 1 GROUP BY 1, 2 HAVING count(*) > 2 ORDER BY 2 DESC LIMIT 10 OFFSET 5"},
	{all, "SELECT id, sum(amount) OVER (PARTITION BY region ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM sales"},
	{all, "SELECT region, rank() OVER w FROM sales WINDOW w AS (PARTITION BY region ORDER BY amount DESC)"},
	{all, "WITH r AS (SELECT region, sum(amount) AS total FROM sales GROUP BY region) SELECT * FROM r WHERE total > 100"},
	{all, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT i FROM n"},
	{all, "SELECT * FROM (SELECT id FROM t) AS s WHERE id IN (SELECT id FROM u) AND EXISTS (SELECT 1 FROM v WHERE v.id = s.id)"},
	{all, "(SELECT 1) UNION ALL (SELECT 2)"},
	{all, "((SELECT 1))"},
	{all, "VALUES (1, 'a'), (2, 'b')"},
	{all, "SELECT CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END FROM t"},
	{all, "SELECT 'delete from t; drop table x' AS s, 'INSERT INTO' AS i"},
	{all, "SELECT 'a;b', ';' FROM t"},
	{all, "SELECT 1 -- DELETE FROM t; UPDATE\n"},
	{all, "/* DROP TABLE x; */ SELECT 1"},
	{all, `SELECT "update", "delete" FROM "insert" WHERE "set" = 1`},
	{all, "SELECT t.update, t.delete, t.set, t.for FROM t"},
	{all, "SELECT replace(name, 'a', 'b') FROM t"},
	{all, "SELECT count(*) FILTER (WHERE x > 1) FROM t"},
	{all, "SELECT x FROM t WHERE d >= :from AND region IN (:regions)"},
	{all, "SELECT * FROM t ORDER BY id LIMIT 5"},
	{all, "EXPLAIN SELECT 1"},
	{all, "explain select * from t where id = 1;"},
	{all, `SELECT "pg_read_file", "load_file", "load_extension" FROM t`},
	{all, "SELECT sets, updated, deleted_at, into_x, create_time, format FROM t"},
	{api.Postgres, "SELECT a::int, '1'::numeric(10,2), b::text[] FROM t"},
	{api.Postgres, "SELECT pg_sleep(1)"},
	{api.Postgres, "SELECT pg_sleep_for('1 second')"},
	{api.Postgres, "TABLE t"},
	{api.Postgres, "SELECT substring(name FROM 1 FOR 3), overlay(name PLACING 'x' FROM 2 FOR 1) FROM t"},
	{api.Postgres, "SELECT * FROM t ORDER BY id FETCH NEXT 5 ROWS ONLY"},
	{api.Postgres, "SELECT j ? 'k', j ?| array['a'], j @> '{}'::jsonb FROM t"},
	{api.Postgres, "SELECT $$DELETE FROM t; $$, $q$ '; DROP $q$"},
	{api.Postgres, `SELECT E'\'; DELETE FROM t; --'`},
	{api.Postgres, "SELECT 1 /* a /* nested */ ; DELETE */"},
	{api.Postgres, "SELECT generate_series(1, 10), now() - interval '1 day', current_setting('TimeZone')"},
	{api.Postgres, "SELECT a[1:2], a[1 : n] FROM t"},
	{api.Postgres, "SELECT (t).x, (t.c).update FROM t"},
	{api.Postgres, "EXPLAIN (FORMAT JSON, COSTS off) SELECT 1"},
	{api.Postgres, "EXPLAIN VERBOSE SELECT * FROM t"},
	{api.Postgres, "EXPLAIN (FORMAT JSON) WITH x AS (SELECT 1) SELECT * FROM x"},
	{api.Postgres, "SELECT * FROM t FOR READ ONLY"},
	{api.Postgres, "SELECT currval('s'), lastval(), schedule('x') FROM t"},
	{api.Postgres, "SELECT $1, $2 FROM t"},
	{api.Postgres, "SELECT xpath_string(doc, '/a'), xpath_list(doc, '/a'), xml_valid(doc) FROM docs"},
	{api.Postgres, "SELECT slot_name, active FROM pg_replication_slots"},
	{api.Postgres, "SELECT * FROM pg_get_replication_slots()"},
	{api.Postgres, "SELECT pg_prewarm('t'), pgstattuple('t')"},
	{api.MySQL, "SELECT CAST(name AS CHAR CHARACTER SET utf8mb4) FROM t"},
	{api.MySQL, "SELECT INSERT('Quadratic', 3, 4, 'What'), TRUNCATE(1.234, 1)"},
	{api.MySQL, "SELECT SLEEP(1), BENCHMARK(10, MD5('x'))"},
	{api.MySQL, `SELECT 'It\'s', "say \"hi\"", "a;b"`},
	{api.MySQL, "SELECT @x, @@version"},
	{api.MySQL, "SELECT 1 # DELETE\n"},
	{api.MySQL, "SELECT 1 --\n"},
	{api.MySQL, "SELECT 1--1"},
	{api.MySQL, "SELECT a FROM t WHERE b = ?"},
	{api.MySQL, "SELECT j->>'$.a', JSON_EXTRACT(j, '$.b') FROM t"},
	{api.MySQL, "SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1 FROM DUAL"},
	{api.MySQL, "SELECT `update`, `delete` FROM `insert`"},
	{api.MySQL, "SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'"},
	{api.MySQL, "EXPLAIN FORMAT=JSON SELECT 1"},
	{api.MySQL, "EXPLAIN EXTENDED SELECT * FROM t"},
	{api.SQLite, "SELECT * FROM pragma_table_info('t')"},
	{api.SQLite, "SELECT json_extract(j, '$.a'), strftime('%Y', d) FROM t"},
	{api.SQLite, "SELECT [update], `delete` FROM [insert] INDEXED BY i"},
	{api.SQLite, "SELECT x FROM t WHERE y = ?1 OR y = @a OR y = $b"},
	{api.SQLite, "EXPLAIN QUERY PLAN SELECT * FROM t"},
	{api.SQLite, "SELECT edit, readfile FROM t"},
	{api.SQLite, "SELECT x'00', 'a\\'"},
}

// refusedQueries are queries the guard must refuse, with a fragment of
// the message and, where given, the line and column it must point at.
var refusedQueries = []struct {
	d         api.Dialect
	sql       string
	msg       string
	line, col int
}{
	{all, "", "empty query", 1, 1},
	{all, "  -- only a comment\n", "empty query", 1, 1},
	{all, ";", "empty query", 1, 1},
	{all, "SELECT 1; SELECT 2", "only one statement is allowed; a second statement starts at line 1, column 11", 1, 11},
	{all, "SELECT 1;;", "only one statement is allowed", 1, 10},
	{all, "SELECT 1;\n  DELETE FROM t", "a second statement starts at line 2, column 3", 2, 3},
	{all, "UPDATE t SET a = 1", "UPDATE is not allowed: queries are read-only", 1, 1},
	{all, "  delete from t", "DELETE is not allowed: queries are read-only", 1, 3},
	{all, "(DELETE FROM t)", "DELETE is not allowed: queries are read-only", 1, 2},
	{all, "SELECT * FROM t WHERE x IN (INSERT INTO u VALUES (1))", "INSERT is not allowed", 1, 29},
	{all, "SHOW TABLES", "queries are allowed; this statement starts with SHOW", 1, 1},
	{all, "DESCRIBE t", "this statement starts with DESCRIBE", 1, 1},
	{all, "(((", "expected a query", 1, 1},
	{all, "'x'", `this statement starts with "'x'"`, 1, 1},
	{all, "EXPLAIN", "EXPLAIN needs a query", 1, 1},
	{all, "EXPLAIN DELETE FROM t", "EXPLAIN is only allowed for SELECT, WITH and VALUES queries; found DELETE", 1, 9},
	{all, "EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE is not allowed", 1, 9},
	{all, "SELECT 'abc", "unterminated string literal starting at line 1, column 8", 1, 8},
	{all, "SELECT 1 /* x", "unterminated block comment", 1, 10},
	{all, "SELECT * FROM t FOR UPDATE", "locking reads (FOR UPDATE) are not allowed", 1, 17},
	{all, "SELECT * FROM t FOR SHARE", "locking reads (FOR SHARE) are not allowed", 0, 0},
	{all, "SELECT * FROM t RETURNING *", "RETURNING is not allowed", 0, 0},
	{all, "WITH x AS (SELECT 1) DELETE FROM t", "DELETE inside WITH is not allowed", 1, 22},
	{all, "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "DELETE inside WITH is not allowed", 1, 12},
	{all, "SELECT NEXT VALUE FOR s", "NEXT VALUE FOR is not allowed", 1, 8},
	{all, "SELECT * FROM t WHERE a = 1 AND set = 2", "SET is not allowed", 1, 33},
	{all, "SELECT x FROM t; -- ok\nDROP TABLE t", "a second statement starts at line 2, column 1", 2, 1},
	{api.Postgres, "SELECT update FROM t", `UPDATE is not allowed: queries are read-only; if update is a column or table name, quote it as "update"`, 1, 8},
	{api.Postgres, "SELECT Delete FROM t", `quote it as "delete"`, 1, 8},
	{api.MySQL, "SELECT update FROM t", "quote it as `update`", 1, 8},
	{api.SQLite, "SELECT Update FROM t", `quote it as "Update"`, 1, 8},
	{api.Postgres, "SELECT * INTO x FROM t", "SELECT … INTO creates a table and is not allowed", 1, 10},
	{api.MySQL, "SELECT * FROM t INTO OUTFILE '/tmp/x'", "SELECT … INTO OUTFILE writes a file", 1, 17},
	{api.MySQL, "SELECT 1 INTO @x", "SELECT … INTO assigns variables", 1, 10},
	{api.SQLite, "SELECT 1 INTO x", "INTO is not allowed", 1, 10},
	{api.Postgres, "EXPLAIN (ANALYZE false) SELECT 1", "EXPLAIN ANALYZE is not allowed", 1, 10},
	{api.Postgres, "EXPLAIN (FORMAT JSON, analyse) SELECT 1", "EXPLAIN ANALYZE is not allowed", 1, 23},
	{api.Postgres, "EXPLAIN VERBOSE ANALYZE SELECT 1", "EXPLAIN ANALYZE is not allowed", 1, 17},
	{api.Postgres, `EXPLAIN ("analyze", "costs" off) SELECT 1`, "EXPLAIN ANALYZE is not allowed", 1, 10},
	{api.Postgres, `EXPLAIN (U&"an\0061lyze") SELECT 1`, "EXPLAIN ANALYZE is not allowed", 1, 10},
	{api.Postgres, "SELECT * FROM t FOR NO KEY UPDATE", "FOR NO KEY UPDATE", 0, 0},
	{api.Postgres, "SELECT * FROM t FOR KEY SHARE", "FOR KEY SHARE", 0, 0},
	{api.Postgres, "SELECT nextval('s')", "function nextval is not allowed: it changes a sequence", 1, 8},
	{api.Postgres, "SELECT pg_catalog.set_config('transaction_read_only', 'off', false)", "function set_config is not allowed", 1, 19},
	{api.Postgres, "SELECT dblink_exec('x', 'y')", "function dblink_exec is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_advisory_lock(1)", "function pg_advisory_lock is not allowed", 0, 0},
	{api.Postgres, "SELECT query_to_xml_and_xmlschema('DELETE FROM t', true, false, '')", "runs SQL given as text", 0, 0},
	{api.Postgres, "SELECT cursor_to_xml('c', 1, true, false, '')", "runs SQL given as text", 0, 0},
	// Functions that run SQL given as text, however they are spelled.
	{api.Postgres, "SELECT ts_rewrite('a'::tsquery, 'SELECT pg_read_file(''/etc/passwd'')')", "function ts_rewrite is not allowed: it runs SQL given as text", 1, 8},
	{api.Postgres, "SELECT * FROM pg_catalog.ts_stat('SELECT to_tsvector(pg_read_file(''/etc/passwd''))')", "function ts_stat is not allowed", 1, 26},
	{api.Postgres, `SELECT "ts_stat"('SELECT 1')`, "function ts_stat is not allowed", 1, 8},
	{api.Postgres, `SELECT "pg_catalog"."ts_rewrite"('a'::tsquery, 'SELECT 1')`, "function ts_rewrite is not allowed", 1, 21},
	{api.Postgres, `SELECT pg_catalog . "TS_REWRITE" /* c */ ('a'::tsquery, 'SELECT 1')`, "function TS_REWRITE is not allowed", 0, 0},
	{api.Postgres, "SELECT * FROM crosstab('SELECT pg_terminate_backend(pid), 1, 1 FROM pg_stat_activity') AS t(a int, b int)", "function crosstab is not allowed: it runs SQL given as text", 1, 15},
	{api.Postgres, "SELECT * FROM public.crosstab3('SELECT 1')", "function crosstab3 is not allowed", 0, 0},
	{api.Postgres, "SELECT * FROM crosstab_hash('SELECT 1', 'SELECT 1')", "function crosstab_hash is not allowed", 0, 0},
	{api.Postgres, "SELECT * FROM connectby('t', 'id', 'parent', '1', 0) AS t(id int, parent int, level int)", "function connectby is not allowed", 0, 0},
	{api.Postgres, "SELECT query_to_xml('SELECT pg_reload_conf()', true, false, '')", "function query_to_xml is not allowed", 0, 0},
	{api.Postgres, "SELECT table_to_xml('t', true, false, '')", "runs SQL it builds", 0, 0},
	{api.Postgres, "SELECT table_to_xml_and_xmlschema('t', true, false, '')", "runs SQL it builds", 0, 0},
	{api.Postgres, "SELECT schema_to_xml('public', true, false, '')", "runs SQL it builds", 0, 0},
	{api.Postgres, "SELECT database_to_xmlschema(true, false, '')", "runs SQL it builds", 0, 0},
	{api.Postgres, "SELECT cursor_to_xmlschema('c', true, false, '')", "runs SQL given as text", 0, 0},
	{api.Postgres, `SELECT public."dblink_exec"('dbname=test', 'INSERT INTO t VALUES (1)')`, "function dblink_exec is not allowed", 0, 0},
	{api.Postgres, "SELECT * FROM dblink('dbname=test', 'SELECT 1') AS t(a int)", "function dblink is not allowed", 0, 0},
	{api.Postgres, "SELECT postgres_fdw_disconnect_all()", "function postgres_fdw_disconnect_all is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_catalog.pg_terminate_backend(1)", "function pg_terminate_backend is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_cancel_backend(1)", "function pg_cancel_backend is not allowed", 0, 0},
	{api.Postgres, `SELECT "pg_reload_conf"()`, "function pg_reload_conf is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_read_binary_file('/etc/passwd')", "function pg_read_binary_file is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_ls_dir('.')", "function pg_ls_dir is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_stat_file('postgresql.conf')", "function pg_stat_file is not allowed", 0, 0},
	{api.Postgres, "SELECT lo_get(1)", "function lo_get is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_catalog.lo_from_bytea(0, 'x')", "function lo_from_bytea is not allowed", 0, 0},
	{api.Postgres, "SELECT loread(0, 1)", "function loread is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_current_logfile()", "function pg_current_logfile is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_read_file /* x */ ('/etc/passwd')", "function pg_read_file", 1, 8},
	{api.Postgres, `SELECT U&"pg_read_fil\0065"('/etc/passwd')`, "Unicode-escaped identifiers", 1, 8},
	{api.Postgres, `SELECT U&"!0070g_read_file" UESCAPE '!' ('/etc/passwd')`, "Unicode-escaped identifiers", 1, 8},
	{api.Postgres, "SELECT 1 -- x\rDELETE FROM t", "DELETE is not allowed", 1, 15},
	{api.Postgres, "SELECT txid_current()", "function txid_current is not allowed", 0, 0},
	{api.Postgres, "TABLE t FOR UPDATE", "locking reads", 0, 0},
	{api.Postgres, "SELECT cron.schedule('* * * * *', 'DELETE FROM t')", "function schedule is not allowed: it schedules SQL", 1, 13},
	{api.Postgres, `SELECT "cron"."schedule"('x', 'DELETE FROM t')`, "function schedule is not allowed", 1, 15},
	{api.Postgres, "SELECT pg_background_launch('DELETE FROM t')", "background session", 1, 8},
	{api.Postgres, `SELECT 'a\', 'b; DELETE FROM t; -- '`, "(when the server runs with standard_conforming_strings = off)", 1, 18},
	// xml2's xpath_table pastes its arguments into a SELECT it runs.
	{api.Postgres, "SELECT * FROM xpath_table('id', 'doc', 'docs', '/a/text()', 'true AND (SELECT count(*) FROM ts_stat(''SELECT 1'')) > 0') AS t(id int, v text)", "function xpath_table is not allowed: it runs SQL given as text", 1, 15},
	{api.Postgres, `SELECT * FROM public."XPATH_TABLE"('id', 'doc', 'docs', '/a', 'true') AS t(id int, v text)`, "function XPATH_TABLE is not allowed", 1, 22},
	// Replication slots and origins outlive the rollback.
	{api.Postgres, "SELECT pg_copy_physical_replication_slot('a', 'b')", "function pg_copy_physical_replication_slot is not allowed: it works on replication slots", 1, 8},
	{api.Postgres, "SELECT pg_catalog.pg_copy_logical_replication_slot('a', 'b', true)", "function pg_copy_logical_replication_slot is not allowed: it works on replication slots", 1, 19},
	{api.Postgres, "SELECT pg_create_physical_replication_slot('a', true)", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_create_logical_replication_slot('a', 'test_decoding')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_drop_replication_slot('a')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_replication_slot_advance('a', '0/0')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_replication_origin_create('a')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_replication_origin_session_setup('a')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT * FROM pg_logical_slot_get_changes('a', NULL, NULL)", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_logical_emit_message(false, 'p', 'm')", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_sync_replication_slots()", "works on replication slots", 0, 0},
	{api.Postgres, "SELECT pg_create_restore_point('a')", "function pg_create_restore_point is not allowed: it administers the server", 0, 0},
	{api.Postgres, "SELECT pg_log_standby_snapshot()", "administers the server", 0, 0},
	{api.Postgres, "SELECT pg_rotate_logfile_old()", "administers the server", 0, 0},
	// The other functions that outlive the rollback or reach outside it.
	{api.Postgres, "SELECT pg_file_write('x', 'y', false)", "writes files on the database server", 0, 0},
	{api.Postgres, "SELECT pg_file_unlink('x')", "writes files", 0, 0},
	{api.Postgres, "SELECT * FROM pg_logdir_ls()", "function pg_logdir_ls is not allowed", 0, 0},
	{api.Postgres, "SELECT pg_stat_reset_shared('bgwriter')", "resets statistics", 0, 0},
	{api.Postgres, "SELECT pg_try_advisory_lock_shared(1)", "takes or releases locks", 0, 0},
	{api.Postgres, "SELECT pg_current_xact_id()", "assigns a transaction id", 0, 0},
	{api.Postgres, "SELECT setval('s', 1)", "changes a sequence", 0, 0},
	{api.Postgres, "SELECT pg_notify('c', 'x')", "sends notifications", 0, 0},
	{api.Postgres, "SELECT heap_force_freeze('t'::regclass, ARRAY['(0,1)']::tid[])", "function heap_force_freeze is not allowed: it changes table or index storage", 0, 0},
	{api.Postgres, "SELECT heap_force_kill('t'::regclass, ARRAY['(0,1)']::tid[])", "changes table or index storage", 0, 0},
	{api.Postgres, "SELECT pg_truncate_visibility_map('t')", "changes table or index storage", 0, 0},
	{api.Postgres, "SELECT brin_summarize_new_values('i'), brin_summarize_range('i', 0)", "changes table or index storage", 0, 0},
	{api.Postgres, "SELECT brin_desummarize_range('i', 0)", "changes table or index storage", 0, 0},
	{api.Postgres, "SELECT gin_clean_pending_list('i')", "changes table or index storage", 0, 0},
	{api.Postgres, "SELECT autoprewarm_dump_now()", "writes a file or starts a worker", 0, 0},
	{api.Postgres, "SELECT pg_buffercache_evict(1)", "administers the server", 0, 0},
	{api.Postgres, "SELECT * FROM hypopg_create_index('CREATE INDEX ON t (a)')", "function hypopg_create_index is not allowed", 0, 0},

	{api.MySQL, "TABLE t", "this statement starts with TABLE", 1, 1},
	{api.MySQL, "/*! SELECT 1 */", "MySQL executable comments /*! … */ are not allowed", 1, 1},
	{api.MySQL, "SELECT 1 /*!50000 + 1 */", "MySQL executable comments", 1, 10},
	{api.MySQL, "SELECT 1 /*M!100100 + 1 */", "MySQL executable comments", 1, 10},
	{api.MySQL, "SELECT * FROM t LOCK IN SHARE MODE", "locking reads (LOCK IN SHARE MODE) are not allowed", 1, 17},
	{api.MySQL, "SELECT 1 --1; DELETE FROM t", "a second statement starts", 1, 15},
	{api.MySQL, `SELECT '\'; DELETE FROM t; -- '`, "(when the server runs with sql_mode NO_BACKSLASH_ESCAPES)", 1, 13},
	{api.MySQL, `SELECT "\"; DELETE FROM t; -- "`, "when the server runs with sql_mode", 1, 13},
	{api.MySQL, "SELECT LOAD_FILE ('/etc/passwd')", "function LOAD_FILE is not allowed", 1, 8},
	{api.MySQL, "SELECT `get_lock`('x', 1)", "function get_lock is not allowed", 1, 8},
	{api.MySQL, "SELECT REPLACE INTO t VALUES (1)", "REPLACE is not allowed", 1, 8},
	{api.MySQL, "SELECT * FROM t PROCEDURE ANALYSE()", "ANALYSE is not allowed", 0, 0},
	{api.Postgres, "SELECT insert('a', 1, 1, 'b')", "INSERT is not allowed", 1, 8},
	{api.SQLite, "SELECT load_extension('x')", "function load_extension is not allowed", 1, 8},
	{api.SQLite, "SELECT * FROM fsdir('/')", "function fsdir is not allowed", 1, 15},
	{api.SQLite, "PRAGMA query_only = 0", "PRAGMA is not allowed", 1, 1},
	{api.SQLite, "SELECT [a", "unterminated quoted identifier", 1, 8},
}

func TestCheckAllows(t *testing.T) {
	for _, tt := range allowedQueries {
		for _, d := range dialects(tt.d) {
			if err := Check(tt.sql, d); err != nil {
				t.Errorf("%s: Check(%q) = %v, want nil", d, tt.sql, err)
			}
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	for _, tt := range refusedQueries {
		for _, d := range dialects(tt.d) {
			err := Check(tt.sql, d)
			var ge *Error
			if !errors.As(err, &ge) {
				t.Errorf("%s: Check(%q) = %v, want *Error", d, tt.sql, err)
				continue
			}
			if !strings.Contains(ge.Message, tt.msg) {
				t.Errorf("%s: Check(%q) = %q, want it to contain %q", d, tt.sql, ge.Message, tt.msg)
			}
			if tt.line != 0 && (ge.Line != tt.line || ge.Col != tt.col) {
				t.Errorf("%s: Check(%q) points at %d:%d, want %d:%d", d, tt.sql, ge.Line, ge.Col, tt.line, tt.col)
			}
			if ge.Error() != ge.Message {
				t.Errorf("Error() = %q, want the message", ge.Error())
			}
		}
	}
}

func TestCheckUnknownDialect(t *testing.T) {
	if err := Check("SELECT 1", "oracle"); err == nil {
		t.Fatal("want an error for an unknown dialect")
	}
}

type batteryCase struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

func readBattery(t testing.TB, d api.Dialect) []batteryCase {
	t.Helper()
	b, err := os.ReadFile("../../testdata/writebattery/" + string(d) + ".json")
	if err != nil {
		t.Fatalf("read battery: %v", err)
	}
	var cases []batteryCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("decode battery %s: %v", d, err)
	}
	return cases
}

func TestCheckRefusesWriteBattery(t *testing.T) {
	for _, d := range api.Dialects {
		cases := readBattery(t, d)
		if len(cases) < 35 {
			t.Errorf("%s battery has %d statements, want at least 35", d, len(cases))
		}
		seen := map[string]bool{}
		for _, c := range cases {
			if seen[c.Name] || c.Name == "" || c.SQL == "" {
				t.Errorf("%s battery: duplicate or empty entry %q", d, c.Name)
			}
			seen[c.Name] = true
			if err := Check(c.SQL, d); err == nil {
				t.Errorf("%s battery %q: Check(%q) = nil, want a refusal", d, c.Name, c.SQL)
			}
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, d := range api.Dialects {
		for _, c := range readBattery(f, d) {
			f.Add(c.SQL)
		}
	}
	for _, q := range allowedQueries {
		f.Add(q.sql)
	}
	for _, q := range refusedQueries {
		f.Add(q.sql)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range api.Dialects {
			err1, err2 := Check(src, d), Check(src, d)
			if (err1 == nil) != (err2 == nil) || (err1 != nil && *err1.(*Error) != *err2.(*Error)) {
				t.Fatalf("%s: Check(%q) is not deterministic: %v, then %v", d, src, err1, err2)
			}
			if err1 != nil {
				ge := err1.(*Error)
				if ge.Pos < 0 || ge.Pos > len(src) || ge.Line < 1 || ge.Col < 1 || ge.Message == "" {
					t.Fatalf("%s: Check(%q): bad error %+v", d, src, ge)
				}
				continue
			}
			toks, err := sqllex.Tokenize(src, d)
			if err != nil {
				t.Fatalf("%s: Check(%q) accepted text the lexer rejects: %v", d, src, err)
			}
			semicolon := false
			for _, tok := range toks {
				if tok.Kind == sqllex.ExecComment {
					t.Fatalf("%s: Check(%q) accepted an executable comment", d, src)
				}
				if !tok.Significant() {
					continue
				}
				if semicolon {
					t.Fatalf("%s: Check(%q) accepted %q after a semicolon", d, src, tok.Text)
				}
				semicolon = tok.Kind == sqllex.Punct && tok.Text == ";"
			}
		}
	})
}

// benchQuery is a realistic ~2 KB dashboard query.
var benchQuery = func() string {
	q := `WITH monthly AS (
  SELECT date_trunc('month', o.created_at) AS month, c.region, p.category,
         sum(oi.quantity * oi.unit_price) AS revenue, count(DISTINCT o.id) AS orders
  FROM orders o
  JOIN customers c ON c.id = o.customer_id
  JOIN order_items oi ON oi.order_id = o.id
  JOIN products p ON p.id = oi.product_id
  WHERE o.created_at >= :from AND o.created_at < :to
    AND c.region IN (:regions) AND o.status <> 'cancelled' -- skip cancelled
  GROUP BY 1, 2, 3
), ranked AS (
  SELECT m.*, rank() OVER (PARTITION BY m.month, m.region ORDER BY m.revenue DESC) AS rnk,
         lag(m.revenue) OVER (PARTITION BY m.region, m.category ORDER BY m.month) AS prev_revenue
  FROM monthly m
)
/* top categories per region and month, with growth */
SELECT r.month, r.region, r.category, r.revenue, r.orders,
       CASE WHEN r.prev_revenue IS NULL OR r.prev_revenue = 0 THEN NULL
            ELSE round((r.revenue - r.prev_revenue) / r.prev_revenue * 100, 1) END AS growth_pct,
       coalesce(t.target, 0) AS target, 'note: ''delete'' is just text' AS note
FROM ranked r
LEFT JOIN targets t ON t.region = r.region AND t.category = r.category AND t.month = r.month
WHERE r.rnk <= 5
ORDER BY r.month DESC, r.region, r.rnk
LIMIT 1000;`
	for len(q) < 2048 {
		q += "\n-- padding comment to reach about two kilobytes of SQL text"
	}
	return q
}()

func BenchmarkCheck(b *testing.B) {
	if err := Check(benchQuery, api.Postgres); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchQuery)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Check(benchQuery, api.Postgres)
	}
}
