package datasource

import "unicode/utf8"

// Describe turns a connection error into a message for the data source's
// owner. Driver errors name host, port and user but never the password,
// which Gobi never puts into an error; long messages are shortened.
func Describe(err error) string {
	s := err.Error()
	if len(s) > 400 {
		cut := 400
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
