package datasource

import (
	"errors"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

func TestAllowFlag(t *testing.T) {
	admin, user := auth.Principal{UserID: 1, Role: auth.RoleAdmin}, auth.Principal{UserID: 2}
	yes, no := true, false
	tests := []struct {
		name        string
		p           auth.Principal
		in          *bool
		old, change bool
		want        bool
		forbidden   bool
	}{
		{"admin sets it", admin, &yes, false, true, true, false},
		{"user may not set it", user, &yes, false, true, false, true},
		{"user may not set it even when already set", user, &yes, true, false, false, true},
		{"user clears it", user, &no, true, false, false, false},
		{"omitted keeps it", user, nil, true, false, true, false},
		{"user changing the login loses it", user, nil, true, true, false, false},
		{"admin changing the login keeps it", admin, nil, true, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := allowFlag(tt.p, tt.in, tt.old, tt.change)
			if tt.forbidden != errors.Is(err, fault.ErrForbidden) {
				t.Fatalf("err = %v, want forbidden %v", err, tt.forbidden)
			}
			if err == nil && got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMaskedPostgresKeyValue(t *testing.T) {
	for _, dsn := range []string{
		"host=h password=secret1 dbname=d",
		"host=h password = secret1 dbname=d",
		"host=h PASSWORD='secret1 x' dbname=d",
		"host=h\tpassword=\t'se\\'cret1'",
		"postgres://u:secret1@h/d",
		"postgres://u@h/d?password=secret1",
	} {
		m := spec{DSN: dsn}.masked(api.Postgres)
		if strings.Contains(m, "secret1") || !strings.Contains(m, "****") {
			t.Errorf("%q masked as %q", dsn, m)
		}
	}
}

func TestPrivilegedErrorNamesEachPrivilege(t *testing.T) {
	e := privilegedError(api.MySQL, "sales", []string{"FILE", "INSERT"})
	if e.Kind != fault.Invalid || e.Code != "datasource_privileged" || len(e.Fields) != 2 || e.Fields[1].Message != "INSERT" ||
		!strings.Contains(e.Message, "GRANT SELECT, SHOW VIEW ON `sales`.*") || !errors.Is(e, ErrPrivileged) {
		t.Fatalf("%+v", e)
	}
}
