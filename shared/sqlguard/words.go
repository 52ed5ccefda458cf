package sqlguard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

// deniedWords are the bare words no read-only query needs. Some have
// context rules in deniedWord.
var deniedWords = wordSet(
	"INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "TRUNCATE",
	"CREATE", "DROP", "ALTER", "GRANT", "REVOKE", "COPY", "CALL", "DO",
	"EXEC", "EXECUTE", "PREPARE", "DEALLOCATE", "SET", "RESET", "LOCK", "UNLOCK",
	"VACUUM", "ATTACH", "DETACH", "PRAGMA", "REINDEX", "ANALYZE", "ANALYSE",
	"LOAD", "HANDLER", "INTO", "RETURNING", "FOR", "NEXT",
)

// dml are the words that make a CTE data-modifying.
var dml = wordSet("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE")

// isDenied looks w up in deniedWords case-insensitively without
// allocating: the guard runs on every keystroke.
func isDenied(w string) bool {
	var buf [12]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return deniedWords[string(buf[:len(w)])]
}

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// deniedWord returns why the bare word at i is refused, or "" if it is
// allowed in its context.
func (s *statement) deniedWord(i int) string {
	t := s.toks[i]
	if !isDenied(t.Text) {
		return ""
	}
	u := t.Upper()
	next, call := s.tok(i+1), isPunct(s.tok(i+1), "(")
	switch u {
	case "FOR":
		switch n2 := s.tok(i + 2); {
		case next.Is("UPDATE"):
			return "locking reads (FOR UPDATE) are not allowed"
		case next.Is("SHARE"):
			return "locking reads (FOR SHARE) are not allowed"
		case next.Is("NO") && n2.Is("KEY"):
			return "locking reads (FOR NO KEY UPDATE) are not allowed"
		case next.Is("KEY") && n2.Is("SHARE"):
			return "locking reads (FOR KEY SHARE) are not allowed"
		}
		return "" // SUBSTRING(x FROM 1 FOR 2), FOR SYSTEM_TIME, …
	case "NEXT":
		if next.Is("VALUE") {
			return "NEXT VALUE FOR is not allowed: it advances a sequence"
		}
		return "" // FETCH NEXT 10 ROWS ONLY
	case "LOCK":
		if next.Is("IN") {
			return "locking reads (LOCK IN SHARE MODE) are not allowed"
		}
	case "SET":
		if s.tok(i - 1).Is("CHARACTER") {
			return "" // CAST(x AS CHAR CHARACTER SET utf8mb4)
		}
	case "REPLACE":
		if call {
			return "" // the REPLACE(str, from, to) function
		}
	case "INSERT", "TRUNCATE":
		if call && s.d == api.MySQL {
			return "" // MySQL's INSERT(str, pos, len, new) and TRUNCATE(x, d) functions
		}
	case "INTO":
		return s.intoMessage(next)
	case "RETURNING":
		return "RETURNING is not allowed: it belongs to data-modifying statements"
	case "ANALYZE", "ANALYSE":
		if s.explain {
			return explainAnalyze
		}
	}
	if dml[u] && s.with && i > 0 {
		return fmt.Sprintf("%s inside WITH is not allowed: queries are read-only", u)
	}
	if i == 0 || s.start(i) {
		return fmt.Sprintf("%s is not allowed: queries are read-only", u)
	}
	return fmt.Sprintf("%s is not allowed: queries are read-only; if %s is a column or table name, quote it as %s",
		u, t.Text, s.quote(t.Text))
}

// start reports whether only opening parentheses precede token i.
func (s *statement) start(i int) bool {
	for j := 0; j < i; j++ {
		if !isPunct(s.toks[j], "(") {
			return false
		}
	}
	return true
}

func (s *statement) intoMessage(next sqllex.Token) string {
	switch s.d {
	case api.MySQL:
		switch {
		case next.Is("OUTFILE"):
			return "SELECT … INTO OUTFILE writes a file on the server and is not allowed"
		case next.Is("DUMPFILE"):
			return "SELECT … INTO DUMPFILE writes a file on the server and is not allowed"
		}
		return "SELECT … INTO assigns variables and is not allowed"
	case api.Postgres:
		return "SELECT … INTO creates a table and is not allowed"
	}
	return "INTO is not allowed: queries are read-only"
}

// quote suggests the quoted form of a bare name. PostgreSQL folds bare
// names to lower case, so the quoted form must be lower case to mean the
// same column.
func (s *statement) quote(name string) string {
	switch s.d {
	case api.MySQL:
		return "`" + name + "`"
	case api.Postgres:
		return `"` + strings.ToLower(name) + `"`
	}
	return `"` + name + `"`
}

// funcRule refuses a function, or every function whose name starts with
// prefix.
type funcRule struct {
	name   string
	prefix bool
	why    string
}

const (
	whyReads   = "reads files on the database server"
	whyWrites  = "writes files on the database server"
	whyRunsSQL = "runs SQL given as text, which the guard cannot check"
	// whyBuildsSQL: table_to_xml and friends build and run their own
	// queries over whole tables, schemas or the database.
	whyBuildsSQL = "runs SQL it builds from its arguments, which the guard cannot check"
	whyLocks     = "takes or releases locks that outlive the query"
	whySequence  = "changes a sequence"
	whyAdmin     = "administers the server"
	// whyReplication: a slot made inside the read-only transaction
	// survives its rollback and keeps WAL on the server until dropped.
	whyReplication = "works on replication slots, replication origins or logical decoding, which a rollback does not undo"
	whyStorage     = "changes table or index storage directly, which a rollback does not undo"
)

var deniedFuncs = map[api.Dialect][]funcRule{
	api.Postgres: {
		{"pg_read_file", false, whyReads},
		{"pg_read_binary_file", false, whyReads},
		{"pg_stat_file", false, whyReads},
		{"pg_ls_", true, "lists files on the database server"},
		{"pg_file_", true, whyWrites},
		{"pg_logdir_ls", false, whyReads},
		{"pg_current_logfile", false, whyReads},
		{"lo_import", false, "reads a server file into a large object"},
		{"lo_export", false, whyWrites},
		{"lo_", true, "works on large objects, which live outside the query's tables"},
		{"lowrite", false, "writes a large object"},
		{"loread", false, "works on large objects, which live outside the query's tables"},
		{"dblink", true, "opens a second connection that is not read-only"},
		{"postgres_fdw_", true, "manages connections to other servers"},
		{"set_config", false, "changes server settings, including read-only mode"},
		{"pg_terminate_backend", false, "stops other sessions"},
		{"pg_cancel_backend", false, "stops other sessions' queries"},
		{"pg_log_backend_memory_contexts", false, "signals other sessions"},
		{"pg_reload_conf", false, whyAdmin},
		{"pg_rotate_logfile", true, whyAdmin},  // and pg_rotate_logfile_old
		{"pg_logfile_rotate", false, whyAdmin}, // adminpack before 2.0
		{"pg_switch_wal", false, whyAdmin},
		{"pg_promote", false, whyAdmin},
		{"pg_create_physical_replication_slot", false, whyReplication},
		{"pg_create_logical_replication_slot", false, whyReplication},
		{"pg_copy_", true, whyReplication}, // pg_copy_physical/logical_replication_slot
		{"pg_drop_replication_slot", false, whyReplication},
		{"pg_sync_replication_slots", false, whyReplication},
		{"pg_replication_", true, whyReplication}, // pg_replication_slot_advance, pg_replication_origin_*
		{"pg_logical_", true, whyReplication},     // pg_logical_slot_*, pg_logical_emit_message
		{"pg_create_", true, whyAdmin},
		{"pg_drop_", true, whyAdmin},
		{"pg_log_standby_snapshot", false, whyAdmin},
		{"pg_backup_", true, whyAdmin},
		{"pg_start_backup", false, whyAdmin},
		{"pg_stop_backup", false, whyAdmin},
		{"pg_wal_replay_", true, whyAdmin},
		{"pg_stat_reset", true, "resets statistics"},
		{"pg_stat_statements_reset", false, "resets statistics"},
		{"pg_background_", true, "runs SQL in a background session that is not read-only"},
		{"pg_import_system_collations", false, "changes the catalog"},
		{"pg_advisory_", true, whyLocks},
		{"pg_try_advisory_", true, whyLocks},
		{"pg_notify", false, "sends notifications"},
		{"nextval", false, whySequence},
		{"setval", false, whySequence},
		{"txid_current", true, "assigns a transaction id, which is a write"},
		{"pg_current_xact_id", true, "assigns a transaction id, which is a write"},
		{"query_to_xml", true, whyRunsSQL},
		{"query_to_xmlschema", false, whyRunsSQL},
		{"cursor_to_xml", true, whyRunsSQL},
		{"table_to_xml", true, whyBuildsSQL},
		{"schema_to_xml", true, whyBuildsSQL},
		{"database_to_xml", true, whyBuildsSQL},
		{"ts_stat", false, whyRunsSQL},
		{"ts_rewrite", false, whyRunsSQL},
		{"crosstab", true, whyRunsSQL},   // tablefunc: crosstab, crosstab2…4, crosstab_hash
		{"connectby", false, whyRunsSQL}, // tablefunc
		// xml2: xpath_table pastes its relation, column and condition
		// arguments into a SELECT it runs.
		{"xpath_table", false, whyRunsSQL},
		{"hypopg_", true, "runs the CREATE INDEX given as text and keeps hypothetical indexes in the session after the query"},
		{"heap_force_", true, whyStorage},                 // pg_surgery
		{"pg_truncate_visibility_map", false, whyStorage}, // pg_visibility
		{"brin_summarize_", true, whyStorage},
		{"brin_desummarize_range", false, whyStorage},
		{"gin_clean_pending_list", false, whyStorage},
		{"autoprewarm_", true, "writes a file or starts a worker on the database server"}, // pg_prewarm
		{"pg_buffercache_evict", true, whyAdmin},
	},
	api.MySQL: {
		{"load_file", false, whyReads},
		{"get_lock", false, whyLocks},
		{"release_lock", false, whyLocks},
		{"release_all_locks", false, whyLocks},
		{"sys_exec", false, "runs commands on the database server"},
		{"sys_eval", false, "runs commands on the database server"},
		{"sys_set", false, "changes the database server's environment"},
		{"nextval", false, whySequence},
		{"setval", false, whySequence},
	},
	api.SQLite: {
		{"load_extension", false, "loads native code into the database"},
		{"readfile", false, "reads files"},
		{"writefile", false, "writes files"},
		{"fsdir", false, "lists files"},
		{"edit", false, "starts an editor"},
		{"fts3_tokenizer", false, "can register native code"},
	},
}

// deniedSchemaFuncs are functions refused only when qualified by their
// schema, because their bare names are common: pg_cron's cron.schedule
// runs SQL later, outside this read-only transaction.
var deniedSchemaFuncs = map[api.Dialect]map[string][]string{
	api.Postgres: {"cron": {"schedule", "schedule_in_database", "alter_job", "unschedule"}},
}

// deniedQualifiedFunc returns why schema.lower is refused, or "".
func deniedQualifiedFunc(d api.Dialect, schema, lower string) string {
	for s, names := range deniedSchemaFuncs[d] {
		if strings.EqualFold(schema, s) && slices.Contains(names, lower) {
			return "schedules SQL to run outside this read-only query"
		}
	}
	return ""
}

// deniedFunc returns why the function lower (in lower case) is refused,
// or "".
func deniedFunc(d api.Dialect, lower string) string {
	for _, r := range deniedFuncs[d] {
		if lower == r.name || (r.prefix && strings.HasPrefix(lower, r.name)) {
			return r.why
		}
	}
	return ""
}
