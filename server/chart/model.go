package chart

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

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
}

// AfterScanRow refuses a row whose stored spec does not decode: a
// corrupt spec is an error, never an empty chart.
func (c *Chart) AfterScanRow(context.Context) error {
	var s spec.Spec
	if err := json.Unmarshal([]byte(c.Spec), &s); err != nil {
		return fmt.Errorf("chart %d: stored spec does not decode: %w", c.ID, err)
	}
	return nil
}

// Decoded returns the stored spec (validated when saved, checked when
// loaded by AfterScanRow).
func (c *Chart) Decoded() *spec.Spec {
	var s spec.Spec
	_ = json.Unmarshal([]byte(c.Spec), &s)
	return &s
}

// View is the API form of c.
func (c *Chart) View() spec.Saved {
	return spec.Saved{ID: c.ID, OwnerID: c.OwnerID, Name: c.Name, Description: c.Description, Type: spec.Type(c.Type),
		Spec: c.Decoded(), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}
