package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/fault"
)

// Authenticator recognises one kind of credential. It returns ok=false
// when the request does not carry its kind at all, so the next one may try.
type Authenticator interface {
	Authenticate(c *fiber.Ctx) (p Principal, ok bool, err error)
}

// Require returns middleware that admits a request when one of the
// authenticators accepts it and answers 401 otherwise.
func Require(authenticators ...Authenticator) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ok, err := first(c, authenticators)
		switch {
		case err != nil:
			return err
		case !ok:
			return fault.Unauthorized("authentication required: send Authorization: Bearer <token>")
		}
		return c.Next()
	}
}

// first sets the principal of the first authenticator that recognises
// the request's credentials, and reports whether one did.
func first(c *fiber.Ctx, authenticators []Authenticator) (bool, error) {
	for _, a := range authenticators {
		p, ok, err := a.Authenticate(c)
		if err != nil || ok {
			if ok {
				set(c, p)
			}
			return ok, err
		}
	}
	return false, nil
}

// userLoader is what the JWT authenticator needs from the user store.
type userLoader interface {
	ByID(ctx context.Context, id int64) (*User, error)
}

// JWT authenticates "Authorization: Bearer <jwt>".
type JWT struct {
	Tokens *Tokens
	Users  userLoader
}

// Authenticate implements Authenticator.
func (j JWT) Authenticate(c *fiber.Ctx) (Principal, bool, error) {
	h := c.Get(fiber.HeaderAuthorization)
	scheme, token, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return Principal{}, false, nil
	}
	id, version, err := j.Tokens.Verify(strings.TrimSpace(token))
	if err != nil {
		return Principal{}, false, fault.Unauthorized("invalid or expired token")
	}
	u, err := j.Users.ByID(c.UserContext(), id)
	if errors.Is(err, ErrUserNotFound) || (err == nil && u.TokenVersion != version) {
		return Principal{}, false, fault.Unauthorized("invalid or expired token")
	}
	if err != nil {
		return Principal{}, false, err
	}
	return Principal{UserID: u.ID, Username: u.Username, Role: u.Role, Via: "jwt"}, true, nil
}

// Optional is like Require but lets a request without credentials
// through, unauthenticated; bad credentials are still refused.
func Optional(authenticators ...Authenticator) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, err := first(c, authenticators); err != nil {
			return err
		}
		return c.Next()
	}
}
