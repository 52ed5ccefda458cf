package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Snapshot of the schema added at version 20261203000010 (webhooks):
//   - webhooks: endpoints, their sealed signing secrets (the previous one
//     kept through a rotation window) and why Gobi disabled one;
//   - webhook_outbox: events waiting for their next attempt, written in
//     the emitting transaction and claimed by delivery workers with a
//     lease (lease_until, claimed_by);
//   - webhook_deliveries: every attempt, with the receiver's answer.

type v10Webhook struct {
	bun.BaseModel  `bun:"table:webhooks"`
	ID             int64  `bun:",pk,autoincrement"`
	OwnerID        int64  `bun:",notnull"`
	Name           string `bun:",type:varchar(200),notnull"`
	URL            string `bun:"url,type:varchar(2048),notnull"`
	Events         string `bun:",type:text,notnull"`
	Headers        string `bun:",type:text,notnull"`
	Enabled        bool   `bun:",notnull"`
	DisabledReason string `bun:",type:varchar(500),notnull"`
	SecretSealed   string `bun:",type:text,notnull"`
	// PreviousSealed signs too until PreviousUntil.
	PreviousSealed string     `bun:",type:text,notnull"`
	PreviousUntil  *time.Time `bun:""`
	FailingSince   *time.Time `bun:""`
	CreatedAt      time.Time  `bun:",notnull"`
	UpdatedAt      time.Time  `bun:",notnull"`
}

type v10Outbox struct {
	bun.BaseModel `bun:"table:webhook_outbox"`
	ID            int64      `bun:",pk,autoincrement"`
	WebhookID     int64      `bun:",notnull"`
	OwnerID       int64      `bun:",notnull"`
	EventID       string     `bun:",type:varchar(64),notnull"`
	Event         string     `bun:",type:varchar(64),notnull"`
	Payload       string     `bun:",type:text,notnull"`
	Attempt       int        `bun:",notnull"`
	NextAt        time.Time  `bun:",notnull"`
	LeaseUntil    *time.Time `bun:""`
	ClaimedBy     string     `bun:",type:varchar(64),notnull"`
	CreatedAt     time.Time  `bun:",notnull"`
}

type v10Delivery struct {
	bun.BaseModel   `bun:"table:webhook_deliveries"`
	ID              int64      `bun:",pk,autoincrement"`
	WebhookID       int64      `bun:",notnull"`
	OwnerID         int64      `bun:",notnull"`
	EventID         string     `bun:",type:varchar(64),notnull"`
	Event           string     `bun:",type:varchar(64),notnull"`
	Payload         string     `bun:",type:text,notnull"`
	Attempt         int        `bun:",notnull"`
	Status          string     `bun:",type:varchar(16),notnull"`
	NextAttemptAt   *time.Time `bun:""`
	ResponseStatus  int        `bun:",notnull"`
	ResponseHeaders string     `bun:",type:text,notnull"`
	ResponseBody    string     `bun:",type:text,notnull"`
	Error           string     `bun:",type:varchar(1000),notnull"`
	DurationMS      float64    `bun:"duration_ms,notnull"`
	Instance        string     `bun:",type:varchar(64),notnull"`
	QueuedAt        time.Time  `bun:",notnull"`
	CreatedAt       time.Time  `bun:",notnull"`
}

func migrateV10(ctx context.Context, db *bun.DB) error {
	return createTables(ctx, db,
		tableDef{
			model:   (*v10Webhook)(nil),
			fks:     []string{"(owner_id) REFERENCES users (id) ON DELETE CASCADE"},
			indexes: []indexDef{{"webhooks_owner_idx", false, []string{"owner_id"}}},
		},
		tableDef{
			model: (*v10Outbox)(nil),
			fks:   []string{"(webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE"},
			indexes: []indexDef{
				{"webhook_outbox_due_idx", false, []string{"next_at"}},
				{"webhook_outbox_webhook_idx", false, []string{"webhook_id"}},
			},
		},
		tableDef{
			model: (*v10Delivery)(nil),
			fks:   []string{"(webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE"},
			indexes: []indexDef{
				{"webhook_deliveries_webhook_idx", false, []string{"webhook_id", "id"}},
			},
		},
	)
}
