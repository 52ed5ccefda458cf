package dashboard

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// Sharing decides who besides its owner may see or change a dashboard (package
// share; auth.OwnerOnly without sharing).
type Sharing interface {
	// Role is p's access to the item: owner, editor, viewer or "" (none).
	Role(ctx context.Context, p auth.Principal, kind api.ShareKind, id, owner int64) (api.Access, error)
	// Shared returns the items of kind shared with p directly, for lists.
	Shared(ctx context.Context, p auth.Principal, kind api.ShareKind) (map[int64]api.Access, error)
	// Owners returns the usernames of the users ids.
	Owners(ctx context.Context, ids []int64) (map[int64]string, error)
	// Drop forgets a deleted item's shares.
	Drop(ctx context.Context, kind api.ShareKind, id int64) error
}

// ShareWith makes s answer to sharing; call it before serving.
func (s *Service) ShareWith(sh Sharing) { s.sharing = sh }

// access sets m's Access for p, and its OwnerName when p is not the
// owner; none is a 404, as for a missing dashboard.
func (s *Service) access(ctx context.Context, p auth.Principal, m *Dashboard) error {
	a, err := s.sharing.Role(ctx, p, api.ShareDashboard, m.ID, m.OwnerID)
	if err != nil {
		return fmt.Errorf("dashboard %d: access: %w", m.ID, err)
	}
	if a == "" {
		return fault.Missing("dashboard", m.ID).With(ErrNotFound)
	}
	m.Access = a
	if m.OwnerID != p.UserID {
		names, err := s.sharing.Owners(ctx, []int64{m.OwnerID})
		if err != nil {
			return err
		}
		m.OwnerName = names[m.OwnerID]
	}
	return nil
}

// may refuses (403) a change that m.Access does not allow: editors may
// replace, only the owner may delete.
func may(m *Dashboard, need api.Access) error {
	if m.Access == api.AccessOwner || (need == api.AccessEditor && m.Access == api.AccessEditor) {
		return nil
	}
	if need == api.AccessEditor {
		return fault.Deny("this dashboard is shared with you to view only")
	}
	return fault.Deny("only the dashboard's owner may delete it")
}

// shared returns what p's list adds to p's own items: those shared with
// p directly, with p's access (an admin's list has everything already).
func (s *Service) shared(ctx context.Context, p auth.Principal) (map[int64]api.Access, []int64, error) {
	if p.IsAdmin() {
		return nil, nil, nil
	}
	m, err := s.sharing.Shared(ctx, p, api.ShareDashboard)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	return m, ids, nil
}

// visible restricts a list query to p's own items and ids (shared with p).
func visible(p auth.Principal, ids []int64) func(*bun.SelectQuery) *bun.SelectQuery {
	return func(q *bun.SelectQuery) *bun.SelectQuery {
		if p.IsAdmin() {
			return q
		}
		return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			q = q.Where("owner_id = ?", p.UserID)
			if len(ids) > 0 {
				q = q.WhereOr("id IN (?)", bun.List(ids))
			}
			return q
		})
	}
}

// label sets the Access and OwnerName of listed items.
func (s *Service) label(ctx context.Context, p auth.Principal, ms []Dashboard, granted map[int64]api.Access) error {
	var others []int64
	for i := range ms {
		if ms[i].OwnerID == p.UserID || p.IsAdmin() {
			ms[i].Access = api.AccessOwner
		} else {
			ms[i].Access = granted[ms[i].ID]
		}
		if ms[i].OwnerID != p.UserID {
			others = append(others, ms[i].OwnerID)
		}
	}
	names, err := s.sharing.Owners(ctx, others)
	if err != nil {
		return err
	}
	for i := range ms {
		if ms[i].OwnerID != p.UserID {
			ms[i].OwnerName = names[ms[i].OwnerID]
		}
	}
	return nil
}
