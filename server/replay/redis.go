package replay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store shared by every server instance using the same prefix:
// one SET key 1 NX PX ttl per call, atomic in Redis.
type Redis struct {
	client redis.UniversalClient
	prefix string
}

// NewRedis returns a store keeping key k at prefix+k (e.g. "gobi:replay:").
// Keep keys short (key id and signature): they are stored as given.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Seen reports whether key was recorded within its TTL, recording it if
// not. TTLs are rounded up to the millisecond.
func (r *Redis) Seen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, fmt.Errorf("%w: %v", ErrInvalid, ttl)
	}
	ms := (min(ttl, maxTTL) + time.Millisecond - 1) / time.Millisecond
	err := r.client.Do(ctx, "SET", r.prefix+key, "1", "NX", "PX", int64(ms)).Err()
	switch {
	case errors.Is(err, redis.Nil): // NX refused: the key exists
		return true, nil
	case err != nil:
		return false, fmt.Errorf("replay: redis: %w", err)
	}
	return false, nil
}
