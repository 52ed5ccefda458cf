package readonly_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
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
		} {
			t.Run(tt.name, func(t *testing.T) {
				u := uniqueName("gobi_priv")
				sub := func(q string) string { return strings.ReplaceAll(strings.ReplaceAll(q, "{u}", u), "{s}", f.name) }
				f.exec(t, "CREATE ROLE "+u+" LOGIN")
				t.Cleanup(func() {
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
				if !slices.ContainsFunc(info.Privileged, func(p string) bool { return strings.HasPrefix(p, sub(tt.want)) }) {
					t.Fatalf("Privileged = %q, want %q in it", info.Privileged, sub(tt.want))
				}
			})
		}
	})
}

// TestMySQLUserVariablesDoNotSurvive is the regression test for session
// state leaking between runs on a pooled connection: a @variable set by one
// run must be NULL in the next, on a pool with a single connection.
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
		if _, err := readonly.Run(context.Background(), db, d, "SELECT @gobi_x := 1", nil, o); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			res, err := readonly.Run(context.Background(), db, d, "SELECT @gobi_x, CONNECTION_ID()", nil, o)
			if err != nil {
				t.Fatal(err)
			}
			if v := res.Rows[0][0]; v != nil {
				t.Fatalf("run %d: @gobi_x = %v after an earlier run set it, want NULL", i, v)
			}
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
