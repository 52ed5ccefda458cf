package share

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// maxThrough bounds how many dashboards (or charts) one access check
// looks through to find an item shown on a shared one.
const maxThrough = 500

// maxListed bounds how many shared items of one kind a list adds.
const maxListed = 5000

// Service is the sharing feature.
type Service struct {
	db  bun.IDB
	now func() time.Time
}

// NewService returns the sharing service.
func NewService(db bun.IDB) *Service { return &Service{db: db, now: time.Now} }

// granted restricts a query of shares to those that reach p.
func granted(p auth.Principal) func(*bun.SelectQuery) *bun.SelectQuery {
	return func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("grantee_id = ?", p.UserID).WhereOr("everyone = ?", true)
		})
	}
}

// Role is p's access to the item (kind, id) owned by owner: owner (the
// owner and admins), editor or viewer (shared with p, directly or, for
// viewing, through a shared dashboard or chart), or "" (none).
func (s *Service) Role(ctx context.Context, p auth.Principal, kind api.ShareKind, id, owner int64) (api.Access, error) {
	if p.IsAdmin() || p.UserID == owner {
		return api.AccessOwner, nil
	}
	direct, err := s.direct(ctx, p, kind, []int64{id})
	if err != nil {
		return "", err
	}
	if a := direct[id]; a != "" {
		return a, nil
	}
	switch kind {
	case api.ShareChart:
		ok, err := s.onSharedDashboard(ctx, p, owner, []int64{id})
		if ok || err != nil {
			return view(ok), err
		}
	case api.ShareQuery:
		var charts []int64
		err := s.db.NewSelect().Table("charts").Column("id").Where("query_id = ?", id).Where("owner_id = ?", owner).
			Limit(maxThrough).Scan(ctx, &charts)
		if err != nil {
			return "", fmt.Errorf("charts of query %d: %w", id, err)
		}
		if len(charts) == 0 {
			return "", nil
		}
		viaChart, err := s.direct(ctx, p, api.ShareChart, charts)
		if err != nil || len(viaChart) > 0 {
			return view(len(viaChart) > 0), err
		}
		ok, err := s.onSharedDashboard(ctx, p, owner, charts)
		return view(ok), err
	}
	return "", nil
}

func view(ok bool) api.Access {
	if ok {
		return api.AccessViewer
	}
	return ""
}

// direct returns p's directly granted access to each of ids that has any.
func (s *Service) direct(ctx context.Context, p auth.Principal, kind api.ShareKind, ids []int64) (map[int64]api.Access, error) {
	var rows []Share
	q := s.db.NewSelect().Model(&rows).Where("kind = ?", string(kind)).Apply(granted(p))
	if ids != nil {
		q = q.Where("resource_id IN (?)", bun.List(ids))
	} else {
		q = q.Order("id").Limit(maxListed)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("load shares: %w", err)
	}
	out := make(map[int64]api.Access, len(rows))
	for i := range rows {
		out[rows[i].ResourceID] = most(out[rows[i].ResourceID], rows[i].access())
	}
	return out, nil
}

// onSharedDashboard reports whether any of charts is a tile of a
// dashboard of the same owner that is shared with p.
func (s *Service) onSharedDashboard(ctx context.Context, p auth.Principal, owner int64, charts []int64) (bool, error) {
	var ids []int64
	err := s.db.NewSelect().Model((*Share)(nil)).Column("resource_id").Where("kind = ?", string(api.ShareDashboard)).
		Apply(granted(p)).Limit(maxThrough).Scan(ctx, &ids)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	// Only the tiles' chart ids, decoded once: not the whole dashboards.
	var tiles []string
	err = s.db.NewSelect().Table("dashboards").Column("tiles").Where("id IN (?)", bun.List(ids)).Where("owner_id = ?", owner).
		Scan(ctx, &tiles)
	if err != nil {
		return false, fmt.Errorf("load shared dashboards: %w", err)
	}
	want := make(map[int64]bool, len(charts))
	for _, c := range charts {
		want[c] = true
	}
	for _, raw := range tiles {
		var ts []struct {
			ChartID int64 `json:"chart_id"`
		}
		if err := json.Unmarshal([]byte(raw), &ts); err != nil {
			return false, fmt.Errorf("shared dashboard's tiles do not decode: %w", err)
		}
		for _, t := range ts {
			if want[t.ChartID] {
				return true, nil
			}
		}
	}
	return false, nil
}

// Shared returns the items of kind shared with p directly (not through a
// dashboard), with p's access to each: what p's lists add to p's own.
func (s *Service) Shared(ctx context.Context, p auth.Principal, kind api.ShareKind) (map[int64]api.Access, error) {
	return s.direct(ctx, p, kind, nil)
}

// Owners returns the usernames of the users ids.
func (s *Service) Owners(ctx context.Context, ids []int64) (map[int64]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var us []auth.User
	if err := s.db.NewSelect().Model(&us).Column("id", "username").Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("load owners: %w", err)
	}
	out := make(map[int64]string, len(us))
	for _, u := range us {
		out[u.ID] = u.Username
	}
	return out, nil
}

// Drop deletes an item's shares; its service calls it when the item is
// deleted, so a later item with the same id is not shared by accident.
func (s *Service) Drop(ctx context.Context, kind api.ShareKind, id int64) error {
	if _, err := s.db.NewDelete().Model((*Share)(nil)).Where("kind = ?", string(kind)).Where("resource_id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("drop shares of %s %d: %w", kind, id, err)
	}
	return nil
}

// owner returns the owner of item (kind, id) after checking that p may
// manage its shares: its owner or an admin. Others who can see it get
// 403, others 404.
func (s *Service) owner(ctx context.Context, p auth.Principal, kind api.ShareKind, id int64) (int64, error) {
	var owner int64
	err := s.db.NewSelect().Table(tables[kind]).Column("owner_id").Where("id = ?", id).Scan(ctx, &owner)
	if store.NotFound(err) {
		return 0, fault.Missing(string(kind), id)
	}
	if err != nil {
		return 0, fmt.Errorf("load %s %d: %w", kind, id, err)
	}
	a, err := s.Role(ctx, p, kind, id, owner)
	switch {
	case err != nil:
		return 0, err
	case a == "":
		return 0, fault.Missing(string(kind), id)
	case a != api.AccessOwner:
		return 0, fault.Deny("only the %s's owner may see or change whom it is shared with", kind)
	}
	return owner, nil
}

// List returns whom item (kind, id) is shared with: everyone first, then
// users by name.
func (s *Service) List(ctx context.Context, p auth.Principal, kind api.ShareKind, id int64) ([]api.Share, error) {
	if _, err := s.owner(ctx, p, kind, id); err != nil {
		return nil, err
	}
	return s.list(ctx, kind, id)
}

func (s *Service) list(ctx context.Context, kind api.ShareKind, id int64) ([]api.Share, error) {
	var rows []Share
	if err := s.db.NewSelect().Model(&rows).Where("kind = ?", string(kind)).Where("resource_id = ?", id).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("load shares: %w", err)
	}
	var ids []int64
	for _, r := range rows {
		if r.GranteeID != nil {
			ids = append(ids, *r.GranteeID)
		}
	}
	names, err := s.Owners(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]api.Share, 0, len(rows))
	for _, r := range rows {
		sh := api.Share{Everyone: r.Everyone, Role: api.ShareRole(r.Role)}
		if r.GranteeID != nil {
			sh.UserID, sh.Username = *r.GranteeID, names[*r.GranteeID]
		}
		out = append(out, sh)
	}
	sortShares(out)
	return out, nil
}

// Set replaces whom item (kind, id) is shared with, in one transaction;
// the next request of a removed grantee is refused.
func (s *Service) Set(ctx context.Context, p auth.Principal, kind api.ShareKind, id int64, in []api.Share) ([]api.Share, error) {
	owner, err := s.owner(ctx, p, kind, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.validate(ctx, in, kind, id, owner)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	for i := range rows {
		rows[i].CreatedBy, rows[i].CreatedAt = p.UserID, now
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*Share)(nil)).Where("kind = ?", string(kind)).Where("resource_id = ?", id).Exec(ctx); err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		_, err := tx.NewInsert().Model(&rows).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save shares of %s %d: %w", kind, id, err)
	}
	return s.list(ctx, kind, id)
}

// validate checks a share list: at most api.MaxShares, each one user
// (existing, not the owner) or everyone, a known role, no grantee twice.
func (s *Service) validate(ctx context.Context, in []api.Share, kind api.ShareKind, id, owner int64) ([]Share, error) {
	if len(in) > api.MaxShares {
		return nil, fault.Fields(fault.Field("body", "at most %d shares, not %d", api.MaxShares, len(in)))
	}
	var fields []api.FieldError
	seen := map[int64]bool{}
	everyone := false
	var users []int64
	rows := make([]Share, 0, len(in))
	for i, sh := range in {
		at := fmt.Sprintf("[%d]", i)
		if sh.Role != api.ShareViewer && sh.Role != api.ShareEditor {
			fields = append(fields, fault.Field(at+".role", "must be viewer or editor, not %q", sh.Role))
		}
		r := Share{Kind: string(kind), ResourceID: id, Role: string(sh.Role)}
		switch {
		case sh.Everyone && sh.UserID != 0:
			fields = append(fields, fault.Field(at, "either user_id or everyone, not both"))
		case sh.Everyone:
			if everyone {
				fields = append(fields, fault.Field(at+".everyone", "is listed twice"))
			}
			everyone, r.Everyone = true, true
		case sh.UserID < 1:
			fields = append(fields, fault.Field(at+".user_id", "is required (or set everyone)"))
		case sh.UserID == owner:
			fields = append(fields, fault.Field(at+".user_id", "is the owner, who has every right already"))
		case seen[sh.UserID]:
			fields = append(fields, fault.Field(at+".user_id", "user %d is listed twice", sh.UserID))
		default:
			seen[sh.UserID] = true
			u := sh.UserID
			r.GranteeID = &u
			users = append(users, u)
		}
		rows = append(rows, r)
	}
	if len(fields) > 0 {
		return nil, fault.Fields(fields...)
	}
	names, err := s.Owners(ctx, users)
	if err != nil {
		return nil, err
	}
	for i, sh := range in {
		if !sh.Everyone {
			if _, ok := names[sh.UserID]; !ok {
				fields = append(fields, fault.Field(fmt.Sprintf("[%d].user_id", i), "user %d not found", sh.UserID))
			}
		}
	}
	if len(fields) > 0 {
		return nil, fault.Fields(fields...)
	}
	return rows, nil
}
