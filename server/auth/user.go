package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/crypto/bcrypt"

	"github.com/gobi-bi/gobi/server/memo"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// Role is a user's role.
type Role = api.Role

// The roles. Admins see and change every user's resources.
const (
	RoleAdmin = api.RoleAdmin
	RoleUser  = api.RoleUser
)

// User is a person who logs in.
type User struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64     `bun:",pk,autoincrement" json:"id"`
	Username      string    `bun:",notnull" json:"username"`
	PasswordHash  string    `bun:",notnull" json:"-"`
	Role          Role      `bun:",notnull" json:"role"`
	TokenVersion  int64     `bun:",notnull" json:"-"`
	CreatedAt     time.Time `bun:",notnull" json:"created_at"`
	UpdatedAt     time.Time `bun:",notnull" json:"updated_at"`
}

// Errors callers branch on.
var (
	ErrUserNotFound  = errors.New("user not found")
	ErrUsernameTaken = errors.New("username taken")
	// ErrLastAdmin refuses demoting the only admin: nobody could manage
	// users any more.
	ErrLastAdmin = errors.New("the last admin cannot be demoted")
)

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$`)

// NormalizeUsername is the stored form of a username: trimmed and lower
// case, so "Bob", "bob" and " bob" are one account on every store (a
// unique index alone is case-sensitive on PostgreSQL and SQLite and not
// on MariaDB, which also ignores trailing spaces).
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidUsername reports why a username is not acceptable, or "".
func ValidUsername(s string) string {
	if !usernameRE.MatchString(s) {
		return "must be 3 to 64 characters: letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
	}
	return ""
}

// ValidPassword reports why a password is not acceptable, or "". bcrypt
// reads at most 72 bytes, so longer passwords are refused rather than
// silently truncated.
func ValidPassword(s string) string {
	switch {
	case len(s) < 8:
		return "must be at least 8 characters"
	case len(s) > 72:
		return "must be at most 72 bytes"
	}
	return ""
}

// bcryptCost is bcrypt's default (about 50 ms per check on this class of
// machine): passwords are checked at login only, never per request.
const bcryptCost = bcrypt.DefaultCost

// HashPassword hashes a password for storage.
func HashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// dummyHash is compared against when a username does not exist, so a
// login takes as long for an unknown user as for a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("gobi-timing-equaliser"), bcryptCost)

// Users stores users.
type Users struct {
	db bun.IDB
	// byID spares the authentication hot path a read per request; see
	// CacheTTL.
	byID *memo.Cache[int64, User]
}

// CacheTTL bounds how long a loaded user is trusted without reading the
// database again: a role change, password change or deletion made on
// this instance takes effect at once, one made on another instance
// within CacheTTL.
const CacheTTL = 2 * time.Second

// NewUsers returns the user store on db.
func NewUsers(db bun.IDB) *Users { return &Users{db: db, byID: memo.New[int64, User](CacheTTL, 10000)} }

// Create inserts a user with a hashed password.
func (s *Users) Create(ctx context.Context, username, password string, role Role) (*User, error) {
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	u := &User{Username: NormalizeUsername(username), PasswordHash: hash, Role: role, CreatedAt: now, UpdatedAt: now}
	if _, err := s.db.NewInsert().Model(u).Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, ErrUsernameTaken
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// ByID loads one user (a copy the caller may change).
func (s *Users) ByID(ctx context.Context, id int64) (*User, error) {
	if u, ok := s.byID.Get(id); ok {
		return &u, nil
	}
	u := new(User)
	err := s.db.NewSelect().Model(u).Where("id = ?", id).Scan(ctx)
	if store.NotFound(err) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load user: %w", err)
	}
	s.byID.Set(id, *u)
	return u, nil
}

// ByName loads one user by username.
func (s *Users) ByName(ctx context.Context, name string) (*User, error) {
	u := new(User)
	err := s.db.NewSelect().Model(u).Where("username = ?", NormalizeUsername(name)).Scan(ctx)
	if store.NotFound(err) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load user: %w", err)
	}
	return u, nil
}

// List returns every user, oldest first.
func (s *Users) List(ctx context.Context) ([]User, error) {
	var us []User
	if err := s.db.NewSelect().Model(&us).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return us, nil
}

// Count returns the number of users.
func (s *Users) Count(ctx context.Context) (int64, error) {
	n, err := s.db.NewSelect().Model((*User)(nil)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// Update changes role and/or password; either bumps the token version,
// which ends the user's sessions.
func (s *Users) Update(ctx context.Context, id int64, role *Role, password *string) (*User, error) {
	s.byID.Delete(id)
	defer s.byID.Delete(id)
	u, err := s.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if role != nil && *role != RoleAdmin && u.Role == RoleAdmin {
		n, err := s.db.NewSelect().Model((*User)(nil)).Where("role = ?", RoleAdmin).Where("id <> ?", id).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("count admins: %w", err)
		}
		if n == 0 {
			return nil, ErrLastAdmin
		}
	}
	if role != nil {
		u.Role = *role
	}
	if password != nil {
		if u.PasswordHash, err = HashPassword(*password); err != nil {
			return nil, err
		}
	}
	u.TokenVersion++
	u.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(u).Column("role", "password_hash", "token_version", "updated_at").WherePK().Exec(ctx); err != nil {
		return nil, fmt.Errorf("update user: %w", err)
	}
	return u, nil
}

// Delete removes a user and, through foreign keys, everything they own.
func (s *Users) Delete(ctx context.Context, id int64) error {
	defer s.byID.Delete(id)
	res, err := s.db.NewDelete().Model((*User)(nil)).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrUserNotFound
	}
	return nil
}

// Authenticate checks a username and password in constant time with
// respect to whether the user exists.
func (s *Users) Authenticate(ctx context.Context, username, password string) (*User, error) {
	u, err := s.ByName(ctx, username)
	if errors.Is(err, ErrUserNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, ErrUserNotFound
	}
	return u, nil
}

// View is the user as the API shows them.
func (u *User) View() api.User {
	return api.User{ID: u.ID, Username: u.Username, Role: u.Role, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// PasswordMatches reports whether pw is u's password.
func (u *User) PasswordMatches(pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) == nil
}
