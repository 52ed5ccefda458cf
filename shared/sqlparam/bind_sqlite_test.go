package sqlparam

import (
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestSQLiteDatesBindAsISOText(t *testing.T) {
	defs := []api.ParamDef{{Name: "d", Type: api.ParamDate}}
	tests := []struct {
		in, want string
	}{
		{"2025-01-31", "2025-01-31"},
		{"2025-01-31T10:20:30Z", "2025-01-31T10:20:30Z"},
	}
	for _, tt := range tests {
		_, args, err := Bind("SELECT :d", api.SQLite, defs, map[string]any{"d": tt.in})
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := args[0].(string); !ok || got != tt.want {
			t.Errorf("%s bound as %#v, want %q", tt.in, args[0], tt.want)
		}
		_, args, _ = Bind("SELECT :d", api.Postgres, defs, map[string]any{"d": tt.in})
		if _, ok := args[0].(string); ok {
			t.Errorf("postgres must keep a time.Time, got %#v", args[0])
		}
	}
}
