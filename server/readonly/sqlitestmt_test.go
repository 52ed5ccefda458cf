package readonly

import (
	"errors"
	"strings"
	"testing"
)

func TestSQLiteStatement(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // "" means refused
	}{
		{"plain", "SELECT 1", "SELECT 1"},
		{"trailing semicolon", "SELECT 1;", "SELECT 1"},
		{"trailing trivia", "SELECT 1 ; -- c\n ;; /* x */ ", "SELECT 1"},
		{"semicolon in string", "select 'a;b'", "select 'a;b'"},
		{"doubled quote", "SELECT 'it''s;'", "SELECT 'it''s;'"},
		{"bracket identifier", "SELECT 1 AS [a;b]", "SELECT 1 AS [a;b]"},
		{"double-quoted identifier", `SELECT 1 AS "a"";b"`, `SELECT 1 AS "a"";b"`},
		{"backtick identifier", "SELECT 1 AS `a;b`", "SELECT 1 AS `a;b`"},
		{"comment with semicolon", "SELECT 1 /* ; */ + 1", "SELECT 1 /* ; */ + 1"},
		{"line comment with semicolon", "SELECT 1 -- ;\n + 1", "SELECT 1 -- ;\n + 1"},
		{"unterminated block comment", "SELECT 1 /* open", "SELECT 1"},
		{"with", "WITH x AS (SELECT 1) SELECT * FROM x", "WITH x AS (SELECT 1) SELECT * FROM x"},
		{"values", "VALUES (1)", "VALUES (1)"},
		{"explain", "EXPLAIN QUERY PLAN SELECT 1", "EXPLAIN QUERY PLAN SELECT 1"},
		{"pragma", "PRAGMA table_info(t)", "PRAGMA table_info(t)"},
		{"lower case", "select 1", "select 1"},
		{"leading comment", "/* hi */ SELECT 1", "/* hi */ SELECT 1"},
		{"tcl variable with semicolon inside", "SELECT $a(x;y)", "SELECT $a(x;y)"},
		{"named parameters", "SELECT :a, @b, $c, ?1, ?", "SELECT :a, @b, $c, ?1, ?"},
		{"blob literal", "SELECT x'00ff'", "SELECT x'00ff'"},
		{"two statements", "SELECT 1; SELECT 2", ""},
		{"stacked delete", "SELECT 1;DELETE FROM t", ""},
		{"tcl variable hides semicolon", "SELECT $a(') ; DELETE FROM t; --'", ""},
		{"tcl variable with space", "SELECT $a(' ; DELETE FROM t; --')", ""},
		{"string hides nothing", "SELECT ';' ; DELETE FROM t", ""},
		{"unterminated string", "SELECT 'open", ""},
		{"unterminated bracket", "SELECT [open", ""},
		{"nul byte", "SELECT 1\x00; DELETE FROM t", ""},
		{"delete", "DELETE FROM t", ""},
		{"create", "CREATE TABLE t (x)", ""},
		{"drop if exists", "DROP TABLE IF EXISTS t", ""},
		{"attach", "ATTACH 'x.db' AS x", ""},
		{"vacuum", "VACUUM INTO 'x.db'", ""},
		{"begin", "BEGIN", ""},
		{"parenthesised", "(SELECT 1)", ""},
		{"quoted keyword", `"SELECT" 1`, ""},
		{"empty", "", ""},
		{"only semicolons", " ; ; ", ""},
		{"only comments", "-- x\n/* y */", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqliteStatement(tt.src)
			if tt.want == "" {
				if !errors.Is(err, ErrStatement) {
					t.Errorf("sqliteStatement(%q) = %q, %v; want ErrStatement", tt.src, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("sqliteStatement(%q) = %q, %v; want %q", tt.src, got, err, tt.want)
			}
		})
	}
}

// FuzzSQLiteStatement checks that the statement check never panics and
// that what it accepts is a prefix of the input followed only by trivia.
func FuzzSQLiteStatement(f *testing.F) {
	for _, s := range []string{"SELECT 1", "SELECT 'a;b'; ", "SELECT $a(;)", "/* */ WITH x AS (SELECT 1) SELECT 1 -- ;", "SELECT [;]", "SELECT \"\"\";\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := sqliteStatement(src)
		if err != nil {
			if !errors.Is(err, ErrStatement) {
				t.Fatalf("error %v does not match ErrStatement", err)
			}
			return
		}
		if !strings.HasPrefix(src, got) {
			t.Fatalf("%q is not a prefix of %q", got, src)
		}
		if rest := strings.TrimLeft(src[len(got):], " \t\r\n\f"); rest != "" && !strings.HasPrefix(rest, ";") && !strings.HasPrefix(rest, "--") && !strings.HasPrefix(rest, "/*") {
			t.Fatalf("after %q comes %q", got, rest)
		}
	})
}
