package chart

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

// ShareItem is what package access reads and sets of a chart.
func (c *Chart) ShareItem() access.Item {
	return access.Item{ID: c.ID, OwnerID: c.OwnerID, Access: &c.Access, OwnerName: &c.OwnerName}
}

// access sets m's Access for p, and its OwnerName when p is not the
// owner; none is a 404, as for a missing chart.
func (s *Service) access(ctx context.Context, p auth.Principal, m *Chart) error {
	ok, err := access.Resolve(ctx, s.sharing, p, api.ShareChart, m)
	if err == nil && !ok {
		err = fault.Missing("chart", m.ID).With(ErrNotFound)
	}
	return err
}
