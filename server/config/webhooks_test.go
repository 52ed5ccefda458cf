package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWebhookSettings(t *testing.T) {
	yamlPath := filepath.Join(t.TempDir(), "gobi.yaml")
	if err := os.WriteFile(yamlPath, []byte("webhooks:\n  retry: [0s, 1m]\n  timeout: 5s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		path    string
		env     map[string]string
		wantErr string
		check   func(w Webhooks) bool
	}{
		{name: "defaults", check: func(w Webhooks) bool {
			return len(w.Retry) == 10 && w.Retry[9] == 24*time.Hour && w.DisableAfter == 120*time.Hour &&
				w.RotationWindow == 24*time.Hour && w.Timeout == 15*time.Second && len(w.AllowedNetworks) == 0
		}},
		{name: "yaml", path: yamlPath, check: func(w Webhooks) bool { return len(w.Retry) == 2 && w.Timeout == 5*time.Second }},
		{name: "env", env: map[string]string{"GOBI_WEBHOOK_RETRY": "0s, 2s,1m", "GOBI_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8,::1/128",
			"GOBI_WEBHOOK_DISABLE_AFTER": "1h", "GOBI_WEBHOOK_CONCURRENCY": "4"},
			check: func(w Webhooks) bool {
				return len(w.Retry) == 3 && w.Retry[1] == 2*time.Second && len(w.AllowedNetworks) == 2 &&
					w.DisableAfter == time.Hour && w.Concurrency == 4
			}},
		{name: "bad retry", env: map[string]string{"GOBI_WEBHOOK_RETRY": "0s,soon"}, wantErr: "GOBI_WEBHOOK_RETRY"},
		{name: "negative retry", env: map[string]string{"GOBI_WEBHOOK_RETRY": "-5s"}, wantErr: "GOBI_WEBHOOK_RETRY"},
		{name: "empty retry", env: map[string]string{"GOBI_WEBHOOK_RETRY": ","}, wantErr: "GOBI_WEBHOOK_RETRY"},
		{name: "lease shorter than timeout", env: map[string]string{"GOBI_WEBHOOK_LEASE": "10s"}, wantErr: "GOBI_WEBHOOK_LEASE"},
		{name: "no workers", env: map[string]string{"GOBI_WEBHOOK_CONCURRENCY": "0"}, wantErr: "GOBI_WEBHOOK_CONCURRENCY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(tc.path, envMap(tc.env))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c.Webhooks) {
				t.Fatalf("webhooks %+v", c.Webhooks)
			}
		})
	}
}
