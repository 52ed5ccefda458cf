package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// API is the account operations: /api/auth and /api/users. The route
// table (server/app) declares them; the functions are here.
type API struct {
	Users  *Users
	Tokens *Tokens
	// OpenRegistration lets anyone register; otherwise only admins may.
	OpenRegistration bool
}

// ErrWrongPassword is the cause of a refused password change; the login
// guard counts it as a failed attempt.
var ErrWrongPassword = errors.New("wrong current password")

// CredentialsInput is the input of Login and Register.
type CredentialsInput struct {
	Body api.Credentials
}

// Login exchanges a username and password for a session.
func (h *API) Login(ctx context.Context, _ Principal, req *CredentialsInput) (api.Session, error) {
	in := &req.Body
	if in.Username == "" || in.Password == "" {
		return api.Session{}, fault.Fields(fault.Field("username", "username and password are required"))
	}
	u, err := h.Users.Authenticate(ctx, in.Username, in.Password)
	if errors.Is(err, ErrUserNotFound) {
		return api.Session{}, fault.Unauthorized("wrong username or password")
	}
	if err != nil {
		return api.Session{}, err
	}
	tok, exp, err := h.Tokens.Issue(u)
	if err != nil {
		return api.Session{}, err
	}
	return api.Session{Token: tok, ExpiresAt: exp, User: u.View()}, nil
}

// Register creates an account: anyone's own when registration is open
// (answered with a session), or any account when the caller is an admin.
func (h *API) Register(ctx context.Context, caller Principal, req *CredentialsInput) (api.UserSession, error) {
	in := &req.Body
	admin := caller.UserID != 0 && caller.IsAdmin()
	if !h.OpenRegistration && !admin {
		return api.UserSession{}, fault.Deny("registration is closed: an admin must create accounts (or set GOBI_REGISTRATION=open)")
	}
	name := NormalizeUsername(in.Username)
	role := in.Role
	if role == "" {
		role = RoleUser
	}
	var fields []api.FieldError
	if msg := ValidUsername(name); msg != "" {
		fields = append(fields, fault.Field("username", "%s", msg))
	}
	if msg := ValidPassword(in.Password); msg != "" {
		fields = append(fields, fault.Field("password", "%s", msg))
	}
	if role != RoleUser && role != RoleAdmin {
		fields = append(fields, fault.Field("role", "must be user or admin"))
	} else if role == RoleAdmin && !admin {
		return api.UserSession{}, fault.Deny("only an admin may create admin accounts")
	}
	if len(fields) > 0 {
		return api.UserSession{}, fault.Fields(fields...)
	}
	u, err := h.Users.Create(ctx, name, in.Password, role)
	if errors.Is(err, ErrUsernameTaken) {
		return api.UserSession{}, fault.Clash("username %q is taken", name)
	}
	if err != nil {
		return api.UserSession{}, err
	}
	out := api.UserSession{User: u.View()}
	if caller.UserID == 0 {
		return h.withSession(out, u)
	}
	return out, nil
}

func (h *API) withSession(out api.UserSession, u *User) (api.UserSession, error) {
	tok, exp, err := h.Tokens.Issue(u)
	if err != nil {
		return out, err
	}
	out.Token, out.ExpiresAt = tok, &exp
	return out, nil
}

// Me is the caller.
func (h *API) Me(ctx context.Context, p Principal, _ *struct{}) (api.User, error) {
	u, err := h.Users.ByID(ctx, p.UserID)
	if err != nil {
		return api.User{}, err
	}
	return u.View(), nil
}

// List is every user (admins only).
func (h *API) List(ctx context.Context, _ Principal, _ *struct{}) ([]api.User, error) {
	us, err := h.Users.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.User, len(us))
	for i := range us {
		out[i] = us[i].View()
	}
	return out, nil
}

// Directory lists users as anyone may see them, to share with: id and
// username, in name order, at most api.MaxDirectory.
func (h *API) Directory(ctx context.Context, _ Principal, _ *struct{}) ([]api.DirectoryUser, error) {
	var us []User
	err := h.Users.db.NewSelect().Model(&us).Column("id", "username").Order("username").Limit(api.MaxDirectory).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]api.DirectoryUser, len(us))
	for i := range us {
		out[i] = api.DirectoryUser{ID: us[i].ID, Username: us[i].Username}
	}
	return out, nil
}

// UpdateInput is the input of Update.
type UpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"The user's id."`
	Body api.UserUpdate
}

// Update lets an admin change anyone's role or password, and a user
// change their own password given the current one. Only a session may (the
// route table makes it session only): a leaked API key must not take over
// its owner's account.
func (h *API) Update(ctx context.Context, p Principal, in *UpdateInput) (api.UserSession, error) {
	id, up := in.ID, in.Body
	if !p.IsAdmin() && p.UserID != id {
		return api.UserSession{}, fault.Missing("user", id)
	}
	if up.Role != nil {
		if !p.IsAdmin() {
			return api.UserSession{}, fault.Deny("only an admin may change roles")
		}
		if *up.Role != RoleUser && *up.Role != RoleAdmin {
			return api.UserSession{}, fault.Fields(fault.Field("role", "must be user or admin"))
		}
	}
	if up.Password != nil {
		if msg := ValidPassword(*up.Password); msg != "" {
			return api.UserSession{}, fault.Fields(fault.Field("password", "%s", msg))
		}
		// An admin resetting someone else's password is the one case that
		// does not need the current one.
		if id == p.UserID {
			if err := h.checkCurrent(ctx, id, up.CurrentPassword); err != nil {
				return api.UserSession{}, err
			}
		}
	}
	if up.Role == nil && up.Password == nil {
		// Nothing to change: no write, and no session ends.
		u, err := h.Users.ByID(ctx, id)
		if errors.Is(err, ErrUserNotFound) {
			return api.UserSession{}, fault.Missing("user", id)
		}
		if err != nil {
			return api.UserSession{}, err
		}
		return api.UserSession{User: u.View()}, nil
	}
	u, err := h.Users.Update(ctx, id, up.Role, up.Password)
	switch {
	case errors.Is(err, ErrUserNotFound):
		return api.UserSession{}, fault.Missing("user", id)
	case errors.Is(err, ErrLastAdmin):
		return api.UserSession{}, fault.Clash("this is the only admin: make another user admin first")
	case err != nil:
		return api.UserSession{}, err
	}
	out := api.UserSession{User: u.View()}
	if id == p.UserID && (up.Role != nil || up.Password != nil) {
		return h.withSession(out, u)
	}
	return out, nil
}

// checkCurrent verifies the caller's current password.
func (h *API) checkCurrent(ctx context.Context, id int64, current *string) error {
	if current == nil || *current == "" {
		return fault.Fields(fault.Field("current_password", "is required to change your password"))
	}
	u, err := h.Users.ByID(ctx, id)
	if errors.Is(err, ErrUserNotFound) {
		return fault.Missing("user", id)
	}
	if err != nil {
		return err
	}
	if !u.PasswordMatches(*current) {
		return fault.Wrap(fault.Forbidden, "", "current_password is wrong", ErrWrongPassword)
	}
	return nil
}

// Delete removes a user (admins only), never the caller.
func (h *API) Delete(ctx context.Context, p Principal, id int64) error {
	if id == p.UserID {
		return fault.Clash("you cannot delete your own account")
	}
	err := h.Users.Delete(ctx, id)
	if errors.Is(err, ErrUserNotFound) {
		return fault.Missing("user", id)
	}
	return err
}

// RandomPassword returns a 20-character random password.
func RandomPassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
