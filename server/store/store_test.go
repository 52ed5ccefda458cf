package store

import (
	"context"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestMigrateEachDialect(t *testing.T) {
	EachDialect(t, func(t *testing.T, d api.Dialect, dsn string) {
		ctx := context.Background()
		db, err := Open(ctx, d, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		applied, err := Migrate(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != len(steps) {
			t.Fatalf("applied %v, want %d migrations", applied, len(steps))
		}
		again, err := Migrate(ctx, db)
		if err != nil || len(again) != 0 {
			t.Fatalf("second Migrate applied %v, err %v; want nothing", again, err)
		}
		now := time.Now().UTC()
		u := &v1User{Username: "ann", PasswordHash: "x", Role: "user", CreatedAt: now, UpdatedAt: now}
		if _, err := db.NewInsert().Model(u).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Fatal("insert did not return the id")
		}
		dup := &v1User{Username: "ann", PasswordHash: "x", Role: "user", CreatedAt: now, UpdatedAt: now}
		_, err = db.NewInsert().Model(dup).Exec(ctx)
		if !IsDuplicate(err) {
			t.Fatalf("duplicate username: err = %v, want a duplicate error", err)
		}
		if Dialect(db) != d {
			t.Fatalf("Dialect = %s, want %s", Dialect(db), d)
		}
	})
}

// TestMigrateV6AuditColumns: rows written by code that predates v6 (the
// v3 snapshot) read back as answered calls with no key prefix, and the
// new columns take values on every store.
func TestMigrateV6AuditColumns(t *testing.T) {
	EachDialect(t, func(t *testing.T, d api.Dialect, dsn string) {
		ctx := context.Background()
		db, err := Open(ctx, d, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		old := &v3Audit{OwnerID: 1, Method: "GET", Path: "/api/queries", Status: 200, CreatedAt: time.Now().UTC()}
		if _, err := db.NewInsert().Model(old).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO audit_logs (owner_id, method, path, query, status, latency_ms, client_ip, request_body, response_body, created_at, reason, key_prefix) VALUES (0, 'GET', '/x', '', 403, 0, '', '', '', ?, 'bad_signature', 'ab12cd…')", time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		var got []struct{ Reason, KeyPrefix string }
		if err := db.NewSelect().Table("audit_logs").Column("reason", "key_prefix").OrderExpr("id").Scan(ctx, &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Reason != "" || got[0].KeyPrefix != "" || got[1].Reason != "bad_signature" || got[1].KeyPrefix != "ab12cd…" {
			t.Fatalf("audit rows after v6: %+v", got)
		}
	})
}
