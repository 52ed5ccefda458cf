package apikey

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/memo"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// Key is a stored API key. Neither the key nor the signing secret is
// stored in the clear: the key as a SHA-256 hash, the secret sealed.
type Key struct {
	bun.BaseModel `bun:"table:api_keys"`
	ID            int64      `bun:",pk,autoincrement"`
	OwnerID       int64      `bun:",notnull"`
	Name          string     `bun:",notnull"`
	Prefix        string     `bun:",notnull"`
	KeyHash       string     `bun:",notnull"`
	AccessKey     string     `bun:",notnull"`
	SecretSealed  string     `bun:",notnull"`
	Rate          float64    `bun:",notnull"`
	Burst         int        `bun:",notnull"`
	ExpiresAt     *time.Time `bun:""`
	RevokedAt     *time.Time `bun:""`
	LastUsedAt    *time.Time `bun:""`
	CreatedAt     time.Time  `bun:",notnull"`

	// Scopes is the stored form of what the key may do: scope names
	// separated by spaces (see Routes).
	Scopes string `bun:",notnull"`
}

// View is the API form of k.
func (k *Key) View() api.APIKey {
	return api.APIKey{ID: k.ID, OwnerID: k.OwnerID, Name: k.Name, Prefix: k.Prefix, AccessKey: k.AccessKey,
		Scopes: splitScopes(k.Scopes), Rate: k.Rate, Burst: k.Burst, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt, LastUsedAt: k.LastUsedAt, CreatedAt: k.CreatedAt}
}

// usable reports why k may not be used now, or nil.
func (k *Key) usable(now time.Time) error {
	if k.RevokedAt != nil {
		return errRevoked
	}
	if k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) {
		return errExpired
	}
	return nil
}

var (
	errRevoked = errors.New("API key revoked")
	errExpired = errors.New("API key expired")
	// ErrNotFound is returned for a key that is missing or not the caller's.
	ErrNotFound = errors.New("API key not found")
)

// Defaults are the rate limits given to keys that set none.
type Defaults struct {
	Rate  float64
	Burst int
}

// Service is the API-key feature.
type Service struct {
	db       bun.IDB
	box      *seal.Box
	users    userLoader
	defaults Defaults
	now      func() time.Time

	touchMu sync.Mutex
	touched map[int64]time.Time // last_used_at written at most once a minute

	// Recently loaded keys, by prefix and by access key; a revocation
	// here drops them at once, one on another instance within CacheTTL.
	byPrefix *memo.Cache[string, Key]
	byAccess *memo.Cache[string, accessEntry]
}

type accessEntry struct {
	key    Key
	secret string
}

// CacheTTL bounds how long a key, once loaded, is trusted without reading
// the database again: a revocation or expiry made on another instance
// takes effect within it.
const CacheTTL = 2 * time.Second

type userLoader interface {
	ByID(ctx context.Context, id int64) (*auth.User, error)
}

// NewService returns the API-key service.
func NewService(db bun.IDB, box *seal.Box, users userLoader, d Defaults) *Service {
	return &Service{db: db, box: box, users: users, defaults: d, now: time.Now, touched: map[int64]time.Time{},
		byPrefix: memo.New[string, Key](CacheTTL, 10000), byAccess: memo.New[string, accessEntry](CacheTTL, 10000)}
}

func where(id int64) seal.Where {
	return seal.Where{Table: "api_keys", Column: "secret_sealed", ID: id}
}

// Create makes a key for the caller and returns it with its one-time
// secrets.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.APIKeyInput) (*api.APIKeyCreated, error) {
	var fields []api.FieldError
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		fields = append(fields, fault.Field("name", "is required, at most 200 characters"))
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
		fields = append(fields, fault.Field("expires_at", "must be in the future"))
	}
	if in.Rate < 0 || in.Rate > 100000 {
		fields = append(fields, fault.Field("rate", "must be between 0 and 100000 requests per second (0 = default %g)", s.defaults.Rate))
	}
	if in.Burst < 0 || in.Burst > 100000 {
		fields = append(fields, fault.Field("burst", "must be between 0 and 100000 (0 = default %d)", s.defaults.Burst))
	}
	scopes, unknown := parseScopes(in.Scopes)
	if len(unknown) > 0 {
		fields = append(fields, fault.Field("scopes", "unknown scope %s: the scopes are %s (user, key and password management need a session)",
			strings.Join(unknown, ", "), scopeList(api.Scopes)))
	}
	if len(fields) > 0 {
		return nil, fault.Fields(fields...)
	}
	plain, err := newKey()
	if err != nil {
		return nil, err
	}
	secret, err := newSigningSecret()
	if err != nil {
		return nil, err
	}
	k := &Key{OwnerID: p.UserID, Name: name, Prefix: plain[:len(keyPrefix)+lookupLen], KeyHash: hashKey(plain),
		AccessKey: newAccessKey(), Scopes: joinScopes(scopes), Rate: orF(in.Rate, s.defaults.Rate), Burst: orI(in.Burst, s.defaults.Burst),
		CreatedAt: s.now().UTC().Truncate(time.Second)}
	if in.ExpiresAt != nil {
		e := in.ExpiresAt.UTC()
		k.ExpiresAt = &e
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(k).Exec(ctx); err != nil {
			return err
		}
		if k.SecretSealed, err = s.box.Seal([]byte(secret), where(k.ID)); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model(k).Column("secret_sealed").WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create API key: %w", err)
	}
	return &api.APIKeyCreated{APIKey: k.View(), Key: plain, AccessKeySecret: secret}, nil
}

// List returns the caller's keys (an admin's: all), newest first.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]api.APIKey, error) {
	var ks []Key
	if err := s.db.NewSelect().Model(&ks).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	out := make([]api.APIKey, len(ks))
	for i := range ks {
		out[i] = ks[i].View()
	}
	return out, nil
}

// Revoke marks a key revoked; it stays listed. Revoking twice is fine.
func (s *Service) Revoke(ctx context.Context, p auth.Principal, id int64) error {
	k := new(Key)
	err := s.db.NewSelect().Model(k).Where("id = ?", id).ApplyQueryBuilder(p.Owns("owner_id")).Scan(ctx)
	if store.NotFound(err) {
		return fault.Missing("API key", id).With(ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("load API key: %w", err)
	}
	if k.RevokedAt != nil {
		return nil
	}
	now := s.now().UTC().Truncate(time.Second)
	k.RevokedAt = &now
	if _, err := s.db.NewUpdate().Model(k).Column("revoked_at").WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("revoke API key: %w", err)
	}
	s.byPrefix.Delete(k.Prefix)
	s.byAccess.Delete(k.AccessKey)
	return nil
}

// ByKey authenticates a bearer key: shape and checksum first (no
// database), then one indexed lookup by prefix and a constant-time hash
// comparison.
func (s *Service) ByKey(ctx context.Context, plain string) (*Key, error) {
	prefix, err := parseKey(plain)
	if err != nil {
		return nil, err
	}
	k := new(Key)
	if cached, ok := s.byPrefix.Get(prefix); ok {
		*k = cached
	} else {
		err = s.db.NewSelect().Model(k).Where("prefix = ?", prefix).Scan(ctx)
		if store.NotFound(err) {
			return nil, errMalformed
		}
		if err != nil {
			return nil, fmt.Errorf("look up API key: %w", err)
		}
		// Clone: prefix may point into Fiber's reused request buffer.
		s.byPrefix.Set(strings.Clone(prefix), *k)
	}
	if subtle.ConstantTimeCompare([]byte(hashKey(plain)), []byte(k.KeyHash)) != 1 {
		return nil, errMalformed
	}
	return k, k.usable(s.now())
}

// ByAccessKey loads a key by its signed-request id and returns its
// signing secret. A revoked or expired key is returned with its error
// (and no secret), so the refusal can name it.
func (s *Service) ByAccessKey(ctx context.Context, access string) (*Key, string, error) {
	if len(access) != 32 {
		return nil, "", errMalformed
	}
	access = strings.ToLower(access)
	if e, ok := s.byAccess.Get(access); ok {
		k := e.key
		return &k, e.secret, k.usable(s.now())
	}
	k := new(Key)
	err := s.db.NewSelect().Model(k).Where("access_key = ?", access).Scan(ctx)
	if store.NotFound(err) {
		return nil, "", errMalformed
	}
	if err != nil {
		return nil, "", fmt.Errorf("look up API key: %w", err)
	}
	if err := k.usable(s.now()); err != nil {
		return k, "", err // the key, for the audit log; no secret
	}
	secret, err := s.box.Open(k.SecretSealed, where(k.ID))
	if err != nil {
		return nil, "", fmt.Errorf("API key %d: signing secret cannot be decrypted: %w", k.ID, err)
	}
	// Clone: access may point into Fiber's reused request buffer.
	s.byAccess.Set(strings.Clone(access), accessEntry{key: *k, secret: string(secret)})
	return k, string(secret), nil
}

// principal turns a usable key into its owner's principal, with the
// owner's current role.
func (s *Service) principal(ctx context.Context, k *Key, via string) (auth.Principal, error) {
	u, err := s.users.ByID(ctx, k.OwnerID)
	if err != nil {
		return auth.Principal{}, err
	}
	s.touch(ctx, k)
	return auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role, Via: via, KeyID: k.ID, KeyRate: k.Rate, KeyBurst: k.Burst,
		KeyScopes: splitScopes(k.Scopes)}, nil
}

// touch records last use, at most once a minute per key, so the hot path
// does not write on every request.
func (s *Service) touch(ctx context.Context, k *Key) {
	now := s.now().UTC()
	s.touchMu.Lock()
	last, ok := s.touched[k.ID]
	if ok && now.Sub(last) < time.Minute {
		s.touchMu.Unlock()
		return
	}
	s.touched[k.ID] = now
	s.touchMu.Unlock()
	t := now.Truncate(time.Second)
	_, _ = s.db.NewUpdate().Model((*Key)(nil)).Set("last_used_at = ?", t).Where("id = ?", k.ID).Exec(context.WithoutCancel(ctx))
}

func orF(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

func orI(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}
