package audit

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/requestid"
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
				return apierr.Wrap(http.StatusServiceUnavailable, "unavailable", "the audit log cannot be written; try again later", cerr)
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

// Register mounts the route on an authenticated router.
func (l Log) Register(r fiber.Router) { r.Get("/audit", l.list) }

// list filters by key_id, method, status, path (prefix), reason, refused
// (true or false), from and to (RFC 3339), and pages newest first with
// limit and before_id. A user sees the entries of their keys, refused
// calls on them included; entries of unknown keys only admins see.
func (l Log) list(c *fiber.Ctx) error {
	p := auth.From(c)
	q := l.DB.NewSelect().Model((*Entry)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC")
	limit, err := apierr.QueryInt(c, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		col  string
	}{{"key_id", "key_id"}, {"status", "status"}, {"before_id", "id"}} {
		v := c.Query(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return apierr.BadRequest("%s must be a non-negative integer", f.name)
		}
		op := "="
		if f.name == "before_id" {
			op = "<"
		}
		q = q.Where("? "+op+" ?", bun.Ident(f.col), n)
	}
	if r := c.Query("reason"); r != "" {
		if !validReason(r) {
			return apierr.BadRequest("reason must be a reason slug such as rate_limited or bad_signature")
		}
		q = q.Where("reason = ?", r)
	}
	switch c.Query("refused") {
	case "":
	case "true":
		q = q.Where("reason <> ''")
	case "false":
		q = q.Where("reason = ''")
	default:
		return apierr.BadRequest("refused must be true or false")
	}
	if m := c.Query("method"); m != "" {
		q = q.Where("method = ?", strings.ToUpper(m))
	}
	if path := c.Query("path"); path != "" {
		q = q.Where("path LIKE ?", strings.NewReplacer("%", `\%`, "_", `\_`).Replace(path)+"%")
	}
	for _, f := range []struct{ name, op string }{{"from", ">="}, {"to", "<"}} {
		if v := c.Query(f.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return apierr.BadRequest("%s must be an RFC 3339 time", f.name)
			}
			q = q.Where("created_at "+f.op+" ?", t.UTC())
		}
	}
	if err := l.Pending.Flush(c.UserContext()); err != nil {
		return fmt.Errorf("flush audit log: %w", err)
	}
	var es []Entry
	if err := q.Limit(int64(limit)).Scan(c.UserContext(), &es); err != nil {
		return fmt.Errorf("list audit log: %w", err)
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
	return c.JSON(out)
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
