package audit

import (
	"strings"
	"testing"
)

const testKey = "gobi_ABCDEFGHIJklmnopqrstuvwxyz0123456789ABCDEFGHIJKL" // 5 + 48

func TestBodyRedacts(t *testing.T) {
	for _, c := range []struct {
		name, in string
		gone     []string // must not appear
		kept     []string // must appear
	}{
		{"password fields by any name", `{"password":"p1-secret","current_password":"p2-secret","new_password":"p3-secret","role":"user"}`,
			[]string{"p1-secret", "p2-secret", "p3-secret"}, []string{`"role":"user"`}},
		{"secrets and tokens", `{"access_key_secret":"s1","refresh_token":"t1","x":{"signature":"sg","dsn":"postgres://u:pw@h/db"}}`,
			[]string{`"s1"`, `"t1"`, `"sg"`, "pw@h"}, []string{`"x":{`}},
		{"a key in an innocent field", `{"name":"` + testKey + `"}`,
			[]string{testKey}, []string{"gobi_ABCDEFGHIJ…[redacted]"}},
		{"a key in plain text", "token " + testKey + " here", []string{testKey}, []string{"gobi_ABCDEFGHIJ…[redacted] here"}},
		{"names json matches by Unicode folding", `{"paſſword":"p4-secret","dſn":"u:pw5@h","Key":"k6"}`,
			[]string{"p4-secret", "pw5@h", `"k6"`}, nil},
		{"NUL in a raw body", "x\x00y", []string{"\x00"}, []string{`x\u0000y`}},
		{"public fields stay", `{"key_id":7,"access_key":"0123abcd","key_prefix":"gobi_ABCDEFGHIJ"}`,
			nil, []string{`"key_id":7`, `"access_key":"0123abcd"`, `"key_prefix":"gobi_ABCDEFGHIJ"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := Body([]byte(c.in), 1<<14)
			for _, g := range c.gone {
				if strings.Contains(out, g) {
					t.Errorf("%q kept in %s", g, out)
				}
			}
			for _, k := range c.kept {
				if !strings.Contains(out, k) {
					t.Errorf("%q missing from %s", k, out)
				}
			}
		})
	}
}

func TestBodyLargeNotDecoded(t *testing.T) {
	big := `{"password":"p","rows":"` + strings.Repeat("x", maxRedacted) + `"}`
	out := Body([]byte(big), 1<<14)
	if strings.Contains(out, `"p"`) || !strings.Contains(out, "bytes: over the") || len(out) > 200 {
		t.Fatalf("large body recorded as %.200s", out)
	}
}

func TestQueryRedacts(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"limit=10&region=Europe", "limit=10&region=Europe"},
		{"token=abc&limit=1", "token=[redacted]&limit=1"},
		{"api_key=abc&Password=x&%70assword=y", "api_key=[redacted]&Password=[redacted]&%70assword=[redacted]"},
		{"q=" + testKey, "q=gobi_ABCDEFGHIJ…[redacted]"},
		{"flag&secret", "flag&secret"}, // no values to hide
	} {
		if got := Query(c.in); got != c.want {
			t.Errorf("Query(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
