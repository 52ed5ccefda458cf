package client

import (
	"context"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// Login exchanges a username and password for a session; use its token
// with WithToken. Failed attempts are throttled by the server (429).
func (c *Client) Login(ctx context.Context, username, password string) (*api.Session, error) {
	var out api.Session
	err := c.Do(ctx, "POST", "/api/auth/login", nil, api.Credentials{Username: username, Password: password}, &out)
	return &out, err
}

// Register creates an account. Without credentials (registration open on
// the server) it is the caller's own, answered with a session; an admin's
// session may create any account, admins included, and gets no session.
func (c *Client) Register(ctx context.Context, in api.Credentials) (*api.UserSession, error) {
	var out api.UserSession
	return &out, c.Do(ctx, "POST", "/api/auth/register", nil, in, &out)
}

// Me returns the user the client acts for (the owner of an API key).
func (c *Client) Me(ctx context.Context) (*api.User, error) {
	var out api.User
	return &out, c.Do(ctx, "GET", "/api/auth/me", nil, nil, &out)
}

// Users lists every user; admins' sessions only.
func (c *Client) Users(ctx context.Context) ([]api.User, error) {
	var out []api.User
	return out, c.Do(ctx, "GET", "/api/users", nil, nil, &out)
}

// UpdateUser changes a user's role (admins) or password (admins, or the
// user given their current one). Either change ends the user's sessions;
// when it ends the caller's own, the answer carries a new token.
func (c *Client) UpdateUser(ctx context.Context, userID int64, in api.UserUpdate) (*api.UserSession, error) {
	var out api.UserSession
	return &out, c.Do(ctx, "PUT", fmt.Sprintf("/api/users/%d", userID), nil, in, &out)
}

// DeleteUser removes a user (admins only), never the caller.
func (c *Client) DeleteUser(ctx context.Context, userID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/users/%d", userID), nil, nil, nil)
}
