package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Version 20261202000007 (result budgets):
//   - datasources.max_result_bytes: the data source's own ceiling on one
//     result's bytes in memory; 0 = the server's (query.max_result_bytes),
//     which it can only lower.

func migrateV7(ctx context.Context, db *bun.DB) error {
	const stmt = "ALTER TABLE datasources ADD COLUMN max_result_bytes BIGINT NOT NULL DEFAULT 0"
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}
