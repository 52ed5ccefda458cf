package requestid

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	for _, c := range []struct {
		id   string
		want bool
	}{
		{"3f9a0c2e71d4b856", true},
		{"lb-7f3a.eu:1_2", true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{`x" forged=1`, false},
		{"new\nline", false},
		{"ünï", false},
	} {
		if got := valid(c.id); got != c.want {
			t.Errorf("valid(%q) = %v, want %v", c.id, got, c.want)
		}
	}
}

func TestNewIsFresh(t *testing.T) {
	a, b := New(), New()
	if len(a) != 16 || a == b || !valid(a) {
		t.Fatalf("New() = %q, %q", a, b)
	}
}

func TestHandlerAddsTheID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewTextHandler(&buf, nil))).With("component", "x")
	log.InfoContext(With(context.Background(), "abc123"), "with")
	log.InfoContext(context.Background(), "without")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "request_id=abc123") || strings.Contains(lines[1], "request_id") {
		t.Fatalf("log:\n%s", buf.String())
	}
	if _, ok := NewHandler(NewHandler(slog.NewTextHandler(&buf, nil))).(handler).Handler.(handler); ok {
		t.Fatal("NewHandler wrapped twice")
	}
}
