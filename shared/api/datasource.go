package api

import "time"

// Datasource is a data source as the API shows it. Credentials are never
// returned: DSN is masked ("postgres://gobi:****@db:5432/sales").
type Datasource struct {
	ID       int64   `json:"id"`
	OwnerID  int64   `json:"owner_id"`
	Name     string  `json:"name"`
	Type     Dialect `json:"type"`
	Host     string  `json:"host,omitempty"`
	Port     int     `json:"port,omitempty"`
	Database string  `json:"database,omitempty"`
	Username string  `json:"username,omitempty"`
	Path     string  `json:"path,omitempty"`
	// SSLMode is the ssl_mode given with the separate fields.
	SSLMode        string    `json:"ssl_mode,omitempty"`
	DSN            string    `json:"dsn"`
	MaxOpenConns   int       `json:"max_open_conns"`
	QueryTimeoutMS int64     `json:"query_timeout_ms"`
	MaxRows        int       `json:"max_rows"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	// AllowPrivileged is set when an admin accepted a login that can do
	// more than read (see DatasourceInput.AllowPrivileged).
	AllowPrivileged bool `json:"allow_privileged"`
	// MaxResultBytes is the source's ceiling on one result's bytes; 0 =
	// the server's.
	MaxResultBytes int64 `json:"max_result_bytes"`
}

// DatasourceInput creates or replaces a data source. Give either DSN (a
// postgres:// URL, a MySQL DSN "user:pass@tcp(host:3306)/db", or for
// SQLite a file name inside the server's datasets directory) or the
// separate fields. On update, empty secret fields keep their old values.
type DatasourceInput struct {
	Name     string  `json:"name"`
	Type     Dialect `json:"type"`
	DSN      string  `json:"dsn,omitempty"`
	Host     string  `json:"host,omitempty"`
	Port     int     `json:"port,omitempty"`
	Database string  `json:"database,omitempty"`
	Username string  `json:"username,omitempty"`
	Password string  `json:"password,omitempty"`
	// SSLMode is PostgreSQL's sslmode (disable, allow, prefer, require,
	// verify-ca, verify-full) or the MySQL driver's tls (false, preferred,
	// true, skip-verify), used with the separate fields; a DSN carries its
	// own. Empty is the driver's default.
	SSLMode string `json:"ssl_mode,omitempty"`
	// Path is the SQLite file name inside the datasets directory.
	Path           string `json:"path,omitempty"`
	MaxOpenConns   int    `json:"max_open_conns,omitempty"`
	QueryTimeoutMS int64  `json:"query_timeout_ms,omitempty"`
	MaxRows        int    `json:"max_rows,omitempty"`

	// AllowPrivileged accepts a login with privileges beyond reading
	// (superuser, pg_read_server_files, FILE, write grants, …), which Gobi
	// otherwise refuses. Only an admin may set it to true. Omitted on
	// update: kept, unless a non-admin changes the connection details.
	AllowPrivileged *bool `json:"allow_privileged,omitempty"`
	// MaxResultBytes lowers the server's per-result byte budget for this
	// source (65536 or more; 0 = the server's).
	MaxResultBytes int64 `json:"max_result_bytes,omitempty"`
}

// DatasourceTest is the outcome of testing a data source's connection.
type DatasourceTest struct {
	OK            bool     `json:"ok"`
	ServerVersion string   `json:"server_version,omitempty"`
	DurationMS    float64  `json:"duration_ms"`
	Warnings      []string `json:"warnings,omitempty"`

	// Privileged lists what the login can do beyond reading; non-empty
	// only for a data source an admin allowed to be privileged.
	Privileged []string `json:"privileged,omitempty"`
}

// DatasourceSchema is what a data source's login can read: its tables and
// views with their columns, for the query editor's schema browser.
type DatasourceSchema struct {
	Tables []SchemaTable `json:"tables"`
	// Truncated is set when the database has more columns than one
	// answer lists.
	Truncated bool `json:"truncated,omitempty"`
}

// SchemaTable is one table or view.
type SchemaTable struct {
	// Schema is the PostgreSQL schema or MySQL database; empty on SQLite.
	Schema  string         `json:"schema,omitempty"`
	Name    string         `json:"name"`
	View    bool           `json:"view,omitempty"`
	Columns []SchemaColumn `json:"columns"`
}

// SchemaColumn is one column of a table, with its database type.
type SchemaColumn struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
}

// DatasetFile is a SQLite file in the server's datasets directory that a
// SQLite data source may name (GET /api/datasets).
type DatasetFile struct {
	// Name is the file's name relative to the datasets directory.
	Name string `json:"name"`
	// Path is what DatasourceInput.Path takes to use this file.
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
}

// SSLModes are the ssl_mode values each dialect takes: PostgreSQL's
// sslmode and the MySQL driver's tls parameter, from the least to the
// most protected. Empty is the driver's default (prefer on PostgreSQL,
// no TLS on MySQL). The server checks saves against it; the web client
// offers these.
var SSLModes = map[Dialect][]string{
	Postgres: {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"},
	MySQL:    {"false", "preferred", "skip-verify", "true"},
}
