package apikey

import (
	"slices"
	"testing"

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
		{[]api.Scope{"session"}, nil, 1}, // access levels are not scopes
		{[]api.Scope{"public", "READ"}, nil, 2},
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
