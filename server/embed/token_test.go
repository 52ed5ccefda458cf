package embed

import (
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gobi-bi/gobi/server/auth"
)

const secret = "a-test-secret-that-is-long-enough-for-hs256"

func TestSignerRefuses(t *testing.T) {
	s, err := NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	good, err := s.Issue(42, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sign := func(method jwt.SigningMethod, key any, c jwt.Claims) string {
		tok, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	claims := func(mod func(*jwt.RegisteredClaims)) jwt.RegisteredClaims {
		c := jwt.RegisteredClaims{Issuer: issuer, Audience: jwt.ClaimStrings{audience}, ID: "42",
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}
		mod(&c)
		return c
	}
	keep := func(*jwt.RegisteredClaims) {}
	tokens, _ := auth.NewTokens(secret, time.Hour)
	session, _, err := tokens.Issue(&auth.User{ID: 42})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"genuine", good, nil},
		{"expired", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second)) })), ErrGone},
		{"expired and for another audience", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) {
			c.ExpiresAt, c.Audience = jwt.NewNumericDate(now.Add(-time.Second)), jwt.ClaimStrings{"gobi-api"}
		})), ErrInvalid},
		{"expired under another key", sign(jwt.SigningMethodHS256, []byte(secret), claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second)) })), ErrInvalid},
		{"session token", session, ErrInvalid},
		{"signed with the JWT secret itself", sign(jwt.SigningMethodHS256, []byte(secret), claims(keep)), ErrInvalid},
		{"session audience", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"gobi-api"} })), ErrInvalid},
		{"other issuer", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "evil" })), ErrInvalid},
		{"no expiry", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil })), ErrInvalid},
		{"issued in the future", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) })), ErrInvalid},
		{"HS512", sign(jwt.SigningMethodHS512, s.key, claims(keep)), ErrInvalid},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(keep)), ErrInvalid},
		{"no link id", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.ID = "" })), ErrInvalid},
		{"bad link id", sign(jwt.SigningMethodHS256, s.key, claims(func(c *jwt.RegisteredClaims) { c.ID = "-1" })), ErrInvalid},
		{"truncated", good[:len(good)-3], ErrInvalid},
		{"garbage", "not.a.token", ErrInvalid},
		{"empty", "", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := s.Verify(tt.token)
			if tt.want == nil {
				if err != nil || id != 42 {
					t.Fatalf("id %d, err %v", id, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
		})
	}
	// And the other way round: an embed token is no session.
	if _, _, err := tokens.Verify(good); err == nil {
		t.Fatal("the session verifier accepted an embed token")
	}
}

func TestDerivedKey(t *testing.T) {
	a, _ := NewSigner(secret)
	b, _ := NewSigner(secret + "x")
	if string(a.key) == secret || len(a.key) != 32 || string(a.key) == string(b.key) {
		t.Fatal("the embed key must be derived from, and differ from, the secret")
	}
	if _, err := NewSigner("short"); err == nil {
		t.Fatal("a short secret was accepted")
	}
}
