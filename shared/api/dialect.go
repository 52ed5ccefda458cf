package api

// Dialect names a SQL database family. It is used both for data sources
// (the databases users query) and for the metadata store.
type Dialect string

// The dialects Gobi speaks.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
)

// Dialects lists every supported dialect, in a stable order.
var Dialects = []Dialect{SQLite, Postgres, MySQL}

// Valid reports whether d is one of the supported dialects.
func (d Dialect) Valid() bool {
	switch d {
	case SQLite, Postgres, MySQL:
		return true
	}
	return false
}
