package config

import (
	"fmt"
	"strings"
	"time"
)

// Webhooks configures webhook delivery (issue 12).
type Webhooks struct {
	// AllowedNetworks lists CIDRs webhook URLs may resolve to although
	// they are private, loopback or otherwise special; plain http is
	// accepted only for these. Tests and local development set
	// 127.0.0.0/8.
	AllowedNetworks []string `yaml:"allowed_networks"`
	// Retry is the delay before each attempt, the first one included:
	// len(Retry) attempts in all. Each delay gets ±10% jitter.
	Retry []time.Duration `yaml:"retry"`
	// DisableAfter disables an endpoint whose every attempt failed for
	// this long; its owner sees the reason.
	DisableAfter time.Duration `yaml:"disable_after"`
	// RotationWindow is how long the previous secret keeps signing after
	// a rotation.
	RotationWindow time.Duration `yaml:"rotation_window"`
	// Timeout bounds one delivery request, answer included.
	Timeout time.Duration `yaml:"timeout"`
	// Concurrency is how many deliveries one instance sends at once.
	Concurrency int `yaml:"concurrency"`
	// Poll is how often a worker looks for due deliveries when nothing
	// woke it (events emitted on another instance, retries coming due).
	Poll time.Duration `yaml:"poll"`
	// Lease is how long a claimed delivery belongs to the instance that
	// claimed it; one that died is retried by another after it.
	Lease time.Duration `yaml:"lease"`
	// LogRetention is how long the delivery log keeps an attempt.
	LogRetention time.Duration `yaml:"log_retention"`
	// Budgets.
	MaxPerUser     int `yaml:"max_per_user"`
	MaxHeaders     int `yaml:"max_headers"`
	MaxHeaderBytes int `yaml:"max_header_bytes"`
	MaxURLLength   int `yaml:"max_url_length"`
	MaxPageSize    int `yaml:"max_page_size"`
}

// DefaultRetry is the Standard Webhooks schedule: immediately, 5 s,
// 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (about 3 days in all).
var DefaultRetry = []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 14 * time.Hour, 20 * time.Hour, 24 * time.Hour}

func defaultWebhooks() Webhooks {
	return Webhooks{Retry: DefaultRetry, DisableAfter: 120 * time.Hour, RotationWindow: 24 * time.Hour,
		Timeout: 15 * time.Second, Concurrency: 16, Poll: 500 * time.Millisecond, Lease: time.Minute, LogRetention: 30 * 24 * time.Hour,
		MaxPerUser: 50, MaxHeaders: 20, MaxHeaderBytes: 8 << 10, MaxURLLength: 2048, MaxPageSize: 200}
}

var webhookEnv = []envVar{
	{"GOBI_WEBHOOK_ALLOWED_NETWORKS", func(c *Config, v string) error {
		c.Webhooks.AllowedNetworks = splitList(v)
		return nil
	}},
	{"GOBI_WEBHOOK_RETRY", func(c *Config, v string) error {
		r, err := ParseRetry(v)
		if err != nil {
			return err
		}
		c.Webhooks.Retry = r
		return nil
	}},
	{"GOBI_WEBHOOK_DISABLE_AFTER", duration(func(c *Config) *time.Duration { return &c.Webhooks.DisableAfter })},
	{"GOBI_WEBHOOK_ROTATION_WINDOW", duration(func(c *Config) *time.Duration { return &c.Webhooks.RotationWindow })},
	{"GOBI_WEBHOOK_TIMEOUT", duration(func(c *Config) *time.Duration { return &c.Webhooks.Timeout })},
	{"GOBI_WEBHOOK_CONCURRENCY", integer(func(c *Config) *int { return &c.Webhooks.Concurrency })},
	{"GOBI_WEBHOOK_POLL", duration(func(c *Config) *time.Duration { return &c.Webhooks.Poll })},
	{"GOBI_WEBHOOK_LEASE", duration(func(c *Config) *time.Duration { return &c.Webhooks.Lease })},
	{"GOBI_WEBHOOK_LOG_RETENTION", duration(func(c *Config) *time.Duration { return &c.Webhooks.LogRetention })},
	{"GOBI_WEBHOOK_MAX_PER_USER", integer(func(c *Config) *int { return &c.Webhooks.MaxPerUser })},
	{"GOBI_WEBHOOK_MAX_HEADERS", integer(func(c *Config) *int { return &c.Webhooks.MaxHeaders })},
	{"GOBI_WEBHOOK_MAX_HEADER_BYTES", integer(func(c *Config) *int { return &c.Webhooks.MaxHeaderBytes })},
	{"GOBI_WEBHOOK_MAX_URL_LENGTH", integer(func(c *Config) *int { return &c.Webhooks.MaxURLLength })},
	{"GOBI_WEBHOOK_MAX_PAGE_SIZE", integer(func(c *Config) *int { return &c.Webhooks.MaxPageSize })},
}

// ParseRetry reads a retry schedule: comma-separated durations ("0s,5s,5m").
func ParseRetry(v string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range splitList(v) {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("not a list of durations such as 0s,5s,5m: %q", v)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the retry schedule is empty")
	}
	return out, nil
}

func (w Webhooks) validate() []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if len(w.Retry) == 0 || len(w.Retry) > 50 {
		add("webhooks.retry (GOBI_WEBHOOK_RETRY) must list 1 to 50 delays")
	}
	for _, d := range w.Retry {
		if d < 0 || d > 7*24*time.Hour {
			add("webhooks.retry (GOBI_WEBHOOK_RETRY): each delay must be between 0s and 168h, not %v", d)
		}
	}
	if w.DisableAfter < time.Second {
		add("webhooks.disable_after (GOBI_WEBHOOK_DISABLE_AFTER) must be at least 1s")
	}
	if w.RotationWindow < 0 || w.RotationWindow > 30*24*time.Hour {
		add("webhooks.rotation_window (GOBI_WEBHOOK_ROTATION_WINDOW) must be between 0 and 720h")
	}
	if w.Timeout < 100*time.Millisecond || w.Timeout > time.Minute {
		add("webhooks.timeout (GOBI_WEBHOOK_TIMEOUT) must be between 100ms and 1m")
	}
	if w.Concurrency < 1 || w.Concurrency > 256 {
		add("webhooks.concurrency (GOBI_WEBHOOK_CONCURRENCY) must be between 1 and 256")
	}
	if w.Poll < 10*time.Millisecond || w.Poll > time.Minute {
		add("webhooks.poll (GOBI_WEBHOOK_POLL) must be between 10ms and 1m")
	}
	if w.Lease < w.Timeout+time.Second {
		add("webhooks.lease (GOBI_WEBHOOK_LEASE) must exceed webhooks.timeout by at least 1s, or a slow attempt could be sent twice")
	}
	if w.LogRetention < time.Hour {
		add("webhooks.log_retention (GOBI_WEBHOOK_LOG_RETENTION) must be at least 1h")
	}
	if w.MaxPerUser < 1 || w.MaxHeaders < 0 || w.MaxHeaderBytes < 0 || w.MaxURLLength < 64 || w.MaxPageSize < 1 {
		add("webhooks: max_per_user, max_url_length (>= 64) and max_page_size must be positive, max_headers and max_header_bytes not negative")
	}
	return errs
}
