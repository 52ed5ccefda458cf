package app

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// TestDashboardRender exports a dashboard with 2D and 3D tiles: the PNG
// decodes at the grid's size (scale included), the SVG is one <svg> with
// the 3D tile as a labelled placeholder, the limits are the chart
// render's, and another user's dashboard is missing.
func TestDashboardRender(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	var three int64
	for _, ti := range chart.Catalogue() {
		if ti.Dim == 3 {
			three = demoChart(ta, admin, ti.Type)
			break
		}
	}
	bar, line := demoChart(ta, admin, chart.Bar), demoChart(ta, admin, chart.Line)
	in := api.DashboardInput{Title: "export me", Tiles: []api.Tile{
		{ChartID: bar, X: 0, Y: 0, W: 6, H: 4}, {ChartID: three, X: 6, Y: 0, W: 6, H: 4}, {ChartID: line, X: 0, Y: 4, W: 12, H: 3}},
		Params: []api.ParamDef{{Name: "unused", Type: api.ParamString}}}
	d := id(t, want(t, ta.do("POST", "/api/dashboards", admin, in), 201))
	tall := id(t, want(t, ta.do("POST", "/api/dashboards", admin, api.DashboardInput{Title: "tall",
		Tiles: []api.Tile{{ChartID: bar, X: 0, Y: 30, W: 12, H: 4}}}), 201))
	base := fmt.Sprintf("/api/dashboards/%d/", d)

	// 7 rows of 90 px and 8 gaps of 12: 726 px tall.
	for _, c := range []struct {
		query string
		w, h  int
	}{
		{"render.png", 1200, 726},
		{"render.png?width=600&scale=2&theme=dark", 1200, 1452},
		{"render.png?row_height=50&params=" + `{"unused":"x"}`, 1200, 446},
	} {
		t.Run(c.query, func(t *testing.T) {
			start := time.Now()
			r := want(t, ta.do("GET", base+c.query, admin, nil), 200)
			t.Logf("%s: %d bytes in %s", c.query, len(r.Body), time.Since(start).Round(time.Millisecond))
			if ct := r.Header.Get("Content-Type"); ct != "image/png" {
				t.Fatalf("content type %q", ct)
			}
			img, err := png.Decode(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
				t.Fatalf("PNG %d × %d, want %d × %d", b.Dx(), b.Dy(), c.w, c.h)
			}
			// Tiles are drawn: a cell is not one flat colour.
			colours := map[uint32]bool{}
			for x := 0; x < c.w/2; x += 7 {
				for y := 0; y < c.h/2; y += 7 {
					r, g, b, _ := img.At(x, y).RGBA()
					colours[r>>8<<16|g>>8<<8|b>>8] = true
				}
			}
			if len(colours) < 4 {
				t.Errorf("the first tile's quarter has %d colours: nothing drawn?", len(colours))
			}
		})
	}
	start := time.Now()
	r := want(t, ta.do("GET", base+"render.svg?width=900", admin, nil), 200)
	t.Logf("render.svg?width=900: %d bytes in %s", len(r.Body), time.Since(start).Round(time.Millisecond))
	svg := string(r.Body)
	if !strings.Contains(svg[:200], "<svg ") || !strings.Contains(svg[:300], `width="900"`) || strings.Count(svg, "<svg") != 1 {
		t.Fatalf("SVG starts %.300s", svg)
	}
	if !strings.Contains(svg, "3D chart: open the dashboard") {
		t.Errorf("the 3D tile has no placeholder")
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("SVG CSP %q", csp)
	}

	// The chart render's limits.
	for _, c := range []struct {
		query, field string
		status       int
	}{
		{"render.png?width=5000", "width", 422},
		{"render.png?width=50", "width", 422},
		{"render.png?width=4000&scale=3", "width", 422}, // 4000 × 2358 × 9 pixels
		{"render.png?scale=4", "scale", 422},
		{"render.svg?theme=pink", "theme", 422},
		{"render.svg?row_height=5", "row_height", 400},
		{"render.svg?params=nope", "params", 400},
	} {
		t.Run(c.query, func(t *testing.T) {
			e := want(t, ta.do("GET", base+c.query, admin, nil), c.status).Err(t)
			if !strings.Contains(e.Message+fmt.Sprint(e.Fields), c.field) {
				t.Fatalf("got %+v, want a problem with %s", e, c.field)
			}
		})
	}
	e := want(t, ta.do("GET", fmt.Sprintf("/api/dashboards/%d/render.png?row_height=120", tall), admin, nil), 422).Err(t)
	if len(e.Fields) == 0 || e.Fields[0].Path != "row_height" || !strings.Contains(e.Fields[0].Message, "4500 pixels tall") {
		t.Errorf("a too tall page: %+v", e)
	}

	// Isolation: another user's dashboard is as missing as a missing one.
	bob, _ := ta.newUser(admin, "bob")
	for _, path := range []string{base + "render.png", base + "render.svg", "/api/dashboards/999999/render.png"} {
		want(t, ta.do("GET", path, bob, nil), 404)
	}
}
