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
