package app

import (
	"bytes"
	"compress/gzip"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCompressedBodiesRefused: a request body sent with Content-Encoding
// is a 415 on both listeners, before anything reads it. Fiber's c.Body()
// inflates it without a limit and through stacked encodings, on every
// call (login guard, route adapter, signature check, audit): a 200 MB
// body in two layers of gzip is a request of a few hundred bytes.
func TestCompressedBodiesRefused(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	login := []byte(`{"username":"admin","password":"` + adminPassword + `"}`)
	bomb := gzipped(t, gzipped(t, bytes.Repeat([]byte(" "), 32<<20)))
	cases := []struct {
		name, path, encoding string
		body                 []byte
		external             bool
	}{
		{"a gzip login", "/api/auth/login", "gzip", gzipped(t, login), false},
		{"stacked gzip, unauthenticated", "/api/auth/login", "gzip, gzip", bomb, false},
		{"stacked gzip on the external listener", "/api/queries/1/execute", "gzip, gzip", bomb, true},
		{"deflate", "/api/auth/register", "deflate", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", c.path, bytes.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Content-Encoding", c.encoding)
			start := time.Now()
			r := want(t, ta.raw(req, c.external), 415)
			if e := r.Err(t); e.Error != "unsupported_media_type" || r.Header.Get("X-Request-Id") == "" {
				t.Fatalf("%+v", e)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %s: the body was inflated", d)
			}
		})
	}
	// identity, and an encoding header without a body, are fine.
	req := httptest.NewRequest("POST", "/api/auth/login", bytes.NewReader(login))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "identity")
	want(t, ta.raw(req, false), 200)
}
