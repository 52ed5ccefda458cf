package api

import "time"

// Query is a saved SQL query.
type Query struct {
	ID           int64      `json:"id"`
	OwnerID      int64      `json:"owner_id"`
	DatasourceID int64      `json:"datasource_id"`
	Name         string     `json:"name"`
	Description  string     `json:"description"`
	SQL          string     `json:"sql"`
	Params       []ParamDef `json:"params"`
	TimeoutMS    int64      `json:"timeout_ms,omitempty"`
	MaxRows      int        `json:"max_rows,omitempty"`
	CacheTTLMS   int64      `json:"cache_ttl_ms,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	// Access is the caller's: owner, editor or viewer (shared with them).
	Access Access `json:"access,omitempty"`
	// Owner is the owner's username, on items shared with the caller.
	Owner string `json:"owner,omitempty"`
}

// QueryInput creates or replaces a saved query. Every :name in SQL must
// be declared in Params.
type QueryInput struct {
	DatasourceID int64      `json:"datasource_id"`
	Name         string     `json:"name"`
	Description  string     `json:"description,omitempty"`
	SQL          string     `json:"sql"`
	Params       []ParamDef `json:"params,omitempty"`
	TimeoutMS    int64      `json:"timeout_ms,omitempty"`
	MaxRows      int        `json:"max_rows,omitempty"`
	CacheTTLMS   int64      `json:"cache_ttl_ms,omitempty"`
}

// ExecuteRequest runs a saved query. All fields are optional.
type ExecuteRequest struct {
	Params    map[string]any `json:"params,omitempty"`
	MaxRows   int            `json:"max_rows,omitempty"`
	TimeoutMS int64          `json:"timeout_ms,omitempty"`
	// NoCache skips the result cache for this run.
	NoCache bool `json:"no_cache,omitempty"`

	// Partial asks for the rows that fit in the result's byte budget,
	// marked truncated, instead of a 422 result_too_large.
	Partial bool `json:"partial,omitempty"`

	// RunID, when set, names this run so that the caller can stop it
	// while it runs: POST /api/queries/runs/{run_id}/cancel. 1 to 64
	// letters, digits, '-' or '_', unique among the caller's running
	// queries.
	RunID string `json:"run_id,omitempty"`
}

// AdhocQuery runs SQL that is not saved (the query editor). Parameters
// used in SQL but not declared in ParamDefs are taken as strings.
type AdhocQuery struct {
	SQL       string         `json:"sql"`
	Params    map[string]any `json:"params,omitempty"`
	ParamDefs []ParamDef     `json:"param_defs,omitempty"`
	MaxRows   int            `json:"max_rows,omitempty"`
	TimeoutMS int64          `json:"timeout_ms,omitempty"`

	// Partial: as in ExecuteRequest.
	Partial bool `json:"partial,omitempty"`

	// RunID: as in ExecuteRequest.
	RunID string `json:"run_id,omitempty"`
}

// Execution is one recorded run of a query.
type Execution struct {
	ID           int64     `json:"id"`
	UserID       int64     `json:"user_id"`
	QueryID      *int64    `json:"query_id,omitempty"`
	DatasourceID *int64    `json:"datasource_id,omitempty"`
	StartedAt    time.Time `json:"started_at"`
	DurationMS   float64   `json:"duration_ms"`
	RowCount     int       `json:"row_count"`
	Truncated    bool      `json:"truncated"`
	Cached       bool      `json:"cached"`
	// Status is success, error, timeout, canceled or refused.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Stats is the caller's overview on the home screen.
type Stats struct {
	Datasources    int64       `json:"datasources"`
	Queries        int64       `json:"queries"`
	Charts         int64       `json:"charts"`
	Executions     int64       `json:"executions"`
	Executions24h  int64       `json:"executions_24h"`
	Failures24h    int64       `json:"failures_24h"`
	RecentFailures []Execution `json:"recent_failures"`
}
