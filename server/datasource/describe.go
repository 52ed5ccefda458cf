package datasource

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Describe turns a connection error into a message for the data source's
// owner. Driver errors name host, port and user but never the password,
// which Gobi never puts into an error; long messages are shortened.
func Describe(err error) string {
	// Drivers that try again (pgx with sslmode=prefer, or each address of
	// a name) join their attempts' errors, often the same line twice, the
	// first behind the callers' prefixes.
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if !slices.ContainsFunc(lines, func(kept string) bool { return strings.HasSuffix(kept, l) }) {
			lines = append(lines, l)
		}
	}
	s := strings.Join(lines, "; ")
	if len(s) > 400 {
		cut := 400
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
