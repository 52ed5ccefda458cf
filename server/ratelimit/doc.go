// Package ratelimit limits requests per key (an API key, a user, a client
// address) with a token bucket: a key may spend up to burst requests at
// once, and earns rate tokens per second back, up to burst.
//
// Two limiters implement Limiter. Memory keeps buckets in this process
// (one server, tests). Redis keeps them in Redis so that every server
// instance shares one bucket per key: a single Lua script reads Redis's own
// clock (TIME, so skew between hosts does not matter), refills, takes a
// token, stores tokens and time in a hash that expires when the bucket
// would be full again, and answers in one round trip, atomically.
//
// # When Redis is down
//
// Redis.Allow then returns an error wrapping ErrUnavailable together with
// the decision to apply, chosen by Redis.FailOpen:
//
//   - FailOpen true: allow. For the internal (JWT) API, where callers are
//     our own signed-in users and an outage of the limiter should not
//     become an outage of the product. The caller logs the error.
//   - FailOpen false, the default: deny with RetryAfter 1 s. For the
//     external signed API, where the limit is a security boundary (a
//     runaway integrator) and a 429 with Retry-After is a contract
//     clients already handle.
//
// Fallback is the third answer, for login attempts: a Store over Redis
// that keeps limiting in memory (per instance) while Redis is down, skips
// Redis for a few seconds after each failure and warns once a minute.
// Stores (Memory, Redis, Fallback) can also Refund a token and Reset a
// bucket, so that only failed attempts end up counted.
//
// The default is the safe one: a limiter that silently stops limiting is
// worse than a brief 429. Every request waits for the client's timeouts
// while Redis is down, so give the client short ones: DialTimeout and
// ReadTimeout of 100-200 ms, DialerRetries 1 and MaxRetries 1 (go-redis
// retries a failed dial 5 times, 100 ms apart, by default).
package ratelimit
