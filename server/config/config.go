// Package config loads Gobi's one typed configuration: defaults, then an
// optional YAML file, then GOBI_* environment variables, validated at start.
//
// Secrets are never shipped as defaults: when no JWT secret or encryption
// key is configured, one is generated on first start and kept in the data
// directory with file mode 0600, so restarts keep sessions and ciphertexts.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/gobi-bi/gobi/shared/api"
)

// Config is the whole server configuration.
type Config struct {
	// Addr is the listen address of the API and the web client.
	Addr string `yaml:"addr"`
	// DataDir holds the SQLite metadata database, generated secrets and the
	// datasets directory.
	DataDir  string   `yaml:"data_dir"`
	Database Database `yaml:"database"`
	Auth     Auth     `yaml:"auth"`
	// EncryptionKey is the AES-256 key (32 bytes, base64 or hex) sealing
	// secrets at rest. Generated into DataDir when empty.
	EncryptionKey string `yaml:"encryption_key"`
	// RedisURL selects Redis for rate limits and replay protection; empty
	// means in-memory.
	RedisURL    string      `yaml:"redis_url"`
	Query       Query       `yaml:"query"`
	Datasources Datasources `yaml:"datasources"`
	Log         Log         `yaml:"log"`
	// Demo creates the demo data source and its queries on first start.
	Demo bool `yaml:"demo"`
	// BodyLimit caps request bodies, in bytes.
	BodyLimit int       `yaml:"body_limit"`
	RateLimit RateLimit `yaml:"rate_limit"`
	External  External  `yaml:"external"`
	Audit     Audit     `yaml:"audit"`
	Embed     Embed     `yaml:"embed"`
	// TrustedProxies lists the load balancers (IPs or CIDRs) whose
	// X-Forwarded-For is believed; from anyone else it is ignored, so
	// rate limits and the audit log see the real peer.
	TrustedProxies []string `yaml:"trusted_proxies"`
	Render         Render   `yaml:"render"`
	Metrics        Metrics  `yaml:"metrics"`
	Webhooks       Webhooks `yaml:"webhooks"`
}

// Metrics configures the Prometheus metrics (GET /metrics).
type Metrics struct {
	// Addr enables a listener that serves only GET /metrics, without
	// authentication, e.g. "10.0.0.5:9090": bind it to an interface only
	// the scraper reaches. Empty disables it.
	Addr string `yaml:"addr"`
	// Token lets a scraper read GET /metrics on the main listener with
	// "Authorization: Bearer <token>". It is a secret (at least 32
	// characters, never logged); without it only admins' sessions may.
	Token string `yaml:"token"`
}

// Render bounds server-side chart rendering (render.png, render.svg).
type Render struct {
	// MaxPixels caps width × height × scale² of one PNG: the image and
	// the rasteriser's coverage buffer take about 8 bytes a pixel.
	MaxPixels int `yaml:"max_pixels"`
	// Concurrency is how many PNGs are rasterised at once (default: the
	// CPUs, at most 4); more wait (a queue of four times as many, 10 s at
	// most), then get 503.
	Concurrency int `yaml:"concurrency"`
}

// Embed configures embedded charts and dashboards (/embed/<token>).
type Embed struct {
	// Origins may frame embed pages: the CSP frame-ancestors sources, each
	// 'self', 'none', * or an origin such as https://intranet.example.com
	// (a wildcard host such as https://*.example.com is allowed). Every
	// other page refuses framing whatever this says.
	Origins []string `yaml:"origins"`
}

// RateLimit sets the token buckets: rates are requests per second.
type RateLimit struct {
	// KeyRate and KeyBurst apply to API keys that set no limits of their own.
	KeyRate  float64 `yaml:"key_rate"`
	KeyBurst int     `yaml:"key_burst"`
	// UserRate and UserBurst apply per user on the JWT API.
	UserRate  float64 `yaml:"user_rate"`
	UserBurst int     `yaml:"user_burst"`
	// LoginRate and LoginBurst apply per client address and username to
	// failed login attempts (successes cost nothing).
	LoginRate  float64 `yaml:"login_rate"`
	LoginBurst int     `yaml:"login_burst"`
	// LoginAddressRate and LoginAddressBurst apply per client address to
	// failed logins for any username.
	LoginAddressRate  float64 `yaml:"login_address_rate"`
	LoginAddressBurst int     `yaml:"login_address_burst"`
	// LoginUsernameRate and LoginUsernameBurst apply per username to
	// failed logins from every address. Validate requires them to be at
	// least LoginRate and more than LoginBurst, so that one address can
	// never use a username's budget up and lock its owner out.
	LoginUsernameRate  float64 `yaml:"login_username_rate"`
	LoginUsernameBurst int     `yaml:"login_username_burst"`
	// EmbedRate and EmbedBurst apply per embed link to the data requests
	// of embedded pages, whoever views them.
	EmbedRate  float64 `yaml:"embed_rate"`
	EmbedBurst int     `yaml:"embed_burst"`
}

// External configures the separate listener for signed API requests.
type External struct {
	// Addr enables the listener (e.g. ":8443"); empty disables it.
	Addr string `yaml:"addr"`
	// Skew is how far a request's timestamp may be from the server's clock.
	Skew time.Duration `yaml:"skew"`
}

// Audit configures the API-key request log.
type Audit struct {
	// MaxBody caps each stored request and response body, in bytes.
	MaxBody int `yaml:"max_body"`
	// Retention is how long entries are kept; 0 keeps them forever.
	Retention time.Duration `yaml:"retention"`
	// Durable makes each API-key response wait until its entry is
	// committed, so a crash cannot lose the entry of an answered call.
	Durable bool `yaml:"durable"`
}

// Database selects the metadata store.
type Database struct {
	Type api.Dialect `yaml:"type"`
	// DSN is required for postgres and mysql; for sqlite it defaults to
	// DataDir/gobi.db.
	DSN string `yaml:"dsn"`
}

// Auth configures users and tokens.
type Auth struct {
	JWTSecret       string `yaml:"jwt_secret"`
	ExpirationHours int    `yaml:"jwt_expiration_hours"`
	// AdminPassword is the first admin's password; random (and logged once)
	// when empty.
	AdminPassword string `yaml:"admin_password"`
	// Registration is "open" (anyone may register), or "admin" (only an
	// admin may create users through /api/auth/register).
	Registration string `yaml:"registration"`
}

// Query bounds query execution.
type Query struct {
	DefaultTimeout time.Duration `yaml:"default_timeout"`
	MaxTimeout     time.Duration `yaml:"max_timeout"`
	DefaultMaxRows int           `yaml:"default_max_rows"`
	MaxRows        int           `yaml:"max_rows"`
	// CacheTTL is how long a saved query's result is reused when the query
	// sets no TTL of its own; 0 disables caching by default.
	CacheTTL time.Duration `yaml:"cache_ttl"`
	// CacheMaxEntries bounds the in-memory result cache.
	CacheMaxEntries int `yaml:"cache_max_entries"`
	// MaxResultBytes bounds one result's JSON answer, counted while it is
	// scanned; MaxCellBytes bounds one value's raw length.
	MaxResultBytes int64 `yaml:"max_result_bytes"`
	MaxCellBytes   int64 `yaml:"max_cell_bytes"`
	// MaxTotalResultBytes bounds the results, and their encoded answers,
	// held at once by all running queries and responses not yet written;
	// a query that finds it exhausted waits briefly, then gets 503.
	MaxTotalResultBytes int64 `yaml:"max_total_result_bytes"`
	// CacheMaxBytes bounds the result cache's size (results bigger than
	// a quarter of it are not cached).
	CacheMaxBytes int64 `yaml:"cache_max_bytes"`
	// SlowThreshold logs every query run longer than it (0: off).
	SlowThreshold time.Duration `yaml:"slow_threshold"`
}

// Datasources configures connections to users' databases.
type Datasources struct {
	// AllowedNetworks lists CIDRs that data-source hosts may resolve to
	// although they are loopback or private (SSRF protection blocks them
	// otherwise).
	AllowedNetworks []string `yaml:"allowed_networks"`
	// SQLiteDir is the only directory SQLite data sources may be read from.
	SQLiteDir       string        `yaml:"sqlite_dir"`
	MaxOpenConns    int           `yaml:"max_open_conns"`
	MaxIdleConns    int           `yaml:"max_idle_conns"`
	ConnMaxLifetime time.Duration `yaml:"conn_max_lifetime"`
}

// Log configures structured logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:     ":8080",
		DataDir:  "data",
		Database: Database{Type: api.SQLite},
		Auth:     Auth{ExpirationHours: 168, Registration: "admin"},
		Query: Query{
			DefaultTimeout:  30 * time.Second,
			MaxTimeout:      5 * time.Minute,
			DefaultMaxRows:  10000,
			MaxRows:         1000000,
			CacheTTL:        0,
			CacheMaxEntries: 1000,
			// Byte budgets for results (issue 9).
			MaxResultBytes:      64 << 20,
			MaxCellBytes:        1 << 20,
			MaxTotalResultBytes: 512 << 20,
			CacheMaxBytes:       128 << 20,
			SlowThreshold:       5 * time.Second,
		},
		Datasources: Datasources{MaxOpenConns: 10, MaxIdleConns: 2, ConnMaxLifetime: 30 * time.Minute},
		Log:         Log{Level: "info", Format: "text"},
		Demo:        true,
		BodyLimit:   4 << 20,
		RateLimit:   RateLimit{KeyRate: 10, KeyBurst: 20, UserRate: 50, UserBurst: 100, LoginRate: 0.05, LoginBurst: 5, EmbedRate: 20, EmbedBurst: 100, LoginAddressRate: 0.2, LoginAddressBurst: 20, LoginUsernameRate: 0.05, LoginUsernameBurst: 50},
		External:    External{Skew: 5 * time.Minute},
		Audit:       Audit{MaxBody: 16 << 10, Retention: 90 * 24 * time.Hour},
		Embed:       Embed{Origins: []string{"'self'"}},
		Render:      Render{MaxPixels: 16_000_000, Concurrency: min(runtime.NumCPU(), 4)},
		Webhooks:    defaultWebhooks(),
	}
}

// Load builds the configuration: defaults, the YAML file at path (or
// gobi.yaml in the working directory when path is empty and it exists),
// then the environment. It does not touch the disk beyond reading; call
// Prepare to create the data directory and secrets.
func Load(path string, env func(string) (string, bool)) (Config, error) {
	cfg := Default()
	explicit := path != ""
	if !explicit {
		path = "gobi.yaml"
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return cfg, fmt.Errorf("config file %s: %w", path, err)
		}
	case explicit || !errors.Is(err, os.ErrNotExist):
		return cfg, fmt.Errorf("config file: %w", err)
	}
	if err := applyEnv(&cfg, env); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if c.Addr == "" {
		add("addr (GOBI_ADDR) must not be empty")
	}
	if c.DataDir == "" {
		add("data_dir (GOBI_DATA_DIR) must not be empty")
	}
	if !c.Database.Type.Valid() {
		add("database.type (GOBI_DATABASE_TYPE) must be sqlite, postgres or mysql, not %q", c.Database.Type)
	}
	if c.Database.Type != api.SQLite && c.Database.DSN == "" {
		add("database.dsn (GOBI_DATABASE_DSN) is required for database type %s", c.Database.Type)
	}
	if c.Auth.ExpirationHours < 1 || c.Auth.ExpirationHours > 24*366 {
		add("auth.jwt_expiration_hours (GOBI_JWT_EXPIRATION_HOURS) must be between 1 and 8784, not %d", c.Auth.ExpirationHours)
	}
	if c.Auth.JWTSecret != "" && len(c.Auth.JWTSecret) < 32 {
		add("auth.jwt_secret (GOBI_JWT_SECRET) must be at least 32 characters")
	}
	if c.Auth.AdminPassword != "" && len(c.Auth.AdminPassword) < 8 {
		add("auth.admin_password (GOBI_ADMIN_PASSWORD) must be at least 8 characters")
	}
	if c.Auth.Registration != "open" && c.Auth.Registration != "admin" {
		add("auth.registration (GOBI_REGISTRATION) must be open or admin, not %q", c.Auth.Registration)
	}
	if c.EncryptionKey != "" {
		if _, err := DecodeKey(c.EncryptionKey); err != nil {
			add("encryption_key (GOBI_ENCRYPTION_KEY): %v", err)
		}
	}
	q := c.Query
	if q.DefaultTimeout <= 0 || q.MaxTimeout < q.DefaultTimeout {
		add("query.default_timeout must be > 0 and <= query.max_timeout")
	}
	if q.DefaultMaxRows < 1 || q.MaxRows < q.DefaultMaxRows {
		add("query.default_max_rows must be >= 1 and <= query.max_rows")
	}
	if q.CacheTTL < 0 || q.CacheMaxEntries < 0 {
		add("query.cache_ttl and query.cache_max_entries must not be negative")
	}
	if q.MaxResultBytes < 64<<10 {
		add("query.max_result_bytes (GOBI_QUERY_MAX_RESULT_BYTES) must be at least 65536, not %d", q.MaxResultBytes)
	}
	if q.MaxCellBytes < 1024 || q.MaxCellBytes > q.MaxResultBytes {
		add("query.max_cell_bytes (GOBI_QUERY_MAX_CELL_BYTES) must be between 1024 and query.max_result_bytes, not %d", q.MaxCellBytes)
	}
	if q.MaxTotalResultBytes < q.MaxResultBytes {
		add("query.max_total_result_bytes (GOBI_QUERY_MAX_TOTAL_RESULT_BYTES) must be at least query.max_result_bytes, not %d", q.MaxTotalResultBytes)
	}
	if q.CacheMaxBytes < 0 {
		add("query.cache_max_bytes (GOBI_QUERY_CACHE_MAX_BYTES) must not be negative")
	}
	if c.Render.MaxPixels < 100*100 || c.Render.MaxPixels > 256_000_000 {
		add("render.max_pixels (GOBI_RENDER_MAX_PIXELS) must be between 10000 and 256000000, not %d", c.Render.MaxPixels)
	}
	if c.Render.Concurrency < 1 {
		add("render.concurrency (GOBI_RENDER_CONCURRENCY) must be at least 1, not %d", c.Render.Concurrency)
	}
	if c.Datasources.MaxOpenConns < 1 || c.Datasources.MaxIdleConns < 0 {
		add("datasources.max_open_conns must be >= 1 and max_idle_conns >= 0")
	}
	errs = append(errs, c.Webhooks.validate()...)
	r := c.RateLimit
	if r.KeyRate <= 0 || r.UserRate <= 0 || r.LoginRate <= 0 || r.EmbedRate <= 0 ||
		r.KeyBurst < 1 || r.UserBurst < 1 || r.LoginBurst < 1 || r.EmbedBurst < 1 {
		add("rate_limit: every rate must be > 0 and every burst >= 1")
	}
	if r.LoginAddressRate <= 0 || r.LoginAddressBurst < 1 || r.LoginUsernameRate <= 0 || r.LoginUsernameBurst < 1 {
		add("rate_limit: login_address_rate and login_username_rate must be > 0, their bursts >= 1")
	}
	if r.LoginUsernameRate < r.LoginRate || r.LoginUsernameBurst <= r.LoginBurst {
		add("rate_limit.login_username_rate (GOBI_RATE_LOGIN_USERNAME_RATE) must be >= login_rate and login_username_burst > login_burst (%v >= %v, %d > %d): otherwise one address could use up a username's budget and lock its owner out",
			r.LoginUsernameRate, r.LoginRate, r.LoginUsernameBurst, r.LoginBurst)
	}
	if c.External.Skew < 10*time.Second || c.External.Skew > time.Hour {
		add("external.skew (GOBI_SIGNATURE_SKEW) must be between 10s and 1h")
	}
	if c.Metrics.Token != "" && len(c.Metrics.Token) < 32 {
		add("metrics.token (GOBI_METRICS_TOKEN) must be at least 32 characters")
	}
	if c.Metrics.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Metrics.Addr); err != nil {
			add("metrics.addr (GOBI_METRICS_ADDR) must be host:port or :port, not %q", c.Metrics.Addr)
		} else if c.Metrics.Addr == c.Addr || c.Metrics.Addr == c.External.Addr {
			add("metrics.addr (GOBI_METRICS_ADDR) must differ from addr and external.addr: it serves metrics without authentication")
		}
	}
	if c.Audit.MaxBody < 0 || c.Audit.Retention < 0 {
		add("audit.max_body and audit.retention must not be negative")
	}
	if err := validateOrigins(c.Embed.Origins); err != nil {
		add("embed.origins (GOBI_EMBED_ORIGINS): %v", err)
	}
	for _, p := range c.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			add("trusted_proxies (GOBI_TRUSTED_PROXIES): %q is neither an IP address nor a CIDR", p)
		}
	}
	if c.Query.SlowThreshold < 0 {
		add("query.slow_threshold (GOBI_QUERY_SLOW_THRESHOLD) must not be negative (0 turns the slow-query log off)")
	}
	if c.BodyLimit < 1024 {
		add("body_limit must be at least 1024 bytes")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level (GOBI_LOG_LEVEL) must be debug, info, warn or error, not %q", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		add("log.format (GOBI_LOG_FORMAT) must be text or json, not %q", c.Log.Format)
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid configuration: %w", errors.Join(errs...))
	}
	return nil
}

// FrameAncestors is the CSP frame-ancestors source list for embed pages.
func (c Config) FrameAncestors() string { return strings.Join(c.Embed.Origins, " ") }

// SQLitePath is the metadata database file used when the type is sqlite
// and no DSN is given.
func (c Config) SQLitePath() string {
	if c.Database.DSN != "" {
		return c.Database.DSN
	}
	return filepath.Join(c.DataDir, "gobi.db")
}

// DatasetsDir is where SQLite data sources live.
func (c Config) DatasetsDir() string {
	if c.Datasources.SQLiteDir != "" {
		return c.Datasources.SQLiteDir
	}
	return filepath.Join(c.DataDir, "datasets")
}
