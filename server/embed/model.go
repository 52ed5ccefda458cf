package embed

import (
	"encoding/json"
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

// Locked returns the locked parameter values (validated when created).
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
