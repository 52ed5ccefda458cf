package audit

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sensitive are JSON keys and query parameters whose values never reach
// the log, compared in lower case.
var sensitive = map[string]bool{
	"key": true, "dsn": true, "url": true, // embed links carry their token
	"authorization": true, "auth": true, "sig": true,
}

// sensitiveParts redact any key that contains them: current_password,
// new_password, access_key_secret, refresh_token, api_key, x-signature…
var sensitiveParts = []string{"password", "passwd", "secret", "token", "signature", "credential", "api_key", "apikey", "private"}

// isSensitive reports whether the value under key k must be redacted.
// encoding/json matches field names with Unicode case folding ("paſſword"
// fills Password, the Kelvin sign is a k), so k is folded the same way.
func isSensitive(k string) bool {
	k = foldASCII(k)
	if sensitive[k] {
		return true
	}
	for _, p := range sensitiveParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

// foldASCII lower-cases k, mapping every rune whose case-folding orbit
// holds an ASCII letter (ſ, K) to that letter.
func foldASCII(k string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf {
			return unicode.ToLower(r)
		}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < utf8.RuneSelf {
				return unicode.ToLower(f)
			}
		}
		return r
	}, k)
}

// keyRE finds API keys anywhere in logged text (a key sent in the wrong
// field, or as a query value): only the public lookup part is kept.
var keyRE = regexp.MustCompile(`(gobi_[A-Za-z0-9]{10})[A-Za-z0-9]{38}`)

// redactKeys replaces the secret part of every API key in s, and writes
// NUL as \u0000 (PostgreSQL cannot store it, and the row would be lost).
func redactKeys(s string) string {
	if strings.Contains(s, "\x00") {
		s = strings.ReplaceAll(s, "\x00", `\u0000`)
	}
	if !strings.Contains(s, "gobi_") {
		return s
	}
	return keyRE.ReplaceAllString(s, "${1}…[redacted]")
}

// maxRedacted is the largest body Body decodes to redact and records.
const maxRedacted = 1 << 20

// Query prepares a raw query string for the log: the values of sensitive
// parameters (token=, password=, api_key=, …) are replaced, and API keys
// anywhere are cut to their public part. Order and encoding are kept.
func Query(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, found := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if found && isSensitive(name) {
			parts[i] = k + "=[redacted]"
		}
	}
	return redactKeys(strings.Join(parts, "&"))
}

// Body prepares a request or response body for the log: JSON has its
// sensitive fields replaced by "[redacted]", and everything is capped at
// max bytes (on a rune boundary) with a truncation mark.
func Body(b []byte, max int) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxRedacted {
		// Decoding a large answer (a query result of tens of MB) to
		// redact it would cost far more memory than the answer, and
		// cutting it first leaves JSON that cannot be redacted.
		return "[body of " + itoa(len(b)) + " bytes: over the " + itoa(maxRedacted) + " that are redacted and recorded]"
	}
	trim := bytes.TrimSpace(b)
	if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
		var v any
		dec := json.NewDecoder(bytes.NewReader(trim))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			if out, err := json.Marshal(redact(v)); err == nil {
				b = out
			}
		}
	}
	if !utf8.Valid(b) {
		return "[binary body, " + itoa(len(b)) + " bytes]"
	}
	if len(b) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		return redactKeys(string(b[:cut])) + "…[truncated " + itoa(len(b)-cut) + " bytes]"
	}
	return redactKeys(string(b))
}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if isSensitive(k) {
				x[k] = "[redacted]"
			} else {
				x[k] = redact(val)
			}
		}
	case []any:
		for i := range x {
			x[i] = redact(x[i])
		}
	}
	return v
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
