package query

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Query is a stored query. Params is kept as JSON text so the schema is
// the same on every dialect.
type Query struct {
	bun.BaseModel `bun:"table:queries"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	DatasourceID  int64     `bun:",notnull"`
	Name          string    `bun:",notnull"`
	Description   string    `bun:",notnull"`
	SQL           string    `bun:"sql,notnull"`
	Params        string    `bun:",notnull"`
	TimeoutMS     int64     `bun:"timeout_ms,notnull"`
	MaxRows       int       `bun:",notnull"`
	CacheTTLMS    int64     `bun:"cache_ttl_ms,notnull"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`

	// Access and OwnerName are the caller's access and, when not the
	// owner, the owner's username: set by Get and List, not stored.
	Access    api.Access `bun:"-"`
	OwnerName string     `bun:"-"`
}

// AfterScanRow refuses a row whose parameter definitions do not decode,
// so a query never runs with its declarations silently dropped.
func (q *Query) AfterScanRow(context.Context) error {
	var defs []api.ParamDef
	if err := json.Unmarshal([]byte(q.Params), &defs); err != nil {
		return fmt.Errorf("query %d: stored parameters do not decode: %w", q.ID, err)
	}
	return nil
}

// Defs decodes the parameter definitions (checked when loaded).
func (q *Query) Defs() []api.ParamDef {
	var defs []api.ParamDef
	_ = json.Unmarshal([]byte(q.Params), &defs) // written by us, validated on save
	if defs == nil {
		defs = []api.ParamDef{}
	}
	return defs
}

// View is the API form of q.
func (q *Query) View() api.Query {
	return api.Query{ID: q.ID, OwnerID: q.OwnerID, DatasourceID: q.DatasourceID, Name: q.Name,
		Description: q.Description, SQL: q.SQL, Params: q.Defs(), TimeoutMS: q.TimeoutMS, MaxRows: q.MaxRows,
		CacheTTLMS: q.CacheTTLMS, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt,
		Access: q.Access, Owner: q.OwnerName}
}

// Execution records one run.
type Execution struct {
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
	Status        string    `bun:",notnull"`
	Error         string    `bun:",notnull"`
}

// View is the API form of e.
func (e *Execution) View() api.Execution {
	return api.Execution{ID: e.ID, UserID: e.UserID, QueryID: e.QueryID, DatasourceID: e.DatasourceID,
		StartedAt: e.StartedAt, DurationMS: e.DurationMS, RowCount: e.RowCount, Truncated: e.Truncated,
		Cached: e.Cached, Status: e.Status, Error: e.Error}
}

// Execution statuses.
const (
	StatusSuccess  = "success"
	StatusError    = "error"
	StatusTimeout  = "timeout"
	StatusCanceled = "canceled"
	StatusRefused  = "refused"
)
