package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/access"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// Charts is what dashboards need from the chart feature.
type Charts interface {
	Many(ctx context.Context, p auth.Principal, ids []int64) ([]chart.Chart, error)
	Get(ctx context.Context, p auth.Principal, id int64) (*chart.Chart, error)
}

// Service is the dashboard feature.
type Service struct {
	db      bun.IDB
	charts  Charts
	queries Queries // for parameter choices; see OfferChoices
	sharing access.Sharing
	render  Renderer // exports (see render.go); nil: none
}

// NewService returns the dashboard service.
func NewService(db bun.IDB, charts Charts) *Service {
	return &Service{db: db, charts: charts, sharing: auth.OwnerOnly{}}
}

// RenderWith sets what draws dashboard exports; call it before serving.
func (s *Service) RenderWith(r Renderer) { s.render = r }

// ErrNotFound is returned for a dashboard that is missing or not the
// caller's.
var ErrNotFound = errors.New("dashboard not found")

// List returns the caller's dashboards (an admin's: all) and those shared
// with the caller, each with the caller's access.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]api.Dashboard, error) {
	granted, ids, err := access.Granted(ctx, s.sharing, p, api.ShareDashboard)
	if err != nil {
		return nil, err
	}
	var ds []Dashboard
	if err := s.db.NewSelect().Model(&ds).Apply(access.Visible(p, ids)).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list dashboards: %w", err)
	}
	if err := access.Label(ctx, s.sharing, p, ds, granted); err != nil {
		return nil, err
	}
	out := make([]api.Dashboard, len(ds))
	for i := range ds {
		out[i] = ds[i].View()
	}
	return out, nil
}

// Get loads one dashboard the caller may see.
func (s *Service) Get(ctx context.Context, p auth.Principal, id int64) (*Dashboard, error) {
	d := new(Dashboard)
	err := s.db.NewSelect().Model(d).Where("id = ?", id).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("dashboard", id).With(ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load dashboard: %w", err)
	}
	if err := s.access(ctx, p, d); err != nil {
		return nil, err
	}
	return d, nil
}

// Create validates and stores a dashboard owned by the caller.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.DashboardInput) (*Dashboard, error) {
	d := &Dashboard{OwnerID: p.UserID}
	if err := s.apply(ctx, p, d, in); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	d.CreatedAt, d.UpdatedAt = now, now
	if _, err := s.db.NewInsert().Model(d).Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("you already have a dashboard titled %q", d.Title)
		}
		return nil, fmt.Errorf("create dashboard: %w", err)
	}
	return d, nil
}

// Update replaces a dashboard.
func (s *Service) Update(ctx context.Context, p auth.Principal, id int64, in api.DashboardInput) (*Dashboard, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := access.May(d.Access, api.AccessEditor, "dashboard"); err != nil {
		return nil, err
	}
	if d.Access == api.AccessEditor {
		if err := s.editorMayPlace(ctx, p, d, in); err != nil {
			return nil, err
		}
	}
	if err := s.apply(ctx, p, d, in); err != nil {
		return nil, err
	}
	d.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(d).WherePK().Exec(ctx); err != nil {
		if store.IsDuplicate(err) {
			return nil, fault.Clash("a dashboard titled %q already exists for its owner", d.Title)
		}
		return nil, fmt.Errorf("update dashboard: %w", err)
	}
	return d, nil
}

// Delete removes a dashboard (its owner or an admin only) and its
// shares; its embed links stop working.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id int64) error {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return err
	}
	if err := access.May(d.Access, api.AccessOwner, "dashboard"); err != nil {
		return err
	}
	res, err := s.db.NewDelete().Model((*Dashboard)(nil)).Where("id = ?", id).Where("owner_id = ?", d.OwnerID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete dashboard: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.Missing("dashboard", id).With(ErrNotFound)
	}
	return s.sharing.Drop(ctx, api.ShareDashboard, id)
}

// apply validates input with the shared validator, checks that the
// dashboard's owner may see every chart placed on it, and copies it into d.
func (s *Service) apply(ctx context.Context, p auth.Principal, d *Dashboard, in api.DashboardInput) error {
	fields := dashboard.Validate(in)
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	// An admin editing someone else's dashboard may only place charts
	// that owner can see, or the owner would get tiles they cannot load.
	viewer := p
	if d.OwnerID != p.UserID {
		viewer = auth.Principal{UserID: d.OwnerID, Role: auth.RoleUser}
	}
	ids := make([]int64, len(in.Tiles))
	for i, t := range in.Tiles {
		ids[i] = t.ChartID
	}
	visible, err := s.charts.Many(ctx, viewer, ids)
	if err != nil {
		return err
	}
	ok := make(map[int64]bool, len(visible))
	for _, c := range visible {
		ok[c.ID] = true
	}
	for i, t := range in.Tiles {
		if !ok[t.ChartID] {
			fields = append(fields, fault.Field(fmt.Sprintf("tiles[%d].chart_id", i), "chart %d not found", t.ChartID))
		}
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	tiles, err := json.Marshal(nonNil(in.Tiles))
	if err != nil {
		return fmt.Errorf("encode tiles: %w", err)
	}
	params, err := json.Marshal(nonNil(in.Params))
	if err != nil {
		return fmt.Errorf("encode params: %w", err)
	}
	d.Title, d.Description, d.Tiles, d.Params = strings.TrimSpace(in.Title), in.Description, string(tiles), string(params)
	return nil
}

// editorMayPlace refuses what an editor (not the owner) adds to d that
// the editor cannot see: a chart, or a parameter's choice source query.
// Those run as the owner, so without it editing one shared dashboard
// would show every chart and query of its owner to the editor (and to
// the dashboard's viewers and embed links). What is on d already stays.
func (s *Service) editorMayPlace(ctx context.Context, p auth.Principal, d *Dashboard, in api.DashboardInput) error {
	// Bounded input first: one look-up per new tile or source below.
	fields := dashboard.Validate(in)
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	had := map[int64]bool{}
	for _, id := range d.ChartIDs() {
		had[id] = true
	}
	for i, t := range in.Tiles {
		if had[t.ChartID] {
			continue
		}
		_, err := s.charts.Get(ctx, p, t.ChartID)
		if errors.Is(err, chart.ErrNotFound) {
			fields = append(fields, fault.Field(fmt.Sprintf("tiles[%d].chart_id", i), "chart %d not found", t.ChartID))
			continue
		}
		if err != nil {
			return err
		}
		had[t.ChartID] = true
	}
	sources := map[int64]bool{}
	for _, def := range d.ParamDefs() {
		if def.Choices != nil {
			sources[def.Choices.QueryID] = true
		}
	}
	for i, def := range in.Params {
		if def.Choices == nil || sources[def.Choices.QueryID] || s.queries == nil {
			continue
		}
		ok, err := s.queries.Exists(ctx, p, def.Choices.QueryID)
		if err != nil {
			return err
		}
		if !ok {
			fields = append(fields, fault.Field(fmt.Sprintf("params[%d].choices.query_id", i), "query %d not found", def.Choices.QueryID))
			continue
		}
		sources[def.Choices.QueryID] = true
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
