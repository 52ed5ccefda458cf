//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// blockAPI makes every request to /api fail in the browser as if the
// server were down (block false lets them through again).
func blockAPI(t *testing.T, ctx context.Context, base string, block bool) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		var ps []*network.BlockPattern
		if block {
			ps = []*network.BlockPattern{{URLPattern: base + "/api/*", Block: true}}
		}
		_, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestOutageBanner loads a dashboard while the server cannot be reached:
// one banner with Retry, no raw fetch error in any tile; Retry, once the
// server is back, draws every tile.
func TestOutageBanner(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	d := ds[0]
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, d.ID))); err != nil {
		t.Fatal(err)
	}
	waitTiles(t, ctx)

	blockAPI(t, ctx, s.base, true)
	// Apply reloads every tile's data.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.params button`))); err != nil {
		t.Fatal(err)
	}
	tiles := waitTiles(t, ctx)
	poll(t, ctx, "the outage banner", `!!document.querySelector('#outage #outage-retry')`)
	for id, state := range tiles {
		if !strings.HasPrefix(state, "offline") {
			t.Errorf("%s during the outage: %q", id, state)
		}
	}
	if n := text(t, ctx, "body"); strings.Contains(n, "Failed to fetch") || strings.Contains(n, "TypeError") {
		t.Errorf("a raw fetch error is shown: %q", n)
	}
	count, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#outage, .tile .error').length`))
	if err != nil || count != 1 {
		t.Errorf("%d banners and tile errors, want the one banner (%v)", count, err)
	}
	shot(t, ctx, "/tmp/gobi-outage.png")

	blockAPI(t, ctx, s.base, false)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#outage-retry`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "every tile drawn after Retry", fmt.Sprintf(`!document.querySelector('#outage') &&
		document.querySelectorAll('.tile[data-ready="1"]').length === %d`, len(d.Tiles)))
}

// TestTileLoadingNote checks that a tile waiting for a slow query shows a
// spinner until its chart is drawn.
func TestTileLoadingNote(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	var q api.Query
	s.call(t, "POST", "/api/queries", api.QueryInput{Name: "Slow", DatasourceID: 1, SQL: `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000)
SELECT 'all' AS channel, count(*) AS revenue FROM c`}, &q)
	var slow chart.Saved
	spec := fmt.Sprintf(`{"type":"bar","title":"Slow","query_id":%d,"encoding":{"x":"channel","y":"revenue"}}`, q.ID)
	s.call(t, "POST", "/api/charts", chart.Input{Name: "Slow chart", Spec: json.RawMessage(spec)}, &slow)
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/charts/%d", s.base, slow.ID))); err != nil {
		t.Fatal(err)
	}
	box := fmt.Sprintf("#chart-%d", slow.ID)
	poll(t, ctx, "the tile's spinner", fmt.Sprintf(`!!document.querySelector('%s > .loading .spinner')`, box))
	shot(t, ctx, "/tmp/gobi-tile-loading.png")
	if states := waitTiles(t, ctx); !strings.HasPrefix(states[box[1:]], "1 ") {
		t.Fatalf("the slow tile: %q", states[box[1:]])
	}
	if n := attr(t, ctx, box+" > .loading", "class"); n != "" {
		t.Errorf("the spinner stays after drawing")
	}
}
