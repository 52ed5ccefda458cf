package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Version 20261202000005 (hardening):
//   - datasources.allow_privileged: an admin accepted a login that can do
//     more than read (superuser, FILE, …); recorded and shown.
//   - api_keys.scopes: what a key may do, space-separated; keys made
//     before scopes existed keep "read" only, the new default.
//   - users.username is stored trimmed and lower-cased, so usernames are
//     unique case-insensitively on every store.

func migrateV5(ctx context.Context, db *bun.DB) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, stmt := range []string{
			"ALTER TABLE datasources ADD COLUMN allow_privileged BOOLEAN NOT NULL DEFAULT FALSE",
			"ALTER TABLE api_keys ADD COLUMN scopes VARCHAR(200) NOT NULL DEFAULT 'read'",
			"UPDATE users SET username = LOWER(TRIM(username))",
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
}
