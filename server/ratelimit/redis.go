package ratelimit

import (
	"context"
	_ "embed" // the token-bucket script
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed tokenbucket.lua
var tokenBucketLua string

// tokenBucket runs by EVALSHA, falling back to EVAL (which caches it) when
// the server does not know the script yet.
var tokenBucket = redis.NewScript(tokenBucketLua)

// Redis is a Limiter whose buckets live in Redis, shared by every server
// instance that uses the same prefix. Set FailOpen before use.
type Redis struct {
	client redis.UniversalClient
	prefix string
	// FailOpen chooses the decision when Redis cannot be asked: true
	// allows (for the internal API), false, the default, denies with
	// RetryAfter 1 s (for the external signed API and logins). Either way
	// Allow also returns an error wrapping ErrUnavailable, to be logged.
	FailOpen bool
}

// NewRedis returns a limiter storing bucket key k at prefix+k (e.g. prefix
// "gobi:rl:ext:"), so limiters with different prefixes never share buckets.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Allow takes a token from key's bucket in one atomic round trip. When
// Redis fails it returns the FailOpen decision and an error wrapping
// ErrUnavailable.
func (r *Redis) Allow(ctx context.Context, key string, rate float64, burst int) (Decision, error) {
	if err := validate(rate, burst); err != nil {
		return denied(burst), err
	}
	res, err := tokenBucket.Run(ctx, r.client, []string{r.prefix + bucketKey(key)},
		strconv.FormatFloat(rate, 'g', -1, 64), burst).Int64Slice()
	if err == nil && len(res) != 4 {
		err = fmt.Errorf("script returned %d values, want 4", len(res))
	}
	if err != nil {
		return r.unavailable(burst), fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return Decision{
		Allowed:    res[0] == 1,
		Limit:      burst,
		Remaining:  int(res[1]),
		ResetAfter: time.Duration(res[2]) * time.Microsecond,
		RetryAfter: time.Duration(res[3]) * time.Microsecond,
	}, nil
}

// Refund gives back one token taken from key's bucket, up to burst.
func (r *Redis) Refund(ctx context.Context, key string, rate float64, burst int) error {
	if err := validate(rate, burst); err != nil {
		return err
	}
	err := tokenBucket.Run(ctx, r.client, []string{r.prefix + bucketKey(key)},
		strconv.FormatFloat(rate, 'g', -1, 64), burst, "refund").Err()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

// Reset forgets key's bucket: it is full again.
func (r *Redis) Reset(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.prefix+bucketKey(key)).Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

// unavailable is the decision when Redis cannot be asked. Failing open
// reports no remaining tokens, so well-behaved clients slow down.
func (r *Redis) unavailable(burst int) Decision {
	if r.FailOpen {
		return Decision{Allowed: true, Limit: burst, ResetAfter: time.Second}
	}
	return Decision{Limit: burst, ResetAfter: time.Second, RetryAfter: time.Second}
}
