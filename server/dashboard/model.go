package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Dashboard is a stored dashboard. Tiles and parameters are kept as JSON:
// a layout is always read and written whole.
type Dashboard struct {
	bun.BaseModel `bun:"table:dashboards"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	Title         string    `bun:",notnull"`
	Description   string    `bun:",notnull"`
	Tiles         string    `bun:",notnull"`
	Params        string    `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`

	// Access and OwnerName are the caller's access and, when not the
	// owner, the owner's username: set by Get and List, not stored.
	Access    api.Access `bun:"-"`
	OwnerName string     `bun:"-"`
}

// AfterScanRow refuses a row whose stored tiles or parameters do not
// decode, rather than showing an empty dashboard.
func (d *Dashboard) AfterScanRow(context.Context) error {
	var tiles []api.Tile
	if err := json.Unmarshal([]byte(d.Tiles), &tiles); err != nil {
		return fmt.Errorf("dashboard %d: stored tiles do not decode: %w", d.ID, err)
	}
	var defs []api.ParamDef
	if err := json.Unmarshal([]byte(d.Params), &defs); err != nil {
		return fmt.Errorf("dashboard %d: stored parameters do not decode: %w", d.ID, err)
	}
	return nil
}

// TileList returns the stored tiles (validated when saved, checked when
// loaded).
func (d *Dashboard) TileList() []api.Tile {
	tiles := []api.Tile{}
	_ = json.Unmarshal([]byte(d.Tiles), &tiles)
	return tiles
}

// ParamDefs returns the dashboard's parameters (validated when saved).
func (d *Dashboard) ParamDefs() []api.ParamDef {
	defs := []api.ParamDef{}
	_ = json.Unmarshal([]byte(d.Params), &defs)
	return defs
}

// ChartIDs lists the charts on the dashboard, each once.
func (d *Dashboard) ChartIDs() []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, t := range d.TileList() {
		if !seen[t.ChartID] {
			seen[t.ChartID] = true
			ids = append(ids, t.ChartID)
		}
	}
	return ids
}

// View is the API form of d.
func (d *Dashboard) View() api.Dashboard {
	return api.Dashboard{ID: d.ID, OwnerID: d.OwnerID, Title: d.Title, Description: d.Description,
		Tiles: d.TileList(), Params: d.ParamDefs(), CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
		Access: d.Access, Owner: d.OwnerName}
}
