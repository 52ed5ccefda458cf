package audit

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Reasons a key request was refused, stored in Entry.Reason and accepted
// by GET /api/audit?reason=.
const (
	ReasonRateLimited      = "rate_limited"      // 429 from the key's bucket
	ReasonLimiterDown      = "limiter_down"      // 503: the limiter failed closed
	ReasonBadSignature     = "bad_signature"     // no signature matched
	ReasonMissingSignature = "missing_signature" // X-TIMESTAMP or X-SIGNATURE absent
	ReasonStaleTimestamp   = "stale_timestamp"   // outside the allowed skew, or malformed
	ReasonBodyTooLarge     = "body_too_large"    // too large to verify
	ReasonReplay           = "replay"            // a signature already used
	ReasonReplayDown       = "replay_down"       // 503: the replay store failed
	ReasonRevokedKey       = "revoked_key"
	ReasonExpiredKey       = "expired_key"
	ReasonUnknownKey       = "unknown_key"   // well formed, but no such key (or a wrong secret)
	ReasonMalformedKey     = "malformed_key" // not the shape of a key, or a bad checksum
	ReasonUnknownOwner     = "unknown_owner" // the key's owner was deleted
	ReasonForbidden        = "forbidden"     // 403 to an authenticated key
	ReasonUnauthorized     = "unauthorized"  // 401 to an authenticated key
)

// Refusal describes a key request refused before or by the perimeter, for
// Middleware to record. KeyID and OwnerID are 0 when the key is unknown.
type Refusal struct {
	Reason    string
	KeyID     int64
	OwnerID   int64
	KeyPrefix string
}

const refusalKey = "gobi.audit.refusal"

// Refuse notes on c why a key request is being refused. Authenticators
// call it where they refuse a presented key, the rate limiter where it
// refuses a key; Middleware, which runs around them, records the entry.
// The strings are copied: they may point into Fiber's request buffers.
func Refuse(c *fiber.Ctx, r Refusal) {
	r.Reason, r.KeyPrefix = strings.Clone(r.Reason), strings.Clone(r.KeyPrefix)
	c.Locals(refusalKey, r)
}

func refusalOf(c *fiber.Ctx) (Refusal, bool) {
	r, ok := c.Locals(refusalKey).(Refusal)
	return r, ok
}

// validReason reports whether s looks like a reason slug (for filters).
func validReason(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}
