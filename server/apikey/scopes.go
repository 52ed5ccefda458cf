package apikey

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
)

// parseScopes validates requested scopes and returns them deduplicated in
// canonical order; none means read only.
func parseScopes(in []api.Scope) ([]api.Scope, []string) {
	if len(in) == 0 {
		return []api.Scope{api.ScopeRead}, nil
	}
	var unknown []string
	for _, s := range in {
		if !s.Valid() {
			unknown = append(unknown, fmt.Sprintf("%q", s))
		}
	}
	var out []api.Scope
	for _, s := range api.Scopes {
		if slices.Contains(in, s) {
			out = append(out, s)
		}
	}
	return out, unknown
}

// joinScopes is the stored form: names separated by spaces.
func joinScopes(s []api.Scope) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, " ")
}

// splitScopes reads the stored form, keeping only known scopes.
func splitScopes(stored string) []api.Scope {
	var out []api.Scope
	for _, f := range strings.FieldsFunc(stored, func(r rune) bool { return r == ' ' || r == ',' }) {
		if s := api.Scope(f); s.Valid() && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func scopeList(s []api.Scope) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}
