package embed

import (
	"strings"
	"testing"
)

func TestInject(t *testing.T) {
	tests := []struct{ shell, want string }{
		{"<!doctype html>\n<html><head>\n<title>x</title></head><body></body></html>",
			"<!doctype html>\n<html><head>\n<meta name=\"gobi-embed\" content=\"T&lt;&#34;\">\n<title>x</title></head><body></body></html>"},
		{"<HTML><HEAD lang=en><title>x</title></HEAD>", "<HTML><HEAD lang=en>\n<meta name=\"gobi-embed\" content=\"T&lt;&#34;\"><title>x</title></HEAD>"},
		{"<p>no head</p>", "\n<meta name=\"gobi-embed\" content=\"T&lt;&#34;\"><p>no head</p>"},
		{"<header>x</header>", "\n<meta name=\"gobi-embed\" content=\"T&lt;&#34;\"><header>x</header>"},
		{"<html><head>", "<html><head>\n<meta name=\"gobi-embed\" content=\"T&lt;&#34;\">"},
	}
	for _, tt := range tests {
		if got := string(Inject([]byte(tt.shell), `T<"`)); got != tt.want {
			t.Errorf("Inject(%q) =\n%q, want\n%q", tt.shell, got, tt.want)
		}
	}
	if !strings.Contains(string(Inject([]byte("<head>"), "a.b.c")), `content="a.b.c"`) {
		t.Fatal("a JWT must pass unescaped")
	}
}
