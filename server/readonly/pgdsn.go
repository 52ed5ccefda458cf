package readonly

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgresKeys are the connection-string parameters a data source may set.
// Everything else is refused by pgconn's own parser before it touches the
// file system: passfile, service, servicefile and the ssl* file parameters
// would make the driver read files on the Gobi server (its stored
// passwords, its client key), and options (-c …) would set arbitrary
// server settings at connect time.
var PostgresKeys = []string{
	"host", "port", "dbname", "database", "user", "password",
	"sslmode", "ssl", "sslsni", "sslnegotiation", "channel_binding", "require_auth",
	"connect_timeout", "target_session_attrs", "min_protocol_version", "max_protocol_version",
	"application_name", "search_path", "timezone", "TimeZone", "datestyle", "DateStyle",
	"intervalstyle", "IntervalStyle", "client_encoding", "extra_float_digits",
	"default_query_exec_mode", "statement_cache_capacity", "description_cache_capacity",
}

// pgFileKeys are the refused parameters that name files on the Gobi server,
// for a clearer message.
var pgFileKeys = []string{"passfile", "service", "servicefile", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir", "sslpassword", "sslcertmode"}

var pgKeyRE = regexp.MustCompile(`connection string key "([^"]*)" is not in ConnStringAllowedKeys`)

// ParsePostgres parses a user's PostgreSQL connection string (URL or
// keyword/value) with the driver's own parser and an allow-list of keys,
// so that what is checked is exactly what the driver will use, however the
// string is spelled (spaces around '=', quoting, URL query). On top of
// the key check it removes what the driver would otherwise take from the
// Gobi server's own defaults: a password from ~/.pgpass or PGPASSWORD when
// the string gives none, and client certificates from ~/.postgresql.
// Errors match ErrInvalidDSN and never quote the string.
func ParsePostgres(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfigWithOptions(dsn, pgx.ParseConfigOptions{
		ParseConfigOptions: pgconn.ParseConfigOptions{ConnStringAllowedKeys: PostgresKeys},
	})
	if err != nil {
		if m := pgKeyRE.FindStringSubmatch(err.Error()); m != nil {
			return nil, keyError(m[1])
		}
		// pgx's message quotes the connection string (password redacted
		// best-effort) and its cause can quote parts of it; say neither.
		return nil, fmt.Errorf("%w: the PostgreSQL connection string could not be parsed (check its syntax, host, port and parameters)", ErrInvalidDSN)
	}
	if cfg.Password != "" && (!pgHasPassword(dsn) || !typed(dsn, cfg.Password)) {
		// From the server's ~/.pgpass or PGPASSWORD (pgconn consults them
		// when the string gives no password, or an empty one).
		cfg.Password = ""
	}
	stripClientCerts(&cfg.Config)
	return cfg, nil
}

func keyError(k string) error {
	if slices.Contains(pgFileKeys, strings.ToLower(k)) {
		return fmt.Errorf("%w: the %s parameter names a file on the Gobi server and is not allowed", ErrInvalidDSN, k)
	}
	if !validKeyName(k) {
		// Not a key at all (a malformed string the parser read as one):
		// it may hold the password, and errors are shown and audited.
		return fmt.Errorf("%w: the connection string is neither a postgres:// URL nor key=value pairs", ErrInvalidDSN)
	}
	return fmt.Errorf("%w: the parameter %q is not allowed (allowed: %s)", ErrInvalidDSN, k, strings.Join(PostgresKeys, ", "))
}

// pgHasPassword reports whether the connection string itself carries a
// password key (in a URL: user:password@ or ?password=). It parses again
// with password left out of the allow-list: the driver then fails exactly
// when the key is present.
func pgHasPassword(dsn string) bool {
	keys := slices.DeleteFunc(slices.Clone(PostgresKeys), func(k string) bool { return k == "password" })
	_, err := pgconn.ParseConfigWithOptions(dsn, pgconn.ParseConfigOptions{ConnStringAllowedKeys: keys})
	m := pgKeyRE.FindStringSubmatch(fmt.Sprint(err))
	return m != nil && m[1] == "password"
}

// typed reports whether pw appears in the string as written, raw,
// percent-decoded or with keyword/value backslash escapes removed.
func typed(dsn, pw string) bool {
	if strings.Contains(dsn, pw) || strings.Contains(strings.ReplaceAll(dsn, `\`, ""), pw) {
		return true
	}
	u, err := url.PathUnescape(dsn)
	return err == nil && strings.Contains(u, pw)
}

// stripClientCerts drops client certificates: the string cannot name one
// (sslcert/sslkey are refused), so any the driver loaded came from the Gobi
// server's home directory or environment.
func stripClientCerts(c *pgconn.Config) {
	if c.TLSConfig != nil {
		c.TLSConfig.Certificates = nil
		c.TLSConfig.GetClientCertificate = nil
	}
	for _, f := range c.Fallbacks {
		if f.TLSConfig != nil {
			f.TLSConfig.Certificates = nil
			f.TLSConfig.GetClientCertificate = nil
		}
	}
}

// validKeyName reports whether k can be a libpq parameter name (letters,
// digits and underscores, at most 64), so that it may be quoted back.
func validKeyName(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
