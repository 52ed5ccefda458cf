package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Snapshot of the schema added at version 20261123000004.

type v4Dashboard struct {
	bun.BaseModel `bun:"table:dashboards"`
	ID            int64  `bun:",pk,autoincrement"`
	OwnerID       int64  `bun:",notnull"`
	Title         string `bun:",type:varchar(200),notnull"`
	Description   string `bun:",type:text,notnull"`
	// Tiles and Params are JSON: the layout is read and written whole.
	Tiles     string    `bun:",type:text,notnull"`
	Params    string    `bun:",type:text,notnull"`
	CreatedAt time.Time `bun:",notnull"`
	UpdatedAt time.Time `bun:",notnull"`
}

type v4EmbedLink struct {
	bun.BaseModel `bun:"table:embed_links"`
	ID            int64  `bun:",pk,autoincrement"`
	OwnerID       int64  `bun:",notnull"`
	Kind          string `bun:",type:varchar(16),notnull"`
	ItemID        int64  `bun:",notnull"`
	// Params are the locked parameter values, as JSON.
	Params    string     `bun:",type:text,notnull"`
	ExpiresAt time.Time  `bun:",notnull"`
	RevokedAt *time.Time `bun:""`
	CreatedAt time.Time  `bun:",notnull"`
}

func migrateV4(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db,
		tableDef{
			model: (*v4Dashboard)(nil),
			fks:   []string{"(owner_id) REFERENCES users (id) ON DELETE CASCADE"},
			indexes: []indexDef{
				{"dashboards_owner_title_key", true, []string{"owner_id", "title"}},
			},
		},
		tableDef{
			// The item is a chart or a dashboard, so it has no foreign key;
			// a link to a deleted item stops working (410).
			model: (*v4EmbedLink)(nil),
			fks:   []string{"(owner_id) REFERENCES users (id) ON DELETE CASCADE"},
			indexes: []indexDef{
				{"embed_links_owner_idx", false, []string{"owner_id"}},
				{"embed_links_item_idx", false, []string{"kind", "item_id"}},
			},
		},
	)
}
