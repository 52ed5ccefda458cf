package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// envVar binds one GOBI_* variable to a field of Config.
type envVar struct {
	name string
	set  func(c *Config, v string) error
}

func str(p func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *p(c) = v; return nil }
}

func integer(p func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("not an integer: %q", v)
		}
		*p(c) = n
		return nil
	}
}

func integer64(p func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer: %q", v)
		}
		*p(c) = n
		return nil
	}
}

func duration(p func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("not a duration such as 30s or 5m: %q", v)
		}
		*p(c) = d
		return nil
	}
}

func number(p func(*Config) *float64) func(*Config, string) error {
	return func(c *Config, v string) error {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", v)
		}
		*p(c) = f
		return nil
	}
}

func boolean(p func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("not a boolean: %q", v)
		}
		*p(c) = b
		return nil
	}
}

// envVars is the complete list of environment overrides, documented in
// README.md.
var envVars = []envVar{
	{"GOBI_ADDR", str(func(c *Config) *string { return &c.Addr })},
	{"GOBI_DATA_DIR", str(func(c *Config) *string { return &c.DataDir })},
	{"GOBI_DATABASE_TYPE", func(c *Config, v string) error { c.Database.Type = api.Dialect(strings.ToLower(v)); return nil }},
	{"GOBI_DATABASE_DSN", str(func(c *Config) *string { return &c.Database.DSN })},
	{"GOBI_JWT_SECRET", str(func(c *Config) *string { return &c.Auth.JWTSecret })},
	{"GOBI_JWT_EXPIRATION_HOURS", integer(func(c *Config) *int { return &c.Auth.ExpirationHours })},
	{"GOBI_ADMIN_PASSWORD", str(func(c *Config) *string { return &c.Auth.AdminPassword })},
	{"GOBI_REGISTRATION", str(func(c *Config) *string { return &c.Auth.Registration })},
	{"GOBI_ENCRYPTION_KEY", str(func(c *Config) *string { return &c.EncryptionKey })},
	{"GOBI_REDIS_URL", str(func(c *Config) *string { return &c.RedisURL })},
	{"GOBI_QUERY_TIMEOUT", duration(func(c *Config) *time.Duration { return &c.Query.DefaultTimeout })},
	{"GOBI_QUERY_MAX_TIMEOUT", duration(func(c *Config) *time.Duration { return &c.Query.MaxTimeout })},
	{"GOBI_QUERY_DEFAULT_MAX_ROWS", integer(func(c *Config) *int { return &c.Query.DefaultMaxRows })},
	{"GOBI_QUERY_MAX_ROWS", integer(func(c *Config) *int { return &c.Query.MaxRows })},
	{"GOBI_QUERY_CACHE_TTL", duration(func(c *Config) *time.Duration { return &c.Query.CacheTTL })},
	{"GOBI_QUERY_SLOW_THRESHOLD", duration(func(c *Config) *time.Duration { return &c.Query.SlowThreshold })},
	{"GOBI_DATASOURCE_ALLOWED_NETWORKS", func(c *Config, v string) error {
		c.Datasources.AllowedNetworks = splitList(v)
		return nil
	}},
	{"GOBI_DATASOURCE_SQLITE_DIR", str(func(c *Config) *string { return &c.Datasources.SQLiteDir })},
	{"GOBI_DATASOURCE_MAX_OPEN_CONNS", integer(func(c *Config) *int { return &c.Datasources.MaxOpenConns })},
	{"GOBI_LOG_LEVEL", str(func(c *Config) *string { return &c.Log.Level })},
	{"GOBI_LOG_FORMAT", str(func(c *Config) *string { return &c.Log.Format })},
	{"GOBI_DEMO", boolean(func(c *Config) *bool { return &c.Demo })},
	{"GOBI_BODY_LIMIT", integer(func(c *Config) *int { return &c.BodyLimit })},
	{"GOBI_TRUSTED_PROXIES", func(c *Config, v string) error {
		c.TrustedProxies = splitList(v)
		return nil
	}},
	{"GOBI_RATE_KEY_RATE", number(func(c *Config) *float64 { return &c.RateLimit.KeyRate })},
	{"GOBI_RATE_KEY_BURST", integer(func(c *Config) *int { return &c.RateLimit.KeyBurst })},
	{"GOBI_RATE_USER_RATE", number(func(c *Config) *float64 { return &c.RateLimit.UserRate })},
	{"GOBI_RATE_USER_BURST", integer(func(c *Config) *int { return &c.RateLimit.UserBurst })},
	{"GOBI_RATE_LOGIN_RATE", number(func(c *Config) *float64 { return &c.RateLimit.LoginRate })},
	{"GOBI_RATE_LOGIN_BURST", integer(func(c *Config) *int { return &c.RateLimit.LoginBurst })},
	{"GOBI_RATE_LOGIN_ADDRESS_RATE", number(func(c *Config) *float64 { return &c.RateLimit.LoginAddressRate })},
	{"GOBI_RATE_LOGIN_ADDRESS_BURST", integer(func(c *Config) *int { return &c.RateLimit.LoginAddressBurst })},
	{"GOBI_RATE_LOGIN_USERNAME_RATE", number(func(c *Config) *float64 { return &c.RateLimit.LoginUsernameRate })},
	{"GOBI_RATE_LOGIN_USERNAME_BURST", integer(func(c *Config) *int { return &c.RateLimit.LoginUsernameBurst })},
	{"GOBI_RATE_EMBED_RATE", number(func(c *Config) *float64 { return &c.RateLimit.EmbedRate })},
	{"GOBI_RATE_EMBED_BURST", integer(func(c *Config) *int { return &c.RateLimit.EmbedBurst })},
	{"GOBI_EMBED_ORIGINS", func(c *Config, v string) error {
		c.Embed.Origins = splitList(v)
		return nil
	}},
	{"GOBI_EXTERNAL_ADDR", str(func(c *Config) *string { return &c.External.Addr })},
	{"GOBI_METRICS_ADDR", str(func(c *Config) *string { return &c.Metrics.Addr })},
	{"GOBI_METRICS_TOKEN", str(func(c *Config) *string { return &c.Metrics.Token })},
	{"GOBI_SIGNATURE_SKEW", duration(func(c *Config) *time.Duration { return &c.External.Skew })},
	{"GOBI_AUDIT_MAX_BODY", integer(func(c *Config) *int { return &c.Audit.MaxBody })},
	{"GOBI_AUDIT_RETENTION", duration(func(c *Config) *time.Duration { return &c.Audit.Retention })},
	{"GOBI_AUDIT_DURABLE", boolean(func(c *Config) *bool { return &c.Audit.Durable })},
	{"GOBI_QUERY_MAX_RESULT_BYTES", integer64(func(c *Config) *int64 { return &c.Query.MaxResultBytes })},
	{"GOBI_QUERY_MAX_CELL_BYTES", integer64(func(c *Config) *int64 { return &c.Query.MaxCellBytes })},
	{"GOBI_QUERY_MAX_TOTAL_RESULT_BYTES", integer64(func(c *Config) *int64 { return &c.Query.MaxTotalResultBytes })},
	{"GOBI_QUERY_CACHE_MAX_BYTES", integer64(func(c *Config) *int64 { return &c.Query.CacheMaxBytes })},
	{"GOBI_RENDER_MAX_PIXELS", integer(func(c *Config) *int { return &c.Render.MaxPixels })},
	{"GOBI_RENDER_CONCURRENCY", integer(func(c *Config) *int { return &c.Render.Concurrency })},
}

func applyEnv(c *Config, lookup func(string) (string, bool)) error {
	if lookup == nil {
		return nil
	}
	for _, e := range append(envVars[:len(envVars):len(envVars)], webhookEnv...) {
		v, ok := lookup(e.name)
		if !ok {
			continue
		}
		if err := e.set(c, v); err != nil {
			return fmt.Errorf("environment variable %s: %w", e.name, err)
		}
	}
	return nil
}

func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}
