package route

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

func nop(context.Context, auth.Principal, *struct{}) (NoContent, error) { return NoContent{}, nil }

func TestAllow(t *testing.T) {
	read := Get("/api/x", "x", nop).Doc("x").Tagged("t").Needs(api.ScopeRead)
	session := Get("/api/y", "y", nop).Doc("y").Tagged("t").SessionOnly()
	admin := session.Admin()
	user := auth.Principal{UserID: 2, Role: auth.RoleUser}
	boss := auth.Principal{UserID: 1, Role: auth.RoleAdmin}
	readKey := auth.Principal{UserID: 2, Role: auth.RoleUser, KeyID: 9, KeyScopes: []api.Scope{api.ScopeRead}}
	writeKey := auth.Principal{UserID: 1, Role: auth.RoleAdmin, KeyID: 8, KeyScopes: []api.Scope{api.ScopeWrite}}
	tests := []struct {
		name string
		op   Op
		p    auth.Principal
		want error // nil, or the kind's sentinel
		msg  string
	}{
		{"session reads", read, user, nil, ""},
		{"key with the scope", read, readKey, nil, ""},
		{"key without the scope", read, writeKey, fault.ErrForbidden, `lacks the "read" scope that GET /api/x needs (it has: write)`},
		{"nobody", read, auth.Principal{}, fault.ErrUnauthenticated, "authentication required"},
		{"session-only to a session", session, user, nil, ""},
		{"session-only to a key", session, readKey, fault.ErrForbidden, "needs a user session"},
		{"admin-only to a user", admin, user, fault.ErrForbidden, "admin role"},
		{"admin-only to an admin's key", admin, writeKey, fault.ErrForbidden, "needs a user session"},
		{"admin-only to an admin", admin, boss, nil, ""},
		{"public to nobody", read.Open(), auth.Principal{}, nil, ""},
		{"embed to nobody", read.EmbedToken(), auth.Principal{}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := allow(tt.op, tt.p)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(errString(err), tt.msg) {
				t.Fatalf("allow = %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCheck(t *testing.T) {
	ok := Get("/api/a", "a", nop).Doc("a").Tagged("t").Needs(api.ScopeRead)
	tests := []struct {
		name  string
		table Table
		want  string
	}{
		{"same route twice", Table{ok, ok.Open()}, "declared twice"},
		{"distinct", Table{ok, Get("/api/b", "b", nop).Doc("b").Tagged("t").Open()}, ""},
		{"duplicate id", Table{ok, Get("/api/b", "a", nop).Doc("b").Tagged("t").Open()}, "taken"},
		{"no scope", Table{Get("/api/b", "b", nop).Doc("b").Tagged("t")}, "needs a key scope"},
		{"no summary", Table{Get("/api/b", "b", nop).Tagged("t").Open()}, "summary"},
		{"embed without its guard", Table{Get("/api/b", "b", nop).Doc("b").Tagged("t").EmbedToken()}, "guard"},
		{"external session", Table{Get("/api/b", "b", nop).Doc("b").Tagged("t").SessionOnly().External()}, "only caller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.table.Check()
			if (tt.want == "") != (err == nil) || !strings.Contains(errString(err), tt.want) {
				t.Fatalf("Check = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestHumaProblem: huma's own errors are worded as Gobi's: parameters
// that do not parse are a 400 naming them, a body that does not decode a
// 400 with the decoder's words.
func TestHumaProblem(t *testing.T) {
	tests := []struct {
		name   string
		status int
		errs   []error
		code   int
		slug   string
		msg    string
	}{
		{"bad integer", 422, []error{&huma.ErrorDetail{Location: "query.limit", Message: "invalid integer"}}, 400, "bad_request", "limit: must be an integer"},
		{"bad float", 422, []error{&huma.ErrorDetail{Location: "query.scale", Message: "invalid float"}}, 400, "bad_request", "scale: must be a number"},
		{"out of range", 422, []error{&huma.ErrorDetail{Location: "path.id", Message: "expected number >= 1"}}, 400, "bad_request", "id: expected number >= 1"},
		{"body", 400, []error{&huma.ErrorDetail{Location: "body", Message: "unknown field \"x\""}}, 400, "bad_request", `unknown field "x"`},
		{"too large", 413, nil, 413, "payload_too_large", "too large"},
		{"not JSON", 400, []error{&huma.ErrorDetail{Location: "body", Message: "unknown content type: text/plain"}}, 415, "unsupported_media_type", "Content-Type: application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := humaProblem(tt.status, "request body too large", tt.errs)
			if p.body.Code != tt.code || p.GetStatus() != tt.code || p.body.Error != tt.slug || !strings.Contains(p.body.Message, tt.msg) {
				t.Fatalf("%+v", p.body)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	type in struct {
		Name string `json:"name"`
		N    any    `json:"n"`
	}
	tests := []struct{ body, want string }{
		{`{"name":"a","n":1.50}`, ""},
		{``, "empty"},
		{`{"name":"a"} {}`, "after the JSON object"},
		{`{"nme":"a"}`, `unknown field "nme"`},
		{`{"name":1}`, `field "name" must be a string, not a number`},
		{`[1]`, `the body must be an object, not a list`},
		{`{"name":"a"`, "unexpected end"},
		{`{"name" "a"}`, "malformed JSON at byte"},
	}
	for _, tt := range tests {
		var v in
		err := DecodeJSON([]byte(tt.body), &v)
		if (tt.want == "") != (err == nil) || !strings.Contains(errString(err), tt.want) {
			t.Errorf("%s: %v, want %q", tt.body, err, tt.want)
		}
		if err == nil && v.N.(interface{ String() string }).String() != "1.50" {
			t.Errorf("%s: numbers are not kept exact: %v", tt.body, v.N)
		}
	}
}

func TestFiberPath(t *testing.T) {
	if p := Get("/api/charts/{id}/data", "x", nop).FiberPath(); p != "/api/charts/:id/data" {
		t.Fatal(p)
	}
	if s := errorStatuses(Get("/api/x/{id}", "x", nop).Needs(api.ScopeRead), reflect.TypeFor[ID]()); !slices.Contains(s, http.StatusNotFound) || !slices.Contains(s, http.StatusUnauthorized) {
		t.Fatalf("statuses %v", s)
	}
}
