package apikey

import (
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in      []api.Scope
		want    []api.Scope
		unknown int
	}{
		{nil, []api.Scope{api.ScopeRead}, 0},
		{[]api.Scope{"write", "read", "write"}, []api.Scope{api.ScopeRead, api.ScopeWrite}, 0},
		{[]api.Scope{"execute"}, []api.Scope{api.ScopeExecute}, 0},
		{[]api.Scope{"read", "admin"}, []api.Scope{api.ScopeRead}, 1},
		{[]api.Scope{SessionOnly}, nil, 1}, // pseudo-scopes cannot be granted
		{[]api.Scope{Public, "READ"}, nil, 2},
	}
	for _, tt := range tests {
		got, unknown := parseScopes(tt.in)
		if !slices.Equal(got, tt.want) || len(unknown) != tt.unknown {
			t.Errorf("parseScopes(%q) = %q, %q; want %q and %d unknown", tt.in, got, unknown, tt.want, tt.unknown)
		}
	}
	if s := joinScopes([]api.Scope{api.ScopeRead, api.ScopeExecute}); s != "read execute" {
		t.Errorf("joinScopes = %q", s)
	}
	for stored, want := range map[string][]api.Scope{
		"read":               {api.ScopeRead},
		"read execute write": {api.ScopeRead, api.ScopeExecute, api.ScopeWrite},
		"":                   nil,
		"read,bogus  write":  {api.ScopeRead, api.ScopeWrite},
	} {
		if got := splitScopes(stored); !slices.Equal(got, want) {
			t.Errorf("splitScopes(%q) = %q, want %q", stored, got, want)
		}
	}
}

// keyAuth authenticates every request as a key holding scopes.
type keyAuth []api.Scope

func (k keyAuth) Authenticate(*fiber.Ctx) (auth.Principal, bool, error) {
	return auth.Principal{UserID: 1, KeyID: 7, KeyScopes: k, Via: "apikey"}, true, nil
}

// TestEnforce: every route checks the table after middleware, a route
// missing from it is refused to keys (fail closed) but not to sessions,
// and HEAD follows GET.
func TestEnforce(t *testing.T) {
	table := Table{
		{"GET", "/api/things", api.ScopeRead},
		{"POST", "/api/things/:id/run", api.ScopeExecute},
		{"DELETE", "/api/things/:id", SessionOnly},
	}
	newApp := func(a auth.Authenticator) *fiber.App {
		f := fiber.New(fiber.Config{ErrorHandler: apierr.Handler(nil)})
		f.Use(auth.Require(a))
		// Middleware after authentication is not a route: the check must
		// leave it alone (a key would be refused "GET /api" otherwise).
		f.Use("/api", func(c *fiber.Ctx) error { return c.Next() })
		ok := func(c *fiber.Ctx) error { return c.SendString("ran") }
		f.Get("/api/things", ok)
		f.Post("/api/things/:id/run", ok)
		f.Delete("/api/things/:id", ok)
		f.Put("/api/things/:id", ok) // not in the table
		table.Enforce(f)
		return f
	}
	tests := []struct {
		name, method, path string
		auth               auth.Authenticator
		status             int
		message            string
	}{
		{"read key reads", "GET", "/api/things", keyAuth{api.ScopeRead}, 200, ""},
		{"HEAD is GET", "HEAD", "/api/things", keyAuth{api.ScopeRead}, 200, ""},
		{"case and trailing slash route the same", "GET", "/API/Things/", keyAuth{api.ScopeRead}, 200, ""},
		{"execute key cannot read", "GET", "/api/things", keyAuth{api.ScopeExecute}, 403, `lacks the \"read\" scope`},
		{"read key cannot run", "POST", "/api/things/3/run", keyAuth{api.ScopeRead}, 403, `lacks the \"execute\" scope that POST /api/things/:id/run needs`},
		{"execute key runs", "POST", "/api/things/3/run", keyAuth{api.ScopeExecute}, 200, ""},
		{"session only", "DELETE", "/api/things/3", keyAuth(api.Scopes), 403, "needs a user session"},
		{"missing from the table", "PUT", "/api/things/3", keyAuth(api.Scopes), 403, "API keys cannot call PUT /api/things/:id"},
		{"sessions pass", "PUT", "/api/things/3", sessionAuth{}, 200, ""},
		{"sessions pass session-only routes", "DELETE", "/api/things/3", sessionAuth{}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newApp(tt.auth).Test(httptest.NewRequest(tt.method, tt.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status || !strings.Contains(string(body), tt.message) {
				t.Fatalf("%d %s; want %d containing %q", res.StatusCode, body, tt.status, tt.message)
			}
			if tt.status == 403 && !strings.Contains(string(body), `"error":"forbidden"`) {
				t.Fatalf("not the forbidden error format: %s", body)
			}
		})
	}
}

type sessionAuth struct{}

func (sessionAuth) Authenticate(*fiber.Ctx) (auth.Principal, bool, error) {
	return auth.Principal{UserID: 1, Via: "jwt"}, true, nil
}

// TestRoutesTable: rows are unique and every real scope is grantable.
func TestRoutesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Routes {
		k := r.Method + " " + r.Path
		if seen[k] {
			t.Errorf("duplicate row %s", k)
		}
		seen[k] = true
		if r.Scope != Public && r.Scope != SessionOnly && !r.Scope.Valid() {
			t.Errorf("%s: unknown scope %q", k, r.Scope)
		}
	}
}
