package signing

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSignRequestRoundTrip signs requests with SignRequest, sends them to a
// real HTTP server and verifies them there from the request line as
// received: what the client signs is what the server sees.
func TestSignRequestRoundTrip(t *testing.T) {
	type received struct {
		err  error
		body string
	}
	got := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		err := Verifier{}.Verify(r.Method, path, query, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, testSecret)
		if r.Header.Get(HeaderKey) != testKeyID {
			err = errors.New("key id header " + r.Header.Get(HeaderKey))
		}
		got <- received{err, string(body)}
	}))
	defer srv.Close()

	tests := []struct {
		name, method, url, body string
	}{
		{"get with query", "GET", "/api/v1/charts?sort=-name&q=caf%C3%A9+2024&page=2", ""},
		{"get without query", "GET", "/api/v1/charts", ""},
		{"root", "GET", "", ""},
		{"empty method", "", "/api/v1/charts", ""},
		{"encoded path", "GET", "/api/v1/charts/a%2Fb%20c", ""},
		{"post json", "POST", "/api/v1/queries/7/run?format=json", `{"params":{"region":"EU"}}`},
		{"put binary", "PUT", "/api/v1/datasets/1", "\x00\xff\n\r\nend\n"},
		{"delete", "DELETE", "/api/v1/charts/9", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			r, err := http.NewRequest(tt.method, srv.URL+tt.url, body)
			if err != nil {
				t.Fatal(err)
			}
			if err := SignRequest(r, testKeyID, testSecret, time.Now()); err != nil {
				t.Fatal(err)
			}
			if r.ContentLength != int64(len(tt.body)) {
				t.Errorf("ContentLength %d", r.ContentLength)
			}
			resp, err := srv.Client().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			rec := <-got
			if rec.err != nil {
				t.Fatalf("server: %v", rec.err)
			}
			if rec.body != tt.body {
				t.Fatalf("body not restored: %q", rec.body)
			}
		})
	}
}

func TestSignRequestErrors(t *testing.T) {
	tests := []struct {
		name, keyID, secret, url string
	}{
		{"hyphenated key id", "0f8e2b9c-4d6a-41f3-a5b7-c9d1e3f50718", testSecret, "http://x/a"},
		{"upper-case key id", strings.ToUpper(testKeyID), testSecret, "http://x/a"},
		{"empty secret", testKeyID, "", "http://x/a"},
		{"bad query", testKeyID, testSecret, "http://x/a?q=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest("GET", tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := SignRequest(r, tt.keyID, tt.secret, testNow); err == nil {
				t.Fatal("want error")
			}
			if r.Header.Get(HeaderSignature) != "" {
				t.Fatal("signature set on failure")
			}
		})
	}
}

// TestOpenSSLSigner signs with testdata/sign.sh (printf and openssl, no
// Go) and verifies with this package: an independent implementation of the
// scheme agrees with this one.
func TestOpenSSLSigner(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed: skipping the independent signer test")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh: skipping the independent signer test")
	}
	secret := newSecret(t)
	v := Verifier{Now: func() time.Time { return testNow }}
	ts := testNow.Unix()
	tests := []struct {
		name, method, path, query, body string
	}{
		{"post json", "POST", "/api/v1/queries/7/run", "", `{"params":{"region":"EU"}}`},
		{"get canonical query", "GET", "/api/v1/charts", "page=2&q=caf%C3%A9%202024&sort=-name", ""},
		{"encoded path", "GET", "/api/v1/charts/a%2Fb", "", ""},
		{"body with newlines", "PUT", "/api/v1/datasets/1", "mode=replace", "a,b\n1,2\n\n"},
		{"binary body", "POST", "/api/v1/upload", "", "\x00\x01\xfe\xff%s\\n"},
		{"body starting with dash", "POST", "/x", "", "-n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("sh", "testdata/sign.sh", tt.method, tt.path, tt.query, strconv.FormatInt(ts, 10))
			cmd.Env = append(cmd.Environ(), "SECRET="+secret)
			cmd.Stdin = strings.NewReader(tt.body)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("sign.sh: %v: %s", err, stderr.String())
			}
			sig := strings.TrimSpace(string(out))
			if err := v.Verify(tt.method, tt.path, tt.query, strconv.FormatInt(ts, 10), sig, []byte(tt.body), secret); err != nil {
				t.Fatalf("openssl signature %q does not verify: %v", sig, err)
			}
		})
	}
}

// newSecret makes a secret the way Gobi issues them: random base64, with
// "+", "/" and "=" likely.
func newSecret(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}
