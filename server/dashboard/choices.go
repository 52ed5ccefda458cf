package dashboard

import (
	"context"
	"fmt"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// Queries is what parameter choices need from the query feature: a saved
// query run read-only, within its limits, as a given user.
type Queries interface {
	Execute(ctx context.Context, p auth.Principal, id int64, req api.ExecuteRequest) (*api.Result, error)
	Exists(ctx context.Context, p auth.Principal, id int64) (bool, error)
}

// OfferChoices lets the service answer Choices by running saved queries
// through q. Without it, Choices refuses every parameter.
func (s *Service) OfferChoices(q Queries) { s.queries = q }

// Choices returns the values offered for the dashboard's parameter named
// param, or for every parameter with a choice source when param is
// empty. Each source query runs as the dashboard's owner (so an admin
// or, later, a viewer sees the owner's data, as an embed link does), with
// its default parameters and at most dashboard.MaxChoices rows.
func (s *Service) Choices(ctx context.Context, p auth.Principal, id int64, param string) ([]api.ParamChoices, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	owner := auth.Principal{UserID: d.OwnerID, Role: auth.RoleUser}
	// Others than the owner see values of the owner's own queries only,
	// as through-dashboard access counts only the owner's own charts: a
	// query someone shared with the owner is not passed on to viewers.
	ownOnly := !p.IsAdmin() && p.UserID != d.OwnerID
	out := []api.ParamChoices{}
	found := false
	for _, def := range d.ParamDefs() {
		if param != "" && def.Name != param {
			continue
		}
		found = true
		if def.Choices == nil {
			if param != "" {
				return nil, fault.BadRequest("parameter %s offers no choices: give it a choice source (a query and a column)", param)
			}
			continue
		}
		c, err := s.choices(ctx, owner, def, ownOnly)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if param != "" && !found {
		return nil, fault.Missing("dashboard parameter", param)
	}
	return out, nil
}

func (s *Service) choices(ctx context.Context, owner auth.Principal, def api.ParamDef, ownOnly bool) (api.ParamChoices, error) {
	out := api.ParamChoices{Param: def.Name, Values: []any{}}
	if s.queries == nil {
		return out, fault.New(fault.Unavailable, "", "parameter choices are not available on this server")
	}
	if ownOnly {
		n, err := s.db.NewSelect().Table("queries").Where("id = ?", def.Choices.QueryID).Where("owner_id = ?", owner.UserID).Count(ctx)
		if err != nil {
			return out, fmt.Errorf("choices for %s: %w", def.Name, err)
		}
		if n == 0 {
			return out, fault.Missing("query", def.Choices.QueryID)
		}
	}
	res, err := s.queries.Execute(ctx, owner, def.Choices.QueryID, api.ExecuteRequest{MaxRows: dashboard.MaxChoices, Partial: true})
	if err != nil {
		return out, fmt.Errorf("choices for %s: %w", def.Name, err)
	}
	col := -1
	for i, c := range res.Columns {
		if def.Choices.Column == "" || c.Name == def.Choices.Column {
			col = i
			break
		}
	}
	if col < 0 {
		return out, fault.BadRequest("parameter %s: query %d has no column %q", def.Name, def.Choices.QueryID, def.Choices.Column)
	}
	seen := map[string]bool{}
	for _, row := range res.Rows {
		if col >= len(row) || row[col] == nil {
			continue
		}
		key := fmt.Sprintf("%T\x00%v", row[col], row[col])
		if !seen[key] {
			seen[key] = true
			out.Values = append(out.Values, row[col])
		}
	}
	out.Truncated = res.Truncated
	return out, nil
}
