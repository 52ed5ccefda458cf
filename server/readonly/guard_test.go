package readonly_test

import (
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlguard"
)

// knownGuardGaps are battery cases the guard currently accepts, reported
// to its owners. They are logged loudly instead of failing this package's
// tests; the executor and the database refuse them (see TestWriteBattery).
var knownGuardGaps = map[api.Dialect]map[string]string{}

// TestGuardRefusesBattery checks the first line of defence on the same
// battery: the SQL guard must refuse every write attempt, including the
// ones the database lets through in a read-only transaction (the
// exceptions in battery_test.go) and the ones too disruptive to run
// against a shared server as a superuser.
func TestGuardRefusesBattery(t *testing.T) {
	for _, d := range api.Dialects {
		t.Run(string(d), func(t *testing.T) {
			for _, c := range loadBattery(t, d, t.TempDir()) {
				err := sqlguard.Check(c.SQL, d)
				if gap, ok := knownGuardGaps[d][c.Name]; ok {
					if err == nil {
						t.Logf("KNOWN GUARD GAP %s: accepts %q: %s", c.Name, c.SQL, gap)
					} else {
						t.Logf("known guard gap %s is fixed; remove it from knownGuardGaps", c.Name)
					}
					continue
				}
				if err == nil {
					why := ""
					if ex := exceptionFor(d, c.SQL); ex != nil {
						why = " (the database allows it: " + ex.reason + ")"
					}
					t.Errorf("%s: the guard accepts %q%s", c.Name, c.SQL, why)
				}
			}
		})
	}
}
