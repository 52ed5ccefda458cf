package config

import (
	"strings"
	"testing"
)

// TestLoadBudgets covers the byte budgets for results and the render caps.
func TestLoadBudgets(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			q := c.Query
			if q.MaxResultBytes != 64<<20 || q.MaxCellBytes != 1<<20 || q.MaxTotalResultBytes != 512<<20 || q.CacheMaxBytes != 128<<20 {
				t.Errorf("query budgets %+v", q)
			}
			if c.Render.MaxPixels != 16_000_000 || c.Render.Concurrency < 1 {
				t.Errorf("render %+v", c.Render)
			}
		}},
		{name: "from env", env: map[string]string{"GOBI_QUERY_MAX_RESULT_BYTES": "1048576", "GOBI_QUERY_MAX_CELL_BYTES": "4096",
			"GOBI_QUERY_MAX_TOTAL_RESULT_BYTES": "8388608", "GOBI_QUERY_CACHE_MAX_BYTES": "0",
			"GOBI_RENDER_MAX_PIXELS": "2000000", "GOBI_RENDER_CONCURRENCY": "3"}, check: func(t *testing.T, c Config) {
			q := c.Query
			if q.MaxResultBytes != 1<<20 || q.MaxCellBytes != 4096 || q.MaxTotalResultBytes != 8<<20 || q.CacheMaxBytes != 0 {
				t.Errorf("query budgets %+v", q)
			}
			if c.Render.MaxPixels != 2_000_000 || c.Render.Concurrency != 3 {
				t.Errorf("render %+v", c.Render)
			}
		}},
		{name: "not a number", env: map[string]string{"GOBI_QUERY_MAX_RESULT_BYTES": "64MiB"}, wantErr: "GOBI_QUERY_MAX_RESULT_BYTES: not an integer"},
		{name: "result budget too small", env: map[string]string{"GOBI_QUERY_MAX_RESULT_BYTES": "100"}, wantErr: "GOBI_QUERY_MAX_RESULT_BYTES) must be at least 65536"},
		{name: "cell above result", env: map[string]string{"GOBI_QUERY_MAX_RESULT_BYTES": "1048576", "GOBI_QUERY_MAX_CELL_BYTES": "2097152"}, wantErr: "GOBI_QUERY_MAX_CELL_BYTES) must be between 1024"},
		{name: "total below one result", env: map[string]string{"GOBI_QUERY_MAX_TOTAL_RESULT_BYTES": "1048576"}, wantErr: "GOBI_QUERY_MAX_TOTAL_RESULT_BYTES) must be at least"},
		{name: "negative cache bytes", env: map[string]string{"GOBI_QUERY_CACHE_MAX_BYTES": "-1"}, wantErr: "GOBI_QUERY_CACHE_MAX_BYTES) must not be negative"},
		{name: "pixels", env: map[string]string{"GOBI_RENDER_MAX_PIXELS": "99"}, wantErr: "GOBI_RENDER_MAX_PIXELS) must be between"},
		{name: "concurrency", env: map[string]string{"GOBI_RENDER_CONCURRENCY": "0"}, wantErr: "GOBI_RENDER_CONCURRENCY) must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load("", envMap(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
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
