package webhook

import (
	"net/http"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// The Standard Webhooks specification's published test vector.
const (
	vectorSecret  = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID      = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTS      = 1614265330
	vectorPayload = `{"test": 2432232314}`
	vectorSig     = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestStandardSignatureVector(t *testing.T) {
	got, err := StandardSignature(vectorSecret, vectorID, vectorTS, []byte(vectorPayload))
	if err != nil || got != vectorSig {
		t.Fatalf("signature %q, %v; want %q", got, err, vectorSig)
	}
	// The library agrees, and verifies what Sign wrote.
	wh, err := standardwebhooks.NewWebhook(vectorSecret)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := wh.Sign(vectorID, time.Unix(vectorTS, 0), []byte(vectorPayload))
	if err != nil || lib != vectorSig {
		t.Fatalf("library signs %q, %v", lib, err)
	}
}

// TestSignVerifiedByLibrary: the headers Sign writes pass the Standard
// Webhooks library's Verify with the current secret, and with the
// previous one during a rotation; tampering fails it.
func TestSignVerifiedByLibrary(t *testing.T) {
	cur, prev := NewSecret(), NewSecret()
	payload := []byte(`{"id":"evt_1","event":"webhook.test","data":{}}`)
	for _, tc := range []struct {
		name    string
		secrets []string
		verify  string
		tamper  func(h http.Header, p []byte) []byte
		ok      bool
	}{
		{"current secret", []string{cur}, cur, nil, true},
		{"rotation: new secret", []string{cur, prev}, cur, nil, true},
		{"rotation: old secret", []string{cur, prev}, prev, nil, true},
		{"unknown secret", []string{cur}, prev, nil, false},
		{"payload changed", []string{cur}, cur, func(_ http.Header, p []byte) []byte { return append(p, ' ') }, false},
		{"id changed", []string{cur}, cur, func(h http.Header, p []byte) []byte { h.Set(HeaderSWID, "evt_2"); return p }, false},
		{"timestamp changed", []string{cur}, cur, func(h http.Header, p []byte) []byte {
			h.Set(HeaderSWTime, h.Get(HeaderSWTime)+"1")
			return p
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if err := Sign(h, tc.secrets, "evt_1", "webhook.test", time.Now(), payload); err != nil {
				t.Fatal(err)
			}
			if n := len(strings.Fields(h.Get(HeaderSWSig))); n != len(tc.secrets) {
				t.Fatalf("%d signatures for %d secrets: %q", n, len(tc.secrets), h.Get(HeaderSWSig))
			}
			p := payload
			if tc.tamper != nil {
				p = tc.tamper(h, append([]byte(nil), payload...))
			}
			wh, _ := standardwebhooks.NewWebhook(tc.verify)
			if err := wh.Verify(p, h); (err == nil) != tc.ok {
				t.Fatalf("Verify: %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestGobiSignature: X-Gobi-Signature is hex HMAC-SHA256 of
// "{ts}.{payload}" keyed with the secret string (a known value computed
// with Python's hmac module), and the previous secret signs in its own
// header during a rotation.
func TestGobiSignature(t *testing.T) {
	// python3 -c 'import hmac,hashlib;print(hmac.new(b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",b"1614265330.{\"test\": 2432232314}",hashlib.sha256).hexdigest())'
	const want = "2e37df5d4a028c51a7f3133d64ae1e300d2c2c900f1b1d49d4369ad2530f8964"
	got := GobiSignature(vectorSecret, vectorTS, []byte(vectorPayload))
	if got != want {
		t.Fatalf("signature %q, want %q", got, want)
	}
	h := http.Header{}
	at := time.Unix(vectorTS, 0)
	if err := Sign(h, []string{vectorSecret, "whsec_b2xk"}, vectorID, "webhook.test", at, []byte(vectorPayload)); err != nil {
		t.Fatal(err)
	}
	for name, wantV := range map[string]string{
		HeaderSignature: got, HeaderPrevious: GobiSignature("whsec_b2xk", vectorTS, []byte(vectorPayload)),
		HeaderTimestamp: "1614265330", HeaderEvent: "webhook.test", HeaderDelivery: vectorID, HeaderSWID: vectorID,
	} {
		if h.Get(name) != wantV {
			t.Errorf("%s = %q, want %q", name, h.Get(name), wantV)
		}
	}
}

func TestReservedHeaders(t *testing.T) {
	for name, want := range map[string]bool{
		"X-Gobi-Signature": true, "x-gobi-signature": true, "X-GOBI-EVENT": true, "Webhook-Signature": true,
		"webhook-id": true, " Content-Type": true, "Host": true, "X-Custom-Header": false, "Authorization": false,
	} {
		if reserved(name) != want {
			t.Errorf("reserved(%q) = %v", name, !want)
		}
	}
}
