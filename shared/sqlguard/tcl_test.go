package sqlguard

import (
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// SQLite reads "$a(')" as one variable, so a quote inside its suffix opens
// no string: the guard must see the statement SQLite sees.
func TestSQLiteTclVariablesCannotHideStatements(t *testing.T) {
	refused := []string{
		"SELECT $a(') ; DELETE FROM t; --'",
		"SELECT :a(') ; DELETE FROM t; --'",
		"SELECT @a(') ; DELETE FROM t; --'",
		"SELECT #a(') ; DELETE FROM t; --'",
		"SELECT $a::b(');DROP TABLE t;--')",
		"SELECT $a(x",
	}
	for _, q := range refused {
		if err := Check(q, api.SQLite); err == nil {
			t.Errorf("Check(%q) accepted it", q)
		}
	}
	for _, q := range []string{"SELECT :a", "SELECT 1 WHERE x = :region", "SELECT '$a('')'"} {
		if err := Check(q, api.SQLite); err != nil {
			t.Errorf("Check(%q) = %v", q, err)
		}
	}
}
