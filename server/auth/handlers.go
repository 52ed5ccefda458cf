package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/shared/api"
)

// Handlers serves /api/auth and /api/users.
type Handlers struct {
	Users  *Users
	Tokens *Tokens
	// OpenRegistration lets anyone register; otherwise only admins may.
	OpenRegistration bool
	// Optional is the authenticator used on /register to recognise an
	// admin caller when registration is not open.
	Optional fiber.Handler
	// LoginGuard runs before each login attempt (rate limiting).
	LoginGuard fiber.Handler
	// PasswordGuard, when set, runs before each user update, to limit
	// wrong current passwords as LoginGuard limits wrong logins.
	PasswordGuard fiber.Handler
}

// RegisterPublic mounts the unauthenticated routes. Fiber runs middleware
// in registration order, so call it before the authenticated group exists.
func (h *Handlers) RegisterPublic(public fiber.Router) {
	public.Post("/auth/login", h.LoginGuard, h.login)
	public.Post("/auth/register", h.Optional, h.register)
}

// Register mounts the routes that need a principal.
func (h *Handlers) Register(authed fiber.Router) {
	authed.Get("/auth/me", h.me)
	authed.Get("/users", RequireAdmin, h.list)
	if h.PasswordGuard != nil {
		authed.Put("/users/:id", h.PasswordGuard, h.update)
	} else {
		authed.Put("/users/:id", h.update)
	}
	authed.Delete("/users/:id", RequireAdmin, h.delete)
}

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     Role   `json:"role,omitempty"`
}

type session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      *User     `json:"user"`
}

func (h *Handlers) login(c *fiber.Ctx) error {
	var in credentials
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	if in.Username == "" || in.Password == "" {
		return apierr.Invalid(apierr.Field("username", "username and password are required"))
	}
	u, err := h.Users.Authenticate(c.UserContext(), in.Username, in.Password)
	if errors.Is(err, ErrUserNotFound) {
		return apierr.Unauthorized("wrong username or password")
	}
	if err != nil {
		return err
	}
	return h.respondSession(c, http.StatusOK, u)
}

func (h *Handlers) respondSession(c *fiber.Ctx, status int, u *User) error {
	tok, exp, err := h.Tokens.Issue(u)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(session{Token: tok, ExpiresAt: exp, User: u})
}

func (h *Handlers) register(c *fiber.Ctx) error {
	caller, authenticated := c.Locals(principalKey).(Principal)
	if !h.OpenRegistration && !(authenticated && caller.IsAdmin()) {
		return apierr.Forbidden("registration is closed: an admin must create accounts (or set GOBI_REGISTRATION=open)")
	}
	var in credentials
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	in.Username = NormalizeUsername(in.Username)
	if in.Role == "" {
		in.Role = RoleUser
	}
	var fields []api.FieldError
	if msg := ValidUsername(in.Username); msg != "" {
		fields = append(fields, apierr.Field("username", "%s", msg))
	}
	if msg := ValidPassword(in.Password); msg != "" {
		fields = append(fields, apierr.Field("password", "%s", msg))
	}
	if in.Role != RoleUser && in.Role != RoleAdmin {
		fields = append(fields, apierr.Field("role", "must be user or admin"))
	} else if in.Role == RoleAdmin && !(authenticated && caller.IsAdmin()) {
		return apierr.Forbidden("only an admin may create admin accounts")
	}
	if len(fields) > 0 {
		return apierr.Invalid(fields...)
	}
	u, err := h.Users.Create(c.UserContext(), in.Username, in.Password, in.Role)
	if errors.Is(err, ErrUsernameTaken) {
		return apierr.Conflict("username %q is taken", in.Username)
	}
	if err != nil {
		return err
	}
	if authenticated {
		return c.Status(http.StatusCreated).JSON(u)
	}
	return h.respondSession(c, http.StatusCreated, u)
}

func (h *Handlers) me(c *fiber.Ctx) error {
	u, err := h.Users.ByID(c.UserContext(), From(c).UserID)
	if err != nil {
		return err
	}
	return c.JSON(u)
}

func (h *Handlers) list(c *fiber.Ctx) error {
	us, err := h.Users.List(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(us)
}

type userUpdate struct {
	Role     *Role   `json:"role"`
	Password *string `json:"password"`
	// CurrentPassword is required to change one's own password.
	CurrentPassword *string `json:"current_password"`
}

// userUpdated is the user, and a fresh session when the change ended the
// caller's own: a password or role change ends every session of the user
// (the token version moves on), and the caller carries on with this one.
type userUpdated struct {
	*User
	Token     string     `json:"token,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// update lets an admin change anyone's role or password, and a user
// change their own password given the current one. Only a session may:
// a leaked API key must not take over its owner's account.
func (h *Handlers) update(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	p := From(c)
	if p.ViaKey() {
		return apierr.Forbidden("changing a password or a role needs a user session, not an API key")
	}
	if !p.IsAdmin() && p.UserID != id {
		return apierr.NotFound("user", id)
	}
	var in userUpdate
	if err := apierr.Decode(c, &in); err != nil {
		return err
	}
	if in.Role != nil {
		if !p.IsAdmin() {
			return apierr.Forbidden("only an admin may change roles")
		}
		if *in.Role != RoleUser && *in.Role != RoleAdmin {
			return apierr.Invalid(apierr.Field("role", "must be user or admin"))
		}
	}
	if in.Password != nil {
		if msg := ValidPassword(*in.Password); msg != "" {
			return apierr.Invalid(apierr.Field("password", "%s", msg))
		}
		// An admin resetting someone else's password is the one case that
		// does not need the current one.
		if id == p.UserID {
			if err := h.checkCurrent(c, id, in.CurrentPassword); err != nil {
				return err
			}
		}
	}
	u, err := h.Users.Update(c.UserContext(), id, in.Role, in.Password)
	if errors.Is(err, ErrUserNotFound) {
		return apierr.NotFound("user", id)
	}
	if errors.Is(err, ErrLastAdmin) {
		return apierr.Conflict("this is the only admin: make another user admin first")
	}
	if err != nil {
		return err
	}
	out := userUpdated{User: u}
	if id == p.UserID && (in.Role != nil || in.Password != nil) {
		tok, exp, err := h.Tokens.Issue(u)
		if err != nil {
			return err
		}
		out.Token, out.ExpiresAt = tok, &exp
	}
	return c.JSON(out)
}

// ErrWrongPassword is the cause of a refused password change; the login
// guard counts it as a failed attempt.
var ErrWrongPassword = errors.New("wrong current password")

// checkCurrent verifies the caller's current password.
func (h *Handlers) checkCurrent(c *fiber.Ctx, id int64, current *string) error {
	if current == nil || *current == "" {
		return apierr.Invalid(apierr.Field("current_password", "is required to change your password"))
	}
	u, err := h.Users.ByID(c.UserContext(), id)
	if errors.Is(err, ErrUserNotFound) {
		return apierr.NotFound("user", id)
	}
	if err != nil {
		return err
	}
	if !u.PasswordMatches(*current) {
		return apierr.Wrap(http.StatusForbidden, "forbidden", "current_password is wrong", ErrWrongPassword)
	}
	return nil
}

func (h *Handlers) delete(c *fiber.Ctx) error {
	id, err := apierr.ParamID(c, "id")
	if err != nil {
		return err
	}
	if id == From(c).UserID {
		return apierr.Conflict("you cannot delete your own account")
	}
	err = h.Users.Delete(c.UserContext(), id)
	if errors.Is(err, ErrUserNotFound) {
		return apierr.NotFound("user", id)
	}
	if err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

// RandomPassword returns a 20-character random password.
func RandomPassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
