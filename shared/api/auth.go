package api

import "time"

// Role is a user's role.
type Role string

// The roles. Admins see and change every user's resources.
const (
	RoleAdmin Role = "admin"
	RoleUser  Role = "user"
)

// User is a person who logs in, as the API shows them.
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Role      Role      `json:"role" enum:"admin,user"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Credentials are the body of POST /api/auth/login and /api/auth/register.
type Credentials struct {
	Username string `json:"username" doc:"Trimmed and lower-cased; 3 to 64 letters, digits, '.', '_', '-' or '@'."`
	Password string `json:"password" doc:"At least 12 characters."`
	// Role is only for registration, and only an admin may ask for admin.
	Role Role `json:"role,omitempty" enum:"admin,user" doc:"Registration only: user (default) or admin (admins only)."`
}

// Session is a signed-in user and their session token (a JWT), sent as
// "Authorization: Bearer <token>".
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      User      `json:"user"`
}

// UserUpdate is the body of PUT /api/users/{id}: fields left out are
// kept. Changing one's own password needs the current one.
type UserUpdate struct {
	Role            *Role   `json:"role,omitempty" enum:"admin,user" doc:"Admins only."`
	Password        *string `json:"password,omitempty"`
	CurrentPassword *string `json:"current_password,omitempty" doc:"Required to change your own password."`
}

// UserSession is a user, with a session when one was started: on
// self-registration, and on a change that ended the caller's own session
// (a password or role change ends every session of the user, and the
// caller carries on with this one).
type UserSession struct {
	User
	Token     string     `json:"token,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}
