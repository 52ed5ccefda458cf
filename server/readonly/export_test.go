package readonly

import (
	"context"
	"database/sql"

	"github.com/gobi-bi/gobi/shared/api"
)

// RunSQLiteUnchecked runs stmt on a SQLite pool from Open the way Run does,
// minus Run's statement check, so that tests can show that the database
// layer alone (mode=ro, query_only, the authorizer, the attachment limit)
// refuses writes. The driver runs every statement of a script here.
func RunSQLiteUnchecked(ctx context.Context, db *sql.DB, stmt string) error {
	if _, err := poolOf(db, api.SQLite); err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := sqliteNoAttach(conn); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, stmt)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if de := sqliteError(err); de != nil {
		return de
	}
	return err
}

// MySQLGrants exposes the SHOW GRANTS reader to the tests.
func MySQLGrants(lines []string) (privileged, lesser, roles []string) {
	g := parseGrants(lines)
	return g.privileged, g.lesser, g.roles
}
