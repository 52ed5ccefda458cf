package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Snapshot of the schema added at version 20261123000002.

type v2Chart struct {
	bun.BaseModel `bun:"table:charts"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	QueryID       *int64    `bun:""`
	Name          string    `bun:",type:varchar(200),notnull"`
	Description   string    `bun:",type:text,notnull"`
	Type          string    `bun:",type:varchar(32),notnull"`
	Spec          string    `bun:",type:text,notnull"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`
}

func migrateV2(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db, tableDef{
		model: (*v2Chart)(nil),
		fks: []string{
			"(owner_id) REFERENCES users (id) ON DELETE CASCADE",
			// A query that charts use cannot be deleted (409), rather than
			// leaving charts without data.
			"(query_id) REFERENCES queries (id) ON DELETE RESTRICT",
		},
		indexes: []indexDef{
			{"charts_owner_name_key", true, []string{"owner_id", "name"}},
			{"charts_query_idx", false, []string{"query_id"}},
		},
	})
}
