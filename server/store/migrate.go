package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// step is one versioned migration. Up receives the database and creates
// schema from snapshot structs frozen at that version, never from the
// feature packages' live models, so old migrations keep meaning what
// they meant.
type step struct {
	name    string // sortable version, YYYYMMDDNNNNNN
	comment string
	up      func(ctx context.Context, db *bun.DB) error
}

// steps is the ordered history of the schema. Append only.
var steps = []step{
	{"20261123000001", "users, data sources, queries, executions", migrateV1},
	{"20261123000002", "charts", migrateV2},
	{"20261123000003", "api keys, audit log", migrateV3},
	{"20261123000004", "dashboards, embed links", migrateV4},
	{"20261202000005", "privileged data sources, key scopes, case-insensitive usernames", migrateV5},
	{"20261202000006", "audit: refusal reason, presented key prefix", migrateV6},
	{"20261202000007", "data-source result byte ceilings", migrateV7},
	{"20261202000008", "audit: request ids", migrateV8},
	{"20261203000009", "shares", migrateV9},
	{"20261203000010", "webhooks", migrateV10},
}

// Migrate applies every migration not yet applied, under bun's migration
// lock so that two instances starting together do not race.
func Migrate(ctx context.Context, db *bun.DB) (applied []string, err error) {
	ms := migrate.NewMigrations()
	for _, s := range steps {
		up := s.up
		ms.Add(migrate.Migration{
			Name:    s.name,
			Comment: s.comment,
			Up: func(ctx context.Context, m *migrate.Migrator, _ *migrate.Migration) error {
				return up(ctx, m.DB())
			},
			Down: func(context.Context, *migrate.Migrator, *migrate.Migration) error {
				return fmt.Errorf("migration %s cannot be rolled back; restore a backup", s.name)
			},
		})
	}
	m := migrate.NewMigrator(db, ms, migrate.WithTableName("gobi_migrations"), migrate.WithLocksTableName("gobi_migration_locks"), migrate.WithMarkAppliedOnSuccess(true))
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("store: init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("store: lock migrations: %w", err)
	}
	defer func() {
		if uerr := m.Unlock(context.WithoutCancel(ctx)); uerr != nil && err == nil {
			err = fmt.Errorf("store: unlock migrations: %w", uerr)
		}
	}()
	group, err := m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	for _, mg := range group.Migrations {
		applied = append(applied, mg.Name)
	}
	return applied, nil
}

// createTables creates each snapshot model's table with its foreign keys.
func createTables(ctx context.Context, db *bun.DB, tables ...tableDef) error {
	for _, t := range tables {
		q := db.NewCreateTable().Model(t.model).IfNotExists()
		for _, fk := range t.fks {
			q = q.ForeignKey(fk)
		}
		if _, err := q.Exec(ctx); err != nil {
			return fmt.Errorf("create table %T: %w", t.model, err)
		}
		for _, ix := range t.indexes {
			iq := db.NewCreateIndex().Model(t.model).Index(ix.name).Column(ix.columns...)
			if ix.unique {
				iq = iq.Unique()
			}
			if _, err := iq.Exec(ctx); err != nil {
				return fmt.Errorf("create index %s: %w", ix.name, err)
			}
		}
	}
	return nil
}

type tableDef struct {
	model   any
	fks     []string
	indexes []indexDef
}

type indexDef struct {
	name    string
	unique  bool
	columns []string
}
