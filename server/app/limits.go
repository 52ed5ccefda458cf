package app

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/ratelimit"
)

// limiter is what the HTTP layer needs from a rate limiter.
type limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (ratelimit.Decision, error)
}

// rateLimit applies a token bucket per API key (with the key's own rate
// and burst) or per user (the configured user limits). failOpen decides
// what a limiter failure means: on the internal API the request goes on
// (a Redis outage should not take dashboards down); on the external
// signed API it is refused, because that boundary exists to protect.
func (a *App) rateLimit(l limiter, failOpen bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := auth.From(c)
		key, rate, burst := "user:"+strconv.FormatInt(p.UserID, 10), a.cfg.RateLimit.UserRate, a.cfg.RateLimit.UserBurst
		if p.ViaKey() {
			key, rate, burst = "key:"+strconv.FormatInt(p.KeyID, 10), p.KeyRate, p.KeyBurst
		}
		d, err := l.Allow(c.UserContext(), key, rate, burst)
		if err != nil {
			if failOpen {
				a.log.Warn("rate limiter unavailable; letting the request through", "err", err)
				return c.Next()
			}
			refuseKey(c, p, audit.ReasonLimiterDown)
			c.Set(fiber.HeaderRetryAfter, "1")
			return apierr.Wrap(http.StatusServiceUnavailable, "unavailable", "rate limiting is unavailable, try again shortly", err)
		}
		if !d.Allowed {
			refuseKey(c, p, audit.ReasonRateLimited)
		}
		return limitResponse(c, d)
	}
}

// refuseKey notes a refused key request for the audit log.
func refuseKey(c *fiber.Ctx, p auth.Principal, reason string) {
	if p.ViaKey() {
		audit.Refuse(c, audit.Refusal{Reason: reason, KeyID: p.KeyID, OwnerID: p.UserID})
	}
}

// limitResponse sets the RateLimit-* headers (IETF draft names) and
// answers 429 with Retry-After when the bucket is empty.
func limitResponse(c *fiber.Ctx, d ratelimit.Decision) error {
	c.Set("RateLimit-Limit", strconv.Itoa(d.Limit))
	c.Set("RateLimit-Remaining", strconv.Itoa(d.Remaining))
	c.Set("RateLimit-Reset", seconds(d.ResetAfter))
	if !d.Allowed {
		c.Set(fiber.HeaderRetryAfter, seconds(d.RetryAfter))
		return apierr.New(http.StatusTooManyRequests, "rate_limited", "too many requests: retry after %s seconds", seconds(d.RetryAfter))
	}
	return c.Next()
}

func seconds(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

// loginGuard limits login attempts per client address and per username,
// so neither one address nor a botnet can guess a password quickly. It
// fails closed: without the limiter, logins wait.
func (a *App) loginGuard(l limiter) fiber.Handler {
	r := a.cfg.RateLimit
	return func(c *fiber.Ctx) error {
		var body struct {
			Username string `json:"username"`
		}
		_ = json.Unmarshal(c.Body(), &body) // the handler reports bad bodies
		keys := []string{"login-ip:" + c.IP()}
		if u := strings.ToLower(strings.TrimSpace(body.Username)); u != "" && len(u) <= 64 {
			keys = append(keys, "login-user:"+u)
		}
		var last ratelimit.Decision
		for _, k := range keys {
			d, err := l.Allow(c.UserContext(), k, r.LoginRate, r.LoginBurst)
			if err != nil {
				c.Set(fiber.HeaderRetryAfter, "1")
				return apierr.Wrap(http.StatusServiceUnavailable, "unavailable", "login is unavailable, try again shortly", err)
			}
			if !d.Allowed {
				return limitResponse(c, d)
			}
			last = d
		}
		return limitResponse(c, last)
	}
}
