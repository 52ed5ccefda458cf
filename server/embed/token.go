package embed

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	issuer   = "gobi"
	audience = "gobi-embed"
	// keyInfo names the derived key's purpose; a new version makes every
	// earlier token invalid.
	keyInfo = "gobi embed token signing key v1"
)

// The two ways a token fails, told apart because the page says
// different things: an invalid token was never ours (401); an expired or
// revoked one was, and is over (410).
var (
	ErrInvalid = errors.New("invalid embed token")
	ErrGone    = errors.New("embed link expired or revoked")
)

// Signer issues and verifies embed tokens.
type Signer struct {
	key []byte
	now func() time.Time
}

// NewSigner derives the embed signing key from the server's secret (the
// JWT secret), so the two keys differ but rotate together.
func NewSigner(secret string) (*Signer, error) {
	if len(secret) < 32 {
		return nil, errors.New("embed: secret must be at least 32 bytes")
	}
	key, err := hkdf.Key(sha256.New, []byte(secret), []byte("gobi"), keyInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("embed: derive key: %w", err)
	}
	return &Signer{key: key, now: time.Now}, nil
}

// Issue returns the token for link id, valid until expires.
func (s *Signer) Issue(id int64, expires time.Time) (string, error) {
	now := s.now().UTC()
	c := jwt.RegisteredClaims{
		Issuer:    issuer,
		Audience:  jwt.ClaimStrings{audience},
		ID:        strconv.FormatInt(id, 10),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(expires),
	}
	t, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("sign embed token: %w", err)
	}
	return t, nil
}

// Verify checks the token's signature (HS256 only), issuer, audience and
// expiry, and returns the link id it names. The error is ErrGone for a
// genuine token past its expiry, ErrInvalid for anything else.
func (s *Signer) Verify(token string) (int64, error) {
	var c jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.now),
	)
	if err != nil {
		if onlyExpired(err) {
			return 0, ErrGone
		}
		return 0, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	id, err := strconv.ParseInt(c.ID, 10, 64)
	if err != nil || id < 1 {
		return 0, ErrInvalid
	}
	return id, nil
}

// onlyExpired reports whether a parse error means "genuine but expired":
// the signature was checked before the claims, so a token that reached
// claim validation was signed with our key.
func onlyExpired(err error) bool {
	if !errors.Is(err, jwt.ErrTokenExpired) {
		return false
	}
	for _, other := range []error{jwt.ErrTokenSignatureInvalid, jwt.ErrTokenMalformed, jwt.ErrTokenUnverifiable,
		jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidIssuer, jwt.ErrTokenUsedBeforeIssued,
		jwt.ErrTokenNotValidYet, jwt.ErrTokenRequiredClaimMissing} {
		if errors.Is(err, other) {
			return false
		}
	}
	return true
}
