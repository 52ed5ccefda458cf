package audit

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Entry is one audit row.
type Entry struct {
	bun.BaseModel `bun:"table:audit_logs"`
	ID            int64  `bun:",pk,autoincrement"`
	KeyID         *int64 `bun:""`
	// OwnerID is the key's owner; 0 when the presented key is unknown.
	OwnerID      int64     `bun:",notnull"`
	Method       string    `bun:",notnull"`
	Path         string    `bun:",notnull"`
	Query        string    `bun:",notnull"`
	Status       int       `bun:",notnull"`
	LatencyMS    float64   `bun:"latency_ms,notnull"`
	ClientIP     string    `bun:",notnull"`
	RequestBody  string    `bun:",notnull"`
	ResponseBody string    `bun:",notnull"`
	CreatedAt    time.Time `bun:",notnull"`
	// Reason says why the call was refused (a Reason* slug); empty when it
	// was answered.
	Reason string `bun:",notnull"`
	// KeyPrefix is the public prefix of the key presented, kept when the
	// key is unknown so its owner can still be found; never the secret.
	KeyPrefix string `bun:",notnull"`
	// RequestID is the request's X-Request-ID (see server/requestid).
	RequestID string `bun:",notnull"`
}

// Recorder takes entries off the request path (a batch.Writer[Entry]).
type Recorder interface {
	// Add never drops (it waits while the buffer is full).
	Add(ctx context.Context, e *Entry) error
	// Commit returns once the entry is in the database.
	Commit(ctx context.Context, e *Entry) error
	// Offer drops and counts instead of waiting when the buffer is backed
	// up: for refused calls, which a flood can produce without bound.
	Offer(e *Entry) bool
}

// Flusher writes out what was recorded so far, before a read.
type Flusher interface {
	Flush(ctx context.Context) error
}
