package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// sensitive are JSON keys whose values never reach the log.
var sensitive = map[string]bool{
	"password": true, "secret": true, "token": true, "key": true, "access_key_secret": true,
	"api_key_secret": true, "dsn": true, "url": true, // embed links carry their token
	"authorization": true, "signature": true,
}

// Body prepares a request or response body for the log: JSON has its
// sensitive fields replaced by "[redacted]", and everything is capped at
// max bytes (on a rune boundary) with a truncation mark.
func Body(b []byte, max int) string {
	if len(b) == 0 {
		return ""
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
		return string(b[:cut]) + "…[truncated " + itoa(len(b)-cut) + " bytes]"
	}
	return string(b)
}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if sensitive[strings.ToLower(k)] {
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
