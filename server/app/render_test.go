package app

import (
	"bytes"
	"fmt"
	"image/png"
	"slices"
	"sync"
	"testing"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// demoChart returns the id of a demo chart of type ty.
func demoChart(ta *testApp, token string, ty chart.Type) int64 {
	ta.t.Helper()
	var charts []chart.Saved
	want(ta.t, ta.do("GET", "/api/charts", token, nil), 200).JSON(ta.t, &charts)
	for _, c := range charts {
		if c.Type == ty {
			return c.ID
		}
	}
	ta.t.Fatalf("no demo chart of type %s", ty)
	return 0
}

func TestRenderSizeLimits(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	c := demoChart(ta, admin, chart.Bar)
	tests := []struct {
		query  string
		fields []string
	}{
		{"render.png?width=4000&height=4000&scale=3", []string{"width", "height", "scale"}}, // 144 MP
		{"render.png?width=4000&height=4000&scale=1.01", []string{"width", "height", "scale"}},
		{"render.png?width=3000&height=3000&scale=2", []string{"width", "height", "scale"}},
		{"render.png?width=5000", []string{"width"}},
		{"render.png?height=50", []string{"height"}},
		{"render.png?scale=4", []string{"scale"}},
		{"render.png?scale=NaN", []string{"scale"}},
		{"render.png?theme=pink", []string{"theme"}},
		{"render.svg?width=4001&height=99", []string{"width", "height"}},
		{"render.svg?scale=0.5", []string{"scale"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			e := want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/%s", c, tt.query), admin, nil), 422).Err(t)
			var paths []string
			for _, f := range e.Fields {
				paths = append(paths, f.Path)
			}
			if e.Error != "validation_failed" || !slices.Equal(paths, tt.fields) {
				t.Fatalf("got %s %v, want validation_failed on %v: %+v", e.Error, paths, tt.fields, e)
			}
		})
	}
	// At the cap, and SVG (vector: no pixel cap) at the largest size.
	want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.png?width=2000&height=2000&scale=2", c), admin, nil), 200)
	want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.svg?width=4000&height=4000&scale=3", c), admin, nil), 200)
}

// TestConcurrentLargeRenders is issue 9's attack on PNGs: twelve
// max-size renders at once. With three rasterising slots they all
// complete, never more than three are drawn at once, and memory stays
// bounded.
func TestConcurrentLargeRenders(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of megabytes")
	}
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.Render.Concurrency = 3 })
	admin := ta.adminToken()
	path := fmt.Sprintf("/api/charts/%d/render.png?width=4000&height=4000", demoChart(ta, admin, chart.Bar))
	before := rssBaseline(t)
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := ta.do("GET", path, admin, nil)
			if r.Status != 200 {
				t.Errorf("status %d: %s", r.Status, r.Body)
				return
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(r.Body))
			if err != nil || cfg.Width != 4000 || cfg.Height != 4000 {
				t.Errorf("PNG %+v, %v", cfg, err)
			}
		}()
	}
	wg.Wait()
	peak := procStatus(t, "VmHWM")
	active, most := ta.app.charts.RenderStats()
	t.Logf("12 renders of 4000×4000: at most %d at once; RSS before %d MiB, peak %d MiB (growth %d MiB)",
		most, before>>20, peak>>20, (peak-before)>>20)
	if active != 0 || most != 3 {
		t.Errorf("active %d, at most %d at once; want 0 and 3", active, most)
	}
	if peak-before > 1<<30 {
		t.Errorf("peak RSS grew by %d MiB, want under 1 GiB", (peak-before)>>20)
	}
}
