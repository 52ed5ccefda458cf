package app

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/embed"
	"github.com/gobi-bi/gobi/server/metrics"
)

// embedPage mounts the page an embed token opens: the chrome-less
// /embed/:token, framable by the configured origins only. Its client
// calls the embed-token operations (embed.Service.Ops).
func (a *App) embedPage(f *fiber.App) {
	embed.Page{
		S:      a.embeds,
		Shell:  shellPage,
		Policy: contentPolicy + "; frame-ancestors " + a.cfg.FrameAncestors(),
		Log:    a.log,
	}.Register(f)
}

// embedLimit is a token bucket per embed link, shared by everyone viewing
// it, so a leaked or very popular link cannot flood its owner's data
// sources. Like the internal API it degrades: during a Redis outage the
// bucket is kept in memory on each instance, and a limiter error lets the
// request through rather than blank every embedded dashboard.
func (a *App) embedLimit() fiber.Handler {
	r := a.cfg.RateLimit
	return func(c *fiber.Ctx) error {
		key := "embed:" + strconv.FormatInt(embed.From(c).Link.ID, 10)
		d, err := a.lenient.Allow(c.UserContext(), key, r.EmbedRate, r.EmbedBurst)
		if err != nil {
			a.log.Warn("rate limiter unavailable; letting the embed request through", "err", err)
			return c.Next()
		}
		if !d.Allowed {
			a.metrics.Rejected(metrics.LimitEmbed)
		}
		return limitResponse(c, d)
	}
}

// logPath is a request path as the access log may write it: an embed
// page's path carries its token, a credential, which is cut.
func logPath(path string) string {
	if strings.HasPrefix(path, "/embed/") {
		return "/embed/…"
	}
	return path
}
