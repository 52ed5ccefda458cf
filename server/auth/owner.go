package auth

import (
	"context"

	"github.com/gobi-bi/gobi/shared/api"
)

// OwnerOnly is the access rule without sharing: an item is its owner's
// and every admin's, nobody else's. The dashboard, chart and query
// services use it until package share is wired in.
type OwnerOnly struct{}

// Role is AccessOwner for the owner or an admin, "" for anyone else.
func (OwnerOnly) Role(_ context.Context, p Principal, _ api.ShareKind, _, owner int64) (api.Access, error) {
	if p.IsAdmin() || p.UserID == owner {
		return api.AccessOwner, nil
	}
	return "", nil
}

// Shared is nothing: nothing is shared.
func (OwnerOnly) Shared(context.Context, Principal, api.ShareKind) (map[int64]api.Access, error) {
	return nil, nil
}

// Owners names no one.
func (OwnerOnly) Owners(context.Context, []int64) (map[int64]string, error) { return nil, nil }

// Drop has nothing to drop.
func (OwnerOnly) Drop(context.Context, api.ShareKind, int64) error { return nil }
