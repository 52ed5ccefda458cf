package seal

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestSealOpen(t *testing.T) {
	box, err := New(key(1))
	if err != nil {
		t.Fatal(err)
	}
	here := Where{"datasources", "dsn", 7}
	s, err := box.Seal([]byte("postgres://u:secret@h/db"), here)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "secret") {
		t.Fatal("plaintext visible in ciphertext")
	}
	s2, _ := box.Seal([]byte("postgres://u:secret@h/db"), here)
	if s == s2 {
		t.Fatal("two seals of the same value must differ (random nonce)")
	}
	got, err := box.Open(s, here)
	if err != nil || string(got) != "postgres://u:secret@h/db" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	other, _ := New(key(2))
	tampered := []byte(s)
	tampered[len(tampered)-3] ^= 1
	tests := []struct {
		name string
		box  *Box
		val  string
		at   Where
	}{
		{"other row", box, s, Where{"datasources", "dsn", 8}},
		{"other column", box, s, Where{"datasources", "password", 7}},
		{"other table", box, s, Where{"apikeys", "dsn", 7}},
		{"other key", other, s, here},
		{"tampered", box, string(tampered), here},
		{"garbage", box, "gcm1:!!!", here},
		{"no prefix", box, "plain", here},
		{"empty", box, "", here},
		{"short", box, "gcm1:AQ==", here},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.box.Open(tt.val, tt.at); !errors.Is(err, ErrOpen) {
				t.Fatalf("Open error = %v, want ErrOpen", err)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	old, _ := New(key(1))
	here := Where{"t", "c", 1}
	s, _ := old.Seal([]byte("x"), here)
	rotated, err := NewVersioned(2, map[byte][]byte{1: key(1), 2: key(2)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(s, here); err != nil || string(got) != "x" {
		t.Fatalf("old ciphertext must open after rotation: %q %v", got, err)
	}
	if !rotated.NeedsRotation(s) {
		t.Fatal("old ciphertext should need rotation")
	}
	s2, _ := rotated.Seal([]byte("x"), here)
	if rotated.NeedsRotation(s2) {
		t.Fatal("new ciphertext should not need rotation")
	}
	if _, err := NewVersioned(3, map[byte][]byte{1: key(1)}); err == nil {
		t.Fatal("missing current key must be an error")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Fatal("short key must be an error")
	}
}
