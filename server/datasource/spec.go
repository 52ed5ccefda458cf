package datasource

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// spec is the connection spec sealed into the database: either a full DSN
// or separate fields, exactly as the user gave them.
type spec struct {
	DSN      string `json:"dsn,omitempty"`
	Host     string `json:"host,omitempty"`
	Port     int    `json:"port,omitempty"`
	Database string `json:"database,omitempty"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	SSLMode  string `json:"ssl_mode,omitempty"`
	Path     string `json:"path,omitempty"`
}

// merge applies an update: a new DSN replaces everything; otherwise given
// fields replace old ones and an empty password keeps the old password.
func (s spec) merge(in api.DatasourceInput) spec {
	if in.DSN != "" || in.Path != "" {
		return specFrom(in)
	}
	n := specFrom(in)
	if s.DSN != "" && n.Host == "" {
		// The old source was given as a DSN and the update gives no new
		// connection details: keep it.
		return s
	}
	if n.Password == "" {
		n.Password = s.Password
	}
	return n
}

func specFrom(in api.DatasourceInput) spec {
	return spec{DSN: strings.TrimSpace(in.DSN), Host: strings.TrimSpace(in.Host), Port: in.Port,
		Database: in.Database, Username: in.Username, Password: in.Password, SSLMode: in.SSLMode, Path: in.Path}
}

// endpoint is where a spec connects, for display and SSRF checks.
type endpoint struct {
	Hosts    []string // every host the driver may try (pg fallbacks)
	Port     int
	Database string
	Username string
}

// dsn renders the driver DSN. For SQLite it is the file name (the caller
// resolves it inside the datasets directory).
func (s spec) dsn(d api.Dialect) (string, error) {
	switch d {
	case api.SQLite:
		p := s.Path
		if p == "" {
			p = s.DSN
		}
		if p == "" {
			return "", fmt.Errorf("path: the SQLite file name is required")
		}
		return p, nil
	case api.Postgres:
		if s.DSN != "" {
			return s.DSN, nil
		}
		if s.Host == "" || s.Database == "" {
			return "", fmt.Errorf("host and database are required (or give dsn)")
		}
		u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(s.Host, strconv.Itoa(orDefault(s.Port, 5432))), Path: "/" + s.Database}
		if s.Username != "" {
			u.User = url.UserPassword(s.Username, s.Password)
			if s.Password == "" {
				u.User = url.User(s.Username)
			}
		}
		if s.SSLMode != "" {
			u.RawQuery = url.Values{"sslmode": {s.SSLMode}}.Encode()
		}
		return u.String(), nil
	case api.MySQL:
		if s.DSN != "" {
			return s.DSN, nil
		}
		if s.Host == "" || s.Database == "" {
			return "", fmt.Errorf("host and database are required (or give dsn)")
		}
		c := mysql.NewConfig()
		c.User, c.Passwd, c.Net, c.DBName = s.Username, s.Password, "tcp", s.Database
		c.Addr = net.JoinHostPort(s.Host, strconv.Itoa(orDefault(s.Port, 3306)))
		c.TLSConfig = s.SSLMode
		return c.FormatDSN(), nil
	}
	return "", fmt.Errorf("type must be sqlite, postgres or mysql")
}

// endpoint parses the DSN with the driver's own parser, so the hosts
// checked are exactly those the driver will dial.
func (s spec) endpoint(d api.Dialect) (endpoint, error) {
	dsn, err := s.dsn(d)
	if err != nil {
		return endpoint{}, err
	}
	switch d {
	case api.Postgres:
		cfg, err := readonly.ParsePostgres(dsn)
		if err != nil {
			return endpoint{}, fmt.Errorf("dsn: %s", strings.TrimPrefix(err.Error(), readonly.ErrInvalidDSN.Error()+": "))
		}
		e := endpoint{Hosts: []string{cfg.Host}, Port: int(cfg.Port), Database: cfg.Database, Username: cfg.User}
		for _, f := range cfg.Fallbacks {
			e.Hosts = append(e.Hosts, f.Host)
		}
		return e, nil
	case api.MySQL:
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			return endpoint{}, fmt.Errorf("dsn: not a valid MySQL DSN (user:pass@tcp(host:3306)/db)")
		}
		if cfg.Net != "tcp" {
			return endpoint{}, fmt.Errorf("dsn: only tcp connections are allowed, not %q", cfg.Net)
		}
		host, port, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return endpoint{}, fmt.Errorf("dsn: address %q must be host:port", cfg.Addr)
		}
		p, _ := strconv.Atoi(port)
		return endpoint{Hosts: []string{host}, Port: p, Database: cfg.DBName, Username: cfg.User}, nil
	}
	return endpoint{}, nil
}

// masked renders the DSN with its password replaced by ****.
func (s spec) masked(d api.Dialect) string {
	dsn, err := s.dsn(d)
	if err != nil {
		return ""
	}
	switch d {
	case api.Postgres:
		if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "xxxx")
			}
			q := u.Query()
			if q.Has("password") {
				q.Set("password", "xxxx")
				u.RawQuery = q.Encode()
			}
			return strings.ReplaceAll(u.String(), "xxxx", "****")
		}
		// key=value form, where spaces may surround '=' and values may be
		// quoted: password = 'a b'.
		return pgPasswordRE.ReplaceAllString(dsn, "${1}password=****")
	case api.MySQL:
		if c, err := mysql.ParseDSN(dsn); err == nil {
			if c.Passwd != "" {
				c.Passwd = "xxxx"
			}
			return strings.ReplaceAll(c.FormatDSN(), "xxxx", "****")
		}
		return ""
	}
	return dsn
}

var pgPasswordRE = regexp.MustCompile(`(?i)(^|\s)password\s*=\s*(?:'(?:[^'\\]|\\.)*'?|\S*)`)

// sslModeProblem says what is wrong with mode for dialect d, or "".
func sslModeProblem(d api.Dialect, mode string) string {
	if mode == "" {
		return ""
	}
	modes, ok := api.SSLModes[d]
	if !ok {
		return "is only for postgres and mysql"
	}
	if !slices.Contains(modes, mode) {
		return "must be one of " + strings.Join(modes, ", ")
	}
	return ""
}

// movedFrom reports whether n connects to another host or port than old.
func movedFrom(old, n spec, d api.Dialect) bool {
	def := map[api.Dialect]int{api.Postgres: 5432, api.MySQL: 3306}[d]
	return old.DSN != n.DSN || old.Host != n.Host || orDefault(old.Port, def) != orDefault(n.Port, def)
}

func orDefault(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}
