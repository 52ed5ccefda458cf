package signing

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	testSecret = "q0V2n8Xk+3f/9LrT1aBcDdEeFfGgHhIiJjKkLlMm0o=" // base64, as issued
	testKeyID  = "0f8e2b9c4d6a41f3a5b7c9d1e3f50718"
)

var testNow = time.Unix(1_700_000_000, 0)

// signed is one request as the server receives it.
type signed struct {
	method, path, query, ts, sig, secret string
	body                                 []byte
}

// sign returns a correctly signed request for the given parts.
func sign(t *testing.T, method, path, query string, ts int64, body string) signed {
	t.Helper()
	c, err := Canonical(method, path, query, ts, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return signed{method: method, path: path, query: query, ts: strconv.FormatInt(ts, 10),
		sig: Sign(testSecret, c), secret: testSecret, body: []byte(body)}
}

func (s signed) verify(v Verifier) error {
	return v.Verify(s.method, s.path, s.query, s.ts, s.sig, s.body, s.secret)
}

// TestVerifyBattery signs one request correctly and then tampers with each
// part of it: every tampering must fail, with the expected error.
func TestVerifyBattery(t *testing.T) {
	const skew = 5 * time.Minute
	v := Verifier{Skew: skew, MaxBody: 1 << 10, Now: func() time.Time { return testNow }}
	ts := testNow.Unix()
	base := func(t *testing.T) signed {
		return sign(t, "POST", "/api/v1/queries/7/run", "format=json&limit=10&tag=a&tag=b", ts, `{"params":{"region":"EU"}}`)
	}
	// resign signs the request at another time, for the skew cases.
	resign := func(at int64) func(*testing.T, *signed) {
		return func(t *testing.T, s *signed) {
			*s = sign(t, s.method, s.path, s.query, at, string(s.body))
		}
	}
	tests := []struct {
		name   string
		tamper func(*testing.T, *signed)
		want   error // nil: must verify
	}{
		{"correct", func(*testing.T, *signed) {}, nil},
		{"keys reordered", func(_ *testing.T, s *signed) { s.query = "tag=b&limit=10&tag=a&format=json" }, nil},
		{"query re-encoded", func(_ *testing.T, s *signed) { s.query = "format=%6Ason&limit=10&tag=a&tag=b&" }, nil},
		{"upper-case hex", func(_ *testing.T, s *signed) { s.sig = strings.ToUpper(s.sig) }, nil},
		{"v1= prefix", func(_ *testing.T, s *signed) { s.sig = "v1=" + s.sig }, nil},
		{"rotation: old then new", func(_ *testing.T, s *signed) { s.sig = "v1=" + Sign("old", []byte("x")) + ", v1=" + s.sig }, nil},
		{"rotation: bare entries", func(_ *testing.T, s *signed) { s.sig = s.sig + "," + Sign("old", []byte("x")) }, nil},
		{"unknown version ignored", func(_ *testing.T, s *signed) { s.sig = "v2=abc," + s.sig }, nil},
		{"at +skew", resign(ts + int64(skew/time.Second)), nil},
		{"at -skew", resign(ts - int64(skew/time.Second)), nil},

		{"method", func(_ *testing.T, s *signed) { s.method = "PUT" }, ErrSignature},
		{"method GET", func(_ *testing.T, s *signed) { s.method = "GET" }, ErrSignature},
		{"other endpoint", func(_ *testing.T, s *signed) { s.path = "/api/v1/queries/8/run" }, ErrSignature},
		{"trailing slash", func(_ *testing.T, s *signed) { s.path += "/" }, ErrSignature},
		{"path case", func(_ *testing.T, s *signed) { s.path = "/api/v1/Queries/7/run" }, ErrSignature},
		{"path percent-encoded", func(_ *testing.T, s *signed) { s.path = "/api/v1/queries/%37/run" }, ErrSignature},
		{"empty path", func(_ *testing.T, s *signed) { s.path = "" }, ErrSignature},
		{"query value", func(_ *testing.T, s *signed) { s.query = "format=json&limit=11&tag=a&tag=b" }, ErrSignature},
		{"query other value", func(_ *testing.T, s *signed) { s.query = "format=csv&limit=10&tag=a&tag=b" }, ErrSignature},
		{"repeated value", func(_ *testing.T, s *signed) { s.query = "format=json&limit=10&tag=a&tag=c" }, ErrSignature},
		{"query key", func(_ *testing.T, s *signed) { s.query = "format=json&limit=10&tag=a&tags=b" }, ErrSignature},
		{"duplicate key added", func(_ *testing.T, s *signed) { s.query += "&limit=10" }, ErrSignature},
		{"pair added", func(_ *testing.T, s *signed) { s.query += "&debug" }, ErrSignature},
		{"pair removed", func(_ *testing.T, s *signed) { s.query = "format=json&limit=10&tag=a" }, ErrSignature},
		{"query dropped", func(_ *testing.T, s *signed) { s.query = "" }, ErrSignature},
		{"pairs merged", func(_ *testing.T, s *signed) { s.query = "format=json%26limit%3D10&tag=a&tag=b" }, ErrSignature},
		{"bad query encoding", func(_ *testing.T, s *signed) { s.query += "&x=%zz" }, ErrSignature},
		{"body byte flipped", func(_ *testing.T, s *signed) { s.body[12] ^= 1 }, ErrSignature},
		{"body appended", func(_ *testing.T, s *signed) { s.body = append(s.body, '\n') }, ErrSignature},
		{"body truncated", func(_ *testing.T, s *signed) { s.body = s.body[:len(s.body)-1] }, ErrSignature},
		{"body emptied", func(_ *testing.T, s *signed) { s.body = nil }, ErrSignature},
		{"body too large", func(_ *testing.T, s *signed) { s.body = make([]byte, 1<<10+1) }, ErrBodyTooLarge},
		{"timestamp changed", func(_ *testing.T, s *signed) { s.ts = strconv.FormatInt(ts+1, 10) }, ErrSignature},
		{"past skew", resign(ts - int64(skew/time.Second) - 1), ErrTimestamp},
		{"future skew", resign(ts + int64(skew/time.Second) + 1), ErrTimestamp},
		{"far past", resign(-1 << 62), ErrTimestamp},
		{"far future", resign(1<<63 - 1), ErrTimestamp},
		{"timestamp in ms", func(_ *testing.T, s *signed) { s.ts += "000" }, ErrTimestamp},
		{"timestamp not a number", func(_ *testing.T, s *signed) { s.ts = "yesterday" }, ErrTimestamp},
		{"timestamp with plus", func(_ *testing.T, s *signed) { s.ts = "+" + s.ts }, ErrTimestamp},
		{"timestamp leading zero", func(_ *testing.T, s *signed) { s.ts = "0" + s.ts }, ErrTimestamp},
		{"timestamp with space", func(_ *testing.T, s *signed) { s.ts = " " + s.ts }, ErrTimestamp},
		{"timestamp fraction", func(_ *testing.T, s *signed) { s.ts += ".5" }, ErrTimestamp},
		{"timestamp overflow", func(_ *testing.T, s *signed) { s.ts = "99999999999999999999" }, ErrTimestamp},
		{"wrong secret", func(_ *testing.T, s *signed) { s.secret = testSecret + "x" }, ErrSignature},
		{"secret decoded", func(_ *testing.T, s *signed) { s.secret = "q0V2n8Xk" }, ErrSignature},
		{"empty secret", func(_ *testing.T, s *signed) { s.secret = "" }, ErrSignature},
		{"truncated signature", func(_ *testing.T, s *signed) { s.sig = s.sig[:63] }, ErrSignature},
		{"half signature", func(_ *testing.T, s *signed) { s.sig = s.sig[:32] }, ErrSignature},
		{"signature extended", func(_ *testing.T, s *signed) { s.sig += "00" }, ErrSignature},
		{"signature byte flipped", func(_ *testing.T, s *signed) { s.sig = flipHex(s.sig) }, ErrSignature},
		{"signature not hex", func(_ *testing.T, s *signed) { s.sig = "zz" + s.sig[2:] }, ErrSignature},
		{"signature base64", func(_ *testing.T, s *signed) { s.sig = "v1,K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=" }, ErrSignature},
		{"only other versions", func(_ *testing.T, s *signed) { s.sig = "v2=" + s.sig }, ErrSignature},
		{"V1 upper-case version", func(_ *testing.T, s *signed) { s.sig = "V1=" + s.sig }, ErrSignature},
		{"too many signatures", func(_ *testing.T, s *signed) {
			s.sig = strings.Repeat(Sign("x", nil)+",", maxSignatures) + s.sig
		}, ErrSignature},
		{"only commas", func(_ *testing.T, s *signed) { s.sig = ",,," }, ErrSignature},
		{"empty signature", func(_ *testing.T, s *signed) { s.sig = "" }, ErrMissing},
		{"blank signature", func(_ *testing.T, s *signed) { s.sig = "  " }, ErrMissing},
		{"missing timestamp", func(_ *testing.T, s *signed) { s.ts = "" }, ErrMissing},
		{"missing both", func(_ *testing.T, s *signed) { s.ts, s.sig = "", "" }, ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base(t)
			if err := s.verify(v); err != nil {
				t.Fatalf("untampered request: %v", err)
			}
			tt.tamper(t, &s)
			err := s.verify(v)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("want %v, got %v", tt.want, err)
			}
		})
	}
}

func flipHex(s string) string {
	b := []byte(s)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

// TestVerifyGet checks the reference scheme's case: a GET with only query
// parameters and no body.
func TestVerifyGet(t *testing.T) {
	v := Verifier{Now: func() time.Time { return testNow }}
	s := sign(t, "GET", "/api/v1/charts", "page=2&q=sales+2024&sort=-name", testNow.Unix(), "")
	if err := s.verify(v); err != nil {
		t.Fatal(err)
	}
	s.query = "page=2&q=sales%202024&sort=%2Dname"
	if err := s.verify(v); err != nil {
		t.Fatalf("re-encoded query: %v", err)
	}
	s.method = "get"
	if err := s.verify(v); err != nil {
		t.Fatalf("lower-case method is upper-cased: %v", err)
	}
	s.method = "HEAD"
	if err := s.verify(v); !errors.Is(err, ErrSignature) {
		t.Fatalf("HEAD with a GET signature: %v", err)
	}
}

func TestVerifierDefaults(t *testing.T) {
	var v Verifier
	now := time.Now().Unix()
	for _, tt := range []struct {
		name string
		ts   int64
		body int
		want error
	}{
		{"now", now, 0, nil},
		{"4 minutes ago", now - 240, 0, nil},
		{"6 minutes ago", now - 360, 0, ErrTimestamp},
		{"6 minutes ahead", now + 360, 0, ErrTimestamp},
		{"10 MiB body", now, DefaultMaxBody, nil},
		{"10 MiB + 1 body", now, DefaultMaxBody + 1, ErrBodyTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := sign(t, "PUT", "/x", "", tt.ts, strings.Repeat("a", tt.body))
			if err := s.verify(v); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCheckReplayKey(t *testing.T) {
	v := Verifier{Skew: time.Minute, Now: func() time.Time { return testNow }}
	s := sign(t, "POST", "/a", "", testNow.Unix()-20, "x")
	spellings := []string{s.sig, strings.ToUpper(s.sig), "v1=" + s.sig, "v1=" + Sign("old", nil) + "," + s.sig, " " + s.sig + " ,"}
	for _, sig := range spellings {
		got, err := v.Check(s.method, s.path, s.query, s.ts, sig, s.body, s.secret)
		if err != nil {
			t.Fatalf("%q: %v", sig, err)
		}
		if got.Signature != s.sig {
			t.Errorf("%q: replay key %q, want %q", sig, got.Signature, s.sig)
		}
		if got.Timestamp.Unix() != testNow.Unix()-20 {
			t.Errorf("timestamp %v", got.Timestamp)
		}
		// 40 s left in this server's window, plus a minute for lagging clocks.
		if got.ReplayTTL != 100*time.Second {
			t.Errorf("ReplayTTL %v, want 100s", got.ReplayTTL)
		}
	}
}

func TestValidKeyID(t *testing.T) {
	for id, want := range map[string]bool{
		testKeyID:                              true,
		strings.ToUpper(testKeyID):             false,
		"0f8e2b9c-4d6a-41f3-a5b7-c9d1e3f50718": false,
		testKeyID[:31]:                         false,
		testKeyID + "0":                        false,
		"":                                     false,
		"0f8e2b9c4d6a41f3a5b7c9d1e3f5071g":     false,
	} {
		if got := ValidKeyID(id); got != want {
			t.Errorf("ValidKeyID(%q) = %v", id, got)
		}
	}
}

// TestSignKnownAnswer pins one signature, computed with openssl, so any
// implementation can check itself against it.
func TestSignKnownAnswer(t *testing.T) {
	c, err := Canonical("POST", "/api/v1/queries/7/run", "limit=10&format=json", 1700000000, []byte(`{"params":{"region":"EU"}}`))
	if err != nil {
		t.Fatal(err)
	}
	const wantCanonical = "GOBI1\nPOST\n/api/v1/queries/7/run\nformat=json&limit=10\n1700000000\n{\"params\":{\"region\":\"EU\"}}"
	if string(c) != wantCanonical {
		t.Fatalf("canonical %q", c)
	}
	// printf '%s' "$wantCanonical" | openssl dgst -sha256 -hmac "$testSecret"
	const want = "67de3d7a3864a7fba214f44a97383a4af851639b2a2f51764e2e5b48eafe8f83"
	if got := Sign(testSecret, c); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}
