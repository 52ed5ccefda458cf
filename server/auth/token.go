package auth

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	issuer   = "gobi"
	audience = "gobi-api"
)

// Tokens issues and verifies session JWTs (HS256).
type Tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
}

// NewTokens returns a token issuer. secret must be at least 32 bytes.
func NewTokens(secret string, ttl time.Duration) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("auth: JWT secret must be at least 32 bytes")
	}
	return &Tokens{secret: []byte(secret), ttl: ttl, now: time.Now}, nil
}

// claims is what a Gobi session token says.
type claims struct {
	jwt.RegisteredClaims
	// TokenVersion must equal the user's current version.
	TokenVersion int64 `json:"tv"`
}

// Issue returns a signed token for u and its expiry.
func (t *Tokens) Issue(u *User) (string, time.Time, error) {
	now := t.now().UTC()
	exp := now.Add(t.ttl)
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   strconv.FormatInt(u.ID, 10),
			Audience:  jwt.ClaimStrings{audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		TokenVersion: u.TokenVersion,
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign token: %w", err)
	}
	return s, exp, nil
}

// ErrBadToken covers every reason a token is refused; the reason is not
// told to the client.
var ErrBadToken = errors.New("invalid or expired token")

// Verify checks a token's signature, algorithm, issuer, audience and
// expiry, and returns the user id and token version it names.
func (t *Tokens) Verify(s string) (userID, version int64, err error) {
	var c claims
	_, err = jwt.ParseWithClaims(s, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %v", ErrBadToken, err)
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id < 1 {
		return 0, 0, ErrBadToken
	}
	return id, c.TokenVersion, nil
}

// SetClock replaces the issuer's clock; tests use it to mint tokens in
// the past.
func (t *Tokens) SetClock(now func() time.Time) { t.now = now }
