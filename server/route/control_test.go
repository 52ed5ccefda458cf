package route

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestControlChar(t *testing.T) {
	for _, c := range []struct {
		in   string
		line bool
		want string
	}{
		{"plain text, ünïcödé", true, ""},
		{"tab\tand\nnewlines\r\n", false, ""},
		{"tab\there", true, "U+0009"},
		{"nul\x00", false, "U+0000"},
		{"escape\x1b[31m", false, "U+001B"},
		{"del\x7f", false, "U+007F"},
		{"c1\u0085", false, "U+0085"},
		{"bad utf-8 \xff", false, "U+FFFD (invalid UTF-8)"},
	} {
		if got := ControlChar(c.in, c.line); got != c.want {
			t.Errorf("ControlChar(%q, %v) = %q, want %q", c.in, c.line, got, c.want)
		}
	}
}

func TestCheckControl(t *testing.T) {
	type inner struct {
		Title string `json:"title"`
		Notes string `json:"notes"`
	}
	type body struct {
		Name   string          `json:"name"`
		SQL    string          `json:"sql"`
		Params map[string]any  `json:"params"`
		Items  []inner         `json:"items"`
		Spec   json.RawMessage `json:"spec"`
		Bytes  []byte          `json:"bytes"`
		Hidden string          `json:"-"`
	}
	for _, c := range []struct {
		name string
		v    body
		path string // "" = accepted
	}{
		{"clean", body{Name: "n", SQL: "SELECT\n1", Items: []inner{{Title: "t", Notes: "a\nb"}}, Spec: json.RawMessage(`{"title":"x"}`)}, ""},
		{"newline in a name", body{Name: "a\nb"}, "field name"},
		{"NUL in SQL", body{SQL: "SELECT 1\x00"}, "field sql"},
		{"nested title", body{Items: []inner{{}, {Title: "x\ty"}}}, "field items[1].title"},
		{"map value", body{Params: map[string]any{"region": []any{"ok", "b\x00d"}}}, "field params.region[1]"},
		{"map key", body{Params: map[string]any{"k\x00": 1}}, "a key in field params"},
		{"raw JSON", body{Spec: json.RawMessage(`{"encoding":{"x":"a\u0000"}}`)}, "field spec.encoding.x"},
		{"a number beyond float64", body{Params: map[string]any{"r": []any{json.Number("1"), json.Number("-1e400")}}}, "field params.r[1]"},
		{"numbers in range", body{Params: map[string]any{"r": json.Number("1e308"), "s": json.Number("1e-400"), "t": json.Number("123456789012345678901234567890")}}, ""},
		{"bytes and ignored fields are not text", body{Bytes: []byte{0, 1}, Hidden: "\x00"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckControl(c.v, "")
			switch {
			case c.path == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.path != "" && (err == nil || !strings.Contains(err.Error(), c.path)):
				t.Fatalf("error %v, want one naming %q", err, c.path)
			}
		})
	}
}
