package auth

import (
	"context"
	"log/slog"
)

// EnsureAdmin creates the "admin" user on first start, when there are no
// users at all. With no configured password a random one is generated and
// logged once: it is the only way to learn it.
func EnsureAdmin(ctx context.Context, users *Users, password string, log *slog.Logger) (*User, error) {
	n, err := users.Count(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	generated := password == ""
	if generated {
		if password, err = RandomPassword(); err != nil {
			return nil, err
		}
	}
	u, err := users.Create(ctx, "admin", password, RoleAdmin)
	if err != nil {
		return nil, err
	}
	if generated {
		log.Warn("created the first admin user with a generated password; it is shown only this once, change it after logging in",
			"username", "admin", "password", password)
	} else {
		log.Info("created the first admin user from GOBI_ADMIN_PASSWORD", "username", "admin")
	}
	return u, nil
}
