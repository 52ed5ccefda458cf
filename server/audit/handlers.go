package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Middleware records every request made with an API key (plain or
// signed). Put it after authentication. maxBody caps stored bodies.
func Middleware(w Recorder, maxBody int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		p := auth.From(c)
		if !p.ViaKey() {
			return err
		}
		if err != nil {
			// Write the error response now, so the log holds what the
			// client received.
			if herr := c.App().Config().ErrorHandler(c, err); herr != nil {
				return herr
			}
			err = nil
		}
		status := c.Response().StatusCode()
		keyID := p.KeyID
		e := &Entry{KeyID: &keyID, OwnerID: p.UserID, Method: c.Method(), Path: c.Path(),
			Query: string(c.Request().URI().QueryString()), Status: status,
			LatencyMS: float64(time.Since(start).Microseconds()) / 1000, ClientIP: c.IP(),
			RequestBody: Body(c.Body(), maxBody), ResponseBody: Body(c.Response().Body(), maxBody),
			CreatedAt: start.UTC()}
		if rerr := w.Add(context.WithoutCancel(c.UserContext()), e); rerr != nil {
			return fmt.Errorf("audit: %w", rerr)
		}
		return err
	}
}

// Log serves GET /api/audit. Pending entries are flushed before each read
// so a caller sees every request it has already had answered.
type Log struct {
	DB      bun.IDB
	Pending Flusher
}

// Register mounts the route on an authenticated router.
func (l Log) Register(r fiber.Router) { r.Get("/audit", l.list) }

// list filters by key_id, method, status, path (prefix), from and to
// (RFC 3339), and pages newest first with limit and before_id.
func (l Log) list(c *fiber.Ctx) error {
	p := auth.From(c)
	q := l.DB.NewSelect().Model((*Entry)(nil)).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC")
	limit := c.QueryInt("limit", 100)
	if limit < 1 || limit > 1000 {
		return apierr.BadRequest("limit must be between 1 and 1000")
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
		out[i] = api.AuditEntry{ID: e.ID, KeyID: e.KeyID, OwnerID: e.OwnerID, Method: e.Method, Path: e.Path, Query: e.Query,
			Status: e.Status, LatencyMS: e.LatencyMS, ClientIP: e.ClientIP, RequestBody: e.RequestBody,
			ResponseBody: e.ResponseBody, CreatedAt: e.CreatedAt}
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
