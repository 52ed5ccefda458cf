package readonly_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlguard"
)

// textSQL matches the battery cases that hide SQL in a string argument or
// open a second connection.
var textSQL = regexp.MustCompile(`(?i)\b(ts_rewrite|ts_stat|crosstab\w*|connectby|query_to_xml\w*|dblink\w*|xpath_table)\b|"ts_stat"`)

// TestTextSQLAttacks runs the battery's SQL-in-a-string cases in a throwaway
// database where tablefunc, dblink and xml2 are installed (when this server
// has them), so that crosstab, connectby, dblink_exec and xpath_table
// really exist: the guard
// must refuse every case, the database must refuse it for a read-only role
// (dblink_exec included: its second connection would not be read-only),
// and nothing may change. As the superuser only the cases that stay inside
// the transaction run; the others are why Gobi refuses superuser logins
// (server/datasource) unless an admin accepts them.
func TestTextSQLAttacks(t *testing.T) {
	dsn, admin := throwawayPostgres(t, "gobi_textsql")
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec := func(q string) {
		t.Helper()
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	installed := map[string]bool{}
	for _, ext := range []string{"tablefunc", "dblink", "xml2"} {
		if _, err := db.Exec("CREATE EXTENSION " + ext); err != nil {
			t.Logf("extension %s is not available here (%v): its cases only check that the function is missing", ext, err)
			continue
		}
		installed[ext] = true
	}
	exec("CREATE TABLE battery_target (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER)")
	exec("CREATE SEQUENCE battery_seq")
	for _, r := range batterySeed {
		exec(fmt.Sprintf("INSERT INTO battery_target VALUES (%d, '%s', %d)", r.id, r.name, r.amount))
	}
	role := uniqueName("gobi_textsql_ro")
	exec("CREATE ROLE " + role + " LOGIN")
	t.Cleanup(func() { _, _ = admin.Exec("DROP ROLE " + role) })
	exec("GRANT SELECT ON battery_target TO " + role)
	t.Cleanup(func() { _, _ = db.Exec("REVOKE ALL ON battery_target FROM " + role) })

	open := func(user string) *sql.DB {
		uu := *u
		uu.User = url.User(user)
		p, err := readonly.Open(context.Background(), api.Postgres, uu.String(), readonly.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = p.Close() })
		return p
	}
	super := open(u.User.Username())
	ro := open(role)
	rows := func() string {
		var s strings.Builder
		r, err := db.Query("SELECT id, name, amount FROM battery_target ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for r.Next() {
			var id, amount int
			var n string
			if err := r.Scan(&id, &n, &amount); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&s, "%d|%s|%d;", id, n, amount)
		}
		return s.String()
	}
	before := rows()

	var cases []batteryCase
	for _, c := range loadBattery(t, api.Postgres, t.TempDir()) {
		if textSQL.MatchString(c.SQL) {
			cases = append(cases, c)
		}
	}
	if len(cases) < 10 {
		t.Fatalf("only %d text-SQL cases in the battery", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if err := sqlguard.Check(c.SQL, api.Postgres); err == nil {
				t.Errorf("the guard let %q through", c.SQL)
			}
			ex := exceptionFor(api.Postgres, c.SQL)
			run := func(p *sql.DB) error {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				_, err := readonly.Run(ctx, p, api.Postgres, c.SQL, nil, readonly.Options{Timeout: 5 * time.Second, MaxRows: 10})
				return err
			}
			err := run(ro)
			switch {
			case err != nil:
				t.Logf("read-only role: refused: %v", err)
			case ex != nil && !ex.superuserOnly:
				t.Logf("read-only role: allowed (%s)", ex.reason)
			default:
				t.Errorf("read-only role: %q was not refused", c.SQL)
			}
			if after := rows(); after != before {
				t.Fatalf("read-only role: %q changed the data:\n%s\n%s", c.SQL, before, after)
			}
			if disruptive[api.Postgres].MatchString(c.SQL) {
				return // would act outside the transaction as a superuser
			}
			err = run(super)
			switch {
			case err != nil:
				t.Logf("superuser: refused: %v", err)
			case ex != nil:
				t.Logf("superuser: allowed (%s)", ex.reason)
			default:
				t.Errorf("superuser: %q was not refused", c.SQL)
			}
			if after := rows(); after != before {
				t.Fatalf("superuser: %q changed the data:\n%s\n%s", c.SQL, before, after)
			}
		})
	}
	if installed["dblink"] {
		// Why superuser logins are refused: dblink_exec's second connection
		// is not covered by Run's read-only transaction, and the write
		// commits. Shown here on the throwaway database only.
		_, err := readonly.Run(context.Background(), super, api.Postgres,
			"SELECT dblink_exec('dbname=' || current_database(), 'INSERT INTO battery_target VALUES (900, ''escaped'', 0)')", nil, readonly.Options{})
		if after := rows(); err == nil && after != before {
			t.Logf("as a superuser, dblink_exec committed a write through a read-only Run (%s): the login check is what stops this", after)
		} else {
			t.Logf("dblink_exec as a superuser: %v (no write here; the server refused the loopback connection)", err)
		}
	}
	if installed["xml2"] {
		// xpath_table really runs SQL from its arguments here: a read-only
		// one passes for the read-only role, ts_stat (which the guard
		// refuses on its own) included.
		res, err := readonly.Run(context.Background(), ro, api.Postgres,
			`SELECT * FROM xpath_table('id', '''<a>'' || name || ''</a>''', 'battery_target', '/a/text()', `+
				`'true AND (SELECT count(*) FROM ts_stat(''SELECT to_tsvector(current_user)'')) > 0') AS t(id int, v text)`, nil, readonly.Options{})
		if err != nil || len(res.Rows) < len(batterySeed) { // the dblink_exec demonstration may have added a row
			t.Errorf("xpath_table itself does not run for the read-only role: %v (%v)", err, res)
		}
	}
	if installed["tablefunc"] {
		// The functions really run here: a plain crosstab works for the
		// read-only role, so the refusals above came from the writes and
		// privileges inside the text, not from a missing function.
		if _, err := readonly.Run(context.Background(), ro, api.Postgres,
			"SELECT * FROM crosstab('SELECT name, name, amount::text FROM battery_target ORDER BY 1') AS t(a text, b text)", nil, readonly.Options{}); err != nil {
			t.Errorf("crosstab itself does not run for the read-only role: %v", err)
		}
	}
}
