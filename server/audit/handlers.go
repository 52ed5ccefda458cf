package audit

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Options configures Middleware.
type Options struct {
	// MaxBody caps each stored body, in bytes.
	MaxBody int
	// Durable makes the response to an answered key request wait until
	// its entry is committed (see batch.Writer.Commit).
	Durable bool
	// Anonymous also records calls that present no credentials at all,
	// with reason no_credentials: on the external listener every call is
	// an integrator's.
	Anonymous bool
}

// ReasonNoCredentials is recorded for a call without any credentials
// (only where Options.Anonymous is set).
const ReasonNoCredentials = "no_credentials"

// Middleware records every request made with an API key (plain or
// signed), answered or refused. Put it before authentication, so that it
// sees the requests authentication refuses (an authenticator notes the
// key it refused with Refuse); session (JWT) and anonymous requests are
// not recorded. Answered requests' entries are never dropped; refused
// ones go through the bounded Offer, so a flood of bad requests cannot
// grow the queue.
func Middleware(w Recorder, o Options) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		p := auth.From(c)
		ref, refused := refusalOf(c)
		if !p.ViaKey() && !refused && (!o.Anonymous || p.UserID != 0) {
			return err
		}
		if err != nil {
			// Write the error response now, so the log holds what the
			// client received.
			if herr := c.App().Config().ErrorHandler(c, err); herr != nil {
				return herr
			}
		}
		e := entry(c, start, o.MaxBody)
		switch {
		case p.ViaKey():
			keyID := p.KeyID
			e.KeyID, e.OwnerID, e.Reason = &keyID, p.UserID, ref.Reason
			if e.Reason == "" {
				e.Reason = reasonFor(e.Status)
			}
		case refused:
			if ref.KeyID != 0 {
				keyID := ref.KeyID
				e.KeyID = &keyID
			}
			e.OwnerID, e.Reason, e.KeyPrefix = ref.OwnerID, ref.Reason, ref.KeyPrefix
		default:
			e.Reason = ReasonNoCredentials
		}
		ctx := context.WithoutCancel(c.UserContext())
		switch {
		case e.Reason != "":
			w.Offer(e) // counted by the writer when dropped
		case o.Durable:
			if cerr := w.Commit(ctx, e); cerr != nil {
				// No row, so no answer: the client must not take it
				// for a recorded call.
				c.Response().ResetBody()
				return fault.Wrap(fault.Unavailable, "unavailable", "the audit log cannot be written; try again later", cerr)
			}
		default:
			if rerr := w.Add(ctx, e); rerr != nil {
				return fmt.Errorf("audit: %w", rerr)
			}
		}
		return nil
	}
}

// entry copies what the log keeps out of c. Fiber's strings (method, path,
// header values) point into buffers that the next request on the
// connection reuses, and the entry outlives the request in the writer's
// buffer: everything is cloned.
func entry(c *fiber.Ctx, start time.Time, maxBody int) *Entry {
	return &Entry{Method: strings.Clone(c.Method()), Path: strings.Clone(c.Path()),
		Query: Query(string(c.Request().URI().QueryString())), Status: c.Response().StatusCode(),
		LatencyMS: float64(time.Since(start).Microseconds()) / 1000, ClientIP: strings.Clone(c.IP()),
		RequestBody: Body(c.Body(), maxBody), ResponseBody: Body(c.Response().Body(), maxBody),
		RequestID: requestid.From(c.UserContext()), CreatedAt: start.UTC()}
}

// reasonFor names a refusal of an authenticated key by its status.
func reasonFor(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return ReasonRateLimited
	case http.StatusForbidden:
		return ReasonForbidden
	case http.StatusUnauthorized:
		return ReasonUnauthorized
	}
	return ""
}

// Log serves GET /api/audit. Pending entries are flushed before each read
// so a caller sees every request it has already had answered.
type Log struct {
	DB      bun.IDB
	Pending Flusher
}

// Ops is the audit log's operation; session only: a key must not read
// what other keys did.
func (l Log) Ops() route.Table {
	return route.Table{
		route.Get("/api/audit", "list-audit-entries", l.list).
			Doc("List audit entries",
				"Every API-key request, answered or refused, newest first. A user sees the entries of their keys, "+
					"refused calls on them included; entries of unknown keys only admins see.").
			SessionOnly().Tagged("Audit"),
	}
}

// Filter selects audit entries.
type Filter struct {
	KeyID    int64  `query:"key_id" minimum:"0" doc:"Only this key's entries."`
	Method   string `query:"method" doc:"Only this HTTP method."`
	Status   int64  `query:"status" minimum:"0" doc:"Only this response status."`
	Path     string `query:"path" doc:"Only paths starting with this."`
	Reason   string `query:"reason" doc:"Only refusals for this reason (rate_limited, bad_signature, replay, …)."`
	Refused  string `query:"refused" enum:"true,false" doc:"Only refused (true) or answered (false) requests."`
	From     string `query:"from" doc:"Only entries at or after this RFC 3339 time."`
	To       string `query:"to" doc:"Only entries before this RFC 3339 time."`
	BeforeID int64  `query:"before_id" minimum:"0" doc:"Only entries older than this id (the next page)."`
	Limit    int    `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"At most this many entries."`
}

func (l Log) list(ctx context.Context, p auth.Principal, f *Filter) ([]api.AuditEntry, error) {
	q := l.DB.NewSelect().Model((*Entry)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC")
	for _, c := range []struct {
		v   int64
		col string
		op  string
	}{{f.KeyID, "key_id", "="}, {f.Status, "status", "="}, {f.BeforeID, "id", "<"}} {
		if c.v != 0 {
			q = q.Where("? "+c.op+" ?", bun.Ident(c.col), c.v)
		}
	}
	if f.Reason != "" {
		if !validReason(f.Reason) {
			return nil, fault.BadRequest("reason must be a reason slug such as rate_limited or bad_signature")
		}
		q = q.Where("reason = ?", f.Reason)
	}
	switch f.Refused {
	case "true":
		q = q.Where("reason <> ''")
	case "false":
		q = q.Where("reason = ''")
	}
	if f.Method != "" {
		q = q.Where("method = ?", strings.ToUpper(f.Method))
	}
	if f.Path != "" {
		// '!' escapes on every store: a backslash means different things
		// in PostgreSQL's, MariaDB's and SQLite's string literals.
		q = q.Where("path LIKE ? ESCAPE '!'", strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(f.Path)+"%")
	}
	for _, t := range []struct{ name, v, op string }{{"from", f.From, ">="}, {"to", f.To, "<"}} {
		if t.v != "" {
			at, err := time.Parse(time.RFC3339, t.v)
			if err != nil {
				return nil, fault.BadRequest("%s must be an RFC 3339 time", t.name)
			}
			q = q.Where("created_at "+t.op+" ?", at.UTC())
		}
	}
	if err := l.Pending.Flush(ctx); err != nil {
		return nil, fmt.Errorf("flush audit log: %w", err)
	}
	var es []Entry
	if err := q.Limit(int64(f.Limit)).Scan(ctx, &es); err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	out := make([]api.AuditEntry, len(es))
	for i, e := range es {
		out[i] = api.AuditEntry{ID: e.ID, KeyID: e.KeyID, Method: e.Method, Path: e.Path, Query: e.Query,
			Status: e.Status, LatencyMS: e.LatencyMS, ClientIP: e.ClientIP, RequestBody: e.RequestBody,
			ResponseBody: e.ResponseBody, CreatedAt: e.CreatedAt, Reason: e.Reason, KeyPrefix: e.KeyPrefix, RequestID: e.RequestID}
		if e.OwnerID != 0 {
			owner := e.OwnerID
			out[i].OwnerID = &owner
		}
	}
	return out, nil
}

// Prune deletes entries older than retention; run it periodically.
func Prune(ctx context.Context, db bun.IDB, retention time.Duration) (int64, error) {
	res, err := db.NewDelete().Model((*Entry)(nil)).Where("created_at < ?", time.Now().UTC().Add(-retention)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("prune audit log: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
