package signing

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a signed request.
const (
	// HeaderKey carries the access key id, which selects the secret.
	HeaderKey = "X-API-KEY"
	// HeaderTimestamp carries the signing time in Unix seconds; it is
	// signed, so a captured request expires.
	HeaderTimestamp = "X-TIMESTAMP"
	// HeaderSignature carries one or more signatures (hex or "v1=<hex>",
	// comma-separated) so secrets can be rotated.
	HeaderSignature = "X-SIGNATURE"
)

// Sign returns the signature of a canonical string: lower-case hex of
// HMAC-SHA256 keyed with the secret string's bytes (not base64-decoded), the
// same as `openssl dgst -sha256 -hmac "$SECRET"`.
func Sign(secret string, canonical []byte) string {
	return hex.EncodeToString(mac(secret, canonical))
}

func mac(secret string, canonical []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write(canonical)
	return h.Sum(nil)
}

// ValidKeyID reports whether id has the form of an access key id: 32
// lower-case hex digits (a UUID without hyphens). The server can refuse
// anything else before looking a key up.
func ValidKeyID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// SignRequest signs r for the access key keyID at time now and sets the
// three headers. It reads the body to sign it and puts it back (with
// GetBody and ContentLength set, so redirects and retries resend it); sign
// each attempt afresh so its timestamp is current. The path and query are
// taken as they will be sent (r.URL.RequestURI()).
func SignRequest(r *http.Request, keyID, secret string, now time.Time) error {
	if !ValidKeyID(keyID) {
		return errors.New("signing: key id must be 32 lower-case hex digits")
	}
	if secret == "" {
		return errors.New("signing: empty secret")
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return fmt.Errorf("signing: read body: %w", err)
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		r.ContentLength = int64(len(body))
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet // what net/http sends for ""
	}
	path, query, _ := strings.Cut(r.URL.RequestURI(), "?")
	ts := now.Unix()
	c, err := Canonical(method, path, query, ts, body)
	if err != nil {
		return fmt.Errorf("signing: %s %s: %w", method, path, err)
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set(HeaderKey, keyID)
	r.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	r.Header.Set(HeaderSignature, Sign(secret, c))
	return nil
}
