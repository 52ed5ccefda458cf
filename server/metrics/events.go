package metrics

import "time"

// ObserveQuery records one query execution (query.Observer): its
// duration under its dialect and outcome, or, for a cache hit, only a
// count, so cached answers do not hide what the databases cost. A nil
// *Metrics records nothing.
func (m *Metrics) ObserveQuery(dialect, outcome string, d time.Duration, cached bool) {
	if m == nil {
		return
	}
	if cached {
		m.cached.WithLabelValues(dialect).Inc()
		return
	}
	m.query.WithLabelValues(dialect, outcome).Observe(d.Seconds())
}

// Limiter names a rate limiter, the limiter label's value.
type Limiter uint8

// The limiters whose rejections are counted.
const (
	LimitUser           Limiter = iota // the internal API, per user session
	LimitKey                           // the internal API, per API key
	LimitExternal                      // the external signed API, per key
	LimitLogin                         // failed logins (address, username)
	LimitPasswordChange                // password changes, under the login buckets
	LimitEmbed                         // embed links' data requests, per link
	limiters
)

var limiterNames = [limiters]string{"user", "key", "external", "login", "password_change", "embed"}

// String is the label value.
func (l Limiter) String() string {
	if l < limiters {
		return limiterNames[l]
	}
	return "unknown"
}

// Rejected counts one request refused by limiter l. The counters exist
// from the start (at 0), so rate() works from the first rejection. A nil
// *Metrics records nothing.
func (m *Metrics) Rejected(l Limiter) {
	if m == nil || l >= limiters {
		return
	}
	m.rejections[l].Inc()
}
