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
