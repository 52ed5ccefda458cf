package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Decision is the outcome of one Allow call, with what the rate-limit
// response headers need (RateLimit-*, X-RateLimit-*, Retry-After).
type Decision struct {
	// Allowed reports whether the request may proceed (a token was taken).
	Allowed bool
	// Limit is the bucket size (burst).
	Limit int
	// Remaining is the number of whole tokens left after this request.
	Remaining int
	// ResetAfter is the time until the bucket is full again.
	ResetAfter time.Duration
	// RetryAfter is the time until one token is available, when denied;
	// zero when allowed.
	RetryAfter time.Duration
}

// Limiter decides whether a request identified by key may proceed. Each
// call costs one token; rate (tokens per second, > 0) and burst (>= 1) are
// passed per call so every key can carry its own limits.
//
// A non-nil error comes with a Decision that is still the one to apply
// (see Redis.FailOpen), so callers log the error and act on the decision.
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (Decision, error)
}

// Store is a Limiter that can also give a token back and forget a
// bucket, which is what counting only failures needs: take a token before
// the attempt (so concurrent attempts cannot overspend), give it back when
// the attempt turns out not to count. Memory, Redis and Fallback are
// Stores.
type Store interface {
	Limiter
	// Refund gives back one token taken from key's bucket, up to burst.
	Refund(ctx context.Context, key string, rate float64, burst int) error
	// Reset forgets key's bucket: it is full again.
	Reset(ctx context.Context, key string) error
}

var (
	// ErrInvalid reports a rate that is not a positive finite number or a
	// burst below 1: a configuration bug, answered with a denial.
	ErrInvalid = errors.New("ratelimit: invalid rate or burst")
	// ErrUnavailable reports that the shared store could not be asked; the
	// decision returned with it follows the failure policy.
	ErrUnavailable = errors.New("ratelimit: limiter unavailable")
)

// epsilon absorbs floating-point drift when fractions of tokens add up to
// one (ten refills of 0.1 make 0.9999999999999999).
const epsilon = 1e-9

// maxDuration caps computed durations so that tiny rates cannot overflow
// time.Duration (about 31 years).
const maxDuration = time.Duration(1e15) * time.Microsecond

func validate(rate float64, burst int) error {
	if !(rate > 0) || math.IsInf(rate, 0) || burst < 1 {
		return fmt.Errorf("%w: rate %v, burst %d", ErrInvalid, rate, burst)
	}
	return nil
}

// denied is the decision for an invalid call: nothing is allowed.
func denied(burst int) Decision {
	return Decision{Limit: burst, ResetAfter: time.Second, RetryAfter: time.Second}
}

// seconds converts a non-negative number of seconds to a Duration, rounded
// up to the microsecond and capped at maxDuration.
func seconds(s float64) time.Duration {
	us := math.Ceil(s * 1e6)
	if !(us > 0) {
		return 0
	}
	if us >= float64(maxDuration/time.Microsecond) {
		return maxDuration
	}
	return time.Duration(us) * time.Microsecond
}

// maxKeyLen bounds the bucket key kept per client key; longer keys (a
// username sprayed by an attacker, say) are replaced by their SHA-256.
const maxKeyLen = 128

// hashedPrefix marks a hashed key. Keys that already start with it are
// hashed too, so no short key can name another key's bucket.
const hashedPrefix = "sha256:"

func bucketKey(key string) string {
	if len(key) <= maxKeyLen && !strings.HasPrefix(key, hashedPrefix) {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return hashedPrefix + hex.EncodeToString(sum[:])
}
