package webhook

import (
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// Webhook is a stored endpoint.
type Webhook struct {
	bun.BaseModel  `bun:"table:webhooks"`
	ID             int64      `bun:",pk,autoincrement"`
	OwnerID        int64      `bun:",notnull"`
	Name           string     `bun:",notnull"`
	URL            string     `bun:"url,notnull"`
	Events         string     `bun:",notnull"` // JSON array
	Headers        string     `bun:",notnull"` // JSON object
	Enabled        bool       `bun:",notnull"`
	DisabledReason string     `bun:",notnull"`
	SecretSealed   string     `bun:",notnull"`
	PreviousSealed string     `bun:",notnull"`
	PreviousUntil  *time.Time `bun:""`
	FailingSince   *time.Time `bun:""`
	CreatedAt      time.Time  `bun:",notnull"`
	UpdatedAt      time.Time  `bun:",notnull"`
}

// View is the webhook as the API shows it: never its secrets, and its
// custom headers by name only (their values are often credentials).
func (w *Webhook) View() api.Webhook {
	names := w.HeaderMap()
	for k := range names {
		names[k] = ""
	}
	v := api.Webhook{ID: w.ID, OwnerID: w.OwnerID, Name: w.Name, URL: w.URL, Enabled: w.Enabled,
		DisabledReason: w.DisabledReason, FailingSince: w.FailingSince, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
		Events: w.EventList(), Headers: names}
	if w.PreviousUntil != nil && w.PreviousSealed != "" {
		v.PreviousSecretUntil = w.PreviousUntil
	}
	return v
}

// EventList is the events the webhook subscribes to.
func (w *Webhook) EventList() []string {
	out := []string{}
	_ = json.Unmarshal([]byte(w.Events), &out)
	return out
}

// HeaderMap is the custom headers sent with each delivery.
func (w *Webhook) HeaderMap() map[string]string {
	out := map[string]string{}
	_ = json.Unmarshal([]byte(w.Headers), &out)
	return out
}
