//go:build !js

package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image/png"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	_ "modernc.org/sqlite"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// chooseValue picks the option whose value is v in a <select>, as
// choose does by label.
func chooseValue(t *testing.T, ctx context.Context, sel, v string) {
	t.Helper()
	poll(t, ctx, "option "+v+" in "+sel, fmt.Sprintf(`[...document.querySelectorAll(%q)].some(o => o.value === %q)`, sel+" option", v))
	js := fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q;
		s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, sel, v)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
		t.Fatal(err)
	}
}

// typeInto empties the input sel, then types text into it.
func typeInto(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatal(err)
	}
	clearJS := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, sel)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](clearJS)); err != nil {
		t.Fatal(err)
	}
	if text != "" {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
			t.Fatal(err)
		}
	}
}

// sourcesNamed lists the admin's data sources with that name, through
// the API.
func (s *site) sourcesNamed(t *testing.T, name string) []api.Datasource {
	t.Helper()
	var all, out []api.Datasource
	s.call(t, "GET", "/api/datasources", nil, &all)
	for _, d := range all {
		if d.Name == name {
			out = append(out, d)
		}
	}
	return out
}

// TestDatasourceScreens drives the data source screens as a new user
// would: a SQLite source from the file picker (saved and tested), a
// PostgreSQL source on a closed port (refused with the reason, nothing
// saved, no outage banner), a rename, a field error shown once, Test
// from the list, and Delete; each step checked through the API, the
// success panel by its pixels.
func TestDatasourceScreens(t *testing.T) {
	s := start(t)
	file := "e2e-shop.db"
	db, err := sql.Open("sqlite", filepath.Join(s.datasets, file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders (total) VALUES (9.5)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.WriteFile(filepath.Join(s.datasets, "notes.txt"), []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)

	// Create from the picker: saving tests it at once.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/datasources")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#ds-new")
	typeInto(t, ctx, "#ds-form input[name=name]", "Shop file")
	chooseValue(t, ctx, "#ds-form select[name=type]", "sqlite")
	chooseValue(t, ctx, "#ds-form select[name=path]", file)
	if n := text(t, ctx, "#ds-form select[name=path]"); strings.Contains(n, "notes.txt") {
		t.Errorf("the picker offers a file that is not SQLite: %q", n)
	}
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the test result after saving", `!!document.querySelector('#ds-result #ds-test')`)
	if got := attr(t, ctx, "#ds-test", "class"); !strings.Contains(got, "passed") {
		t.Fatalf("test panel %q: %q", got, text(t, ctx, "#ds-test"))
	}
	if got := text(t, ctx, "#ds-result"); !strings.Contains(got, "Saved Shop file") || !strings.Contains(got, "Connected") {
		t.Errorf("after saving the result reads %q", got)
	}
	saved := s.sourcesNamed(t, "Shop file")
	if len(saved) != 1 || saved[0].Type != api.SQLite || saved[0].Path != file {
		t.Fatalf("saved as %+v", saved)
	}
	id := saved[0].ID
	hash, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if hash != fmt.Sprintf("#/datasources/%d", id) {
		t.Errorf("after saving the address is %q", hash)
	}
	// The success panel is green in the light theme: its right edge
	// (padding, no text) is more green than red or blue.
	b, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#ds-test")))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	cr, cg, cb, _ := img.At(r.Max.X-6, r.Min.Y+r.Dy()/2).RGBA()
	if !(cg > cr+256*8 && cg > cb) {
		t.Errorf("the success panel's background is rgb(%d,%d,%d), want green", cr>>8, cg>>8, cb>>8)
	}
	look(t, ctx, "/tmp/gobi-datasource-saved.png")

	// PostgreSQL on a port where nothing listens: the reason at the top,
	// no outage banner, nothing saved.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/datasources/new")); err != nil {
		t.Fatal(err)
	}
	typeInto(t, ctx, "#ds-form input[name=name]", "Broken pg")
	chooseValue(t, ctx, "#ds-form select[name=type]", "postgres")
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#ds-form input[name=port]').value`)); got != "5432" {
		t.Errorf("PostgreSQL's port starts as %q, want 5432", got)
	}
	typeInto(t, ctx, "#ds-form input[name=host]", "127.0.0.1")
	typeInto(t, ctx, "#ds-form input[name=port]", closed)
	typeInto(t, ctx, "#ds-form input[name=database]", "test")
	typeInto(t, ctx, "#ds-form input[name=username]", "postgres")
	chooseValue(t, ctx, "#ds-form select[name=ssl_mode]", "disable")
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the refusal", `!!document.querySelector('#ds-error .error')`)
	msg := text(t, ctx, "#ds-error")
	if !strings.Contains(msg, "did not answer") || !strings.Contains(msg, closed) {
		t.Errorf("the error reads %q: want why, with the port", msg)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#outage').length`)); n != 0 {
		t.Error("a data source that does not answer shows the outage banner")
	}
	if got := s.sourcesNamed(t, "Broken pg"); len(got) != 0 {
		t.Errorf("the refused source was saved: %+v", got)
	}
	look(t, ctx, "/tmp/gobi-datasource-refused.png")

	// A limit the form has no field for (set through the API) survives
	// an edit through the form.
	s.call(t, "PUT", fmt.Sprintf("/api/datasources/%d", id), api.DatasourceInput{Name: "Shop file", Type: api.SQLite, Path: file, MaxRows: 1234}, &api.Datasource{})

	// Edit: the form shows the stored values; a blank name is refused
	// at its field, once; a new name is saved and tested.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/datasources")); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, `#datasources tr[data-name="Shop file"] a.ds-edit`)
	poll(t, ctx, "the stored name in the form", `(document.querySelector('#ds-form input[name=name]') || {}).value === 'Shop file'`)
	poll(t, ctx, "the stored file picked", fmt.Sprintf(`(document.querySelector('#ds-form select[name=path]') || {}).value === %q`, file))
	typeInto(t, ctx, "#ds-form input[name=name]", "")
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the name's error", `!!document.querySelector('#ds-error .error')`)
	fieldMsg := text(t, ctx, `.field-error[data-field=name]`)
	all := text(t, ctx, "#app")
	if fieldMsg == "" || strings.Count(all, fieldMsg) != 1 {
		t.Errorf("the name's error %q is shown %d times in %q; want once, at the field", fieldMsg, strings.Count(all, fieldMsg), all)
	}
	typeInto(t, ctx, "#ds-form input[name=name]", "Shop renamed")
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the test after the rename", `!!document.querySelector('#ds-test.passed') && !document.querySelector('#ds-error .error')`)
	if text(t, ctx, `.field-error[data-field=name]`) != "" {
		t.Error("the name's old error stays after a good save")
	}
	var got api.Datasource
	s.call(t, "GET", fmt.Sprintf("/api/datasources/%d", id), nil, &got)
	if got.Name != "Shop renamed" || got.Path != file || got.MaxRows != 1234 {
		t.Errorf("after the rename: %+v", got)
	}

	// Test from the list, then Delete (asked twice).
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/datasources")); err != nil {
		t.Fatal(err)
	}
	rowSel := fmt.Sprintf(`#datasources tr[data-ds="%d"]`, id)
	poll(t, ctx, "the renamed row", fmt.Sprintf(`!!document.querySelector(%q)`, rowSel+`[data-name="Shop renamed"]`))
	if got := text(t, ctx, rowSel); !strings.Contains(got, file) || !strings.Contains(got, "sqlite") {
		t.Errorf("the row reads %q", got)
	}
	click(t, ctx, rowSel+" button.ds-test")
	poll(t, ctx, "the list's test result", `!!document.querySelector('#ds-msg #ds-test.passed')`)
	click(t, ctx, rowSel+" button.delete")
	click(t, ctx, rowSel+" button.confirm-yes")
	poll(t, ctx, "the row gone", fmt.Sprintf(`!document.querySelector(%q)`, rowSel))
	if n := s.call(t, "GET", fmt.Sprintf("/api/datasources/%d", id), nil, nil); n != 404 {
		t.Errorf("after Delete the source answers %d, want 404", n)
	}

	if dsn := os.Getenv("GOBI_TEST_POSTGRES_DSN"); dsn != "" {
		t.Run("working PostgreSQL", func(t *testing.T) { pgThroughForm(t, ctx, s, dsn) })
	} else {
		t.Log("working PostgreSQL through the form skipped: set GOBI_TEST_POSTGRES_DSN")
	}
}

// pgThroughForm creates a PostgreSQL source from dsn's parts in the form.
// The test login is a superuser, so the admin accepts it with the
// checkbox, and the test result lists what it can do.
func pgThroughForm(t *testing.T, ctx context.Context, s *site, dsn string) {
	u, err := url.Parse(dsn)
	if err != nil || u.Hostname() == "" {
		t.Skipf("GOBI_TEST_POSTGRES_DSN is not a postgres:// URL: %v", err)
	}
	name := "Live pg e2e"
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/#/datasources/new")); err != nil {
		t.Fatal(err)
	}
	typeInto(t, ctx, "#ds-form input[name=name]", name)
	chooseValue(t, ctx, "#ds-form select[name=type]", "postgres")
	typeInto(t, ctx, "#ds-form input[name=host]", u.Hostname())
	if p := u.Port(); p != "" {
		typeInto(t, ctx, "#ds-form input[name=port]", p)
	}
	typeInto(t, ctx, "#ds-form input[name=database]", strings.TrimPrefix(u.Path, "/"))
	typeInto(t, ctx, "#ds-form input[name=username]", u.User.Username())
	if pw, ok := u.User.Password(); ok {
		typeInto(t, ctx, "#ds-form input[name=password]", pw)
	}
	if m := u.Query().Get("sslmode"); m != "" {
		chooseValue(t, ctx, "#ds-form select[name=ssl_mode]", m)
	}
	click(t, ctx, "#ds-form input[name=allow_privileged]")
	click(t, ctx, "#ds-save")
	poll(t, ctx, "the PostgreSQL test result", `!!document.querySelector('#ds-result #ds-test') || !!document.querySelector('#ds-error .error')`)
	saved := s.sourcesNamed(t, name)
	for _, d := range saved {
		defer s.call(t, "DELETE", fmt.Sprintf("/api/datasources/%d", d.ID), nil, nil)
	}
	if e := text(t, ctx, "#ds-error"); e != "" {
		t.Fatalf("refused: %s", e)
	}
	if got := attr(t, ctx, "#ds-test", "class"); !strings.Contains(got, "passed") || !strings.Contains(text(t, ctx, "#ds-test"), "PostgreSQL") {
		t.Fatalf("test panel %q: %q", got, text(t, ctx, "#ds-test"))
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#ds-test .ds-warnings li').length`)); n == 0 {
		t.Errorf("the superuser login's warnings and privileges are not listed: %q", text(t, ctx, "#ds-test"))
	}
	look(t, ctx, "/tmp/gobi-datasource-pg.png")
	if len(saved) != 1 || saved[0].Type != api.Postgres || saved[0].SSLMode != u.Query().Get("sslmode") || !saved[0].AllowPrivileged {
		t.Errorf("saved as %+v", saved)
	}
}
