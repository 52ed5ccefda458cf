package chart

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Chart is a stored chart. The spec is kept as JSON; its query id is also
// a column so a query cannot be deleted while charts use it.
type Chart struct {
	bun.BaseModel `bun:"table:charts"`
	ID            int64     `bun:",pk,autoincrement"`
	OwnerID       int64     `bun:",notnull"`
	QueryID       *int64    `bun:""`
	Name          string    `bun:",notnull"`
	Description   string    `bun:",notnull"`
	Type          string    `bun:",notnull"`
	Spec          string    `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
	UpdatedAt     time.Time `bun:",notnull"`

	// Access and OwnerName are the caller's access and, when not the
	// owner, the owner's username: set by Get and List, not stored.
	Access    api.Access `bun:"-"`
	OwnerName string     `bun:"-"`

	// loaded is the spec AfterScanRow decoded from loadedFrom, handed to
	// the first Decoded call so that loading and using a chart decode it
	// once (unless Spec was changed since).
	loaded     *spec.Spec `bun:"-"`
	loadedFrom string     `bun:"-"`
}

// AfterScanRow refuses a row whose stored spec does not decode: a
// corrupt spec is an error, never an empty chart.
func (c *Chart) AfterScanRow(context.Context) error {
	s := new(spec.Spec)
	if err := json.Unmarshal([]byte(c.Spec), s); err != nil {
		return fmt.Errorf("chart %d: stored spec does not decode: %w", c.ID, err)
	}
	c.loaded, c.loadedFrom = s, c.Spec
	return nil
}

// Decoded returns the stored spec (validated when saved, checked when
// loaded by AfterScanRow). Each call returns a spec of its own that the
// caller may change: the first takes the one decoded at load.
func (c *Chart) Decoded() *spec.Spec {
	if s := c.loaded; s != nil && c.Spec == c.loadedFrom {
		c.loaded = nil
		return s
	}
	var s spec.Spec
	_ = json.Unmarshal([]byte(c.Spec), &s)
	return &s
}

// View is the API form of c.
func (c *Chart) View() spec.Saved {
	return spec.Saved{ID: c.ID, OwnerID: c.OwnerID, Name: c.Name, Description: c.Description, Type: spec.Type(c.Type),
		Spec: c.Decoded(), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Access: c.Access, Owner: c.OwnerName}
}
