package readonly_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlguard"
)

func TestMySQLGrants(t *testing.T) {
	tests := []struct {
		name              string
		lines             []string
		privileged, roles []string
		lesser            []string
	}{
		{"read only", []string{"GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*2B60'", "GRANT SELECT, SHOW VIEW ON `sales`.* TO `u`@`%`"}, nil, nil, nil},
		{"root", []string{"GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION", "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"},
			[]string{"GRANT OPTION ON *.*", "ALL PRIVILEGES ON *.*"}, nil, nil},
		{"db-level all", []string{"GRANT ALL PRIVILEGES ON `sales`.* TO `u`@`%`"}, []string{"ALL PRIVILEGES ON `sales`.*"}, nil, nil},
		{"file super process", []string{"GRANT FILE, SUPER, PROCESS ON *.* TO `u`@`%`"}, []string{"FILE", "SUPER", "PROCESS"}, nil, nil},
		{"column-level write", []string{"GRANT SELECT (a), UPDATE (b, c) ON `s`.`t` TO `u`@`%`"}, []string{"UPDATE"}, nil, nil},
		{"quoted db with spaces", []string{"GRANT INSERT ON `my db`.* TO `u`@`%`"}, []string{"INSERT"}, nil, nil},
		{"lesser", []string{"GRANT SELECT, LOCK TABLES, EXECUTE ON `s`.* TO `u`@`%`"}, nil, nil, []string{"LOCK TABLES", "EXECUTE"}},
		{"unknown privilege fails closed", []string{"GRANT BINLOG_ADMIN,SELECT ON *.* TO `u`@`%`"}, []string{"BINLOG_ADMIN"}, nil, nil},
		{"roles", []string{"GRANT `r1`,`r2` TO `u`@`%`", "GRANT `r3`@`%` TO `u`@`%` WITH ADMIN OPTION", "SET DEFAULT ROLE `r1` FOR `u`@`%`",
			"GRANT `r4` TO `r1`", "GRANT FILE ON *.* TO `r4`"}, []string{"FILE"}, []string{"`r1`", "`r2`", "`r3`@`%`"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, l, r := readonly.MySQLGrants(tt.lines)
			if !slices.Equal(p, tt.privileged) || !slices.Equal(r, tt.roles) || !slices.Equal(l, tt.lesser) {
				t.Fatalf("privileged %q lesser %q roles %q; want %q %q %q", p, l, r, tt.privileged, tt.lesser, tt.roles)
			}
		})
	}
}

// TestPingPrivileges checks what Ping reports for the integration logins
// (postgres and root, both privileged) and for a least-privilege login
// created here, which must report nothing privileged.
func TestPingPrivileges(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d == api.SQLite {
			t.Skip("SQLite has no logins")
		}
		f := newFixture(t, d)
		info, err := readonly.Ping(context.Background(), f.ro, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Privileged) == 0 {
			t.Errorf("the integration login (a superuser) reports no privileges: %+v", info)
		}
		t.Logf("admin login: %q", info.Privileged)

		info, err = readonly.Ping(context.Background(), f.restricted(t), d)
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Privileged) != 0 {
			t.Errorf("a read-only login reports %q", info.Privileged)
		}
	})
}

// TestPingPrivilegesPostgresRoles grants the dangerous things one at a
// time to a fresh role and checks that each is reported.
func TestPingPrivilegesPostgresRoles(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d != api.Postgres {
			t.Skip("PostgreSQL roles")
		}
		f := newFixture(t, d)
		for _, tt := range []struct {
			name, grant, want string
		}{
			{"pg_read_server_files", "GRANT pg_read_server_files TO {u}", "member of pg_read_server_files"},
			{"transitive pg_signal_backend", "CREATE ROLE {u}_mid; GRANT pg_signal_backend TO {u}_mid; GRANT {u}_mid TO {u}", "member of pg_signal_backend"},
			{"pg_execute_server_program", "GRANT pg_execute_server_program TO {u}", "member of pg_execute_server_program"},
			{"createrole", "ALTER ROLE {u} CREATEROLE", "CREATEROLE"},
			{"insert", "GRANT INSERT ON {s}.battery_target TO {u}", "INSERT/UPDATE/DELETE/TRUNCATE on tables (e.g. {s}.battery_target)"},
			{"create on schema", "GRANT CREATE ON SCHEMA {s} TO {u}", "CREATE on schema {s}"},
			{"column-level update and insert", "GRANT SELECT ON {s}.battery_target TO {u}; GRANT UPDATE (name), INSERT (name) ON {s}.battery_target TO {u}",
				"INSERT/UPDATE on columns (e.g. {s}.battery_target)"},
			{"column-level insert", "GRANT INSERT (amount) ON {s}.battery_target TO {u}", "INSERT/UPDATE on columns (e.g. {s}.battery_target)"},
			{"sequence usage", "GRANT USAGE ON SEQUENCE {s}.battery_seq TO {u}", "USAGE/UPDATE on sequences (e.g. {s}.battery_seq;"},
			{"sequence update", "GRANT SELECT, UPDATE ON SEQUENCE {s}.battery_seq TO {u}", "USAGE/UPDATE on sequences (e.g. {s}.battery_seq;"},
			{"trigger", "GRANT SELECT, TRIGGER ON {s}.battery_target TO {u}", "TRIGGER on tables (e.g. {s}.battery_target;"},
			{"replication", "ALTER ROLE {u} REPLICATION", "REPLICATION (can create replication slots"},
			// Not privileged: reading a sequence, and REFERENCES (a foreign
			// key needs a table of one's own), which is a warning.
			{"sequence select", "GRANT SELECT ON SEQUENCE {s}.battery_seq TO {u}", ""},
			{"references", "GRANT SELECT, REFERENCES (id) ON {s}.battery_target TO {u}", ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				u := uniqueName("gobi_priv")
				sub := func(q string) string { return strings.ReplaceAll(strings.ReplaceAll(q, "{u}", u), "{s}", f.name) }
				f.exec(t, "CREATE ROLE "+u+" LOGIN")
				t.Cleanup(func() {
					f.execQuiet(sub("REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {u}"))
					f.execQuiet(sub("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {u}"))
					f.execQuiet(sub("DROP OWNED BY {u}"))
					f.execQuiet(sub("DROP ROLE {u}"))
					f.execQuiet(sub("DROP ROLE IF EXISTS {u}_mid"))
				})
				f.exec(t, sub("GRANT USAGE ON SCHEMA {s} TO {u}"))
				for _, q := range strings.Split(sub(tt.grant), "; ") {
					f.exec(t, q)
				}
				db, err := readonly.Open(context.Background(), d, pgWithUser(t, f.base, u), readonly.OpenOptions{})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				info, err := readonly.Ping(context.Background(), db, d)
				if err != nil {
					t.Fatal(err)
				}
				if tt.want == "" {
					if len(info.Privileged) > 0 {
						t.Fatalf("Privileged = %q, want none", info.Privileged)
					}
					return
				}
				if !slices.ContainsFunc(info.Privileged, func(p string) bool { return strings.HasPrefix(p, sub(tt.want)) }) {
					t.Fatalf("Privileged = %q, want %q in it", info.Privileged, sub(tt.want))
				}
			})
		}
	})
}

// TestMySQLUserVariablesDoNotSurvive is the regression test for session
// state leaking between runs on a pooled connection: what one run sets (a
// @variable, LAST_INSERT_ID(expr), a GET_LOCK lock) must be gone in the
// next, on a pool with a single connection.
func TestMySQLUserVariablesDoNotSurvive(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d != api.MySQL {
			t.Skip("MySQL session variables")
		}
		f := newFixture(t, d)
		db, err := readonly.Open(context.Background(), d, f.dsn, readonly.OpenOptions{Limits: readonly.PoolLimits{MaxOpen: 1, MaxIdle: 1}})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		o := readonly.Options{Timeout: 5 * time.Second}
		lock := uniqueName("gobi_lock")
		for _, tt := range []struct {
			name, set, read, want string
		}{
			{"user variable", "SELECT @gobi_x := 1", "SELECT @gobi_x, CONNECTION_ID()", "<nil>"},
			{"LAST_INSERT_ID(expr)", "SELECT LAST_INSERT_ID(99)", "SELECT LAST_INSERT_ID(), CONNECTION_ID()", "0"},
			{"GET_LOCK", "SELECT GET_LOCK('" + lock + "', 0)", "SELECT IS_USED_LOCK('" + lock + "'), CONNECTION_ID()", "<nil>"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := readonly.Run(context.Background(), db, d, tt.set, nil, o); err != nil {
					t.Fatal(err)
				}
				for i := range 3 {
					res, err := readonly.Run(context.Background(), db, d, tt.read, nil, o)
					if err != nil {
						t.Fatal(err)
					}
					if v := fmt.Sprint(res.Rows[0][0]); v != tt.want {
						t.Fatalf("run %d: %s = %s after an earlier run's %s, want %s", i, tt.read, v, tt.set, tt.want)
					}
				}
			})
		}
		// A run that sets nothing keeps its connection (MariaDB): the pool
		// still pools.
		ids := map[string]bool{}
		for range 3 {
			res, err := readonly.Run(context.Background(), db, d, "SELECT CONNECTION_ID(), VERSION()", nil, o)
			if err != nil {
				t.Fatal(err)
			}
			ids[fmt.Sprint(res.Rows[0][0])] = true
			if v, _ := res.Rows[0][1].(string); strings.Contains(strings.ToLower(v), "mariadb") && len(ids) > 1 {
				t.Fatalf("MariaDB connection not reused for clean runs: %v", ids)
			}
		}
	})
}

func TestParsePostgresRefusesServerFiles(t *testing.T) {
	for _, dsn := range []string{
		"postgres://u@db.example:5432/x?passfile=/root/.pgpass",
		"postgres://u@db.example:5432/x?sslrootcert=/etc/ssl/ca.pem",
		"postgres://u@db.example:5432/x?PassFile=/root/.pgpass",
		"postgresql://u@db.example/x?sslmode=require&sslcert=/etc/c.pem&sslkey=/etc/k.pem",
		"host=db.example dbname=x passfile = /root/.pgpass",
		"host=db.example dbname=x passfile= '/root/.pgpass'",
		"host=db.example dbname=x sslkey =/etc/ssl/private/k.pem",
		"host=db.example dbname=x\tsslcrl\t=\t/etc/crl.pem",
		"host=db.example dbname=x service=prod",
		"host=db.example dbname=x servicefile=/etc/pg_service.conf service=prod",
		"host=db.example dbname=x options='-c default_transaction_read_only=off'",
		"postgres://u@db.example/x?options=-c%20default_transaction_read_only%3Doff",
	} {
		_, err := readonly.ParsePostgres(dsn)
		if !errors.Is(err, readonly.ErrInvalidDSN) {
			t.Errorf("%q: err = %v, want ErrInvalidDSN", dsn, err)
			continue
		}
		if strings.Contains(err.Error(), "/root") || strings.Contains(err.Error(), "/etc") {
			t.Errorf("%q: the error quotes the DSN: %v", dsn, err)
		}
	}
	for _, dsn := range []string{
		"postgres://u:pw@db.example:5432/x?sslmode=require&search_path=s",
		"host=db.example,db2.example port=5432,5433 dbname=x user=u password='p w' sslmode=disable",
	} {
		if _, err := readonly.ParsePostgres(dsn); err != nil {
			t.Errorf("%q: %v", dsn, err)
		}
	}
}

func TestParsePostgresIgnoresServerPassword(t *testing.T) {
	t.Setenv("PGPASSWORD", "the-server-password")
	passfile := filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(passfile, []byte("*:*:*:*:the-server-passfile-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", passfile)
	cfg, err := readonly.ParsePostgres("postgres://u@db.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Password != "" {
		t.Fatalf("password %q taken from the Gobi server's environment", cfg.Password)
	}
	// An empty password in the string does not let the server's fill in.
	for _, dsn := range []string{"postgres://u:@db.example/x", "host=db.example user=u password=''", "postgres://u@db.example/x?password="} {
		if cfg, err := readonly.ParsePostgres(dsn); err != nil || cfg.Password != "" {
			t.Fatalf("%q: password %q, %v", dsn, cfg.Password, err)
		}
	}
	for _, dsn := range []string{"postgres://u:mine@db.example/x", "host=db.example user=u password=mine",
		"postgres://u:m%20ine@db.example/x", `host=db.example user=u password='m\'ine'`} {
		cfg, err = readonly.ParsePostgres(dsn)
		if err != nil || strings.ReplaceAll(strings.ReplaceAll(cfg.Password, " ", ""), "'", "") != "mine" {
			t.Fatalf("%q: password %q, %v", dsn, cfg.Password, err)
		}
	}
}

// FuzzParsePostgres: whatever the string, parsing never panics, a
// refusal never quotes the string, and an accepted config carries no
// client certificate (the string cannot name one) and no password unless
// the string contains one.
func FuzzParsePostgres(f *testing.F) {
	for _, s := range []string{
		"postgres://u:p@h:5432/d?sslmode=require", "host=h passfile = /x", "host=h,h2 port=1,2 dbname=d",
		"postgresql://h/d?sslkey=%2Fk", "host='a b' password='p\\'q'", "service=x", "user=u options='-c a=b'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		cfg, err := readonly.ParsePostgres(dsn)
		if err != nil {
			if !errors.Is(err, readonly.ErrInvalidDSN) {
				t.Fatalf("error %v does not match ErrInvalidDSN", err)
			}
			if len(dsn) > 8 && strings.Contains(err.Error(), dsn) {
				t.Fatalf("error quotes the DSN: %v", err)
			}
			return
		}
		if cfg.TLSConfig != nil && len(cfg.TLSConfig.Certificates) > 0 {
			t.Fatal("client certificate loaded")
		}
		if cfg.Password != "" && !strings.Contains(dsn, cfg.Password) && !strings.ContainsAny(dsn, "%\\") {
			t.Fatalf("password %q not from the string", cfg.Password)
		}
	})
}

// TestPingPrivilegesMySQLRoles: privileges reached through roles count,
// whether or not the role is the login's default, nested roles included.
func TestPingPrivilegesMySQLRoles(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d != api.MySQL {
			t.Skip("MySQL roles")
		}
		f := newFixture(t, d)
		user, r1, r2 := uniqueName("gobi_rl_u"), uniqueName("gobi_rl_a"), uniqueName("gobi_rl_b")
		pw := uniqueName("pw")
		f.exec(t, "CREATE ROLE "+r1)
		t.Cleanup(func() { f.execQuiet("DROP ROLE " + r1) })
		f.exec(t, "CREATE ROLE "+r2)
		t.Cleanup(func() { f.execQuiet("DROP ROLE " + r2) })
		f.exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+pw+"'")
		t.Cleanup(func() { f.execQuiet("DROP USER '" + user + "'@'%'") })
		f.exec(t, "GRANT SELECT ON {s}.* TO '"+user+"'@'%'")
		f.exec(t, "GRANT INSERT ON {s}.* TO "+r1)
		f.exec(t, "GRANT FILE ON *.* TO "+r2)
		f.exec(t, "GRANT "+r2+" TO "+r1)
		f.exec(t, "GRANT "+r1+" TO '"+user+"'@'%'") // not a default role
		for _, step := range []string{"not a default role", "the default role"} {
			if step == "the default role" {
				f.exec(t, "SET DEFAULT ROLE "+r1+" FOR '"+user+"'@'%'")
			}
			db, err := readonly.Open(context.Background(), d, mysqlWithDB(t, mysqlWithUser(t, f.base, user, pw), f.name), readonly.OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			info, err := readonly.Ping(context.Background(), db, d)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(info.Privileged, "INSERT") || !slices.Contains(info.Privileged, "FILE") || len(info.Privileged) != 2 {
				t.Fatalf("%s: Privileged = %q, want INSERT (role %s) and FILE (nested role %s)", step, info.Privileged, r1, r2)
			}
		}
	})
}

// TestPingPrivilegesPostgresXML2: a login that may run xml2's xpath_table
// (which pastes its text arguments into a SELECT) is privileged, like one
// that may use dblink; revoking EXECUTE on it makes the login plain again.
// xml2 is installed in a throwaway database.
func TestPingPrivilegesPostgresXML2(t *testing.T) {
	dsn, admin := throwawayPostgres(t, "gobi_xml2")
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE EXTENSION xml2"); err != nil {
		t.Skipf("extension xml2 is not available on this server: %v", err)
	}
	role := uniqueName("gobi_xml2_ro")
	if _, err := db.Exec("CREATE ROLE " + role + " LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP ROLE " + role) })
	ping := func() readonly.Info {
		t.Helper()
		p, err := readonly.Open(context.Background(), api.Postgres, pgWithUser(t, dsn, role), readonly.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		info, err := readonly.Ping(context.Background(), p, api.Postgres)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	const want = "xml2's xpath_table"
	if info := ping(); !slices.ContainsFunc(info.Privileged, func(p string) bool { return strings.HasPrefix(p, want) }) {
		t.Fatalf("with xml2 installed: Privileged = %q, want %q in it", info.Privileged, want)
	}
	if _, err := db.Exec("REVOKE EXECUTE ON FUNCTION xpath_table(text, text, text, text, text) FROM PUBLIC"); err != nil {
		t.Fatal(err)
	}
	if info := ping(); len(info.Privileged) != 0 {
		t.Fatalf("with EXECUTE on xpath_table revoked: Privileged = %q, want none", info.Privileged)
	}
}

// TestReplicationLoginSlots: a REPLICATION login can copy a replication
// slot from inside Gobi's read-only transaction, and the copy survives the
// rollback (it keeps WAL on the server until dropped). So Ping reports
// REPLICATION as privileged and the guard refuses every slot function.
// Every slot made here has a unique name and is dropped at cleanup.
func TestReplicationLoginSlots(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d != api.Postgres {
			t.Skip("PostgreSQL replication slots")
		}
		f := newFixture(t, d)
		src, dst := uniqueName("gobi_slot_src"), uniqueName("gobi_slot_dst")
		t.Cleanup(func() {
			f.execQuiet("SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots " +
				"WHERE slot_name IN ('" + src + "', '" + dst + "')")
		})
		f.exec(t, "SELECT pg_catalog.pg_create_physical_replication_slot('"+src+"', true)")
		u := uniqueName("gobi_repl")
		f.exec(t, "CREATE ROLE "+u+" LOGIN REPLICATION")
		t.Cleanup(func() {
			f.execQuiet("DROP OWNED BY " + u)
			f.execQuiet("DROP ROLE " + u)
		})
		f.exec(t, "GRANT USAGE ON SCHEMA {s} TO "+u)
		f.exec(t, "GRANT SELECT ON {s}.battery_target TO "+u)
		db, err := readonly.Open(context.Background(), d, pgWithParam(t, pgWithUser(t, f.base, u), "search_path", f.name), readonly.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()

		info, err := readonly.Ping(context.Background(), db, d)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(info.Privileged, func(p string) bool { return strings.HasPrefix(p, "REPLICATION") }) {
			t.Errorf("Privileged = %q, want REPLICATION in it", info.Privileged)
		}
		q := "SELECT pg_copy_physical_replication_slot('" + src + "', '" + dst + "')"
		if err := sqlguard.Check(q, api.Postgres); err == nil {
			t.Errorf("the guard let %q through", q)
		}
		// What the login check and the guard stand in front of: the
		// database lets the copy happen in a read-only transaction.
		_, err = readonly.Run(context.Background(), db, d, q, nil, readonly.Options{Timeout: 5 * time.Second})
		var n int
		if qerr := f.admin.QueryRow("SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1", dst).Scan(&n); qerr != nil {
			t.Fatal(qerr)
		}
		t.Logf("with the guard bypassed: Run err = %v; copied slot present after the rollback: %v", err, n == 1)
	})
}

// pgWithDatabase replaces the database of a URL DSN.
// throwawayPostgres creates a database of its own on the PostgreSQL test
// server, dropped after the test (skipping without the server), and
// returns its DSN and a connection to the server's default database.
func throwawayPostgres(t *testing.T, prefix string) (string, *sql.DB) {
	t.Helper()
	base := os.Getenv(envPostgres)
	if base == "" {
		t.Skipf("%s is not set; set it to run the PostgreSQL integration tests", envPostgres)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() }) // registered first: runs after the DROP below
	name := uniqueName(prefix)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE " + name + " WITH (FORCE)") })
	return pgWithDatabase(t, base, name), admin
}

func pgWithDatabase(t *testing.T, dsn, name string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		t.Skipf("%s is not a URL", envPostgres)
	}
	u.Path = "/" + name
	return u.String()
}

// TestDSNErrorsHideSecrets: errors are shown to the caller and kept in the
// audit log, so a malformed connection string is never quoted back (the
// parser reads all of "u:pw@host/x?bogus" as one parameter name).
func TestDSNErrorsHideSecrets(t *testing.T) {
	for _, dsn := range []string{
		"u:SECRETPW5@tcp(127.0.0.1:3306)/x?bogus=%zz",
		"u:SECRETPW8@127.0.0.1 dbname=x",
	} {
		_, err := readonly.ParsePostgres(dsn)
		if err == nil || strings.Contains(err.Error(), "SECRETPW") {
			t.Errorf("ParsePostgres(%q) = %v", dsn, err)
		}
	}
}
