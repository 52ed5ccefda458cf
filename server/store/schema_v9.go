package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Version 20261203000009 (shares):
//   - shares: a dashboard, chart or query (kind, resource_id) shared with
//     one user (grantee_id) or with every user (everyone, grantee_id
//     NULL), as viewer or editor. The resource has no foreign key (it is
//     one of three tables); its service deletes its shares with it. A
//     deleted grantee's shares go with them.

type v9Share struct {
	bun.BaseModel `bun:"table:shares"`
	ID            int64     `bun:",pk,autoincrement"`
	Kind          string    `bun:",type:varchar(16),notnull"`
	ResourceID    int64     `bun:",notnull"`
	GranteeID     *int64    `bun:""`
	Everyone      bool      `bun:",notnull"`
	Role          string    `bun:",type:varchar(16),notnull"`
	CreatedBy     int64     `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
}

func migrateV9(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db, tableDef{
		model: (*v9Share)(nil),
		fks:   []string{"(grantee_id) REFERENCES users (id) ON DELETE CASCADE"},
		indexes: []indexDef{
			{"shares_resource_idx", false, []string{"kind", "resource_id"}},
			{"shares_grantee_idx", false, []string{"grantee_id", "kind"}},
		},
	})
}
