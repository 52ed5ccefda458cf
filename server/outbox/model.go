package outbox

import (
	"time"

	"github.com/uptrace/bun"
)

// Row is one event waiting for its next attempt at one webhook.
type Row struct {
	bun.BaseModel `bun:"table:webhook_outbox"`
	ID            int64      `bun:",pk,autoincrement"`
	WebhookID     int64      `bun:",notnull"`
	OwnerID       int64      `bun:",notnull"`
	EventID       string     `bun:",notnull"`
	Event         string     `bun:",notnull"`
	Payload       string     `bun:",notnull"`
	Attempt       int        `bun:",notnull"` // attempts made so far
	NextAt        time.Time  `bun:",notnull"`
	LeaseUntil    *time.Time `bun:""`
	ClaimedBy     string     `bun:",notnull"`
	CreatedAt     time.Time  `bun:",notnull"`
}

// Delivery is one logged attempt.
type Delivery struct {
	bun.BaseModel   `bun:"table:webhook_deliveries"`
	ID              int64      `bun:",pk,autoincrement"`
	WebhookID       int64      `bun:",notnull"`
	OwnerID         int64      `bun:",notnull"`
	EventID         string     `bun:",notnull"`
	Event           string     `bun:",notnull"`
	Payload         string     `bun:",notnull"`
	Attempt         int        `bun:",notnull"`
	Status          string     `bun:",notnull"`
	NextAttemptAt   *time.Time `bun:""`
	ResponseStatus  int        `bun:",notnull"`
	ResponseHeaders string     `bun:",notnull"`
	ResponseBody    string     `bun:",notnull"`
	Error           string     `bun:",notnull"`
	DurationMS      float64    `bun:"duration_ms,notnull"`
	Instance        string     `bun:",notnull"`
	QueuedAt        time.Time  `bun:",notnull"`
	CreatedAt       time.Time  `bun:",notnull"`
}
