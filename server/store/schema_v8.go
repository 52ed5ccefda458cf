package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Version 20261202000008 (request ids):
//   - audit_logs.request_id: the request's X-Request-ID, also in the log
//     lines and the error body of that request.

func migrateV8(ctx context.Context, db *bun.DB) error {
	const stmt = "ALTER TABLE audit_logs ADD COLUMN request_id VARCHAR(64) NOT NULL DEFAULT ''"
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}
