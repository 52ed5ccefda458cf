package embed

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Link is a stored embed link. Its token is not stored: only the id the
// token names, so a copy of the database holds no working link.
type Link struct {
	bun.BaseModel `bun:"table:embed_links"`
	ID            int64      `bun:",pk,autoincrement"`
	OwnerID       int64      `bun:",notnull"`
	Kind          string     `bun:",notnull"`
	ItemID        int64      `bun:",notnull"`
	Params        string     `bun:",notnull"`
	ExpiresAt     time.Time  `bun:",notnull"`
	RevokedAt     *time.Time `bun:""`
	CreatedAt     time.Time  `bun:",notnull"`
}

// AfterScanRow refuses a link whose locked parameters do not decode: an
// empty set would unlock them.
func (l *Link) AfterScanRow(context.Context) error {
	var m map[string]any
	if err := json.Unmarshal([]byte(l.Params), &m); err != nil {
		return fmt.Errorf("embed link %d: stored parameters do not decode: %w", l.ID, err)
	}
	return nil
}

// Locked returns the locked parameter values (validated when created,
// checked when loaded).
func (l *Link) Locked() map[string]any {
	var m map[string]any
	_ = json.Unmarshal([]byte(l.Params), &m)
	return m
}

// View is the API form of l.
func (l *Link) View() api.EmbedLink {
	return api.EmbedLink{ID: l.ID, OwnerID: l.OwnerID, Kind: api.EmbedKind(l.Kind), ItemID: l.ItemID, Params: l.Locked(),
		ExpiresAt: l.ExpiresAt, RevokedAt: l.RevokedAt, CreatedAt: l.CreatedAt}
}
