package client

import (
	"context"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// sharePath is the share list of item (kind, id).
func sharePath(kind api.ShareKind, id int64) (string, error) {
	var coll string
	switch kind {
	case api.ShareDashboard:
		coll = "dashboards"
	case api.ShareChart:
		coll = "charts"
	case api.ShareQuery:
		coll = "queries"
	default:
		return "", fmt.Errorf("client: cannot share a %q", kind)
	}
	return fmt.Sprintf("/api/%s/%d/shares", coll, id), nil
}

// Shares lists whom a dashboard, chart or query is shared with (its
// owner or an admin only).
func (c *Client) Shares(ctx context.Context, kind api.ShareKind, id int64) ([]api.Share, error) {
	path, err := sharePath(kind, id)
	if err != nil {
		return nil, err
	}
	var out []api.Share
	return out, c.Do(ctx, "GET", path, nil, nil, &out)
}

// SetShares replaces whom a dashboard, chart or query is shared with; an
// empty list unshares it. It returns the list as stored.
func (c *Client) SetShares(ctx context.Context, kind api.ShareKind, id int64, shares []api.Share) ([]api.Share, error) {
	path, err := sharePath(kind, id)
	if err != nil {
		return nil, err
	}
	if shares == nil {
		shares = []api.Share{}
	}
	var out []api.Share
	return out, c.Do(ctx, "PUT", path, nil, shares, &out)
}

// UserDirectory lists every user's id and username, to share with.
func (c *Client) UserDirectory(ctx context.Context) ([]api.DirectoryUser, error) {
	var out []api.DirectoryUser
	return out, c.Do(ctx, "GET", "/api/users/directory", nil, nil, &out)
}
