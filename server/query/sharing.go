package query

import (
	"context"

	"github.com/gobi-bi/gobi/server/access"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// ShareWith makes s answer to sharing (package share); until it is
// called s uses auth.OwnerOnly. Call it before serving.
func (s *Service) ShareWith(sh access.Sharing) { s.sharing = sh }

// ShareItem is what package access reads and sets of a query.
func (q *Query) ShareItem() access.Item {
	return access.Item{ID: q.ID, OwnerID: q.OwnerID, Access: &q.Access, OwnerName: &q.OwnerName}
}

// access sets m's Access for p, and its OwnerName when p is not the
// owner; none is a 404, as for a missing query.
func (s *Service) access(ctx context.Context, p auth.Principal, m *Query) error {
	ok, err := access.Resolve(ctx, s.sharing, p, api.ShareQuery, m)
	if err == nil && !ok {
		err = fault.Missing("query", m.ID).With(ErrNotFound)
	}
	return err
}
