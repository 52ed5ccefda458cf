package datasource

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Datasource is a stored data source. The connection spec, with its
// password, lives only in SpecSealed.
type Datasource struct {
	bun.BaseModel `bun:"table:datasources"`
	ID            int64       `bun:",pk,autoincrement"`
	OwnerID       int64       `bun:",notnull"`
	Name          string      `bun:",notnull"`
	Type          api.Dialect `bun:",notnull"`
	Host          string      `bun:",notnull"`
	Port          int         `bun:",notnull"`
	DatabaseName  string      `bun:",notnull"`
	Username      string      `bun:",notnull"`
	SpecSealed    string      `bun:"dsn_sealed,notnull"`
	MaxOpenConns  int         `bun:",notnull"`
	QueryTimeout  int64       `bun:"query_timeout_ms,notnull"`
	MaxRows       int         `bun:",notnull"`
	// AllowPrivileged records that an admin accepted a login that can do
	// more than read; without it such a login is refused.
	AllowPrivileged bool `bun:",notnull"`
	// MaxResultBytes lowers query.max_result_bytes for this source; 0 = the server's.
	MaxResultBytes int64 `bun:",notnull"`
	// Version changes on every update, so pools opened for an older
	// version are replaced.
	Version   int64     `bun:",notnull"`
	CreatedAt time.Time `bun:",notnull"`
	UpdatedAt time.Time `bun:",notnull"`
}

// View is the API form of d, with the DSN masked.
func (d *Datasource) View(s spec) api.Datasource {
	v := api.Datasource{
		ID: d.ID, OwnerID: d.OwnerID, Name: d.Name, Type: d.Type,
		Host: d.Host, Port: d.Port, Database: d.DatabaseName, Username: d.Username,
		DSN: s.masked(d.Type), MaxOpenConns: d.MaxOpenConns, QueryTimeoutMS: d.QueryTimeout, MaxRows: d.MaxRows,
		AllowPrivileged: d.AllowPrivileged, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
	v.MaxResultBytes = d.MaxResultBytes
	if d.Type == api.SQLite {
		v.Path = s.Path
	} else {
		v.SSLMode = s.SSLMode
	}
	return v
}

// Timeout is the data source's own query timeout, or 0 for the default.
func (d *Datasource) Timeout() time.Duration { return time.Duration(d.QueryTimeout) * time.Millisecond }
