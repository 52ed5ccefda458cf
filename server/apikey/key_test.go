package apikey

import (
	"strings"
	"testing"
)

func TestKeyFormat(t *testing.T) {
	k, err := newKey()
	if err != nil {
		t.Fatal(err)
	}
	if len(k) != keyLen || !strings.HasPrefix(k, "gobi_") {
		t.Fatalf("key %q", k)
	}
	p, err := parseKey(k)
	if err != nil || p != k[:15] {
		t.Fatalf("parseKey = %q, %v", p, err)
	}
	flip := []byte(k)
	flip[20] ^= 1 // stays ASCII; checksum must catch it
	if flip[20] == k[20] || strings.IndexByte(base62, flip[20]) < 0 {
		flip[20] = '0'
		if k[20] == '0' {
			flip[20] = '1'
		}
	}
	bad := []string{"", "gobi_", k[:len(k)-1], "xobi_" + k[5:], string(flip), k[:20] + "!" + k[21:], strings.ToUpper(k)}
	for _, b := range bad {
		if _, err := parseKey(b); err == nil {
			t.Errorf("parseKey(%q) accepted", b)
		}
	}
	k2, _ := newKey()
	if k2 == k || hashKey(k) == hashKey(k2) {
		t.Fatal("keys must be random")
	}
	if a := newAccessKey(); len(a) != 32 || strings.Contains(a, "-") {
		t.Fatalf("access key %q", a)
	}
	if s, err := newSigningSecret(); err != nil || len(s) != 44 {
		t.Fatalf("secret %q %v", s, err)
	}
}
