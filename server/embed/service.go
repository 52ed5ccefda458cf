package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/dashboard"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
	shared "github.com/gobi-bi/gobi/shared/dashboard"
)

// Charts is what embedding needs from the chart feature.
type Charts interface {
	Get(ctx context.Context, p auth.Principal, id int64) (*chart.Chart, error)
	Many(ctx context.Context, p auth.Principal, ids []int64) ([]chart.Chart, error)
	ParamDefs(ctx context.Context, p auth.Principal, c *chart.Chart) ([]api.ParamDef, error)
	Declared(ctx context.Context, p auth.Principal, c *chart.Chart, params map[string]any) (map[string]any, error)
	Data(ctx context.Context, p auth.Principal, c *chart.Chart, params map[string]any, maxPoints int) (*spec.DataResponse, error)
}

// Dashboards is what embedding needs from the dashboard feature.
type Dashboards interface {
	Get(ctx context.Context, p auth.Principal, id int64) (*dashboard.Dashboard, error)
}

// Users loads a link's owner, whose current role the link acts with.
type Users interface {
	ByID(ctx context.Context, id int64) (*auth.User, error)
}

// Link lifetimes.
const (
	DefaultTTL = 7 * 24 * time.Hour
	MaxTTL     = 365 * 24 * time.Hour
)

// Why a genuine link no longer works; each is an ErrGone.
var (
	ErrExpired  = fmt.Errorf("embed link expired: %w", ErrGone)
	ErrRevoked  = fmt.Errorf("embed link revoked: %w", ErrGone)
	ErrItemGone = fmt.Errorf("embedded item deleted: %w", ErrGone)
	// ErrNotFound is returned for a link that is missing or not the caller's.
	ErrNotFound = errors.New("embed link not found")
)

// Service is the embed feature.
type Service struct {
	db         bun.IDB
	signer     *Signer
	charts     Charts
	dashboards Dashboards
	users      Users
	now        func() time.Time
}

// NewService returns the embed service; secret is the server's JWT
// secret, from which the embed key is derived.
func NewService(db bun.IDB, secret string, charts Charts, dashboards Dashboards, users Users) (*Service, error) {
	signer, err := NewSigner(secret)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, signer: signer, charts: charts, dashboards: dashboards, users: users, now: time.Now}, nil
}

// SetClock replaces the clock of the service and its signer; tests use
// it to let links expire without waiting.
func (s *Service) SetClock(now func() time.Time) { s.now, s.signer.now = now, now }

// Create makes a link to an item the caller owns (an admin: any item),
// with locked values checked against the parameters the item declares,
// and returns it with its token: the only time the token is shown.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.EmbedInput) (*api.EmbedCreated, error) {
	ttl, fields := DefaultTTL, []api.FieldError(nil)
	switch {
	case in.ExpiresInSeconds < 0 || in.ExpiresInSeconds > int64(MaxTTL/time.Second):
		fields = append(fields, fault.Field("expires_in_seconds", "must be between 1 and %d (a year); 0 or absent means 7 days", int64(MaxTTL/time.Second)))
	case in.ExpiresInSeconds > 0:
		ttl = time.Duration(in.ExpiresInSeconds) * time.Second
	}
	defs, err := s.declared(ctx, p, in.Kind, in.ID)
	var fe fieldErr
	switch {
	case errors.As(err, &fe):
		fields = append(fields, fe.FieldError)
	case err != nil:
		return nil, err
	default:
		if err := shared.CheckValues(defs, in.Params); err != nil {
			fields = append(fields, fault.Field("params", "%v", err))
		}
	}
	if len(fields) > 0 {
		return nil, fault.Fields(fields...)
	}
	locked, err := json.Marshal(in.Params)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	if len(in.Params) == 0 {
		locked = []byte("{}")
	}
	now := s.now().UTC().Truncate(time.Second)
	l := &Link{OwnerID: p.UserID, Kind: string(in.Kind), ItemID: in.ID, Params: string(locked),
		ExpiresAt: now.Add(ttl), CreatedAt: now}
	if _, err := s.db.NewInsert().Model(l).Exec(ctx); err != nil {
		return nil, fmt.Errorf("create embed link: %w", err)
	}
	token, err := s.signer.Issue(l.ID, l.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return &api.EmbedCreated{EmbedLink: l.View(), Token: token, URL: "/embed/" + token}, nil
}

// declared checks that the caller may embed the item and returns the
// parameters that may be locked: a dashboard's own, or a chart's query's.
// A problem with the request comes back as a fieldErr.
func (s *Service) declared(ctx context.Context, p auth.Principal, kind api.EmbedKind, id int64) ([]api.ParamDef, error) {
	if id < 1 {
		return nil, asError(fault.Field("id", "is required"))
	}
	switch kind {
	case api.EmbedChart:
		c, err := s.charts.Get(ctx, p, id)
		if errors.Is(err, chart.ErrNotFound) {
			return nil, asError(fault.Field("id", "chart %d not found", id))
		}
		if err != nil {
			return nil, err
		}
		if c.Access != api.AccessOwner {
			return nil, fault.Deny("only the chart's owner may embed it")
		}
		return s.charts.ParamDefs(ctx, p, c)
	case api.EmbedDashboard:
		d, err := s.dashboards.Get(ctx, p, id)
		if errors.Is(err, dashboard.ErrNotFound) {
			return nil, asError(fault.Field("id", "dashboard %d not found", id))
		}
		if err != nil {
			return nil, err
		}
		if d.Access != api.AccessOwner {
			return nil, fault.Deny("only the dashboard's owner may embed it")
		}
		return d.ParamDefs(), nil
	}
	return nil, asError(fault.Field("kind", "must be chart or dashboard, not %q", kind))
}

// fieldErr carries an api.FieldError through an error return.
type fieldErr struct{ api.FieldError }

func (e fieldErr) Error() string { return e.Path + ": " + e.Message }

func asError(f api.FieldError) error { return fieldErr{f} }

// List returns the caller's links (an admin's: all), newest first.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]api.EmbedLink, error) {
	var ls []Link
	if err := s.db.NewSelect().Model(&ls).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list embed links: %w", err)
	}
	out := make([]api.EmbedLink, len(ls))
	for i := range ls {
		out[i] = ls[i].View()
	}
	return out, nil
}

// Revoke marks a link revoked; it stays listed. Revoking twice is fine.
func (s *Service) Revoke(ctx context.Context, p auth.Principal, id int64) error {
	l := new(Link)
	err := s.db.NewSelect().Model(l).Where("id = ?", id).ApplyQueryBuilder(p.Owns("owner_id")).Scan(ctx)
	if store.NotFound(err) {
		return fault.Missing("embed link", id).With(ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("load embed link: %w", err)
	}
	if l.RevokedAt != nil {
		return nil
	}
	now := s.now().UTC().Truncate(time.Second)
	l.RevokedAt = &now
	if _, err := s.db.NewUpdate().Model(l).Column("revoked_at").WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("revoke embed link: %w", err)
	}
	return nil
}

// Access is what a verified token grants: its link, acting as the link's
// owner with the owner's current role.
type Access struct {
	Link  Link
	Owner auth.Principal
}

// Resolve verifies a token and loads its link and owner. Errors are
// ErrInvalid (not our token), an ErrGone (expired, revoked, or its owner
// deleted), or a database failure.
func (s *Service) Resolve(ctx context.Context, token string) (*Access, error) {
	if len(token) > 2048 {
		return nil, ErrInvalid
	}
	id, err := s.signer.Verify(token)
	if errors.Is(err, ErrGone) {
		return nil, ErrExpired
	}
	if err != nil {
		return nil, err
	}
	a := &Access{}
	err = s.db.NewSelect().Model(&a.Link).Where("id = ?", id).Scan(ctx)
	if store.NotFound(err) {
		return nil, ErrRevoked // deleted with its owner
	}
	if err != nil {
		return nil, fmt.Errorf("load embed link: %w", err)
	}
	switch {
	case a.Link.RevokedAt != nil:
		return nil, ErrRevoked
	case !s.now().Before(a.Link.ExpiresAt):
		return nil, ErrExpired
	}
	u, err := s.users.ByID(ctx, a.Link.OwnerID)
	if errors.Is(err, auth.ErrUserNotFound) {
		return nil, ErrRevoked
	}
	if err != nil {
		return nil, err
	}
	a.Owner = auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role, Via: "embed"}
	return a, nil
}

// Check reports ErrItemGone when the link's item was deleted or is no
// longer visible to its owner.
func (s *Service) Check(ctx context.Context, a *Access) error {
	var err error
	switch api.EmbedKind(a.Link.Kind) {
	case api.EmbedChart:
		_, err = s.charts.Get(ctx, a.Owner, a.Link.ItemID)
	case api.EmbedDashboard:
		_, err = s.dashboards.Get(ctx, a.Owner, a.Link.ItemID)
	default:
		return ErrItemGone
	}
	if errors.Is(err, chart.ErrNotFound) || errors.Is(err, dashboard.ErrNotFound) {
		return ErrItemGone
	}
	return err
}

// View returns what the embedded page draws: the chart, or the dashboard
// and the charts on it, with the locked parameter values.
func (s *Service) View(ctx context.Context, a *Access) (*shared.EmbedView, error) {
	v := &shared.EmbedView{Kind: api.EmbedKind(a.Link.Kind), Params: a.Link.Locked(), ExpiresAt: a.Link.ExpiresAt}
	switch v.Kind {
	case api.EmbedChart:
		c, err := s.charts.Get(ctx, a.Owner, a.Link.ItemID)
		if err != nil {
			return nil, gone(err)
		}
		saved := c.View()
		v.Chart = &saved
	case api.EmbedDashboard:
		d, err := s.dashboards.Get(ctx, a.Owner, a.Link.ItemID)
		if err != nil {
			return nil, gone(err)
		}
		dv := d.View()
		v.Dashboard = &dv
		cs, err := s.charts.Many(ctx, a.Owner, d.ChartIDs())
		if err != nil {
			return nil, err
		}
		v.Charts = make([]spec.Saved, len(cs))
		for i := range cs {
			v.Charts[i] = cs[i].View()
		}
	default:
		return nil, ErrItemGone
	}
	return v, nil
}

// ChartData is a chart's data for an embedded page: only the embedded
// chart or a chart on the embedded dashboard, run as the link's owner.
// The page may set the dashboard's parameters (for a chart link: its
// query's); missing ones take the dashboard's defaults; locked values
// override all; each chart takes the parameters its query declares.
func (s *Service) ChartData(ctx context.Context, a *Access, chartID int64, params map[string]any, maxPoints int) (*spec.DataResponse, error) {
	values := map[string]any{}
	switch api.EmbedKind(a.Link.Kind) {
	case api.EmbedChart:
		if chartID != a.Link.ItemID {
			return nil, notShown(chartID)
		}
		for k, v := range params {
			values[k] = v
		}
	case api.EmbedDashboard:
		d, err := s.dashboards.Get(ctx, a.Owner, a.Link.ItemID)
		if err != nil {
			return nil, gone(err)
		}
		if !slices.Contains(d.ChartIDs(), chartID) {
			return nil, notShown(chartID)
		}
		for _, def := range d.ParamDefs() {
			if v, ok := params[def.Name]; ok && v != nil {
				values[def.Name] = v
			} else if def.Default != nil {
				values[def.Name] = def.Default
			}
		}
	default:
		return nil, ErrItemGone
	}
	for k, v := range a.Link.Locked() {
		values[k] = v
	}
	c, err := s.charts.Get(ctx, a.Owner, chartID)
	if errors.Is(err, chart.ErrNotFound) {
		return nil, fault.Missing("chart", chartID)
	}
	if err != nil {
		return nil, err
	}
	if values, err = s.charts.Declared(ctx, a.Owner, c, values); err != nil {
		return nil, err
	}
	return s.charts.Data(ctx, a.Owner, c, values, maxPoints)
}

func notShown(chartID int64) error {
	return fault.Deny("this embed link does not show chart %d", chartID)
}

// gone turns "the item is not there" into ErrItemGone.
func gone(err error) error {
	if errors.Is(err, chart.ErrNotFound) || errors.Is(err, dashboard.ErrNotFound) {
		return ErrItemGone
	}
	return err
}
