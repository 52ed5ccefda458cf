package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/metrics"
	"github.com/gobi-bi/gobi/server/ratelimit"
	"github.com/gobi-bi/gobi/server/route"
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
				// Only a memory limiter's ErrInvalid gets here internally
				// (Redis outages fall back to memory): a misconfigured
				// bucket must not take dashboards down.
				a.log.Warn("rate limiter refused the bucket; letting the request through", "err", err)
				return c.Next()
			}
			refuseKey(c, p, audit.ReasonLimiterDown)
			c.Set(fiber.HeaderRetryAfter, "1")
			return fault.Wrap(fault.Unavailable, "unavailable", "rate limiting is unavailable, try again shortly", err)
		}
		if !d.Allowed {
			refuseKey(c, p, audit.ReasonRateLimited)
			a.metrics.Rejected(rejecter(failOpen, p))
		}
		return limitResponse(c, d)
	}
}

// rejecter names the limiter rateLimit refuses with, for metrics.
func rejecter(internal bool, p auth.Principal) metrics.Limiter {
	switch {
	case !internal:
		return metrics.LimitExternal
	case p.ViaKey():
		return metrics.LimitKey
	}
	return metrics.LimitUser
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
		return fault.New(fault.RateLimited, "rate_limited", "too many requests: retry after %s seconds", seconds(d.RetryAfter))
	}
	return c.Next()
}

func seconds(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

// loginGuard limits failed logins with three token buckets, so that
// guessing is slow and nobody can lock an owner out from one address:
//
//   - per address and username (LoginRate, LoginBurst: 5, then one per
//     20 s): one address guessing one user's password;
//   - per address (LoginAddress*: 20, then one per 5 s): one address
//     trying many usernames;
//   - per username (LoginUsername*: 50, then one per 20 s): many
//     addresses guessing one password. It is at least as fast and larger
//     than the first (config validation insists), so one address empties
//     its own buckets long before this one, and its owner still logs in
//     from elsewhere.
//
// Only failures (401) count. A token is taken from each bucket before the
// attempt, so concurrent guesses cannot overspend, and given back unless
// the attempt failed; a success also forgets the address-and-username
// bucket. A bucket that is empty refuses with 429 without touching the
// others, so an address already limited spends nothing of the username's
// budget. Buckets live in Redis when configured, in memory otherwise, and
// in memory while Redis is down (see ratelimit.Fallback).
func (a *App) loginGuard(l ratelimit.Store) fiber.Handler {
	return a.credentialGuard(l, true, metrics.LimitLogin, func(c *fiber.Ctx) (string, bool) {
		var body struct {
			Username string `json:"username"`
		}
		_ = json.Unmarshal(c.Body(), &body) // the handler reports bad bodies
		return body.Username, true
	}, func(err error, status int) bool { return status == http.StatusUnauthorized })
}

// passwordGuard puts a change of one's own password, which checks the
// current password, under the same buckets as logins: a stolen session
// must not become a faster way to guess the password.
func (a *App) passwordGuard(l ratelimit.Store) fiber.Handler {
	return a.credentialGuard(l, false, metrics.LimitPasswordChange, func(c *fiber.Ctx) (string, bool) {
		var body struct {
			Current *string `json:"current_password"`
		}
		_ = json.Unmarshal(c.Body(), &body)
		return auth.From(c).Username, body.Current != nil
	}, func(err error, _ int) bool { return errors.Is(err, auth.ErrWrongPassword) })
}

// credentialGuard is the mechanism behind loginGuard and passwordGuard:
// subject names the username a request tries (and whether to guard it at
// all), failed says whether its outcome was a wrong password. With
// devices, a successful login sets a device cookie, and a request that
// presents one for its username is not refused by the username bucket:
// many addresses guessing can empty that bucket, but not lock the owner
// out of a browser they have logged in from before (OWASP's "device
// cookies"). Rejections are counted under limiter.
func (a *App) credentialGuard(l ratelimit.Store, devices bool, limiter metrics.Limiter, subject func(*fiber.Ctx) (string, bool),
	failed func(err error, status int) bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		name, guard := subject(c)
		if !guard {
			return c.Next()
		}
		ctx := context.WithoutCancel(c.UserContext()) // refunds must happen
		all := a.loginBuckets(c.IP(), name)
		buckets := make([]loginBucket, 0, len(all)) // those charged
		tightest := ratelimit.Decision{Remaining: math.MaxInt}
		for i, b := range all {
			d, err := l.Allow(ctx, b.key, b.rate, b.burst)
			if err == nil && !d.Allowed && i == 2 && devices && a.knownDevice(c, name) {
				continue // the owner's browser: only its own buckets apply
			}
			if err != nil || !d.Allowed {
				a.refund(ctx, l, buckets)
			}
			if err != nil {
				c.Set(fiber.HeaderRetryAfter, "1")
				return fault.Wrap(fault.Unavailable, "unavailable", "login is unavailable, try again shortly", err)
			}
			if !d.Allowed {
				a.metrics.Rejected(limiter)
				return limitResponse(c, d)
			}
			buckets = append(buckets, b)
			if d.Remaining < tightest.Remaining {
				tightest = d
			}
		}
		c.Set("RateLimit-Limit", strconv.Itoa(tightest.Limit))
		c.Set("RateLimit-Remaining", strconv.Itoa(tightest.Remaining))
		c.Set("RateLimit-Reset", seconds(tightest.ResetAfter))
		err := c.Next()
		status := statusOf(c, err)
		outcome := err
		if outcome == nil { // an operation's error is written by the route adapter
			outcome = route.Failure(c.UserContext())
		}
		switch {
		case failed(outcome, status): // the tokens stay spent
		case status < 300 && len(all) == 3:
			a.refund(ctx, l, buckets[1:])
			if err := l.Reset(ctx, buckets[0].key); err != nil {
				a.log.Warn("login limiter: reset failed", "err", err)
			}
			if devices {
				a.setDevice(c, name)
			}
		default:
			a.refund(ctx, l, buckets)
		}
		return err
	}
}

// deviceCookie is the cookie that marks a browser its user logged in from.
const deviceCookie = "gobi_device"

// deviceTTL is how long a device cookie is honoured after the login that
// set it.
const deviceTTL = 30 * 24 * time.Hour

// deviceMAC signs a device cookie's username and expiry with a key derived
// from the JWT secret (so it rotates with it).
func (a *App) deviceMAC(user string, exp int64) []byte {
	k := hmac.New(sha256.New, []byte(a.cfg.Auth.JWTSecret))
	k.Write([]byte("gobi login device cookie v1"))
	m := hmac.New(sha256.New, k.Sum(nil))
	m.Write([]byte(user + "\n" + strconv.FormatInt(exp, 10)))
	return m.Sum(nil)
}

// setDevice gives the browser a device cookie for user (HttpOnly, only
// sent to the login endpoint).
func (a *App) setDevice(c *fiber.Ctx, user string) {
	user = auth.NormalizeUsername(user)
	exp := time.Now().Add(deviceTTL).Unix()
	c.Cookie(&fiber.Cookie{Name: deviceCookie, Path: "/api/auth/login", HTTPOnly: true, Secure: c.Protocol() == "https",
		SameSite: fiber.CookieSameSiteStrictMode, MaxAge: int(deviceTTL.Seconds()),
		Value: base64.RawURLEncoding.EncodeToString([]byte(user)) + "." + strconv.FormatInt(exp, 10) + "." +
			base64.RawURLEncoding.EncodeToString(a.deviceMAC(user, exp))})
}

// knownDevice reports whether the request carries a valid, unexpired
// device cookie for user.
func (a *App) knownDevice(c *fiber.Ctx, user string) bool {
	parts := strings.Split(c.Cookies(deviceCookie), ".")
	if len(parts) != 3 {
		return false
	}
	name, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	mac, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || time.Now().Unix() > exp || string(name) != auth.NormalizeUsername(user) {
		return false
	}
	return hmac.Equal(mac, a.deviceMAC(string(name), exp))
}

// loginBucket is one of the buckets a login attempt is charged to.
type loginBucket struct {
	key   string
	rate  float64
	burst int
}

// loginBuckets are the buckets for an attempt from addr as name, in the
// order they are charged: address and username, address, username. A
// name that cannot be a username (empty, too long) has only the address.
func (a *App) loginBuckets(addr, name string) []loginBucket {
	r := a.cfg.RateLimit
	ip := loginBucket{"login-ip:" + addr, r.LoginAddressRate, r.LoginAddressBurst}
	user := auth.NormalizeUsername(name)
	if user == "" || len(user) > 64 {
		return []loginBucket{ip}
	}
	return []loginBucket{
		// "|" never occurs in an address, so keys cannot collide.
		{"login-au:" + addr + "|" + user, r.LoginRate, r.LoginBurst},
		ip,
		{"login-user:" + user, r.LoginUsernameRate, r.LoginUsernameBurst},
	}
}

// refund gives back the tokens an attempt that does not count took.
func (a *App) refund(ctx context.Context, l ratelimit.Store, buckets []loginBucket) {
	for _, b := range buckets {
		if err := l.Refund(ctx, b.key, b.rate, b.burst); err != nil {
			a.log.Warn("login limiter: refund failed", "err", err)
		}
	}
}

// statusOf is the status a handler's outcome will be sent with.
func statusOf(c *fiber.Ctx, err error) int {
	if err != nil {
		return apierr.Status(err)
	}
	return c.Response().StatusCode()
}
