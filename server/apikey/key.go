package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math/big"
	"strings"

	"github.com/google/uuid"
)

const (
	keyPrefix   = "gobi_"
	lookupLen   = 10 // public part, stored and indexed
	secretLen   = 32 // 32 base62 characters ≈ 190 bits
	checksumLen = 6
	keyLen      = len(keyPrefix) + lookupLen + secretLen + checksumLen
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// errMalformed is returned for a string that cannot be a Gobi key.
var errMalformed = errors.New("malformed API key")

func randomBase62(n int) (string, error) {
	var b strings.Builder
	b.Grow(n)
	max := big.NewInt(int64(len(base62)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("random key: %w", err)
		}
		b.WriteByte(base62[i.Int64()])
	}
	return b.String(), nil
}

func checksum(body string) string {
	v := crc32.ChecksumIEEE([]byte(body))
	out := make([]byte, checksumLen)
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = base62[v%62]
		v /= 62
	}
	return string(out)
}

// newKey returns a fresh key: gobi_ + 10 lookup + 32 secret + 6 checksum
// characters, all base62.
func newKey() (string, error) {
	body, err := randomBase62(lookupLen + secretLen)
	if err != nil {
		return "", err
	}
	body = keyPrefix + body
	return body + checksum(body), nil
}

// parseKey checks a key's shape and checksum and returns its stored
// prefix (gobi_ + lookup part).
func parseKey(key string) (prefix string, err error) {
	if len(key) != keyLen || !strings.HasPrefix(key, keyPrefix) {
		return "", errMalformed
	}
	for i := len(keyPrefix); i < len(key); i++ {
		if strings.IndexByte(base62, key[i]) < 0 {
			return "", errMalformed
		}
	}
	body := key[:keyLen-checksumLen]
	if checksum(body) != key[keyLen-checksumLen:] {
		return "", errMalformed
	}
	return key[:len(keyPrefix)+lookupLen], nil
}

// hashKey is what is stored: SHA-256, enough for a high-entropy key.
func hashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// newAccessKey is the signed-request key id: a UUID without hyphens, as
// the integrator scheme defines it.
func newAccessKey() string { return strings.ReplaceAll(uuid.NewString(), "-", "") }

// newSigningSecret is a random base64 string (32 bytes of entropy), as the
// integrator scheme defines it.
func newSigningSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
