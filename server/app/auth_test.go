package app

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
)

func TestAuth(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		bob, bobID := ta.newUser(admin, "bob")

		tests := []struct {
			name   string
			method string
			path   string
			token  string
			body   any
			status int
			slug   string
		}{
			{"wrong password", "POST", "/api/auth/login", "", map[string]string{"username": "admin", "password": "nope-nope"}, 401, "unauthorized"},
			{"unknown user", "POST", "/api/auth/login", "", map[string]string{"username": "ghost", "password": "nope-nope"}, 401, "unauthorized"},
			{"empty body", "POST", "/api/auth/login", "", "", 400, "bad_request"},
			{"malformed json", "POST", "/api/auth/login", "", `{"username":`, 400, "bad_request"},
			{"unknown field", "POST", "/api/auth/login", "", `{"user":"admin"}`, 400, "bad_request"},
			{"wrong type", "POST", "/api/auth/login", "", `{"username":1}`, 400, "bad_request"},
			{"trailing data", "POST", "/api/auth/login", "", `{"username":"a","password":"b"} {}`, 400, "bad_request"},
			{"missing fields", "POST", "/api/auth/login", "", `{}`, 422, "validation_failed"},
			{"no token", "GET", "/api/auth/me", "", nil, 401, "unauthorized"},
			{"garbage token", "GET", "/api/auth/me", "abc.def.ghi", nil, 401, "unauthorized"},
			{"alg none token", "GET", "/api/auth/me", noneToken(1), nil, 401, "unauthorized"},
			{"tampered token", "GET", "/api/auth/me", tamper(admin), nil, 401, "unauthorized"},
			{"registration closed to users", "POST", "/api/auth/register", bob, map[string]string{"username": "carol", "password": "carol-password"}, 403, "forbidden"},
			{"registration closed to anonymous", "POST", "/api/auth/register", "", map[string]string{"username": "carol", "password": "carol-password"}, 403, "forbidden"},
			{"duplicate username", "POST", "/api/auth/register", admin, map[string]string{"username": "bob", "password": "bob-password"}, 409, "conflict"},
			{"short password", "POST", "/api/auth/register", admin, map[string]string{"username": "dave", "password": "short"}, 422, "validation_failed"},
			{"bad username", "POST", "/api/auth/register", admin, map[string]string{"username": "a b", "password": "long-enough"}, 422, "validation_failed"},
			{"users list needs admin", "GET", "/api/users", bob, nil, 403, "forbidden"},
			{"user cannot change role", "PUT", fmt.Sprintf("/api/users/%d", bobID), bob, map[string]string{"role": "admin"}, 403, "forbidden"},
			{"user cannot see others", "PUT", "/api/users/1", bob, map[string]string{"password": "whatever-long"}, 404, "not_found"},
			{"unknown endpoint", "GET", "/api/nope", admin, nil, 404, "not_found"},
			{"bad id", "GET", "/api/datasources/abc", admin, nil, 400, "bad_request"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := want(t, ta.do(tt.method, tt.path, tt.token, tt.body), tt.status)
				if e := r.Err(t); e.Error != tt.slug {
					t.Fatalf("slug %q, want %q", e.Error, tt.slug)
				}
			})
		}

		t.Run("an empty change changes nothing", func(t *testing.T) {
			var u api.UserSession
			want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", bobID), bob, map[string]string{}), 200).JSON(t, &u)
			if u.Username != "bob" || u.Token != "" {
				t.Fatalf("%+v", u)
			}
			want(t, ta.do("GET", "/api/auth/me", bob, nil), 200) // the session still works
		})

		t.Run("me", func(t *testing.T) {
			var u struct {
				Username, Role string
				PasswordHash   *string `json:"password_hash"`
			}
			want(t, ta.do("GET", "/api/auth/me", bob, nil), 200).JSON(t, &u)
			if u.Username != "bob" || u.Role != "user" || u.PasswordHash != nil {
				t.Fatalf("me = %+v", u)
			}
		})
		t.Run("password change ends old sessions", func(t *testing.T) {
			carol, carolID := ta.newUser(admin, "carol")
			want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", carolID), carol, map[string]string{"password": "a-new-password", "current_password": "carol-password"}), 200)
			want(t, ta.do("GET", "/api/auth/me", carol, nil), 401)
			want(t, ta.do("GET", "/api/auth/me", ta.login("carol", "a-new-password"), nil), 200)
		})
		t.Run("demotion ends admin sessions", func(t *testing.T) {
			eve, eveID := ta.newUser(admin, "eve")
			want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", eveID), admin, map[string]string{"role": "admin"}), 200)
			want(t, ta.do("GET", "/api/auth/me", eve, nil), 401) // role change bumps the version
			eve = ta.login("eve", "eve-password")
			want(t, ta.do("GET", "/api/users", eve, nil), 200)
			want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", eveID), admin, map[string]string{"role": "user"}), 200)
			want(t, ta.do("GET", "/api/users", eve, nil), 401)
		})
		t.Run("deleted user's token stops working", func(t *testing.T) {
			frank, frankID := ta.newUser(admin, "frank")
			want(t, ta.do("GET", "/api/auth/me", frank, nil), 200)
			want(t, ta.do("DELETE", fmt.Sprintf("/api/users/%d", frankID), admin, nil), 204)
			want(t, ta.do("GET", "/api/auth/me", frank, nil), 401)
			want(t, ta.do("DELETE", fmt.Sprintf("/api/users/%d", frankID), admin, nil), 404)
		})
		t.Run("admin cannot delete self", func(t *testing.T) {
			want(t, ta.do("DELETE", "/api/users/1", admin, nil), 409)
		})
	})
}

func TestOpenRegistration(t *testing.T) {
	ta := newTestApp(t, "sqlite", func(c *config.Config) { c.Auth.Registration = "open" })
	r := want(t, ta.do("POST", "/api/auth/register", "", map[string]string{"username": "zoe", "password": "zoe-password"}), 201)
	var s api.UserSession
	r.JSON(t, &s)
	if s.Token == "" || s.Role != "user" {
		t.Fatalf("self-registration returned %s", r.Body)
	}
	want(t, ta.do("POST", "/api/auth/register", "", map[string]string{"username": "mallory", "password": "mallory-pw", "role": "admin"}), 403)
}

func TestTokenExpiry(t *testing.T) {
	ta := newTestApp(t, "sqlite", nil)
	u, err := ta.app.users.ByName(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	old := shiftClock(ta, -200*time.Hour)
	tok, _, err := ta.app.tokens.Issue(u)
	old()
	if err != nil {
		t.Fatal(err)
	}
	want(t, ta.do("GET", "/api/auth/me", tok, nil), 401)
}

func noneToken(userID int64) string {
	enc := base64.RawURLEncoding
	h := enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	p := enc.EncodeToString(fmt.Appendf(nil, `{"sub":"%d","iss":"gobi","aud":["gobi-api"],"exp":%d,"tv":0}`, userID, time.Now().Add(time.Hour).Unix()))
	return h + "." + p + "."
}

func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	payload = []byte(strings.Replace(string(payload), `"sub":"1"`, `"sub":"2"`, 1))
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

// TestLastAdmin: the only admin cannot demote themselves (nobody could
// manage users afterwards); with a second admin either may step down.
func TestLastAdmin(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		var me struct{ ID int64 }
		want(t, ta.do("GET", "/api/auth/me", admin, nil), 200).JSON(t, &me)
		demote := map[string]string{"role": "user"}
		if e := want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", me.ID), admin, demote), 409).Err(t); !strings.Contains(e.Message, "only admin") {
			t.Fatalf("message %q", e.Message)
		}
		_, other := ta.newUser(admin, "second")
		want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", other), admin, map[string]string{"role": "admin"}), 200)
		want(t, ta.do("PUT", fmt.Sprintf("/api/users/%d", me.ID), admin, demote), 200)
	})
}
