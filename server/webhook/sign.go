package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every signing secret, as in Standard Webhooks.
const SecretPrefix = "whsec_"

// NewSecret returns "whsec_" + base64 of 32 bytes from crypto/rand.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// secretKey is a secret's Standard Webhooks key: the bytes after the prefix.
func secretKey(secret string) ([]byte, error) {
	raw, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, errors.New("webhook: secret lacks the whsec_ prefix")
	}
	key, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return nil, fmt.Errorf("webhook: secret is not base64: %w", err)
	}
	return key, nil
}

// The signature headers. Custom headers can never set these.
const (
	HeaderEvent     = "X-Gobi-Event"
	HeaderTimestamp = "X-Gobi-Timestamp"
	HeaderSignature = "X-Gobi-Signature"
	// HeaderPrevious carries the previous secret's X-Gobi-Signature
	// during a rotation window.
	HeaderPrevious  = "X-Gobi-Signature-Previous"
	HeaderDelivery  = "X-Gobi-Delivery"
	HeaderSWID      = "webhook-id"
	HeaderSWTime    = "webhook-timestamp"
	HeaderSWSig     = "webhook-signature"
	contentTypeJSON = "application/json"
)

// GobiSignature is the reference README's scheme: lower-case hex
// HMAC-SHA256 of "{timestamp}.{payload}", keyed with the whole secret
// string as UTF-8.
func GobiSignature(secret string, ts int64, payload []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil))
}

// StandardSignature is Standard Webhooks' "v1,<base64>": HMAC-SHA256 of
// "{id}.{timestamp}.{payload}", keyed with the secret's decoded bytes.
func StandardSignature(secret, id string, ts int64, payload []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s.%d.", id, ts)
	m.Write(payload)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil)), nil
}

// Sign sets every signature header of one attempt on h: secrets[0] is
// the current secret, secrets[1] (when present) the previous one, which
// signs too during a rotation window. at is the attempt's time: each
// attempt is signed afresh.
func Sign(h http.Header, secrets []string, eventID, event string, at time.Time, payload []byte) error {
	if len(secrets) == 0 {
		return errors.New("webhook: no secret")
	}
	ts := at.Unix()
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		sig, err := StandardSignature(s, eventID, ts, payload)
		if err != nil {
			return err
		}
		sigs = append(sigs, sig)
	}
	tss := strconv.FormatInt(ts, 10)
	h.Set(HeaderEvent, event)
	h.Set(HeaderTimestamp, tss)
	h.Set(HeaderSignature, GobiSignature(secrets[0], ts, payload))
	if len(secrets) > 1 {
		h.Set(HeaderPrevious, GobiSignature(secrets[1], ts, payload))
	}
	h.Set(HeaderDelivery, eventID)
	h.Set(HeaderSWID, eventID)
	h.Set(HeaderSWTime, tss)
	h.Set(HeaderSWSig, strings.Join(sigs, " "))
	return nil
}

// reserved reports whether a custom header may not be set: the
// signature headers and what the transport owns.
func reserved(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "content-type", "content-length", "host", "transfer-encoding", "connection", "te", "trailer",
		"upgrade", "user-agent", "expect", "keep-alive", "proxy-authorization", "proxy-connection":
		return true
	}
	return strings.HasPrefix(n, "x-gobi-") || strings.HasPrefix(n, "webhook-")
}
