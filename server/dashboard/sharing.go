package dashboard

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

// ShareItem is what package access reads and sets of a dashboard.
func (d *Dashboard) ShareItem() access.Item {
	return access.Item{ID: d.ID, OwnerID: d.OwnerID, Access: &d.Access, OwnerName: &d.OwnerName}
}

// access sets m's Access for p, and its OwnerName when p is not the
// owner; none is a 404, as for a missing dashboard.
func (s *Service) access(ctx context.Context, p auth.Principal, m *Dashboard) error {
	ok, err := access.Resolve(ctx, s.sharing, p, api.ShareDashboard, m)
	if err == nil && !ok {
		err = fault.Missing("dashboard", m.ID).With(ErrNotFound)
	}
	return err
}
