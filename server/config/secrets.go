package config

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Prepare creates the data and datasets directories and fills in the JWT
// secret and encryption key from files in the data directory, generating
// them on first start. It reports which secrets were generated so the
// caller can log that (never the values).
func (c *Config) Prepare() (generated []string, err error) {
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := os.MkdirAll(c.DatasetsDir(), 0o750); err != nil {
		return nil, fmt.Errorf("create datasets directory: %w", err)
	}
	if c.Auth.JWTSecret == "" {
		s, made, err := loadOrCreate(filepath.Join(c.DataDir, "jwt.secret"), 48)
		if err != nil {
			return nil, err
		}
		c.Auth.JWTSecret = s
		if made {
			generated = append(generated, "jwt.secret")
		}
	}
	if c.EncryptionKey == "" {
		s, made, err := loadOrCreate(filepath.Join(c.DataDir, "encryption.key"), 32)
		if err != nil {
			return nil, err
		}
		c.EncryptionKey = s
		if made {
			generated = append(generated, "encryption.key")
		}
	}
	return generated, nil
}

// loadOrCreate reads a base64 secret from path, or writes n fresh random
// bytes there with mode 0600. O_EXCL makes two processes starting at once
// agree on one secret.
func loadOrCreate(path string, n int) (string, bool, error) {
	if b, err := os.ReadFile(path); err == nil {
		s := strings.TrimSpace(string(b))
		if s == "" {
			return "", false, fmt.Errorf("secret file %s is empty; delete it to generate a new one", path)
		}
		return s, false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", false, fmt.Errorf("read secret file: %w", err)
	}
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		return "", false, fmt.Errorf("generate secret: %w", err)
	}
	s := base64.StdEncoding.EncodeToString(buf)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return loadOrCreate(path, n)
	}
	if err != nil {
		return "", false, fmt.Errorf("write secret file: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return "", false, fmt.Errorf("write secret file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", false, fmt.Errorf("write secret file: %w", err)
	}
	return s, true, nil
}

// DecodeKey decodes a 32-byte AES-256 key given as base64 (standard or
// URL alphabet) or as 64 hex digits.
func DecodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 64 {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != 32 {
				return nil, fmt.Errorf("key must be 32 bytes, got %d", len(b))
			}
			return b, nil
		}
	}
	return nil, errors.New("key must be 32 bytes as base64 or 64 hex digits")
}
