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
		for _, a := range authenticators {
			p, ok, err := a.Authenticate(c)
			if err != nil {
				return err
			}
			if ok {
				set(c, p)
				return c.Next()
			}
		}
		return fault.Unauthorized("authentication required: send Authorization: Bearer <token>")
	}
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
		for _, a := range authenticators {
			p, ok, err := a.Authenticate(c)
			if err != nil {
				return err
			}
			if ok {
				set(c, p)
				break
			}
		}
		return c.Next()
	}
}
