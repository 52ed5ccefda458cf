package signing

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Defaults of a zero Verifier.
const (
	// DefaultSkew is what AWS and Stripe allow: wide enough for unsynced
	// client clocks, short enough to bound replays and the replay store.
	DefaultSkew = 5 * time.Minute
	// DefaultMaxBody caps the body that is hashed (10 MiB).
	DefaultMaxBody = 10 << 20
)

// maxSignatures bounds the comma-separated entries considered in
// X-SIGNATURE, so a huge header costs nothing.
const maxSignatures = 8

// Verification failures. The server maps every one of them to the same
// 403, so a client cannot probe which part of a forgery was wrong; they are
// distinct for logs and tests.
var (
	// ErrMissing: the timestamp or signature header is absent or empty.
	ErrMissing = errors.New("signing: missing signature headers")
	// ErrTimestamp: the timestamp is malformed or outside the skew window.
	ErrTimestamp = errors.New("signing: timestamp malformed or outside the allowed skew")
	// ErrSignature: no signature matches (or the request cannot be
	// canonicalised, which also wraps ErrEncoding).
	ErrSignature = errors.New("signing: signature mismatch")
	// ErrBodyTooLarge: the body exceeds Verifier.MaxBody.
	ErrBodyTooLarge = errors.New("signing: body too large to verify")
)

// Verifier checks signed requests. The zero value is ready to use: 5 minute
// skew, 10 MiB bodies, the system clock.
type Verifier struct {
	// Skew is how far X-TIMESTAMP may be from Now, either way (<= 0: DefaultSkew).
	Skew time.Duration
	// MaxBody caps the body size in bytes (<= 0: DefaultMaxBody). Cap the
	// read itself too (the server's body limit): this check comes after it.
	MaxBody int64
	// Now is the clock (nil: time.Now); tests inject a fixed one.
	Now func() time.Time
}

// Verified describes a request that passed verification: what replay
// protection needs.
type Verified struct {
	// Signature is the signature that matched, as lower-case hex. It is the
	// same however the header spelled it (v1= prefix, upper case, extra
	// entries), so remember this, never the raw header, against replays;
	// prefix it with the key id.
	Signature string
	// Timestamp is the signed time.
	Timestamp time.Time
	// ReplayTTL is how long to remember Signature: until the timestamp
	// leaves this server's window, plus Skew for servers whose clocks lag.
	ReplayTTL time.Duration
}

// Verify checks a request's signature headers against secret. method,
// path and rawQuery are as received (path still percent-encoded, rawQuery
// without "?"), timestamp and signature are the X-TIMESTAMP and X-SIGNATURE
// values, body the raw body. It returns nil or an error wrapping ErrMissing,
// ErrTimestamp, ErrSignature or ErrBodyTooLarge.
func (v Verifier) Verify(method, path, rawQuery, timestamp, signature string, body []byte, secret string) error {
	_, err := v.Check(method, path, rawQuery, timestamp, signature, body, secret)
	return err
}

// Check is Verify that also returns what the replay store needs.
func (v Verifier) Check(method, path, rawQuery, timestamp, signature string, body []byte, secret string) (Verified, error) {
	if timestamp == "" || strings.TrimSpace(signature) == "" {
		return Verified{}, ErrMissing
	}
	skew := v.Skew
	if skew <= 0 {
		skew = DefaultSkew
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now()
	ts, err := parseTimestamp(timestamp)
	if err != nil {
		return Verified{}, err
	}
	// Compare in seconds without subtracting ts, which could overflow.
	window := int64(skew / time.Second)
	if nowS := t.Unix(); ts < nowS-window || ts > nowS+window {
		return Verified{}, fmt.Errorf("%w: %ds from server time", ErrTimestamp, ts-t.Unix())
	}
	maxBody := v.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	if int64(len(body)) > maxBody {
		return Verified{}, fmt.Errorf("%w: %d > %d bytes", ErrBodyTooLarge, len(body), maxBody)
	}
	candidates, err := parseSignatures(signature)
	if err != nil {
		return Verified{}, err
	}
	if secret == "" {
		return Verified{}, fmt.Errorf("%w: no secret", ErrSignature)
	}
	c, err := Canonical(method, path, rawQuery, ts, body)
	if err != nil {
		return Verified{}, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	want := mac(secret, c)
	for _, got := range candidates {
		if hmac.Equal(got, want) {
			signed := time.Unix(ts, 0)
			ttl := max(signed.Add(skew).Sub(t)+skew, time.Second)
			return Verified{Signature: hex.EncodeToString(want), Timestamp: signed, ReplayTTL: ttl}, nil
		}
	}
	return Verified{}, ErrSignature
}

// parseTimestamp accepts only the canonical decimal form, so the header
// text and the signed text cannot differ ("+5", "05" and " 5" are refused).
func parseTimestamp(s string) (int64, error) {
	ts, err := strconv.ParseInt(s, 10, 64)
	if err != nil || strconv.FormatInt(ts, 10) != s {
		return 0, fmt.Errorf("%w: %q is not decimal Unix seconds", ErrTimestamp, clip(s))
	}
	return ts, nil
}

// parseSignatures decodes the X-SIGNATURE entries: "<hex>" or "v1=<hex>",
// comma-separated. Entries of other versions, and entries that are not
// 32-byte hex, are skipped; none left is ErrSignature.
func parseSignatures(header string) ([][]byte, error) {
	var out [][]byte
	n := 0
	for entry := range strings.SplitSeq(header, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if n++; n > maxSignatures {
			return nil, fmt.Errorf("%w: more than %d signatures", ErrSignature, maxSignatures)
		}
		if version, sig, ok := strings.Cut(entry, "="); ok {
			if version != "v1" {
				continue
			}
			entry = sig
		}
		if len(entry) != 2*32 {
			continue
		}
		b, err := hex.DecodeString(entry)
		if err != nil {
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no well-formed v1 signature", ErrSignature)
	}
	return out, nil
}
