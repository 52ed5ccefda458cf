package app

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi"
	"github.com/gobi-bi/gobi/shared/api"
)

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"*", true},
		{"deflate, br", false},
		{"gzipx", false},
	}
	for _, tc := range tests {
		if got := acceptsGzip(tc.header); got != tc.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}

// TestClientBundle checks how the WebAssembly client is served: as
// application/wasm, gzip-encoded when accepted, revalidated by ETag; or,
// when it was not built, a clear 404.
func TestClientBundle(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	_, err := gobi.Static.ReadFile(wasmFile)
	built := err == nil
	req := httptest.NewRequest("GET", "/assets/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	res, err := ta.app.HTTP().Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !built {
		if res.StatusCode != 404 {
			t.Fatalf("unbuilt client: status %d, want 404", res.StatusCode)
		}
		t.Skip("the web client is not built (make wasm); checked the 404 only")
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/wasm" || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, type %q, encoding %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"))
	}
	etag := res.Header.Get("ETag")
	req = httptest.NewRequest("GET", "/assets/app.wasm", nil)
	req.Header.Set("If-None-Match", etag)
	if res, _ = ta.app.HTTP().Test(req, -1); res.StatusCode != 304 {
		t.Fatalf("revalidation: status %d, want 304", res.StatusCode)
	}
	req = httptest.NewRequest("GET", "/assets/app.wasm", nil)
	if res, _ = ta.app.HTTP().Test(req, -1); res.Header.Get("Content-Encoding") != "" || res.Header.Get("Content-Type") != "application/wasm" {
		t.Fatalf("without gzip: encoding %q", res.Header.Get("Content-Encoding"))
	}
}

// TestFavicon checks that the icon index.html links is served as SVG.
func TestFavicon(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	page, err := gobi.Static.ReadFile("index.html")
	if err != nil || !strings.Contains(string(page), `href="/assets/favicon.svg"`) {
		t.Fatalf("index.html does not link /assets/favicon.svg (%v)", err)
	}
	res, err := ta.app.HTTP().Test(httptest.NewRequest("GET", "/assets/favicon.svg", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || !strings.HasPrefix(string(body), "<svg") {
		t.Fatalf("status %d, type %q, body %.40q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

// TestClientBundleVersioned checks that index.html names the module by
// its content hash, that this URL is cached for good, and that any other
// URL of the module is revalidated.
func TestClientBundleVersioned(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	if _, err := gobi.Static.ReadFile(wasmFile); err != nil {
		t.Skip("the web client is not built (make wasm)")
	}
	res, err := ta.app.HTTP().Test(httptest.NewRequest("GET", "/", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	_, rest, ok := strings.Cut(string(page), `href="/assets/app.wasm?v=`)
	version, _, _ := strings.Cut(rest, `"`)
	if !ok || len(version) != 24 || strings.Contains(string(page), `"/assets/app.wasm"`) {
		t.Fatalf("index.html does not name the versioned module (version %q):\n%s", version, page)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("index.html Cache-Control %q, want no-cache", cc)
	}
	tests := []struct {
		url, cache string
	}{
		{"/assets/app.wasm?v=" + version, "public, max-age=31536000, immutable"},
		{"/assets/app.wasm", "no-cache"},
		{"/assets/app.wasm?v=000000000000000000000000", "no-cache"},
		{"/assets/app.wasm?v=", "no-cache"},
	}
	for _, tc := range tests {
		res, err := ta.app.HTTP().Test(httptest.NewRequest("GET", tc.url, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != tc.cache || res.Header.Get("ETag") != `"`+version+`"` {
			t.Errorf("%s: status %d, Cache-Control %q (want %q), ETag %q", tc.url, res.StatusCode, res.Header.Get("Cache-Control"), tc.cache, res.Header.Get("ETag"))
		}
	}
}
