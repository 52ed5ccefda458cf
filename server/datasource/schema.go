package datasource

import (
	"context"
	"fmt"
	"time"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// schemaQueries list every column the login may read, one row per
// column: schema, table, table or view, column, type, nullable. They ask
// the catalogue views, which show only what the login has privileges on.
var schemaQueries = map[api.Dialect]string{
	api.SQLite: `SELECT '' AS table_schema, m.name AS table_name, m.type AS table_type, p.name AS column_name,
       p.type AS data_type, CASE WHEN p."notnull" = 1 THEN 'NO' ELSE 'YES' END AS is_nullable
FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, p.cid`,
	api.Postgres: `SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable
FROM information_schema.columns AS c
JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\_toast%'
ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
	api.MySQL: `SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.column_type, c.is_nullable
FROM information_schema.columns AS c
JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = DATABASE()
ORDER BY c.table_name, c.ordinal_position`,
}

// Schema bounds: a catalogue of more columns than this is cut (and says
// so), and the listing may take at most schemaTimeout.
const (
	schemaMaxColumns = 20000
	schemaMaxBytes   = 8 << 20
	schemaTimeout    = 15 * time.Second
)

// Schema lists the tables and views of p's data source id and their
// columns, read through the same read-only path as queries.
func (s *Service) Schema(ctx context.Context, p auth.Principal, id int64) (api.DatasourceSchema, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return api.DatasourceSchema{}, err
	}
	stmt, ok := schemaQueries[d.Type]
	if !ok {
		return api.DatasourceSchema{}, fault.New(fault.Invalid, "", "listing the schema of a %s data source is not supported", d.Type)
	}
	db, err := s.DB(ctx, d)
	if err != nil {
		if _, ok := fault.As(err); ok {
			return api.DatasourceSchema{}, err // a privileged login
		}
		return api.DatasourceSchema{}, fault.Wrap(fault.Upstream, "datasource_unreachable", "cannot connect to the data source: "+Describe(err), err)
	}
	res, err := readonly.Run(ctx, db, d.Type, stmt, nil, readonly.Options{Timeout: schemaTimeout, MaxRows: schemaMaxColumns, MaxBytes: schemaMaxBytes})
	if err != nil {
		return api.DatasourceSchema{}, fault.Wrap(fault.Upstream, "datasource_error", "the data source could not list its schema: "+Describe(err),
			fmt.Errorf("schema of data source %d: %w", d.ID, err))
	}
	return schemaOf(res), nil
}

// schemaOf groups the catalogue's rows into tables.
func schemaOf(res *api.Result) api.DatasourceSchema {
	out := api.DatasourceSchema{Tables: []api.SchemaTable{}, Truncated: res.Truncated}
	for _, row := range res.Rows {
		if len(row) < 6 {
			continue
		}
		schema, table, kind, col, typ, nullable := str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5])
		n := len(out.Tables)
		if n == 0 || out.Tables[n-1].Schema != schema || out.Tables[n-1].Name != table {
			out.Tables = append(out.Tables, api.SchemaTable{Schema: schema, Name: table, View: kind == "view" || kind == "VIEW",
				Columns: []api.SchemaColumn{}})
			n++
		}
		out.Tables[n-1].Columns = append(out.Tables[n-1].Columns, api.SchemaColumn{Name: col, Type: typ, Nullable: nullable == "YES"})
	}
	return out
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
