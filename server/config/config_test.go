package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	yamlPath := filepath.Join(dir, "gobi.yaml")
	if err := os.WriteFile(yamlPath, []byte("addr: \":9000\"\nquery:\n  default_timeout: 10s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	embedPath := filepath.Join(dir, "embed.yaml")
	if err := os.WriteFile(embedPath, []byte("embed:\n  origins: [\"https://a.example.com\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	badPath := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badPath, []byte("adress: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			if c.Addr != ":8080" || c.Auth.ExpirationHours != 168 || c.Query.DefaultMaxRows != 10000 {
				t.Errorf("unexpected defaults: %+v", c)
			}
		}},
		{name: "yaml then env", path: yamlPath, env: map[string]string{"GOBI_QUERY_TIMEOUT": "20s"}, check: func(t *testing.T, c Config) {
			if c.Addr != ":9000" || c.Query.DefaultTimeout != 20*time.Second {
				t.Errorf("got addr %q timeout %v", c.Addr, c.Query.DefaultTimeout)
			}
		}},
		{name: "env overrides", env: map[string]string{"GOBI_ADDR": ":1", "GOBI_DATABASE_TYPE": "Postgres", "GOBI_DATABASE_DSN": "postgres://x", "GOBI_DATASOURCE_ALLOWED_NETWORKS": "127.0.0.0/8, 10.0.0.0/8"}, check: func(t *testing.T, c Config) {
			if c.Addr != ":1" || c.Database.Type != "postgres" || len(c.Datasources.AllowedNetworks) != 2 {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "unknown yaml field", path: badPath, wantErr: "field adress not found"},
		{name: "missing explicit file", path: filepath.Join(dir, "nope.yaml"), wantErr: "no such file"},
		{name: "bad type", env: map[string]string{"GOBI_DATABASE_TYPE": "oracle"}, wantErr: "must be sqlite, postgres or mysql"},
		{name: "dsn required", env: map[string]string{"GOBI_DATABASE_TYPE": "mysql"}, wantErr: "GOBI_DATABASE_DSN) is required"},
		{name: "bad int", env: map[string]string{"GOBI_JWT_EXPIRATION_HOURS": "abc"}, wantErr: "GOBI_JWT_EXPIRATION_HOURS: not an integer"},
		{name: "short jwt secret", env: map[string]string{"GOBI_JWT_SECRET": "short"}, wantErr: "at least 32 characters"},
		{name: "bad key", env: map[string]string{"GOBI_ENCRYPTION_KEY": "abcd"}, wantErr: "encryption_key"},
		{name: "several errors at once", env: map[string]string{"GOBI_ADDR": "", "GOBI_LOG_LEVEL": "loud"}, wantErr: "log.level"},
		{name: "audit durable off by default", check: func(t *testing.T, c Config) {
			if c.Audit.Durable {
				t.Error("audit.durable must default to off")
			}
		}},
		{name: "audit durable from env", env: map[string]string{"GOBI_AUDIT_DURABLE": "true"}, check: func(t *testing.T, c Config) {
			if !c.Audit.Durable {
				t.Error("GOBI_AUDIT_DURABLE=true not applied")
			}
		}},
		{name: "bad audit durable", env: map[string]string{"GOBI_AUDIT_DURABLE": "sometimes"}, wantErr: "GOBI_AUDIT_DURABLE: not a boolean"},
		{name: "embed defaults", check: func(t *testing.T, c Config) {
			if c.FrameAncestors() != "'self'" || c.RateLimit.EmbedRate != 20 || c.RateLimit.EmbedBurst != 100 {
				t.Errorf("frame-ancestors %q, embed rate %v/%d", c.FrameAncestors(), c.RateLimit.EmbedRate, c.RateLimit.EmbedBurst)
			}
		}},
		{name: "embed origins from env", env: map[string]string{"GOBI_EMBED_ORIGINS": "'self', https://intranet.example.com,https://*.example.org:8443",
			"GOBI_RATE_EMBED_RATE": "5", "GOBI_RATE_EMBED_BURST": "7"}, check: func(t *testing.T, c Config) {
			if got := c.FrameAncestors(); got != "'self' https://intranet.example.com https://*.example.org:8443" {
				t.Errorf("frame-ancestors %q", got)
			}
			if c.RateLimit.EmbedRate != 5 || c.RateLimit.EmbedBurst != 7 {
				t.Errorf("embed rate %v/%d", c.RateLimit.EmbedRate, c.RateLimit.EmbedBurst)
			}
		}},
		{name: "embed origins from yaml", path: embedPath, check: func(t *testing.T, c Config) {
			if got := c.FrameAncestors(); got != "https://a.example.com" {
				t.Errorf("frame-ancestors %q", got)
			}
		}},
		{name: "bad embed origin", env: map[string]string{"GOBI_EMBED_ORIGINS": "https://ok.example.com,https://x.example.com/path"}, wantErr: "GOBI_EMBED_ORIGINS"},
		{name: "empty embed origins", env: map[string]string{"GOBI_EMBED_ORIGINS": ""}, wantErr: "at least one origin"},
		{name: "zero embed burst", env: map[string]string{"GOBI_RATE_EMBED_BURST": "0"}, wantErr: "every burst >= 1"},
		{name: "login buckets from env", env: map[string]string{"GOBI_RATE_LOGIN_ADDRESS_RATE": "1", "GOBI_RATE_LOGIN_ADDRESS_BURST": "30",
			"GOBI_RATE_LOGIN_USERNAME_RATE": "0.1", "GOBI_RATE_LOGIN_USERNAME_BURST": "60"}, check: func(t *testing.T, c Config) {
			r := c.RateLimit
			if r.LoginAddressRate != 1 || r.LoginAddressBurst != 30 || r.LoginUsernameRate != 0.1 || r.LoginUsernameBurst != 60 || r.LoginBurst != 5 {
				t.Errorf("login buckets %+v", r)
			}
		}},
		{name: "metrics off by default", check: func(t *testing.T, c Config) {
			if c.Metrics.Addr != "" || c.Metrics.Token != "" {
				t.Errorf("metrics %+v, want both empty", c.Metrics)
			}
		}},
		{name: "metrics from env", env: map[string]string{"GOBI_METRICS_ADDR": "127.0.0.1:9090", "GOBI_METRICS_TOKEN": strings.Repeat("t", 32)}, check: func(t *testing.T, c Config) {
			if c.Metrics.Addr != "127.0.0.1:9090" || c.Metrics.Token != strings.Repeat("t", 32) {
				t.Errorf("metrics %+v", c.Metrics)
			}
		}},
		{name: "short metrics token", env: map[string]string{"GOBI_METRICS_TOKEN": "secret"}, wantErr: "GOBI_METRICS_TOKEN) must be at least 32"},
		{name: "metrics addr without port", env: map[string]string{"GOBI_METRICS_ADDR": "127.0.0.1"}, wantErr: "GOBI_METRICS_ADDR) must be host:port"},
		{name: "metrics addr on the main listener", env: map[string]string{"GOBI_METRICS_ADDR": ":8080"}, wantErr: "must differ from addr"},
		{name: "zero login address burst", env: map[string]string{"GOBI_RATE_LOGIN_ADDRESS_BURST": "0"}, wantErr: "login_address_rate"},
		{name: "username budget one address can use up", env: map[string]string{"GOBI_RATE_LOGIN_USERNAME_BURST": "5"}, wantErr: "lock its owner out"},
		{name: "username budget slower than one address", env: map[string]string{"GOBI_RATE_LOGIN_USERNAME_RATE": "0.01"}, wantErr: "GOBI_RATE_LOGIN_USERNAME_RATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, err := Load(tt.path, envMap(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestPrepareGeneratesAndKeepsSecrets(t *testing.T) {
	c := Default()
	c.DataDir = t.TempDir()
	gen, err := c.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if len(gen) != 2 {
		t.Fatalf("generated %v, want both secrets", gen)
	}
	if _, err := DecodeKey(c.EncryptionKey); err != nil {
		t.Fatalf("generated key does not decode: %v", err)
	}
	for _, f := range []string{"jwt.secret", "encryption.key"} {
		st, err := os.Stat(filepath.Join(c.DataDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	c2 := Default()
	c2.DataDir = c.DataDir
	gen2, err := c2.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if len(gen2) != 0 || c2.Auth.JWTSecret != c.Auth.JWTSecret || c2.EncryptionKey != c.EncryptionKey {
		t.Fatal("second start must reuse the stored secrets")
	}
}

func TestDecodeKey(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{strings.Repeat("ab", 32), true},
		{"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", true},
		{"MDEyMzQ1Njc4OWFiY2RlZg==", false},
		{"not base64 !!", false},
	}
	for _, tt := range tests {
		_, err := DecodeKey(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("DecodeKey(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestEmbedOrigins(t *testing.T) {
	tests := []struct {
		origins []string
		wantErr string
	}{
		{[]string{"'self'"}, ""},
		{[]string{"'none'"}, ""},
		{[]string{"*"}, ""},
		{[]string{"'self'", "https://bi.example.com", "http://localhost:3000", "https://*.example.com", "https://example.com/"}, ""},
		{nil, "at least one origin"},
		{[]string{"self"}, "single quotes"},
		{[]string{"'none'", "https://a.example.com"}, "cannot be combined"},
		{[]string{"example.com"}, "must be an origin"},
		{[]string{"ftp://example.com"}, "must be an origin"},
		{[]string{"https://"}, "no valid host"},
		{[]string{"https://example.com/app"}, "origin only"},
		{[]string{"https://example.com?x=1"}, "origin only"},
		{[]string{"https://user@example.com"}, "origin only"},
		{[]string{"https://example.com;script-src"}, "semicolons"},
		{[]string{"https://example.com'"}, "quotes"},
		{[]string{"https://a.*.example.com"}, "wildcard"},
		{[]string{"https://example.com:abc"}, "no valid host"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.origins, " "), func(t *testing.T) {
			err := validateOrigins(tt.origins)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
