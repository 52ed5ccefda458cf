package api

import "time"

// Dashboard is a saved dashboard: charts placed as tiles on a 12-column
// grid, and parameters that every chart on it receives (each chart takes
// only those its query declares).
type Dashboard struct {
	ID          int64      `json:"id"`
	OwnerID     int64      `json:"owner_id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Tiles       []Tile     `json:"tiles"`
	Params      []ParamDef `json:"params"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	// Access is the caller's: owner, editor or viewer (shared with them).
	Access Access `json:"access,omitempty"`
	// Owner is the owner's username, on items shared with the caller.
	Owner string `json:"owner,omitempty"`
}

// Tile places one chart on the grid. X and W count columns (0 ≤ X,
// X+W ≤ 12); Y and H count rows (H from 1 to 24). Tiles do not overlap.
type Tile struct {
	ChartID int64 `json:"chart_id"`
	X       int   `json:"x"`
	Y       int   `json:"y"`
	W       int   `json:"w"`
	H       int   `json:"h"`
}

// DashboardInput creates or replaces a dashboard. Params declare the
// dashboard's parameters with their default values, like a query's.
type DashboardInput struct {
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Tiles       []Tile     `json:"tiles,omitempty"`
	Params      []ParamDef `json:"params,omitempty"`
}

// ChoiceSource is where a dashboard parameter's offered values come
// from: the distinct values of one column of a saved query's result, the
// query run as the dashboard's owner with its default parameters.
type ChoiceSource struct {
	QueryID int64 `json:"query_id"`
	// Column names the result column; empty means the first.
	Column string `json:"column,omitempty"`
}

// ParamChoices are the values offered for one dashboard parameter, in
// the order of the query's rows, each once (null left out). Truncated
// says the query had more rows than were read.
type ParamChoices struct {
	Param     string `json:"param"`
	Values    []any  `json:"values"`
	Truncated bool   `json:"truncated,omitempty"`
}
