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

// TestBearerPrefix: the audit log keeps the public lookup part of a
// key-shaped string and nothing of the secret part or of anything else.
func TestBearerPrefix(t *testing.T) {
	k, err := newKey()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{k, k[:15]},
		{k[:len(k)-1] + "!", k[:15]}, // key-shaped with a bad checksum: still only the public part
		{k[:30], "gobi_…"},
		{"hunter2-my-password", "…"},
		{"", "…"},
	} {
		got := bearerPrefix(tt.in)
		if got != tt.want {
			t.Errorf("bearerPrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(tt.in) > 15 && strings.Contains(got, tt.in[15:]) && tt.in[15:] != "" {
			t.Errorf("bearerPrefix(%q) keeps the secret part", tt.in)
		}
	}
}

func TestPrefixOfShowsOnlyAccessKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0123456789abcdef0123456789ABCDEF", "012345…"},
		{"c2VjcmV0LXNpZ25pbmctc2VjcmV0LXZhbHVlLTEyMzQ=", "…"}, // a base64 secret sent as the key
		{"0123456789abcdef0123456789abcdeg", "…"},
		{"short", "…"},
	} {
		if got := prefixOf(c.in); got != c.want {
			t.Errorf("prefixOf(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
