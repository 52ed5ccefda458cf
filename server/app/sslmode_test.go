package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestDatasourceSSLModeAndKeptPassword: ssl_mode is checked per dialect,
// stored and shown; an update with a blank password keeps the stored one
// only while the host and port stay (and is asked for when fields
// replace a DSN that held one), so a caller who may edit a source
// but never read its password cannot send it to another server. The
// sources are allowed privileged logins, so saving contacts no database.
func TestDatasourceSSLModeAndKeptPassword(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	allow := ptr(true)
	pg := func(name string, port int, password, mode string) api.DatasourceInput {
		return api.DatasourceInput{Name: name, Type: api.Postgres, Host: "127.0.0.1", Port: port, Database: "sales",
			Username: "reader", Password: password, SSLMode: mode, AllowPrivileged: allow}
	}
	var src api.Datasource
	want(t, ta.do("POST", "/api/datasources", admin, pg("tls-pg", 5432, "s3cret-pw", "verify-full")), 201).JSON(t, &src)
	if src.SSLMode != "verify-full" || !strings.Contains(src.DSN, "sslmode=verify-full") || strings.Contains(src.DSN, "s3cret") {
		t.Fatalf("saved as %+v", src)
	}
	path := fmt.Sprintf("/api/datasources/%d", src.ID)
	fromDSN := id(t, want(t, ta.do("POST", "/api/datasources", admin, api.DatasourceInput{Name: "dsn-pg", Type: api.Postgres,
		DSN: "postgres://reader:dsn-pw@127.0.0.1:5432/sales", AllowPrivileged: allow}), 201))
	dsnPath := fmt.Sprintf("/api/datasources/%d", fromDSN)

	tests := []struct {
		name   string
		method string
		path   string
		in     api.DatasourceInput
		status int
		field  string // the field error expected with a 422
	}{
		{"unknown PostgreSQL mode", "POST", "/api/datasources", pg("bad-mode", 5432, "", "skip-verify"), 422, "ssl_mode"},
		{"MySQL takes tls values", "POST", "/api/datasources", api.DatasourceInput{Name: "tls-my", Type: api.MySQL, Host: "127.0.0.1",
			Database: "sales", Username: "reader", SSLMode: "skip-verify", AllowPrivileged: allow}, 201, ""},
		{"not PostgreSQL's words on MySQL", "POST", "/api/datasources", api.DatasourceInput{Name: "bad-my", Type: api.MySQL, Host: "127.0.0.1",
			Database: "sales", SSLMode: "require", AllowPrivileged: allow}, 422, "ssl_mode"},
		{"none on SQLite", "POST", "/api/datasources", api.DatasourceInput{Name: "bad-lite", Type: api.SQLite, Path: demoFile, SSLMode: "require"}, 422, "ssl_mode"},
		{"rename, password kept", "PUT", path, pg("tls-pg renamed", 5432, "", "verify-full"), 200, ""},
		{"default port spelled out", "PUT", path, pg("tls-pg renamed", 0, "", "verify-full"), 200, ""},
		{"other port, no password", "PUT", path, pg("tls-pg renamed", 6543, "", "verify-full"), 422, "password"},
		{"other host, no password", "PUT", path, api.DatasourceInput{Name: "moved", Type: api.Postgres, Host: "127.0.0.2",
			Database: "sales", Username: "reader", AllowPrivileged: allow}, 422, "password"},
		{"other port with a password", "PUT", path, pg("tls-pg moved", 6543, "new-pw", "require"), 200, ""},
		{"fields for a DSN, no password", "PUT", dsnPath, pg("dsn-pg", 5432, "", ""), 422, "password"},
		{"fields for a DSN with its password", "PUT", dsnPath, pg("dsn-pg", 5432, "dsn-pw", ""), 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := want(t, ta.do(tc.method, tc.path, admin, tc.in), tc.status)
			if tc.status == 422 {
				e := r.Err(t)
				if len(e.Fields) != 1 || e.Fields[0].Path != tc.field {
					t.Fatalf("fields %+v, want one for %s", e.Fields, tc.field)
				}
				return
			}
			var v api.Datasource
			r.JSON(t, &v)
			if v.SSLMode != tc.in.SSLMode {
				t.Errorf("ssl_mode %q, want %q", v.SSLMode, tc.in.SSLMode)
			}
			if tc.in.Type == api.MySQL && !strings.Contains(v.DSN, "tls="+tc.in.SSLMode) {
				t.Errorf("MySQL DSN %q lacks tls=%s", v.DSN, tc.in.SSLMode)
			}
		})
	}
	var got api.Datasource
	want(t, ta.do("GET", path, admin, nil), 200).JSON(t, &got)
	if got.Name != "tls-pg moved" || got.Port != 6543 || got.SSLMode != "require" {
		t.Errorf("finally %+v", got)
	}
}
