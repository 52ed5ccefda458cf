package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Version 20261202000006 (audit of refused calls):
//   - audit_logs.reason: why a key request was refused (rate_limited,
//     bad_signature, replay, revoked_key, unknown_key, forbidden, …);
//     empty for a request that was answered.
//   - audit_logs.key_prefix: the public prefix of the key presented when
//     the key is unknown (never the secret part).
//   - owner_id stays NOT NULL (SQLite cannot relax a column in place): 0
//     means no known owner, and the API shows it as null.

func migrateV6(ctx context.Context, db *bun.DB) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, stmt := range []string{
			"ALTER TABLE audit_logs ADD COLUMN reason VARCHAR(40) NOT NULL DEFAULT ''",
			"ALTER TABLE audit_logs ADD COLUMN key_prefix VARCHAR(40) NOT NULL DEFAULT ''",
			"CREATE INDEX audit_reason_created_idx ON audit_logs (reason, created_at)",
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
}
