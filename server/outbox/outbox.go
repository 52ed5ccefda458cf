package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// ErrNoEndpoint is returned by Endpoints.Deliver when the webhook was
// deleted or disabled since the event was queued: the row is dropped
// without an attempt.
var ErrNoEndpoint = errors.New("outbox: the webhook is gone or disabled")

// Message is one attempt's event, as Endpoints.Deliver signs and sends it.
type Message struct {
	WebhookID int64
	OwnerID   int64
	EventID   string
	Event     string
	Payload   []byte
	// Attempt counts from 1.
	Attempt int
}

// Result is what one attempt got back. Err is set when no HTTP answer
// came (refused, timed out, blocked address); Body holds at most the
// first BodyLimit bytes.
type Result struct {
	Status   int
	Header   http.Header
	Body     []byte
	Err      string
	Duration time.Duration
}

// BodyLimit is how much of a receiver's answer is kept per attempt.
const BodyLimit = 4 << 10

// Outcome is what an attempt means for its endpoint.
type Outcome uint8

// The outcomes.
const (
	Succeeded Outcome = iota
	Retrying          // failed; tried again later
	GaveUp            // failed; it was the last attempt
	Gone              // the receiver answered 410 Gone: disable the endpoint
)

// Endpoints is what the outbox needs from the webhook feature.
type Endpoints interface {
	// Subscribers selects the id and owner_id of owner's enabled
	// webhooks that take event, through db (the emitting transaction);
	// Emit inserts one row per webhook from it in a single statement.
	Subscribers(db bun.IDB, ownerID int64, event string) *bun.SelectQuery
	// Deliver makes one attempt: signs and sends m.
	Deliver(ctx context.Context, m Message) (Result, error)
	// Settle applies an attempt's outcome to its endpoint (failing
	// since, disabling it) in tx, the transaction that logs the attempt.
	Settle(ctx context.Context, tx bun.IDB, webhookID int64, o Outcome, at time.Time) error
}

// Config tunes the workers.
type Config struct {
	// Retry is the delay before each attempt; len(Retry) attempts in all.
	Retry []time.Duration
	// Concurrency is how many attempts this instance makes at once.
	Concurrency int
	// Poll is how often due rows are looked for without a Kick.
	Poll time.Duration
	// Lease is how long a claimed row is this instance's.
	Lease time.Duration
	// Instance names this instance in claims and logs; default
	// hostname:pid:random.
	Instance string
}

// Outbox queues events and runs the delivery workers.
type Outbox struct {
	db   *bun.DB
	ep   Endpoints
	cfg  Config
	log  *slog.Logger
	kick chan struct{}
	now  func() time.Time
}

// New returns an outbox on db; call Run to deliver.
func New(db *bun.DB, ep Endpoints, cfg Config, log *slog.Logger) *Outbox {
	if cfg.Instance == "" {
		host, _ := os.Hostname()
		cfg.Instance = fmt.Sprintf("%s:%d:%s", host, os.Getpid(), randomHex(4))
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	return &Outbox{db: db, ep: ep, cfg: cfg, log: log, kick: make(chan struct{}, 1),
		now: func() time.Time { return time.Now().UTC() }}
}

// Instance is the name this instance claims rows under.
func (o *Outbox) Instance() string { return o.cfg.Instance }

// Emit queues event for every enabled webhook of owner that subscribes
// to it, writing through tx: the caller's transaction, so the event
// exists if and only if the change that caused it commits. data is the
// payload's "data" object. It returns the event id (the same for every
// webhook and every attempt). Call Kick after the commit to deliver at
// once rather than at the next poll.
func (o *Outbox) Emit(ctx context.Context, tx bun.IDB, ownerID int64, event string, data any) (string, error) {
	id, now := NewEventID(), o.now()
	payload, err := Payload(id, event, now, data)
	if err != nil {
		return "", err
	}
	// One statement (INSERT … SELECT): the emitting transaction pays one
	// round trip, whether the owner has no webhooks or several.
	sub := o.ep.Subscribers(tx, ownerID, event).
		ColumnExpr("?, ?, ?, 0, ?, '', ?", id, event, string(payload), now.Add(jitter(o.cfg.Retry[0])), now)
	if _, err := tx.NewRaw("INSERT INTO webhook_outbox (webhook_id, owner_id, event_id, event, payload, attempt, next_at, claimed_by, created_at) ?", sub).
		Exec(ctx); err != nil {
		return "", fmt.Errorf("outbox: queue %s: %w", event, err)
	}
	return id, nil
}

// Enqueue queues one event for one webhook (a test event, a
// redelivery), with its payload already encoded.
func (o *Outbox) Enqueue(ctx context.Context, tx bun.IDB, webhookID, ownerID int64, eventID, event string, payload []byte) error {
	r := o.row(webhookID, ownerID, eventID, event, payload)
	if _, err := tx.NewInsert().Model(&r).Exec(ctx); err != nil {
		return fmt.Errorf("outbox: queue %s: %w", event, err)
	}
	return nil
}

func (o *Outbox) row(webhookID, ownerID int64, eventID, event string, payload []byte) Row {
	now := o.now()
	return Row{WebhookID: webhookID, OwnerID: ownerID, EventID: eventID, Event: event, Payload: string(payload),
		NextAt: now.Add(jitter(o.cfg.Retry[0])), CreatedAt: now}
}

// Kick wakes this instance's workers to look for due rows now.
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Payload encodes the body of a delivery: {"id","event","created_at","data"}.
func Payload(id, event string, at time.Time, data any) ([]byte, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("outbox: encode %s data: %w", event, err)
	}
	if data == nil {
		raw = []byte("{}")
	}
	out, err := json.Marshal(api.WebhookPayload{ID: id, Event: event, CreatedAt: at.UTC().Truncate(time.Millisecond), Data: raw})
	if err != nil {
		return nil, fmt.Errorf("outbox: encode %s: %w", event, err)
	}
	return out, nil
}

// NewEventID returns a fresh event id: "evt_" and 24 hex digits.
func NewEventID() string { return "evt_" + randomHex(12) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b)
}

// Pending is how many rows wait for an attempt (for tests and the benchmark).
func Pending(ctx context.Context, db bun.IDB) (int64, error) {
	n, err := db.NewSelect().Model((*Row)(nil)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("outbox: count: %w", err)
	}
	return n, nil
}

// skipLocked reports whether db can claim with FOR UPDATE SKIP LOCKED.
func skipLocked(db bun.IDB) bool { return store.Dialect(db) != api.SQLite }

// Prune deletes logged attempts older than retention; run it periodically.
func Prune(ctx context.Context, db bun.IDB, retention time.Duration) (int64, error) {
	res, err := db.NewDelete().Model((*Delivery)(nil)).Where("created_at < ?", time.Now().UTC().Add(-retention)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("outbox: prune delivery log: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
