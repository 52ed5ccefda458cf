package datasource

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/netguard"
	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// Limits are the operator's bounds on data sources.
type Limits struct {
	MaxOpenConns   int
	MaxIdleConns   int
	ConnMaxLife    time.Duration
	MaxQueryTimout time.Duration
	MaxRows        int
	// MaxResultBytes is query.max_result_bytes, which a source may lower.
	MaxResultBytes int64
}

// Service is the data-source feature: storage, checks and pools.
type Service struct {
	db          bun.IDB
	box         *seal.Box
	policy      netguard.Policy
	datasetsDir string
	// forbidden are files SQLite sources may never read (the metadata DB).
	forbidden []string
	limits    Limits
	pools     *Pools
}

// Config wires a Service.
type Config struct {
	DB          bun.IDB
	Box         *seal.Box
	Policy      netguard.Policy
	DatasetsDir string
	Forbidden   []string
	Limits      Limits
}

// NewService returns the data-source service.
func NewService(c Config) *Service {
	s := &Service{db: c.DB, box: c.Box, policy: c.Policy, datasetsDir: c.DatasetsDir, forbidden: c.Forbidden, limits: c.Limits}
	s.pools = newPools(s.open)
	return s
}

// ErrNotFound is returned for a data source that is missing or not the
// caller's.
var ErrNotFound = errors.New("data source not found")

var where = func(id int64) seal.Where { return seal.Where{Table: "datasources", Column: "dsn_sealed", ID: id} }

// List returns the caller's data sources (an admin's: all).
func (s *Service) List(ctx context.Context, p auth.Principal) ([]api.Datasource, error) {
	var ds []Datasource
	if err := s.db.NewSelect().Model(&ds).ApplyQueryBuilder(p.Owns("owner_id")).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list data sources: %w", err)
	}
	out := make([]api.Datasource, 0, len(ds))
	for i := range ds {
		sp, err := s.spec(&ds[i])
		if err != nil {
			return nil, err
		}
		out = append(out, ds[i].View(sp))
	}
	return out, nil
}

// Get loads one data source the caller may see.
func (s *Service) Get(ctx context.Context, p auth.Principal, id int64) (*Datasource, error) {
	d := new(Datasource)
	err := s.db.NewSelect().Model(d).Where("id = ?", id).ApplyQueryBuilder(p.Owns("owner_id")).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("data source", id).With(ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load data source: %w", err)
	}
	return d, nil
}

// View returns the API form of d.
func (s *Service) View(d *Datasource) (api.Datasource, error) {
	sp, err := s.spec(d)
	if err != nil {
		return api.Datasource{}, err
	}
	return d.View(sp), nil
}

func (s *Service) spec(d *Datasource) (spec, error) {
	raw, err := s.box.Open(d.SpecSealed, where(d.ID))
	if err != nil {
		return spec{}, fmt.Errorf("data source %d: credentials cannot be decrypted (wrong encryption key?): %w", d.ID, err)
	}
	var sp spec
	if err := json.Unmarshal(raw, &sp); err != nil {
		return spec{}, fmt.Errorf("data source %d: %w", d.ID, err)
	}
	return sp, nil
}

// Create validates and stores a new data source owned by the caller.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.DatasourceInput) (*Datasource, error) {
	sp := specFrom(in)
	d := &Datasource{OwnerID: p.UserID, Version: 1}
	allow, err := allowFlag(p, in.AllowPrivileged, false, true)
	if err != nil {
		return nil, err
	}
	d.AllowPrivileged = allow
	if err := s.apply(ctx, d, in, sp); err != nil {
		return nil, err
	}
	if err := s.checkPrivileges(ctx, d, sp); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	d.CreatedAt, d.UpdatedAt = now, now
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(d).Exec(ctx); err != nil {
			return err
		}
		// The ciphertext is bound to the row id, known only now.
		return s.sealInto(ctx, tx, d, sp)
	})
	if store.IsDuplicate(err) {
		return nil, fault.Clash("you already have a data source named %q", d.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("create data source: %w", err)
	}
	return d, nil
}

func (s *Service) sealInto(ctx context.Context, db bun.IDB, d *Datasource, sp spec) error {
	raw, err := json.Marshal(sp)
	if err != nil {
		return err
	}
	if d.SpecSealed, err = s.box.Seal(raw, where(d.ID)); err != nil {
		return err
	}
	_, err = db.NewUpdate().Model(d).Column("dsn_sealed").WherePK().Exec(ctx)
	return err
}

// Update replaces a data source's settings; its pool is reopened.
func (s *Service) Update(ctx context.Context, p auth.Principal, id int64, in api.DatasourceInput) (*Datasource, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	old, err := s.spec(d)
	if err != nil {
		return nil, err
	}
	sp := old.merge(in)
	if in.Type != "" && in.Type != d.Type {
		sp = specFrom(in)
	}
	if sp.Password != "" && in.Password == "" && sp.Password == old.Password && movedFrom(old, sp, d.Type) {
		// A kept password is only ever sent where it was saved for: a
		// caller who may edit but never read it cannot redirect it.
		return nil, fault.Fields(fault.Field("password", "is required when the host or port changes"))
	}
	if in.Password == "" && old.DSN != "" && sp.DSN == "" && strings.Contains(old.masked(d.Type), "****") {
		// Fields replace a DSN that held a password, which they cannot
		// carry over: asking beats saving a source without it.
		return nil, fault.Fields(fault.Field("password", "is required when separate fields replace a DSN"))
	}
	changed := sp != old || (in.Type != "" && in.Type != d.Type)
	if d.AllowPrivileged, err = allowFlag(p, in.AllowPrivileged, d.AllowPrivileged, changed); err != nil {
		return nil, err
	}
	if err := s.apply(ctx, d, in, sp); err != nil {
		return nil, err
	}
	if err := s.checkPrivileges(ctx, d, sp); err != nil {
		return nil, err
	}
	d.Version++
	d.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(d).WherePK().Exec(ctx); err != nil {
			return err
		}
		return s.sealInto(ctx, tx, d, sp)
	})
	if store.IsDuplicate(err) {
		return nil, fault.Clash("you already have a data source named %q", d.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("update data source: %w", err)
	}
	s.pools.Drop(d.ID)
	return d, nil
}

// Delete removes a data source, its queries (cascade), and its pool.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id int64) error {
	res, err := s.db.NewDelete().Model((*Datasource)(nil)).Where("id = ?", id).ApplyQueryBuilder(p.Owns("owner_id")).Exec(ctx)
	if store.IsForeignKey(err) {
		// Its queries go with it, but not while charts use them.
		return fault.Clash("data source %d has queries used by charts; delete or change those charts first", id)
	}
	if err != nil {
		return fmt.Errorf("delete data source: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Missing("data source", id).With(ErrNotFound)
	}
	s.pools.Drop(id)
	return nil
}

// apply validates input and copies it onto d.
func (s *Service) apply(ctx context.Context, d *Datasource, in api.DatasourceInput, sp spec) error {
	var fields []api.FieldError
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		fields = append(fields, fault.Field("name", "is required, at most 200 characters"))
	}
	typ := in.Type
	if typ == "" {
		typ = d.Type
	}
	if !typ.Valid() {
		fields = append(fields, fault.Field("type", "must be sqlite, postgres or mysql"))
	}
	if in.MaxOpenConns < 0 || in.MaxOpenConns > s.limits.MaxOpenConns {
		fields = append(fields, fault.Field("max_open_conns", "must be between 1 and %d (0 = default)", s.limits.MaxOpenConns))
	}
	if in.QueryTimeoutMS < 0 || time.Duration(in.QueryTimeoutMS)*time.Millisecond > s.limits.MaxQueryTimout {
		fields = append(fields, fault.Field("query_timeout_ms", "must be between 1 and %d (0 = default)", s.limits.MaxQueryTimout.Milliseconds()))
	}
	if in.MaxRows < 0 || in.MaxRows > s.limits.MaxRows {
		fields = append(fields, fault.Field("max_rows", "must be between 1 and %d (0 = default)", s.limits.MaxRows))
	}
	if in.MaxResultBytes != 0 && (in.MaxResultBytes < 64<<10 || in.MaxResultBytes > s.limits.MaxResultBytes) {
		fields = append(fields, fault.Field("max_result_bytes", "must be between 65536 and %d (0 = default)", s.limits.MaxResultBytes))
	}
	if msg := sslModeProblem(typ, in.SSLMode); msg != "" {
		fields = append(fields, fault.Field("ssl_mode", "%s", msg))
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	d.MaxResultBytes = in.MaxResultBytes
	d.Name, d.Type = name, typ
	d.MaxOpenConns, d.QueryTimeout, d.MaxRows = in.MaxOpenConns, in.QueryTimeoutMS, in.MaxRows
	return s.check(ctx, d, sp)
}

// check validates where a spec connects: SQLite files only inside the
// datasets directory; network hosts only where the SSRF policy allows.
func (s *Service) check(ctx context.Context, d *Datasource, sp spec) error {
	if d.Type == api.SQLite {
		name, err := sp.dsn(d.Type)
		if err != nil {
			return fault.Fields(fault.Field("path", "%v", err))
		}
		if _, err := s.sqlitePath(name); err != nil {
			return fault.Fields(fault.Field("path", "%v", err))
		}
		d.Host, d.Port, d.DatabaseName, d.Username = "", 0, name, ""
		return nil
	}
	ep, err := sp.endpoint(d.Type)
	if err != nil {
		return fault.Fields(fault.Field("dsn", "%v", err))
	}
	for _, h := range ep.Hosts {
		if h == "" || strings.HasPrefix(h, "/") {
			return fault.Fields(fault.Field("host", "a network host is required; Unix sockets are not allowed"))
		}
		if err := s.policy.CheckHost(ctx, h); err != nil {
			return fault.Fields(fault.Field("host", "%s", hostMessage(err)))
		}
	}
	d.Host, d.Port, d.DatabaseName, d.Username = ep.Hosts[0], ep.Port, ep.Database, ep.Username
	return nil
}

// sqlitePath resolves a SQLite data-source file name inside the datasets
// directory, refusing anything that escapes it (.., absolute paths,
// symbolic links) and the metadata database itself, however linked.
func (s *Service) sqlitePath(name string) (string, error) {
	dir, err := filepath.EvalSymlinks(s.datasetsDir)
	if err != nil {
		return "", fmt.Errorf("datasets directory is not available")
	}
	return sqlitePathIn(dir, name, s.forbiddenFiles())
}

// sqlitePathIn is sqlitePath for the resolved datasets directory dir and
// the forbidden files as they are now, which a listing looks up once.
func sqlitePathIn(dir, name string, forbidden forbiddenFiles) (string, error) {
	if name == "" || filepath.IsAbs(name) || strings.ContainsAny(name, "?#\x00") || name != filepath.Clean(name) || strings.HasPrefix(name, "..") {
		return "", fmt.Errorf("must be a plain file name inside the datasets directory, such as sales.db")
	}
	full, err := filepath.EvalSymlinks(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("no file %q in the datasets directory", name)
	}
	if err != nil {
		return "", fmt.Errorf("cannot resolve %q", name)
	}
	if rel, err := filepath.Rel(dir, full); err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%q resolves outside the datasets directory", name)
	}
	st, err := os.Stat(full)
	if err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("%q is not a regular file", name)
	}
	if forbidden.has(full, st) {
		return "", fmt.Errorf("%q is not a data source", name)
	}
	return full, nil
}

// forbiddenFiles are the files SQLite sources may never read, resolved:
// each one's real path and, where it exists, its identity.
type forbiddenFiles struct {
	paths []string
	infos []os.FileInfo
}

// forbiddenFiles looks up the forbidden files (the metadata database, its
// -wal, -shm and -journal) as they are now.
func (s *Service) forbiddenFiles() forbiddenFiles {
	var f forbiddenFiles
	for _, name := range s.forbidden {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if p, err := filepath.EvalSymlinks(name + suffix); err == nil {
				f.paths = append(f.paths, p)
			}
			if st, err := os.Stat(name + suffix); err == nil {
				f.infos = append(f.infos, st)
			}
		}
	}
	return f
}

// has reports whether full is a forbidden file, by path or by file
// identity (device and inode), so that a hard link inside the datasets
// directory is caught as well as a symbolic link or the path itself.
func (f forbiddenFiles) has(full string, st os.FileInfo) bool {
	if slices.Contains(f.paths, full) {
		return true
	}
	return slices.ContainsFunc(f.infos, func(fst os.FileInfo) bool { return os.SameFile(st, fst) })
}

// DB returns the connection pool of d, opening it on first use.
func (s *Service) DB(ctx context.Context, d *Datasource) (*sql.DB, error) {
	return s.pools.Get(ctx, d)
}

// open is the Pools' opener.
func (s *Service) open(ctx context.Context, d *Datasource) (*sql.DB, error) {
	sp, err := s.spec(d)
	if err != nil {
		return nil, err
	}
	dsn, err := sp.dsn(d.Type)
	if err != nil {
		return nil, err
	}
	if d.Type == api.SQLite {
		if dsn, err = s.sqlitePath(dsn); err != nil {
			return nil, err
		}
	}
	limits := readonly.PoolLimits{MaxOpen: s.limits.MaxOpenConns, MaxIdle: s.limits.MaxIdleConns, ConnMaxLifetime: s.limits.ConnMaxLife}
	if d.MaxOpenConns > 0 {
		limits.MaxOpen = d.MaxOpenConns
	}
	db, err := readonly.Open(ctx, d.Type, dsn, readonly.OpenOptions{Limits: limits, Dial: s.policy.DialContext})
	if err != nil || d.Type == api.SQLite || d.AllowPrivileged {
		return db, err
	}
	// The login's privileges may have changed since it was saved (or the
	// row predates the check): look again before the pool serves queries.
	info, err := readonly.Ping(ctx, db, d.Type)
	if err == nil && len(info.Privileged) > 0 {
		err = privilegedError(d.Type, d.DatabaseName, info.Privileged)
	}
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// Test opens (or reuses) the pool and asks the database who it is. A
// privileged login is refused (fault.Invalid, datasource_privileged)
// unless allowed; a database that does not answer is fault.Upstream.
func (s *Service) Test(ctx context.Context, d *Datasource) (api.DatasourceTest, error) {
	start := time.Now()
	db, err := s.DB(ctx, d)
	var info readonly.Info
	if err == nil {
		info, err = readonly.Ping(ctx, db, d.Type)
	}
	if _, ok := fault.As(err); err != nil && !ok {
		err = fault.Wrap(fault.Upstream, "datasource_unreachable", "the data source did not answer: "+Describe(err), err)
	}
	if err != nil {
		return api.DatasourceTest{}, err
	}
	if len(info.Privileged) > 0 && !d.AllowPrivileged {
		// The login gained privileges since its pool opened: close the
		// pool, so that queries are refused from now on as well.
		s.pools.Drop(d.ID)
		return api.DatasourceTest{}, privilegedError(d.Type, d.DatabaseName, info.Privileged)
	}
	return api.DatasourceTest{OK: true, ServerVersion: info.ServerVersion, Warnings: info.Warnings, Privileged: info.Privileged,
		DurationMS: float64(time.Since(start).Microseconds()) / 1000}, nil
}

// Close closes every pool.
func (s *Service) Close() error { return s.pools.Close() }

// Count counts the caller's data sources, for dashboard stats.
func (s *Service) Count(ctx context.Context, p auth.Principal) (int64, error) {
	n, err := s.db.NewSelect().Model((*Datasource)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).Count(ctx)
	return int64(n), err
}

// PoolStats sums the connection pools' statistics by dialect, for
// metrics (see Pools.Stats).
func (s *Service) PoolStats() map[api.Dialect]sql.DBStats { return s.pools.Stats() }

// hostMessage words a refused host for the person saving the data source:
// without the package prefixes, and naming the setting that lifts a block
// once.
func hostMessage(err error) string {
	msg := strings.ReplaceAll(err.Error(), "netguard: ", "")
	if errors.Is(err, netguard.ErrBlocked) {
		msg = strings.Replace(msg, "an operator can add it to the allowed networks",
			"an operator can allow it with GOBI_DATASOURCE_ALLOWED_NETWORKS", 1)
	}
	return msg
}
