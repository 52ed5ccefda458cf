package replay

import (
	"context"
	"errors"
	"time"
)

// Store records keys for a while and tells whether a key was recorded
// already. Seen is atomic: of many concurrent calls with one key, exactly
// one gets false.
type Store interface {
	// Seen returns true if key was recorded and has not expired; otherwise
	// it records key for ttl and returns false.
	Seen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

var (
	// ErrInvalid reports a TTL that is not positive.
	ErrInvalid = errors.New("replay: ttl must be positive")
	// ErrFull reports that Memory holds its maximum number of live keys and
	// cannot record another without forgetting one that might be replayed.
	ErrFull = errors.New("replay: store full")
)
