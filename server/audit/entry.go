package audit

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Entry is one audit row.
type Entry struct {
	bun.BaseModel `bun:"table:audit_logs"`
	ID            int64     `bun:",pk,autoincrement"`
	KeyID         *int64    `bun:""`
	OwnerID       int64     `bun:",notnull"`
	Method        string    `bun:",notnull"`
	Path          string    `bun:",notnull"`
	Query         string    `bun:",notnull"`
	Status        int       `bun:",notnull"`
	LatencyMS     float64   `bun:"latency_ms,notnull"`
	ClientIP      string    `bun:",notnull"`
	RequestBody   string    `bun:",notnull"`
	ResponseBody  string    `bun:",notnull"`
	CreatedAt     time.Time `bun:",notnull"`
}

// Recorder takes entries off the request path (a batch.Writer[Entry]).
type Recorder interface {
	Add(ctx context.Context, e *Entry) error
}

// Flusher writes out what was recorded so far, before a read.
type Flusher interface {
	Flush(ctx context.Context) error
}
