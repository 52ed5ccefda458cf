//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// TestAdminScreens drives the API keys, users and audit screens with
// clicks and typing, and checks each result through the API.
func TestAdminScreens(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 900)
	s.loginUI(t, ctx)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}

	// API keys: create one with read and execute; it is shown once.
	do(chromedp.Click(chromedp.CSS(`#nav a[href="#/apikeys"]`)), chromedp.WaitVisible(chromedp.CSS(`#key-form`)),
		chromedp.SendKeys(chromedp.CSS(`#key-form input[name=name]`), "e2e key"),
		chromedp.Click(chromedp.CSS(`#key-form input[value=execute]`)),
		chromedp.SendKeys(chromedp.CSS(`#key-form input[name=expires]`), "30"),
		chromedp.SendKeys(chromedp.CSS(`#key-form input[name=rate]`), "20"),
		chromedp.SendKeys(chromedp.CSS(`#key-form input[name=burst]`), "40"),
		chromedp.Click(chromedp.CSS(`#key-form button[type=submit]`)))
	poll(t, ctx, "the new key is shown", `!!document.querySelector('#new-key') && !!document.querySelector('#keys tr[data-key]')`)
	key := text(t, ctx, "#new-key")
	if !strings.Contains(text(t, ctx, "#key-created"), "only this once") || text(t, ctx, "#new-secret") == "" {
		t.Errorf("the created key's box: %q", text(t, ctx, "#key-created"))
	}
	var keys []api.APIKey
	s.call(t, "GET", "/api/apikeys", nil, &keys)
	var k api.APIKey
	for _, x := range keys {
		if x.Name == "e2e key" {
			k = x
		}
	}
	if !slices.Equal(k.Scopes, []api.Scope{api.ScopeRead, api.ScopeExecute}) || k.Rate != 20 || k.Burst != 40 || k.ExpiresAt == nil {
		t.Fatalf("the key as the API lists it: %+v", k)
	}
	var me api.User
	if st := withKey(t, s, key, "GET", "/api/auth/me", &me); st != 200 || me.Username != "admin" {
		t.Fatalf("GET /api/auth/me with the shown key: %d %+v", st, me)
	}
	if st := withKey(t, s, key, "POST", "/api/dashboards", nil); st != http.StatusForbidden {
		t.Errorf("a write with a read+execute key: %d, want 403", st)
	}
	do(chromedp.Click(chromedp.CSS(`#key-created button.copy`)))
	poll(t, ctx, "Copy answers", `['Copied', 'Press Ctrl+C'].includes(document.querySelector('#key-created button.copy').textContent)`)
	// Enough calls for a second audit page (past the burst, some are 429s).
	for range 55 {
		withKey(t, s, key, "GET", "/api/auth/me", nil)
	}
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#key-form input[value=read]').checked && document.querySelector('#key-form input[name=name]').value === ''`)); !ok {
		t.Error("the form is not reset to its defaults after a create")
	}
	look(t, ctx, "/tmp/gobi-apikeys.png")

	// Revoke it in the list; the API then refuses it.
	row := fmt.Sprintf(`#keys tr[data-key="%d"]`, k.ID)
	do(chromedp.Click(chromedp.CSS(row+` button.revoke`)), chromedp.Click(chromedp.CSS(row+` button.confirm-yes`)))
	poll(t, ctx, "the key shows revoked", fmt.Sprintf(`(document.querySelector('%s') || {dataset: {}}).dataset.status === 'revoked'`, row))
	s.call(t, "GET", "/api/apikeys", nil, &keys)
	for _, x := range keys {
		if x.ID == k.ID && x.RevokedAt == nil {
			t.Error("the API does not show the key revoked")
		}
	}
	if st := withKey(t, s, key, "GET", "/api/auth/me", nil); st != http.StatusUnauthorized {
		t.Errorf("the revoked key: %d, want 401", st)
	}

	// Users: create one; it logs in.
	do(chromedp.Click(chromedp.CSS(`#nav a[href="#/users"]`)), chromedp.WaitVisible(chromedp.CSS(`#user-form`)),
		chromedp.SendKeys(chromedp.CSS(`#user-form input[name=username]`), "e2e-user"),
		chromedp.SendKeys(chromedp.CSS(`#user-form input[name=password]`), "e2e-user-password"),
		chromedp.Click(chromedp.CSS(`#user-form button[type=submit]`)))
	urow := `#users tr[data-username="e2e-user"]`
	poll(t, ctx, "the new user is listed", fmt.Sprintf(`!!document.querySelector('%s')`, urow))
	var sess api.Session
	s.anon(t, "POST", "/api/auth/login", api.Credentials{Username: "e2e-user", Password: "e2e-user-password"}, &sess)
	if sess.User.Role != api.RoleUser {
		t.Errorf("the new user's role: %q", sess.User.Role)
	}
	look(t, ctx, "/tmp/gobi-users.png")

	// A user's nav has no Users entry, and the screen says why.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(localStorage.setItem('gobi.token', %q), true)`, sess.Token))); err != nil {
		t.Fatal(err)
	}
	do(chromedp.Navigate(s.base + "/?as-user#/apikeys")) // a new page load: the role is asked again
	poll(t, ctx, "a user's nav", `!!document.querySelector('#nav a[href="#/audit"]') && !document.querySelector('#nav a[href="#/users"]')`)
	do(chromedp.Navigate(s.base + "/?as-user#/users"))
	poll(t, ctx, "the users screen refuses a user", `(document.querySelector('#users-msg .error') || {}).textContent === 'Only admins manage users.'`)
	s.loginUI(t, ctx)

	// Change its role, reset its password, refuse deleting oneself, delete it.
	do(chromedp.Navigate(s.base + "/#/users"))
	self := `#users tr[data-username="admin"]`
	choose(t, ctx, self+" select", "user")
	poll(t, ctx, "demoting the only admin is refused", `(document.querySelector('#users-msg .error') || {}).textContent?.includes('only admin')`)
	poll(t, ctx, "the refused role is put back", fmt.Sprintf(`(document.querySelector('%s select') || {}).value === 'admin'`, self))
	choose(t, ctx, urow+" select", "admin")
	poll(t, ctx, "the role change is confirmed", `(document.querySelector('#users-msg .ok') || {}).textContent?.includes('is now admin')`)
	var users []api.User
	s.call(t, "GET", "/api/users", nil, &users)
	if i := slices.IndexFunc(users, func(u api.User) bool { return u.Username == "e2e-user" }); i < 0 || users[i].Role != api.RoleAdmin {
		t.Errorf("after the role change: %+v", users)
	}
	do(chromedp.SendKeys(chromedp.CSS(urow+` input[name=new-password]`), "another-long-password"),
		chromedp.Click(chromedp.CSS(urow+` button.set-password`)))
	poll(t, ctx, "the password change is confirmed", `(document.querySelector('#users-msg .ok') || {}).textContent?.includes('password changed')`)
	s.anon(t, "POST", "/api/auth/login", api.Credentials{Username: "e2e-user", Password: "another-long-password"}, &sess)
	do(chromedp.Click(chromedp.CSS(self+` button.delete`)), chromedp.Click(chromedp.CSS(self+` button.confirm-yes`)))
	poll(t, ctx, "the server's refusal is shown", `(document.querySelector('#users-msg .error') || {}).textContent?.includes('cannot delete your own account')`)
	do(chromedp.Click(chromedp.CSS(urow+` button.delete`)), chromedp.Click(chromedp.CSS(urow+` button.confirm-yes`)))
	poll(t, ctx, "the user is gone", fmt.Sprintf(`!document.querySelector('%s') && !!document.querySelector('#users tr[data-username="admin"]')`, urow))
	s.call(t, "GET", "/api/users", nil, &users)
	if slices.ContainsFunc(users, func(u api.User) bool { return u.Username == "e2e-user" }) {
		t.Error("the API still lists the deleted user")
	}

	// Audit: the key's calls are listed; the status filter narrows them.
	do(chromedp.Click(chromedp.CSS(`#nav a[href="#/audit"]`)), chromedp.WaitVisible(chromedp.CSS(`#audit-filters`)))
	poll(t, ctx, "the key's calls are listed", `[...document.querySelectorAll('#audit tr[data-status]')].some(r => r.textContent.includes('/api/auth/me'))`)
	count := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#audit tr[data-status]').length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 50 {
		t.Errorf("the first audit page has %d rows, want 50", n)
	}
	do(chromedp.Click(chromedp.CSS(`#audit-older`)))
	poll(t, ctx, "Older adds the next page", `document.querySelectorAll('#audit tr[data-status]').length > 50`)
	if ids, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#audit tr[data-status]')].map(r => r.lastChild.textContent)`)); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("the pages overlap: %d rows, request ids %v", len(ids), ids)
	}
	all := count()
	if !strings.Contains(text(t, ctx, "#audit"), k.Prefix) {
		t.Errorf("the audit table does not name the key %q", k.Prefix)
	}
	look(t, ctx, "/tmp/gobi-audit.png")
	do(chromedp.SendKeys(chromedp.CSS(`#audit-filters input[name=status]`), "403"),
		chromedp.Click(chromedp.CSS(`#audit-filters button[type=submit]`)))
	poll(t, ctx, "only 403s are listed", fmt.Sprintf(`(() => { const r = [...document.querySelectorAll('#audit tr[data-status]')];
		return r.length > 0 && r.length < %d && r.every(e => e.dataset.status === '403'); })()`, all))
	look(t, ctx, "/tmp/gobi-audit-403.png")
}

// withKey calls the API with "Authorization: ApiKey <key>" and decodes a
// 2xx answer into out when it is not nil.
func withKey(t *testing.T, s *site, key, method, path string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "ApiKey "+key)
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode
}

// anon makes a call without the admin's session.
func (s *site) anon(t *testing.T, method, path string, in, out any) {
	t.Helper()
	tok := s.token
	s.token = ""
	defer func() { s.token = tok }()
	s.call(t, method, path, in, out)
}

// look screenshots the page, fails t when it looks blank, and saves it
// to path when GOBI_E2E_SHOTS is set.
func look(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	p, err := browsertest.Analyze(png)
	if err != nil {
		t.Fatal(err)
	}
	if p.Share() < 0.05 || p.Colors < 8 {
		t.Errorf("%s looks blank: %.1f%% non-background pixels, %d colours", path, 100*p.Share(), p.Colors)
	}
	if os.Getenv("GOBI_E2E_SHOTS") != "" {
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
