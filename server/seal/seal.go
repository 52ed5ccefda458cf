// Package seal encrypts secrets at rest (data-source credentials, signing
// secrets) with AES-256-GCM.
//
// Every ciphertext is bound to where it is stored through additional data
// (table, column, row id), so a ciphertext copied into another row or
// column fails to open. It carries the version of the key that sealed it,
// so keys can be rotated: old versions stay configured for opening while
// new values are sealed with the current one.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrOpen is returned for any ciphertext that cannot be opened: tampered,
// moved to another row, or sealed with an unknown key. The reason is not
// told apart on purpose.
var ErrOpen = errors.New("seal: cannot open ciphertext")

const prefix = "gcm1:"

// Box seals and opens values.
type Box struct {
	current byte
	aeads   map[byte]cipher.AEAD
}

// New returns a Box sealing with key as version 1.
func New(key []byte) (*Box, error) {
	return NewVersioned(1, map[byte][]byte{1: key})
}

// NewVersioned returns a Box that seals with keys[current] and opens with
// any of keys.
func NewVersioned(current byte, keys map[byte][]byte) (*Box, error) {
	b := &Box{current: current, aeads: make(map[byte]cipher.AEAD, len(keys))}
	for v, k := range keys {
		if len(k) != 32 {
			return nil, fmt.Errorf("seal: key version %d must be 32 bytes, got %d", v, len(k))
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, fmt.Errorf("seal: %w", err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("seal: %w", err)
		}
		b.aeads[v] = aead
	}
	if _, ok := b.aeads[current]; !ok {
		return nil, fmt.Errorf("seal: no key for current version %d", current)
	}
	return b, nil
}

// Where names the storage location a ciphertext is bound to.
type Where struct {
	Table  string
	Column string
	ID     int64
}

func (w Where) ad(version byte) []byte {
	return fmt.Appendf(nil, "gobi|%s|%s|%d|v%d", w.Table, w.Column, w.ID, version)
}

// Seal encrypts plaintext for storage at w. The result is printable text:
// "gcm1:" + base64(version | nonce | ciphertext+tag).
func (b *Box) Seal(plaintext []byte, w Where) (string, error) {
	aead := b.aeads[b.current]
	buf := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plaintext)+aead.Overhead())
	buf[0] = b.current
	if _, err := rand.Read(buf[1:]); err != nil {
		return "", fmt.Errorf("seal: nonce: %w", err)
	}
	out := aead.Seal(buf, buf[1:1+aead.NonceSize()], plaintext, w.ad(b.current))
	return prefix + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a value produced by Seal for the same w.
func (b *Box) Open(sealed string, w Where) ([]byte, error) {
	raw, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return nil, ErrOpen
	}
	data, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || len(data) < 1 {
		return nil, ErrOpen
	}
	aead, ok := b.aeads[data[0]]
	if !ok || len(data) < 1+aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	ns := aead.NonceSize()
	pt, err := aead.Open(nil, data[1:1+ns], data[1+ns:], w.ad(data[0]))
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// NeedsRotation reports whether sealed was made with an older key version.
func (b *Box) NeedsRotation(sealed string) bool {
	raw, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return true
	}
	data, err := base64.StdEncoding.DecodeString(raw)
	return err != nil || len(data) < 1 || data[0] != b.current
}
