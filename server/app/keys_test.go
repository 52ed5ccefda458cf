package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apikey"
	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// notOperations are the /api routes that are not operations of the table:
// the document itself and the 404 fallbacks.
var notOperations = map[string]bool{
	"GET /api/openapi.json": true, "GET /api/openapi.yaml": true,
	"HEAD /api/openapi.json": true, "HEAD /api/openapi.yaml": true,
}

// TestRouteTableComplete walks every route registered on both listeners:
// each one under /api must be an operation of the route table (so its
// access is declared and checked), every operation must be registered,
// on the external listener exactly when it is marked external, and each
// must be in the OpenAPI document with its access.
func TestRouteTableComplete(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	registered := map[string]map[string]bool{"internal": {}, "external": {}}
	for name, routes := range map[string][]fiber.Route{
		"internal": ta.app.HTTP().GetRoutes(true),
		"external": ta.app.External().GetRoutes(true),
	} {
		for _, r := range routes {
			if !strings.HasPrefix(r.Path, "/api") || r.Path == "/api/*" || notOperations[r.Method+" "+r.Path] {
				continue
			}
			o, ok := ta.app.ops.Find(r.Method, r.Path)
			if !ok {
				t.Errorf("%s listener: %s %s is not an operation of the route table", name, r.Method, r.Path)
				continue
			}
			registered[name][o.ID] = true
		}
	}
	doc := openAPI(t, ta)
	for _, o := range ta.app.ops {
		if !registered["internal"][o.ID] {
			t.Errorf("%s (%s %s) is not registered", o.ID, o.Method, o.Path)
		}
		if registered["external"][o.ID] != o.OnExternal {
			t.Errorf("%s: on the external listener %v, marked external %v", o.ID, registered["external"][o.ID], o.OnExternal)
		}
		d, ok := doc.Paths[o.Path][strings.ToLower(o.Method)]
		switch {
		case !ok:
			t.Errorf("%s (%s %s) is not in the OpenAPI document", o.ID, o.Method, o.Path)
		case d.OperationID != o.ID || d.Access != o.Access.String() || d.Scope != string(o.Scope) || d.External != o.OnExternal:
			t.Errorf("%s: the document says %+v", o.ID, d)
		}
	}
}

// TestKeyScopesEveryRoute sends, for every operation of the table, a
// request with a key that holds every scope but the one it needs: each
// must be refused with 403 naming that scope (or a session), on the route
// Fiber actually picked. A key with the scope gets past the check.
func TestKeyScopesEveryRoute(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	keys := map[api.Scope]string{}
	for _, s := range api.Scopes {
		var others []api.Scope
		for _, o := range api.Scopes {
			if o != s {
				others = append(others, o)
			}
		}
		keys[s] = ta.newKey(admin, api.APIKeyInput{Name: "all but " + string(s), Scopes: others, Rate: 1000, Burst: 1000}).Key
	}
	all := ta.newKey(admin, api.APIKeyInput{Name: "all", Scopes: api.Scopes, Rate: 1000, Burst: 1000}).Key
	for _, o := range ta.app.ops.Only(route.Caller, route.Session) {
		path := strings.ReplaceAll(o.Path, "{id}", "999")
		t.Run(o.ID, func(t *testing.T) {
			key, wantMsg := keys[o.Scope], fmt.Sprintf(`lacks the \"%s\" scope that %s %s needs`, o.Scope, o.Method, o.FiberPath())
			if o.Access == route.Session {
				key, wantMsg = all, "needs a user session"
			}
			res := want(t, ta.raw(keyReq(o.Method, path, key, "{}"), false), 403)
			if e := res.Err(t); e.Error != "forbidden" || !strings.Contains(string(res.Body), wantMsg) {
				t.Fatalf("%s", res.Body)
			}
			if o.Access != route.Session {
				if res := ta.raw(keyReq(o.Method, path, all, "{}"), false); res.Status == 403 && strings.Contains(string(res.Body), "scope") {
					t.Fatalf("a key with every scope is refused: %s", res.Body)
				}
			}
		})
	}
}

// TestKeyTakeover reproduces issue 9 item 7: a leaked key changed its
// owner's password, and an admin's key promoted another user.
func TestKeyTakeover(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		_, bobID := ta.newUser(admin, "bob")
		bobKey := ta.newKey(ta.login("bob", "bob-password"), api.APIKeyInput{Name: "leaked", Scopes: api.Scopes})
		adminKey := ta.newKey(admin, api.APIKeyInput{Name: "admin's", Scopes: api.Scopes})
		users := fmt.Sprintf("/api/users/%d", bobID)
		tests := []struct {
			name, method, path, key, body string
		}{
			{"owner's password", "PUT", users, bobKey.Key, `{"password":"taken-over-1","current_password":"bob-password"}`},
			{"owner's password without current", "PUT", users, bobKey.Key, `{"password":"taken-over-1"}`},
			{"admin key promotes", "PUT", users, adminKey.Key, `{"role":"admin"}`},
			{"admin key resets a password", "PUT", users, adminKey.Key, `{"password":"taken-over-2"}`},
			{"admin key deletes a user", "DELETE", users, adminKey.Key, ""},
			{"admin key lists users", "GET", "/api/users", adminKey.Key, ""},
			{"key mints a key", "POST", "/api/apikeys", bobKey.Key, `{"name":"next","scopes":["write"]}`},
			{"key lists keys", "GET", "/api/apikeys", bobKey.Key, ""},
			{"key revokes a key", "DELETE", fmt.Sprintf("/api/apikeys/%d", bobKey.ID), bobKey.Key, ""},
			{"key reads the audit log", "GET", "/api/audit", bobKey.Key, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := want(t, ta.raw(keyReq(tt.method, tt.path, tt.key, tt.body), false), 403)
				if e := r.Err(t); e.Error != "forbidden" || !strings.Contains(e.Message, "session") {
					t.Fatalf("%+v", e)
				}
			})
		}
		// Nothing changed: bob logs in with his password and is no admin.
		var u struct{ Role string }
		want(t, ta.do("GET", "/api/auth/me", ta.login("bob", "bob-password"), nil), 200).JSON(t, &u)
		if u.Role != "user" {
			t.Fatalf("bob's role is %q", u.Role)
		}
		want(t, ta.raw(keyReq("GET", "/api/auth/me", bobKey.Key, ""), false), 200)
	})
}

// TestKeyScopes: creation validates scopes, lists show them, a default
// key reads only, and the same table applies to signed requests on both
// listeners.
func TestKeyScopes(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	admin := ta.adminToken()
	def := ta.newKey(admin, api.APIKeyInput{Name: "default"})
	run := ta.newKey(admin, api.APIKeyInput{Name: "runner", Scopes: []api.Scope{"execute", "read", "execute"}})
	if len(def.Scopes) != 1 || def.Scopes[0] != api.ScopeRead || len(run.Scopes) != 2 || run.Scopes[0] != api.ScopeRead || run.Scopes[1] != api.ScopeExecute {
		t.Fatalf("scopes %q and %q", def.Scopes, run.Scopes)
	}
	for _, bad := range []string{`["admin"]`, `["read","users"]`, `["session only"]`, `["READ"]`, `[""]`} {
		r := want(t, ta.do("POST", "/api/apikeys", admin, `{"name":"x","scopes":`+bad+`}`), 422)
		if e := r.Err(t); len(e.Fields) != 1 || e.Fields[0].Path != "scopes" || !strings.Contains(e.Message, "read, execute, write") {
			t.Fatalf("%s: %+v", bad, e)
		}
	}
	want(t, ta.do("POST", "/api/apikeys", admin, `{"name":"x","scopes":"read"}`), 400)
	var ks []api.APIKey
	want(t, ta.do("GET", "/api/apikeys", admin, nil), 200).JSON(t, &ks)
	if len(ks) != 2 || fmt.Sprint(ks[0].Scopes) != "[read execute]" || fmt.Sprint(ks[1].Scopes) != "[read]" {
		t.Fatalf("listed %+v", ks)
	}

	body := `{"params":{"region":"Europe"}}`
	now := time.Now()
	for i, external := range []bool{false, true} {
		nonce := fmt.Sprintf("?nonce=%d", i)
		// The default key reads, and is refused a run naming the scope.
		want(t, ta.raw(keyReq("GET", "/api/queries", def.Key, ""), false), 200)
		want(t, ta.raw(signed(t, "GET", "/api/queries"+nonce, "", def.AccessKey, def.AccessKeySecret, now), external), 200)
		r := want(t, ta.raw(signed(t, "POST", "/api/queries/1/execute"+nonce, body, def.AccessKey, def.AccessKeySecret, now), external), 403)
		if e := r.Err(t); e.Error != "forbidden" || !strings.Contains(e.Message, `"execute" scope`) {
			t.Fatalf("external=%v: %+v", external, e)
		}
		want(t, ta.raw(signed(t, "POST", "/api/queries/1/execute"+nonce, body, run.AccessKey, run.AccessKeySecret, now), external), 200)
	}
	r := want(t, ta.raw(keyReq("POST", "/api/datasources/1/query", def.Key, `{"sql":"SELECT 1"}`), false), 403)
	if e := r.Err(t); !strings.Contains(e.Message, `"execute" scope`) {
		t.Fatalf("%+v", e)
	}
	want(t, ta.raw(keyReq("POST", "/api/datasources/1/query", run.Key, `{"sql":"SELECT 1 AS n"}`), false), 200)
	r = want(t, ta.raw(keyReq("DELETE", "/api/queries/1", run.Key, ""), false), 403)
	if e := r.Err(t); !strings.Contains(e.Message, `"write" scope`) {
		t.Fatalf("%+v", e)
	}
	want(t, ta.do("GET", "/api/queries/1", admin, nil), 200)
	// A key stored with no scope at all (not one Gobi writes) can do nothing.
	if _, err := ta.app.db.NewUpdate().Table("api_keys").Set("scopes = ''").Where("id = ?", def.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(apikey.CacheTTL + 100*time.Millisecond)
	want(t, ta.raw(keyReq("GET", "/api/queries", def.Key, ""), false), 403)
}

// TestPasswordChange: one's own password needs the current one, and the
// change ends every other session while the caller gets a fresh token;
// an admin resets another user's password without it.
func TestPasswordChange(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		carol, carolID := ta.newUser(admin, "carol")
		other := ta.login("carol", "carol-password") // carol on another device
		path := fmt.Sprintf("/api/users/%d", carolID)
		tests := []struct {
			name   string
			body   any
			status int
			slug   string
		}{
			{"no current password", map[string]string{"password": "carol-new-pw"}, 422, "validation_failed"},
			{"empty current password", map[string]string{"password": "carol-new-pw", "current_password": ""}, 422, "validation_failed"},
			{"wrong current password", map[string]string{"password": "carol-new-pw", "current_password": "not-carols"}, 403, "forbidden"},
			{"short new password", map[string]string{"password": "short", "current_password": "carol-password"}, 422, "validation_failed"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want(t, ta.do("PUT", path, carol, tt.body), tt.status)
				if e := ta.do("PUT", path, carol, tt.body).Err(t); e.Error != tt.slug {
					t.Fatalf("%+v", e)
				}
				want(t, ta.do("GET", "/api/auth/me", carol, nil), 200) // nothing changed
			})
		}
		var s struct {
			Token     string
			ExpiresAt *time.Time `json:"expires_at"`
			Username  string
		}
		want(t, ta.do("PUT", path, carol, map[string]string{"password": "carol-new-pw", "current_password": "carol-password"}), 200).JSON(t, &s)
		if s.Token == "" || s.ExpiresAt == nil || s.Username != "carol" {
			t.Fatalf("response %+v", s)
		}
		want(t, ta.do("GET", "/api/auth/me", carol, nil), 401) // the old token
		want(t, ta.do("GET", "/api/auth/me", other, nil), 401) // the other session
		want(t, ta.do("GET", "/api/auth/me", s.Token, nil), 200)
		want(t, ta.do("POST", "/api/auth/login", "", map[string]string{"username": "carol", "password": "carol-password"}), 401)

		// An admin resets carol's password without knowing hers; carol's
		// sessions end, the admin's does not, and no token is handed out.
		var reset map[string]any
		want(t, ta.do("PUT", path, admin, map[string]string{"password": "reset-by-admin"}), 200).JSON(t, &reset)
		if _, ok := reset["token"]; ok {
			t.Fatalf("admin reset returned a token for carol: %v", reset)
		}
		want(t, ta.do("GET", "/api/auth/me", s.Token, nil), 401)
		want(t, ta.do("GET", "/api/auth/me", admin, nil), 200)
		ta.login("carol", "reset-by-admin")
		// The admin's own password needs the admin's current one.
		want(t, ta.do("PUT", "/api/users/1", admin, map[string]string{"password": "admin-new-password"}), 422)
	})
}

// TestPasswordGuessingLimited: wrong current passwords count as failed
// logins, so a stolen session is no faster way to guess.
func TestPasswordGuessingLimited(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.RateLimit = config.Default().RateLimit })
	admin := ta.adminToken()
	dave, daveID := ta.newUser(admin, "dave")
	path := fmt.Sprintf("/api/users/%d", daveID)
	for range config.Default().RateLimit.LoginBurst {
		want(t, ta.do("PUT", path, dave, map[string]string{"password": "dave-new-pw", "current_password": "guess-guess"}), 403)
	}
	r := want(t, ta.do("PUT", path, dave, map[string]string{"password": "dave-new-pw", "current_password": "dave-password"}), 429)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// Updates without a current password are not guarded.
	want(t, ta.do("PUT", path, admin, map[string]string{"role": "user"}), 200)
}
