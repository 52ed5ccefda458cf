package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Snapshot of the schema at version 20261123000001.

type v1User struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64     `bun:",pk,autoincrement"`
	Username      string    `bun:",type:varchar(64),notnull"`
	PasswordHash  string    `bun:",type:varchar(100),notnull"`
	Role          string    `bun:",type:varchar(16),notnull"`
	TokenVersion  int64     `bun:",notnull,default:0"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`
}

type v1Datasource struct {
	bun.BaseModel `bun:"table:datasources"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	Name          string    `bun:",type:varchar(200),notnull"`
	Type          string    `bun:",type:varchar(16),notnull"`
	Host          string    `bun:",type:varchar(255),notnull"`
	Port          int       `bun:",notnull"`
	DatabaseName  string    `bun:",type:varchar(255),notnull"`
	Username      string    `bun:",type:varchar(255),notnull"`
	DSNSealed     string    `bun:"dsn_sealed,type:text,notnull"`
	MaxOpenConns  int       `bun:",notnull"`
	QueryTimeout  int64     `bun:"query_timeout_ms,notnull"`
	MaxRows       int       `bun:",notnull"`
	Version       int64     `bun:",notnull,default:1"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`
}

type v1Query struct {
	bun.BaseModel `bun:"table:queries"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	DatasourceID  int64     `bun:",notnull"`
	Name          string    `bun:",type:varchar(200),notnull"`
	Description   string    `bun:",type:text,notnull"`
	SQL           string    `bun:"sql,type:text,notnull"`
	Params        string    `bun:",type:text,notnull"`
	TimeoutMS     int64     `bun:"timeout_ms,notnull"`
	MaxRows       int       `bun:",notnull"`
	CacheTTLMS    int64     `bun:"cache_ttl_ms,notnull"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`
}

type v1Execution struct {
	bun.BaseModel `bun:"table:query_executions"`
	ID            int64     `bun:",pk,autoincrement"`
	UserID        int64     `bun:",notnull"`
	QueryID       *int64    `bun:""`
	DatasourceID  *int64    `bun:""`
	StartedAt     time.Time `bun:",notnull"`
	DurationMS    float64   `bun:"duration_ms,notnull"`
	RowCount      int       `bun:",notnull"`
	Truncated     bool      `bun:",notnull"`
	Cached        bool      `bun:",notnull"`
	Status        string    `bun:",type:varchar(16),notnull"`
	Error         string    `bun:",type:text,notnull"`
}

func migrateV1(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db,
		tableDef{model: (*v1User)(nil), indexes: []indexDef{{"users_username_key", true, []string{"username"}}}},
		tableDef{
			model:   (*v1Datasource)(nil),
			fks:     []string{"(owner_id) REFERENCES users (id) ON DELETE CASCADE"},
			indexes: []indexDef{{"datasources_owner_name_key", true, []string{"owner_id", "name"}}},
		},
		tableDef{
			model: (*v1Query)(nil),
			fks: []string{
				"(owner_id) REFERENCES users (id) ON DELETE CASCADE",
				"(datasource_id) REFERENCES datasources (id) ON DELETE CASCADE",
			},
			indexes: []indexDef{
				{"queries_owner_name_key", true, []string{"owner_id", "name"}},
				{"queries_datasource_idx", false, []string{"datasource_id"}},
			},
		},
		tableDef{
			model: (*v1Execution)(nil),
			fks: []string{
				"(user_id) REFERENCES users (id) ON DELETE CASCADE",
				"(query_id) REFERENCES queries (id) ON DELETE SET NULL",
				"(datasource_id) REFERENCES datasources (id) ON DELETE SET NULL",
			},
			indexes: []indexDef{
				{"executions_user_started_idx", false, []string{"user_id", "started_at"}},
				{"executions_query_idx", false, []string{"query_id"}},
			},
		},
	)
}
