package share

import (
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Share is a stored share: one grantee (or everyone) and a role on one
// item.
type Share struct {
	bun.BaseModel `bun:"table:shares"`
	ID            int64     `bun:",pk,autoincrement"`
	Kind          string    `bun:",notnull"`
	ResourceID    int64     `bun:",notnull"`
	GranteeID     *int64    `bun:""`
	Everyone      bool      `bun:",notnull"`
	Role          string    `bun:",notnull"`
	CreatedBy     int64     `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
}

// access is the Access a stored role grants.
func (s *Share) access() api.Access {
	if api.ShareRole(s.Role) == api.ShareEditor {
		return api.AccessEditor
	}
	return api.AccessViewer
}

// rank orders access levels: more is more.
func rank(a api.Access) int {
	switch a {
	case api.AccessOwner:
		return 3
	case api.AccessEditor:
		return 2
	case api.AccessViewer:
		return 1
	}
	return 0
}

// most returns the greater of two access levels.
func most(a, b api.Access) api.Access {
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// tables maps each kind to the table of its items.
var tables = map[api.ShareKind]string{
	api.ShareDashboard: "dashboards",
	api.ShareChart:     "charts",
	api.ShareQuery:     "queries",
}

// sortShares puts everyone first, then users by name.
func sortShares(ss []api.Share) {
	slices.SortStableFunc(ss, func(a, b api.Share) int {
		if a.Everyone != b.Everyone {
			if a.Everyone {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Username, b.Username)
	})
}
