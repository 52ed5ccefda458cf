//go:build !js

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// options is the labels of the options of the <select> sel.
func options(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%q)].map(o => o.textContent)`, sel+" option")))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// previewShot waits for the builder's preview to be painted and returns
// its screenshot.
func previewShot(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	poll(t, ctx, "the preview is painted", `document.getElementById('preview').dataset.ready === '1'`)
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#preview`)))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// changed is the share of pixels that differ between two screenshots of
// the same size (1 when the sizes differ).
func changed(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	r := ia.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// typeSpec replaces the builder's JSON by typing it, as a user pasting.
func typeSpec(t *testing.T, ctx context.Context, spec string) {
	t.Helper()
	if err := chromedp.Do(ctx, selectAll(`#spec`), chromedp.SendKeys(chromedp.CSS(`#spec`), spec)); err != nil {
		t.Fatal(err)
	}
}

func savedChartID(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	poll(t, ctx, "the chart is saved", `!!document.querySelector('#save-result .ok')`)
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(hash, "#/editor/"), 10, 64)
	if err != nil {
		t.Fatalf("after Save the address is %q, want #/editor/{id}", hash)
	}
	return id
}

func TestChartBuilder(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	var qs []api.Query
	s.call(t, "GET", "/api/queries", nil, &qs)
	i := slices.IndexFunc(qs, func(q api.Query) bool { return q.Name == "Revenue by channel" })
	if i < 0 {
		t.Fatal("the demo has no query Revenue by channel")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#chart-type`))); err != nil {
		t.Fatal(err)
	}
	choose(t, ctx, "#chart-query", "Revenue by channel")
	choose(t, ctx, "#chart-type", "Bar")
	// y is a measure: the text column channel is not offered for it.
	poll(t, ctx, "the result's columns are offered", `[...document.querySelectorAll('select[name=enc-y] option')].some(o => o.textContent === 'revenue')`)
	if y := options(t, ctx, `select[name=enc-y]`); slices.Contains(y, "channel") {
		t.Errorf("y offers the text column channel: %q", y)
	}
	if x := options(t, ctx, `select[name=enc-x]`); !slices.Contains(x, "channel") || !slices.Contains(x, "revenue") {
		t.Errorf("x (a dimension) offers %q", x)
	}
	choose(t, ctx, `select[name=enc-x]`, "channel")
	choose(t, ctx, `select[name=enc-y]`, "revenue")
	poll(t, ctx, "the spec becomes valid", `!document.getElementById('save').disabled`)
	before := previewShot(t, ctx)

	// Time from the last keystroke to the repainted preview: the
	// debounce (150 ms) plus validating, shaping and drawing.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { window.__painted = 0;
		new MutationObserver(() => { window.__painted = performance.now(); }).observe(document.getElementById('preview'), {childList: true});
		return true; })()`)); err != nil {
		t.Fatal(err)
	}
	const title = "Revenue per channel, built"
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[name="set-title"]`), title)); err != nil {
		t.Fatal(err)
	}
	t0, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
	if err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the preview is redrawn with the title", fmt.Sprintf(`window.__painted > %f && document.getElementById('preview').dataset.ready === '1' &&
		(document.querySelector('#preview canvas') || {getAttribute: () => ''}).getAttribute('aria-label') === %q`, t0, title))
	painted, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__painted`))
	t.Logf("preview repainted %.0f ms after the last keystroke (debounce %d ms)", painted-t0, 150)
	if painted-t0 > 1000 {
		t.Errorf("the preview took %.0f ms to follow an edit", painted-t0)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#chart-name`), "Built bar")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the title reaches the JSON", fmt.Sprintf(`document.getElementById('spec').value.includes(%q)`, title))
	var share float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if share = changed(t, before, previewShot(t, ctx)); share > 0.002 {
			break
		}
	}
	if share <= 0.002 {
		t.Fatalf("the preview did not change after setting the title (%.2f%% of pixels)", 100*share)
	}
	shot(t, ctx, "/tmp/gobi-builder.png")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#save`))); err != nil {
		t.Fatal(err)
	}
	id := savedChartID(t, ctx)
	var c chart.Saved
	s.call(t, "GET", fmt.Sprintf("/api/charts/%d", id), nil, &c)
	sp := c.Spec
	if c.Name != "Built bar" || sp.Type != chart.Bar || sp.Title != title || sp.QueryID != qs[i].ID ||
		sp.Encoding[chart.X].Column() != "channel" || sp.Encoding[chart.Y].Column() != "revenue" {
		t.Fatalf("saved %q: %+v", c.Name, sp)
	}

	// Save as new: a second chart, named as a copy; the first keeps its
	// spec.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[name="set-subtitle"]`), "copy"), chromedp.Click(chromedp.CSS(`#save-as`))); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	_, err = chromedp.Run(wctx, chromedp.Poll[bool](fmt.Sprintf(`location.hash !== '#/editor/%d' && !!document.querySelector('#save-result .ok')`, id),
		chromedp.WithPollingInterval(100*time.Millisecond)))
	cancel()
	if err != nil {
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + ' ' + document.getElementById('save-as').disabled`))
		t.Fatalf("Save as new: %v; address and disabled %s, result %q, problems %q", err, h, text(t, ctx, "#save-result"), text(t, ctx, "#spec-errors"))
	}
	copyID := savedChartID(t, ctx)
	var first, second chart.Saved
	s.call(t, "GET", fmt.Sprintf("/api/charts/%d", id), nil, &first)
	s.call(t, "GET", fmt.Sprintf("/api/charts/%d", copyID), nil, &second)
	if first.Spec.Subtitle != "" || second.Spec.Subtitle != "copy" || second.Spec.Title != title || second.Name != "Built bar (copy)" {
		t.Fatalf("after Save as new: first %+v, copy %q %+v", first.Spec, second.Name, second.Spec)
	}
	id = copyID

	// Dark mode: the builder reopens the saved chart in the dark theme.
	choose(t, ctx, "#theme", "Dark")
	poll(t, ctx, "the builder is dark", fmt.Sprintf(`(document.getElementById('chart-name') || {}).value === 'Built bar (copy)' &&
		getComputedStyle(document.querySelector('.builder')).backgroundColor === 'rgb(22, 26, 34)' &&
		getComputedStyle(document.querySelector('select[name=enc-x]')).color === 'rgb(232, 236, 243)' && location.hash === '#/editor/%d'`, id))
	if p, err := browsertest.Analyze(previewShot(t, ctx)); err != nil || p.Colors < 4 {
		t.Errorf("the dark preview looks blank: %+v %v", p, err)
	}
	shot(t, ctx, "/tmp/gobi-builder-dark.png")
	choose(t, ctx, "#theme", "Light")

	// "New chart" after the save starts afresh (issue 11, item 9).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#nav a[href="#/editor"]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, `"New chart" empties the builder`, `location.hash === '#/editor' && document.getElementById('chart-name').value === '' && !document.getElementById('spec').value.includes('built')`)
}

func TestChartBuilderInlineSQL(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/editor"), chromedp.WaitVisible(chromedp.CSS(`#chart-type`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the data sources are listed", `document.querySelectorAll('#chart-datasource option').length > 0`)
	choose(t, ctx, "#chart-source", "Inline SQL")
	const sql = "SELECT region, ROUND(SUM(revenue), 2) AS total FROM sales GROUP BY region"
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#chart-sql`)),
		chromedp.SendKeys(chromedp.CSS(`#chart-sql`), sql),
		chromedp.Click(chromedp.CSS(`#chart-run`)),
	); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the SQL runs", `document.getElementById('chart-data-msg').textContent.includes('total (')`)
	choose(t, ctx, `select[name=enc-x]`, "region")
	choose(t, ctx, `select[name=enc-y]`, "total")
	poll(t, ctx, "the spec becomes valid", `!document.getElementById('save').disabled`)
	previewShot(t, ctx)

	// Editing the JSON updates the form.
	typeSpec(t, ctx, `{"type":"line","title":"From JSON","encoding":{"x":"region","y":"total"},"legend":{"position":"bottom"}}`)
	poll(t, ctx, "the form follows the JSON", `document.getElementById('chart-type').value === 'line' &&
		document.querySelector('input[name="set-title"]').value === 'From JSON' &&
		document.querySelector('select[name="set-legend.position"]').value === 'bottom' &&
		document.querySelector('select[name=enc-y]').value === 'total'`)
	poll(t, ctx, "the line is previewed", `document.getElementById('preview').dataset.ready === '1' && !document.getElementById('save').disabled`)

	// Broken JSON: the parse error with its position, the form untouched.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#spec`), ",")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the parse error is shown", `!document.getElementById('json-error').hidden && document.getElementById('save').disabled`)
	if msg := text(t, ctx, "#json-error"); !strings.Contains(msg, "line 1, column") {
		t.Errorf("the parse error reads %q; want its position", msg)
	}
	if v := text(t, ctx, `#chart-type option:checked`); v != "Line" {
		t.Errorf("after broken JSON the type shows %q", v)
	}

	// A text column as the measure: Save is disabled, the problem is at y.
	typeSpec(t, ctx, `{"type":"bar","encoding":{"x":"total","y":"region"}}`)
	poll(t, ctx, "the validator's problem is shown at y", `document.getElementById('save').disabled && document.getElementById('json-error').hidden &&
		document.querySelector('.field-problem[data-path="encoding.y"]').textContent.includes('cannot be a measure')`)
	poll(t, ctx, "the last preview stays, marked out of date", `document.getElementById('preview').dataset.ready === 'stale' &&
		!!document.querySelector('#preview canvas') && (document.querySelector('#preview .preview-stale') || {}).textContent?.includes('Out of date')`)
	shot(t, ctx, "/tmp/gobi-builder-problem.png")

	// Fixed and saved: the SQL becomes a saved query that feeds the chart.
	typeSpec(t, ctx, `{"type":"bar","title":"Regions","encoding":{"x":"region","y":"total"}}`)
	poll(t, ctx, "the spec is valid again", `!document.getElementById('save').disabled`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#chart-name`), "Inline regions"), chromedp.Click(chromedp.CSS(`#save`))); err != nil {
		t.Fatal(err)
	}
	id := savedChartID(t, ctx)
	var c chart.Saved
	s.call(t, "GET", fmt.Sprintf("/api/charts/%d", id), nil, &c)
	var q api.Query
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d", c.Spec.QueryID), nil, &q)
	if q.SQL != sql || c.Spec.Encoding[chart.Y].Column() != "total" {
		t.Fatalf("saved chart %+v with query %q", c.Spec, q.SQL)
	}
}

func TestChartBuilderOpensDemoCharts(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1400, 1000)
	s.loginUI(t, ctx)
	var charts []chart.Saved
	s.call(t, "GET", "/api/charts", nil, &charts)
	if len(charts) < 20 {
		t.Fatalf("the demo has %d charts", len(charts))
	}
	var qs []api.Query
	s.call(t, "GET", "/api/queries", nil, &qs)
	params := map[int64][]api.ParamDef{}
	for _, q := range qs {
		params[q.ID] = q.Params
	}
	withParams := 0
	for _, c := range charts {
		t.Run(c.Name, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/editor/%d", s.base, c.ID))); err != nil {
				t.Fatal(err)
			}
			poll(t, ctx, "the chart is loaded", fmt.Sprintf(`(document.getElementById('chart-name') || {}).value === %q && document.getElementById('chart-type').value === %q`, c.Name, c.Type))
			wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			_, err := chromedp.Run(wctx, chromedp.Poll[bool](`document.getElementById('preview').dataset.ready === '1'`, chromedp.WithPollingInterval(100*time.Millisecond)))
			if err != nil {
				t.Fatalf("the preview is not painted (%q); problems: %q; data: %q", attr(t, ctx, "#preview", "data-ready"),
					text(t, ctx, "#spec-errors"), text(t, ctx, "#chart-data-msg"))
			}
			// The query's parameters are fields of the builder.
			for _, def := range params[c.Spec.QueryID] {
				withParams++
				if n := text(t, ctx, fmt.Sprintf(`label:has(input[name="param-%s"]) span`, def.Name)); !strings.HasPrefix(n, def.Name) {
					t.Errorf("no field for the parameter %s (label %q)", def.Name, n)
				}
			}
			if p := text(t, ctx, "#spec-errors"); p != "" {
				t.Errorf("problems: %q", p)
			}
			if d, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('save').disabled`)); d {
				t.Error("Save is disabled")
			}
			png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#preview`)))
			if err != nil {
				t.Fatal(err)
			}
			if p, err := browsertest.Analyze(png); err != nil || p.Share() < 0.02 || p.Colors < 4 {
				t.Errorf("the preview looks blank: %+v %v", p, err)
			}
			if ti, _ := chart.Info(c.Type); ti.Dim == 3 {
				redraw3D(t, ctx)
			}
		})
	}
	if withParams == 0 {
		t.Error("no demo chart's query has parameters: the parameter fields went untested")
	}
}

// redraw3D edits the title of the open 3D chart twice, each time
// waiting for the preview to be mounted afresh (the previous g3n view
// disposed), and checks that it still paints.
func redraw3D(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, suffix := range []string{" (edited)", " again"} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { window.__painted = 0;
			new MutationObserver(() => { window.__painted = performance.now(); }).observe(document.getElementById('preview'), {childList: true});
			return true; })()`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[name="set-title"]`), suffix)); err != nil {
			t.Fatal(err)
		}
		poll(t, ctx, "the 3D preview is mounted again", `window.__painted > 0 && document.getElementById('preview').dataset.ready === '1'`)
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#preview`)))
		if err != nil {
			t.Fatal(err)
		}
		if p, err := browsertest.Analyze(png); err != nil || p.Share() < 0.02 || p.Colors < 4 {
			t.Errorf("the 3D preview is blank after an edit: %+v %v", p, err)
		}
	}
}
