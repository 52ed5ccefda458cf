//go:build !js

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// TestQueryEditor drives the query editor with clicks and typing: a run
// with Ctrl+Enter and its typed table, the CSV download, the schema
// browser, Save, Rename, Save as, a declared parameter, the run history,
// canceling a query that would never end, and Delete; each step is
// checked through the API.
func TestQueryEditor(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	var sources []api.Datasource
	s.call(t, "GET", "/api/datasources", nil, &sources)
	if len(sources) == 0 {
		t.Fatal("no demo data source")
	}
	demo := sources[0]
	ctrlEnter := chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	typeSQL := func(sql string) {
		t.Helper()
		do(selectAll(`#sql`), chromedp.SendKeys(chromedp.CSS(`#sql`), sql))
	}

	do(chromedp.Navigate(s.base+"/#/query"), chromedp.WaitVisible(chromedp.CSS(`#sql`)))
	choose(t, ctx, "#datasource", demo.Name+" ("+string(demo.Type)+")")

	// 1. Type SQL, run it with Ctrl+Enter: a typed table and the note.
	const grouped = "SELECT region, SUM(units) AS units, ROUND(SUM(revenue), 2) AS revenue, NULL AS missing FROM sales GROUP BY region ORDER BY region"
	var want api.Result
	s.call(t, "POST", fmt.Sprintf("/api/datasources/%d/query", demo.ID), api.AdhocQuery{SQL: grouped}, &want)
	typeSQL(grouped)
	poll(t, ctx, "the guard accepts the SQL", `!document.getElementById('run').disabled`)
	do(ctrlEnter)
	poll(t, ctx, "Ctrl+Enter runs the query", `!!document.getElementById('result-note')`)
	n := len(want.Rows)
	if note := text(t, ctx, "#result-note"); !strings.HasPrefix(note, fmt.Sprintf("Showing %d of %d rows fetched", n, n)) {
		t.Errorf("note %q, want it to start Showing %d of %d rows fetched", note, n, n)
	}
	units, _ := want.Rows[0][1].(float64)
	if cell := text(t, ctx, `#result tbody tr td:nth-child(2)`); cell != groupThousands(int64(units)) {
		t.Errorf("first units cell %q, want %q (grouped)", cell, groupThousands(int64(units)))
	}
	if cls := eval(`document.querySelector('#result tbody td:nth-child(2)').className + ' ' + getComputedStyle(document.querySelector('#result tbody td:nth-child(2)')).textAlign`); cls != "num right" {
		t.Errorf("a number cell is %q, want class num, right-aligned", cls)
	}
	if null := text(t, ctx, `#result tbody td.null`); null != "NULL" {
		t.Errorf("the null cell shows %q", null)
	}
	checkRightAligned(t, ctx)

	// A result over the table's 500 rows says how many are shown.
	var all api.Result
	s.call(t, "POST", fmt.Sprintf("/api/datasources/%d/query", demo.ID), api.AdhocQuery{SQL: "SELECT id, order_date FROM sales"}, &all)
	typeSQL("SELECT id, order_date FROM sales")
	do(ctrlEnter)
	note := fmt.Sprintf("Showing 500 of %s rows fetched", groupThousands(int64(len(all.Rows))))
	if all.Truncated {
		note += fmt.Sprintf("; the server stopped at its row limit of %s rows", groupThousands(int64(len(all.Rows))))
	}
	poll(t, ctx, "the note for a long result", fmt.Sprintf(`(document.getElementById('result-note') || {}).textContent?.startsWith(%q)`, note))

	// 2. CSV download of the fetched rows, made in the browser.
	dir := t.TempDir()
	do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}))
	typeSQL("SELECT '=1+1' AS formula, 'a,b' AS comma, 1234.5 AS x")
	do(ctrlEnter)
	poll(t, ctx, "the small result", `(document.getElementById('result-note') || {}).textContent?.startsWith('Showing 1 of 1 rows fetched')`)
	do(chromedp.Click(chromedp.CSS(`#csv`)))
	csv := readDownload(t, filepath.Join(dir, "query.csv"))
	if want := "formula,comma,x\r\n'=1+1,\"a,b\",1234.5\r\n"; csv != want {
		t.Errorf("CSV %q, want %q", csv, want)
	}

	// 3. The schema browser inserts names at the cursor.
	typeSQL("SELECT ")
	do(chromedp.SendKeys(chromedp.CSS(`#schema-filter`), "sales"))
	poll(t, ctx, "the filter shows the sales table", `!!document.querySelector('#schema-tree details[data-table="sales"]') && document.querySelectorAll('#schema-tree details').length === 1`)
	// A filtered table is open; its summary folds it and opens it again.
	const salesOpen = `document.querySelector('#schema-tree details[data-table="sales"]').open`
	if !eval2bool(t, ctx, salesOpen) {
		t.Error("the filtered table is folded")
	}
	do(chromedp.Click(chromedp.CSS(`#schema-tree details[data-table="sales"] summary .muted`)))
	if eval2bool(t, ctx, salesOpen) {
		t.Error("the summary does not fold the table")
	}
	do(chromedp.Click(chromedp.CSS(`#schema-tree details[data-table="sales"] summary .muted`)),
		chromedp.WaitVisible(chromedp.CSS(`#schema-tree details[data-table="sales"] button[data-column="region"]`)),
		chromedp.Click(chromedp.CSS(`#schema-tree details[data-table="sales"] button[data-column="region"]`)))
	do(chromedp.SendKeys(chromedp.CSS(`#sql`), " FROM "), chromedp.Click(chromedp.CSS(`#schema-tree details[data-table="sales"] .schema-name`)))
	if got := eval(`document.getElementById('sql').value`); got != "SELECT region FROM sales" {
		t.Errorf("after inserting from the schema the SQL is %q", got)
	}
	if typ := text(t, ctx, `#schema-tree button[data-column="units"] + .schema-type`); !strings.Contains(typ, "integer") {
		t.Errorf("the units column's type shows %q", typ)
	}

	// 4. Save, with a name asked in the page; the address names it.
	typeSQL(grouped)
	do(chromedp.Click(chromedp.CSS(`#save`)), chromedp.WaitVisible(chromedp.CSS(`#name-input`)),
		chromedp.SendKeys(chromedp.CSS(`#name-input`), "E2E regions"), chromedp.Click(chromedp.CSS(`#name-ok`)))
	poll(t, ctx, "the name field goes once saved", `getComputedStyle(document.getElementById('name-prompt')).display === 'none'`)
	poll(t, ctx, "Save names the query in the address", `/^#\/query\/\d+$/.test(location.hash) && document.getElementById('saved-name').textContent === 'E2E regions'`)
	first := hashID(t, eval(`location.hash`))
	var q api.Query
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d", first), nil, &q)
	if q.Name != "E2E regions" || q.SQL != grouped || q.DatasourceID != demo.ID {
		t.Fatalf("saved %+v", q)
	}

	// 5. Rename.
	do(chromedp.Click(chromedp.CSS(`#rename`)), chromedp.WaitVisible(chromedp.CSS(`#name-input`)),
		selectAll(`#name-input`), chromedp.SendKeys(chromedp.CSS(`#name-input`), "E2E renamed"), chromedp.Click(chromedp.CSS(`#name-ok`)))
	poll(t, ctx, "the new name shows", `document.getElementById('saved-name').textContent === 'E2E renamed'`)
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d", first), nil, &q)
	if q.Name != "E2E renamed" {
		t.Fatalf("renamed to %q", q.Name)
	}

	// 6. Save as: a second query, and the address is its id.
	do(chromedp.Click(chromedp.CSS(`#save-as`)), chromedp.WaitVisible(chromedp.CSS(`#name-input`)),
		selectAll(`#name-input`), chromedp.SendKeys(chromedp.CSS(`#name-input`), "E2E copy"), chromedp.Click(chromedp.CSS(`#name-ok`)))
	poll(t, ctx, "Save as moves to the new query", fmt.Sprintf(`location.hash !== '#/query/%d' && /^#\/query\/\d+$/.test(location.hash) && document.getElementById('saved-name').textContent === 'E2E copy'`, first))
	copyID := hashID(t, eval(`location.hash`))
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d", copyID), nil, &q)
	if q.Name != "E2E copy" || q.SQL != grouped {
		t.Fatalf("saved as %+v", q)
	}
	if code := s.call(t, "GET", fmt.Sprintf("/api/queries/%d", first), nil, nil); code != 200 {
		t.Fatalf("the original after Save as: %d", code)
	}

	// 7. A declared parameter, validated as typed, run from its dropdown.
	var regions []string
	for _, r := range want.Rows {
		regions = append(regions, fmt.Sprint(r[0]))
	}
	do(chromedp.Click(chromedp.CSS(`#param-section summary`)), chromedp.Click(chromedp.CSS(`#add-param`)))
	poll(t, ctx, "an unnamed parameter is refused", `(document.getElementById('param-errors').textContent || '').includes('must start with a letter')`)
	// The run form's input follows the declared type.
	typeSQL("SELECT :p AS p")
	do(chromedp.SendKeys(chromedp.CSS(`.param-def .param-name`), "p"))
	for _, c := range []struct{ typ, input string }{{"date", "input[type=date]"}, {"number", "input[type=number]"}, {"string", "input[data-type=string]"}} {
		choose(t, ctx, `.param-def .param-type`, c.typ)
		poll(t, ctx, "a "+c.typ+" parameter's input", `!!document.querySelector('#params `+c.input+`[name=p]')`)
	}
	choose(t, ctx, `.param-def .param-type`, "number")
	do(chromedp.SendKeys(chromedp.CSS(`.param-def .param-default`), "abc"))
	poll(t, ctx, "a bad default is refused as typed", `(document.getElementById('param-errors').textContent || '').includes('default must be a number')`)
	do(chromedp.Click(chromedp.CSS(`.param-remove`)), chromedp.Click(chromedp.CSS(`#add-param`)))
	if !eval2bool(t, ctx, `document.getElementById('save').disabled`) {
		t.Error("Save stays enabled with an invalid parameter")
	}
	do(chromedp.SendKeys(chromedp.CSS(`.param-def .param-name`), "region"),
		chromedp.SendKeys(chromedp.CSS(`.param-def .param-values`), strings.Join(regions, ", ")))
	poll(t, ctx, "the declaration is valid", `document.getElementById('param-errors').textContent === ''`)
	const byRegion = "SELECT region, SUM(units) AS units FROM sales WHERE region = :region GROUP BY region"
	typeSQL(byRegion)
	poll(t, ctx, "the run form offers the choices", fmt.Sprintf(`document.querySelectorAll('#params select[name=region] option').length === %d`, len(regions)+1))
	choose(t, ctx, `#params select[name=region]`, regions[1])
	do(chromedp.Click(chromedp.CSS(`#save`)))
	poll(t, ctx, "saved with the parameter", `(document.getElementById('save-result').textContent || '').startsWith('Saved')`)
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d", copyID), nil, &q)
	if q.SQL != byRegion || len(q.Params) != 1 || q.Params[0].Name != "region" || len(q.Params[0].Values) != len(regions) {
		t.Fatalf("saved with params %+v", q)
	}
	do(chromedp.Click(chromedp.CSS(`#run`)))
	poll(t, ctx, "the run with the parameter", `(document.getElementById('result-note') || {}).textContent?.startsWith('Showing 1 of 1 rows fetched')`)
	if got := text(t, ctx, `#result tbody td`); got != regions[1] {
		t.Errorf("run with region %q shows %q", regions[1], got)
	}

	// 8. The run history; an entry opens its details.
	poll(t, ctx, "the history lists the run", `document.querySelectorAll('#history-table .history-row').length >= 1`)
	do(chromedp.Click(chromedp.CSS(`#history-table .history-row`)))
	poll(t, ctx, "the run's details", `(document.getElementById('history-detail').textContent || '').includes('success')`)
	var runs []api.Execution
	s.call(t, "GET", fmt.Sprintf("/api/queries/%d/executions", copyID), nil, &runs)
	if len(runs) == 0 || runs[0].Status != "success" || runs[0].RowCount != 1 {
		t.Fatalf("executions %+v", runs)
	}

	// 9. Cancel a query that would never end: it stops on the server.
	const endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) AS n FROM c"
	typeSQL(endless)
	do(chromedp.Click(chromedp.CSS(`.param-remove`)))
	do(chromedp.Click(chromedp.CSS(`#save-as`)), chromedp.WaitVisible(chromedp.CSS(`#name-input`)),
		selectAll(`#name-input`), chromedp.SendKeys(chromedp.CSS(`#name-input`), "E2E endless"), chromedp.Click(chromedp.CSS(`#name-ok`)))
	poll(t, ctx, "the endless query is saved", `document.getElementById('saved-name').textContent === 'E2E endless'`)
	slowID := hashID(t, eval(`location.hash`))
	do(chromedp.Click(chromedp.CSS(`#sql`)), ctrlEnter)
	poll(t, ctx, "the run shows its time and Cancel", `!document.getElementById('cancel-run').hidden && document.getElementById('run-progress').textContent.startsWith('Running')`)
	time.Sleep(700 * time.Millisecond)
	clicked := time.Now()
	do(chromedp.Click(chromedp.CSS(`#cancel-run`)))
	poll(t, ctx, "the run is canceled", `!!document.getElementById('run-canceled')`)
	t.Logf("canceled %v after the click: %s", time.Since(clicked).Round(time.Millisecond), text(t, ctx, "#run-canceled"))
	if took := time.Since(clicked); took > 3*time.Second {
		t.Errorf("cancel took %v", took)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s.call(t, "GET", fmt.Sprintf("/api/queries/%d/executions", slowID), nil, &runs)
		if len(runs) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the canceled run was never recorded")
		}
	}
	if runs[0].Status != "canceled" || runs[0].DurationMS > 5000 {
		t.Errorf("the canceled run is recorded as %+v", runs[0])
	}
	shot(t, ctx, "/tmp/gobi-query-editor.png")

	// 10. Delete, after the question.
	do(chromedp.Click(chromedp.CSS(`#delete-box button`)), chromedp.Click(chromedp.CSS(`#delete-box .confirm-yes`)))
	poll(t, ctx, "Delete leaves an unsaved query", `location.hash === '#/query' && document.getElementById('saved-name').textContent === 'Unsaved query'`)
	if code := s.call(t, "GET", fmt.Sprintf("/api/queries/%d", slowID), nil, nil); code != 404 {
		t.Errorf("the deleted query answers %d", code)
	}
	// Opening a saved query from the list.
	choose(t, ctx, "#open-query", "E2E renamed")
	poll(t, ctx, "Open… opens the query", fmt.Sprintf(`location.hash === '#/query/%d' && document.getElementById('saved-name')?.textContent === 'E2E renamed' && document.getElementById('sql').value === %q`, first, grouped))
	// Opening a saved query by its address.
	do(chromedp.Navigate(fmt.Sprintf("%s/#/query/%d", s.base, copyID)))
	poll(t, ctx, "#/query/{id} opens the query", fmt.Sprintf(`document.getElementById('saved-name')?.textContent === 'E2E copy' && document.getElementById('sql').value === %q`, byRegion))
}

// checkRightAligned reads the screenshot inside the first number cell:
// its text is drawn at the right, the left part is empty.
func checkRightAligned(t *testing.T, ctx context.Context) {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const c = document.querySelector('#result tbody td.num');
		c.scrollIntoView({block: 'center'}); const r = c.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	img := screenshot(t, ctx)
	x0, y0, w, h := int(r[0]), int(r[1]), int(r[2]), int(r[3])
	bg := luma(img, x0+2, y0+2)
	ink := func(from, to int) int {
		n := 0
		for x := from; x < to; x++ {
			for y := y0 + 2; y < y0+h-2; y++ {
				if d := luma(img, x, y) - bg; d > 60 || d < -60 {
					n++
				}
			}
		}
		return n
	}
	left, right := ink(x0+1, x0+w/3), ink(x0+w*2/3, x0+w-1)
	if left != 0 || right == 0 {
		t.Errorf("number cell %v: %d ink pixels in its left third, %d in its right third; want none and some", r, left, right)
	}
}

// readDownload waits for a downloaded file and returns its content.
func readDownload(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
	}
	t.Fatalf("no download at %s", path)
	return ""
}

var queryHash = regexp.MustCompile(`^#/query/(\d+)$`)

func hashID(t *testing.T, hash string) int64 {
	t.Helper()
	m := queryHash.FindStringSubmatch(hash)
	if m == nil {
		t.Fatalf("address %q names no query", hash)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func eval2bool(t *testing.T, ctx context.Context, expr string) bool {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// groupThousands is n with comma separators.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
