package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Snapshot of the schema added at version 20261123000003.

type v3APIKey struct {
	bun.BaseModel `bun:"table:api_keys"`
	ID            int64      `bun:",pk,autoincrement"`
	OwnerID       int64      `bun:",notnull"`
	Name          string     `bun:",type:varchar(200),notnull"`
	Prefix        string     `bun:",type:varchar(32),notnull"`
	KeyHash       string     `bun:",type:varchar(64),notnull"`
	AccessKey     string     `bun:",type:varchar(32),notnull"`
	SecretSealed  string     `bun:",type:text,notnull"`
	Rate          float64    `bun:",notnull"`
	Burst         int        `bun:",notnull"`
	ExpiresAt     *time.Time `bun:""`
	RevokedAt     *time.Time `bun:""`
	LastUsedAt    *time.Time `bun:""`
	CreatedAt     time.Time  `bun:",notnull"`
}

type v3Audit struct {
	bun.BaseModel `bun:"table:audit_logs"`
	ID            int64     `bun:",pk,autoincrement"`
	KeyID         *int64    `bun:""`
	OwnerID       int64     `bun:",notnull"`
	Method        string    `bun:",type:varchar(10),notnull"`
	Path          string    `bun:",type:varchar(2048),notnull"`
	Query         string    `bun:",type:text,notnull"`
	Status        int       `bun:",notnull"`
	LatencyMS     float64   `bun:"latency_ms,notnull"`
	ClientIP      string    `bun:",type:varchar(64),notnull"`
	RequestBody   string    `bun:",type:text,notnull"`
	ResponseBody  string    `bun:",type:text,notnull"`
	CreatedAt     time.Time `bun:",notnull"`
}

func migrateV3(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db,
		tableDef{
			model: (*v3APIKey)(nil),
			fks:   []string{"(owner_id) REFERENCES users (id) ON DELETE CASCADE"},
			indexes: []indexDef{
				{"api_keys_prefix_key", true, []string{"prefix"}},
				{"api_keys_access_key_key", true, []string{"access_key"}},
				{"api_keys_owner_idx", false, []string{"owner_id"}},
			},
		},
		tableDef{
			// No foreign keys: the audit log outlives keys and users.
			model: (*v3Audit)(nil),
			indexes: []indexDef{
				{"audit_owner_created_idx", false, []string{"owner_id", "created_at"}},
				{"audit_key_created_idx", false, []string{"key_id", "created_at"}},
				{"audit_created_idx", false, []string{"created_at"}},
			},
		},
	)
}
