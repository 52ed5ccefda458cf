package api

// ColumnType is the portable type of a result column. Database types are
// mapped onto this small set so that clients never deal with dialect names.
type ColumnType string

// The portable column types.
const (
	TypeString ColumnType = "string"
	TypeInt    ColumnType = "int"
	TypeFloat  ColumnType = "float"
	TypeBool   ColumnType = "bool"
	TypeTime   ColumnType = "time"
	TypeBytes  ColumnType = "bytes"
	TypeNull   ColumnType = "null"
)

// Column describes one column of a query result.
type Column struct {
	Name string     `json:"name"`
	Type ColumnType `json:"type"`
}

// Result is a query result in columnar-header, row-major form: the column
// list once, then rows as positional arrays. This is ~40% smaller on the
// wire than an array of objects and cheaper to encode.
//
// Row values are JSON-friendly: string, int64, float64, bool, time as an
// RFC 3339 string, bytes as base64 (Go's []byte encoding), or null.
type Result struct {
	Columns    []Column `json:"columns"`
	Rows       [][]any  `json:"rows"`
	RowCount   int      `json:"row_count"`
	Truncated  bool     `json:"truncated"`
	DurationMS float64  `json:"duration_ms"`
	Cached     bool     `json:"cached,omitempty"`

	// TruncatedReason says which limit cut a truncated result: "rows"
	// (max_rows) or "bytes" (the byte budget, with partial requested).
	TruncatedReason string `json:"truncated_reason,omitempty"`
}
