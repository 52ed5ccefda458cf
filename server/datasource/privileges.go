package datasource

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// Why logins are checked: PostgreSQL functions that take SQL as text
// (ts_rewrite, crosstab, query_to_xml, …) run it where the SQL guard never
// looks, and dblink opens a second connection that is not read-only. A
// deny-list of functions can never be complete, so the login itself must
// be unable to do harm: Gobi inspects what it can do on save, on test and
// when it opens a pool, and refuses a privileged login unless an admin
// set allow_privileged on that data source.

// ErrPrivileged is returned (wrapped, with the privileges named) when a
// data source's login can do more than read and no admin allowed it.
var ErrPrivileged = errors.New("the data source's login has privileges beyond reading")

// privilegedError is the API refusal: 422 datasource_privileged, one field
// per privilege, and the SQL that creates a read-only login.
func privilegedError(d api.Dialect, database string, privileges []string) *fault.Error {
	fields := make([]api.FieldError, len(privileges))
	for i, p := range privileges {
		fields[i] = api.FieldError{Path: "privileges", Message: p}
	}
	msg := fmt.Sprintf("the login can do more than read (%s); Gobi refuses such logins because functions that run SQL "+
		"given as text, or connect elsewhere, escape a read-only transaction. Connect with a read-only login, for example: %s "+
		"(an admin can accept this login anyway with \"allow_privileged\": true)",
		strings.Join(privileges, "; "), readOnlyRoleSQL(d, database))
	return &fault.Error{Kind: fault.Invalid, Code: "datasource_privileged", Message: msg, Fields: fields,
		Cause: fmt.Errorf("%w: %s", ErrPrivileged, strings.Join(privileges, "; "))}
}

// readOnlyRoleSQL shows how to create a least-privilege login.
func readOnlyRoleSQL(d api.Dialect, database string) string {
	if database == "" {
		database = "sales"
	}
	switch d {
	case api.MySQL:
		return fmt.Sprintf("CREATE USER 'gobi_reader'@'%%' IDENTIFIED BY '…'; GRANT SELECT, SHOW VIEW ON `%s`.* TO 'gobi_reader'@'%%';", database)
	default:
		return fmt.Sprintf(`CREATE ROLE gobi_reader LOGIN PASSWORD '…'; GRANT CONNECT ON DATABASE %q TO gobi_reader; `+
			"GRANT USAGE ON SCHEMA public TO gobi_reader; GRANT SELECT ON ALL TABLES IN SCHEMA public TO gobi_reader; "+
			"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO gobi_reader; "+
			"(on PostgreSQL 14 and older also: REVOKE CREATE ON SCHEMA public FROM PUBLIC;)", database)
	}
}

// allowFlag decides the allow_privileged value of a save. Only an admin may
// set it; a non-admin who changes the connection details of an allowed
// data source loses it, so an accepted login cannot be swapped for another.
func allowFlag(p auth.Principal, in *bool, old bool, specChanged bool) (bool, error) {
	if in != nil {
		if *in && !p.IsAdmin() {
			return false, fault.Deny("only an admin may set allow_privileged")
		}
		return *in, nil
	}
	if specChanged && !p.IsAdmin() {
		return false, nil
	}
	return old, nil
}

// inspect connects with sp and returns what the login can do. SQLite has
// no logins.
func (s *Service) inspect(ctx context.Context, d *Datasource, sp spec) (readonly.Info, error) {
	if d.Type == api.SQLite {
		return readonly.Info{Dialect: api.SQLite}, nil
	}
	dsn, err := sp.dsn(d.Type)
	if err != nil {
		return readonly.Info{}, fault.Fields(fault.Field("dsn", "%v", err))
	}
	db, err := readonly.Open(ctx, d.Type, dsn, readonly.OpenOptions{Limits: readonly.PoolLimits{MaxOpen: 1, MaxIdle: 1}, Dial: s.policy.DialContext})
	if err != nil {
		return readonly.Info{}, fault.Fields(fault.Field("dsn", "%s", Describe(err)))
	}
	defer db.Close()
	info, err := readonly.Ping(ctx, db, d.Type)
	if err != nil {
		return readonly.Info{}, fault.Wrap(fault.Upstream, "datasource_unreachable",
			"the data source did not answer, so its login's privileges could not be checked: "+Describe(err), err)
	}
	return info, nil
}

// checkPrivileges refuses a privileged login on save unless allowed. An
// allowed data source is not contacted, so it can be saved while its
// server is down.
func (s *Service) checkPrivileges(ctx context.Context, d *Datasource, sp spec) error {
	if d.AllowPrivileged || d.Type == api.SQLite {
		return nil
	}
	info, err := s.inspect(ctx, d, sp)
	if err != nil {
		return err
	}
	if len(info.Privileged) > 0 {
		return privilegedError(d.Type, d.DatabaseName, info.Privileged)
	}
	return nil
}

// WarnPrivileged logs a warning for every data source an admin allowed to
// use a privileged login. The app calls it at start-up, so that such
// exceptions stay visible.
func (s *Service) WarnPrivileged(ctx context.Context, log *slog.Logger) error {
	var ds []Datasource
	if err := s.db.NewSelect().Model(&ds).Where("allow_privileged = ?", true).Order("id").Scan(ctx); err != nil {
		return fmt.Errorf("list privileged data sources: %w", err)
	}
	for _, d := range ds {
		log.Warn("data source allowed to use a privileged login: the SQL guard is its only protection against SQL run from text arguments",
			"datasource_id", d.ID, "name", d.Name, "owner_id", d.OwnerID, "type", d.Type, "host", d.Host, "database", d.DatabaseName, "username", d.Username)
	}
	return nil
}
