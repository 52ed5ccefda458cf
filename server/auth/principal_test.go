package auth

import (
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestHasScope(t *testing.T) {
	tests := []struct {
		name  string
		p     Principal
		scope api.Scope
		want  bool
	}{
		{"session holds every scope", Principal{UserID: 1, Via: "jwt"}, api.ScopeWrite, true},
		{"key with the scope", Principal{UserID: 1, KeyID: 2, KeyScopes: []api.Scope{api.ScopeRead, api.ScopeExecute}}, api.ScopeExecute, true},
		{"key without it", Principal{UserID: 1, KeyID: 2, KeyScopes: []api.Scope{api.ScopeRead}}, api.ScopeWrite, false},
		{"key with none", Principal{UserID: 1, KeyID: 2}, api.ScopeRead, false},
		{"no key holds a pseudo-scope", Principal{UserID: 1, KeyID: 2, KeyScopes: api.Scopes}, "session only", false},
	}
	for _, tt := range tests {
		if got := tt.p.HasScope(tt.scope); got != tt.want {
			t.Errorf("%s: HasScope(%q) = %v, want %v", tt.name, tt.scope, got, tt.want)
		}
	}
}

func TestPasswordMatches(t *testing.T) {
	h, err := HashPassword("right-password")
	if err != nil {
		t.Fatal(err)
	}
	u := &User{PasswordHash: h}
	if !u.PasswordMatches("right-password") || u.PasswordMatches("wrong-password") || u.PasswordMatches("") {
		t.Fatal("PasswordMatches is wrong")
	}
}
