// Package access is the one rule by which the dashboard, chart and query
// services decide what a principal may do with an item it does not own:
// they ask a Sharing (package share, or auth.OwnerOnly without sharing)
// for the principal's role and apply it here, the same way for all three.
package access

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// Sharing decides who besides its owner may see or change an item.
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

// Item is what this package reads and sets of a shareable model.
type Item struct {
	ID, OwnerID int64
	// Access and OwnerName are set: the caller's access, and the owner's
	// username when the caller is not the owner.
	Access    *api.Access
	OwnerName *string
}

// Shareable is a dashboard, chart or query model (a pointer to one).
type Shareable interface{ ShareItem() Item }

// Resolve sets m's access for p and, when p is not its owner, the
// owner's name. It reports false when p has no access at all, which the
// caller answers as a missing item (404), never as 403.
func Resolve(ctx context.Context, sh Sharing, p auth.Principal, kind api.ShareKind, m Shareable) (bool, error) {
	it := m.ShareItem()
	a, err := sh.Role(ctx, p, kind, it.ID, it.OwnerID)
	if err != nil {
		return false, fmt.Errorf("%s %d: access: %w", kind, it.ID, err)
	}
	if a == "" {
		return false, nil
	}
	*it.Access = a
	if it.OwnerID != p.UserID {
		names, err := sh.Owners(ctx, []int64{it.OwnerID})
		if err != nil {
			return false, fmt.Errorf("%s %d: owner: %w", kind, it.ID, err)
		}
		*it.OwnerName = names[it.OwnerID]
	}
	return true, nil
}

// May refuses (403) a change that have does not allow: an editor may
// replace an item, only its owner may delete or share it. noun names the
// item in the message ("chart").
func May(have, need api.Access, noun string) error {
	if have == api.AccessOwner || (need == api.AccessEditor && have == api.AccessEditor) {
		return nil
	}
	if need == api.AccessEditor {
		return fault.Deny("this %s is shared with you to view only", noun)
	}
	return fault.Deny("only the %s's owner may delete it", noun)
}

// RunAs is the principal that checks what an item refers to, and runs
// it: its owner, as a user (an admin acts as themself). A shared item
// thus runs with its owner's data sources, as embed links do.
func RunAs(p auth.Principal, ownerID int64) auth.Principal {
	if p.IsAdmin() || p.UserID == ownerID {
		return p
	}
	return auth.Principal{UserID: ownerID, Role: auth.RoleUser, Via: p.Via}
}

// Granted returns what p's list adds to p's own items of kind: those
// shared with p directly, with p's access, and their ids (an admin's
// list has everything already: nil).
func Granted(ctx context.Context, sh Sharing, p auth.Principal, kind api.ShareKind) (map[int64]api.Access, []int64, error) {
	if p.IsAdmin() {
		return nil, nil, nil
	}
	m, err := sh.Shared(ctx, p, kind)
	if err != nil {
		return nil, nil, fmt.Errorf("%ss shared with user %d: %w", kind, p.UserID, err)
	}
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	return m, ids, nil
}

// Visible restricts a list query to p's own items and ids (those shared
// with p); an admin sees every item.
func Visible(p auth.Principal, ids []int64) func(*bun.SelectQuery) *bun.SelectQuery {
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

// Label sets the access and owner name of listed items, granted being
// what Granted returned.
func Label[T any, P interface {
	*T
	Shareable
}](ctx context.Context, sh Sharing, p auth.Principal, items []T, granted map[int64]api.Access) error {
	var others []int64
	for i := range items {
		it := P(&items[i]).ShareItem()
		if it.OwnerID == p.UserID || p.IsAdmin() {
			*it.Access = api.AccessOwner
		} else {
			*it.Access = granted[it.ID]
		}
		if it.OwnerID != p.UserID {
			others = append(others, it.OwnerID)
		}
	}
	names, err := sh.Owners(ctx, others)
	if err != nil {
		return fmt.Errorf("owners of listed items: %w", err)
	}
	for i := range items {
		if it := P(&items[i]).ShareItem(); it.OwnerID != p.UserID {
			*it.OwnerName = names[it.OwnerID]
		}
	}
	return nil
}
