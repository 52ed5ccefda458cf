//go:build js && wasm

package main

import (
	"context"
	"syscall/js"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// The pieces the account and admin screens (API keys, users, audit log)
// share: who is signed in, tables, two-step buttons and copying.

// whoAmI returns the signed-in user, asking GET /api/auth/me once per
// session; nil when it cannot be known.
func (a *app) whoAmI(ctx context.Context) *api.User {
	if a.me != nil {
		return a.me
	}
	var u api.User
	if a.api.do(ctx, "GET", "/api/auth/me", nil, nil, &u) != nil {
		return nil
	}
	a.me = &u
	return a.me
}

// table returns a table with a header row of cols, and its body.
func table(id string, cols ...string) (tbl, body js.Value) {
	tbl = el("table", "id", id)
	tr := el("tr")
	for _, c := range cols {
		add(tr, withText(el("th"), c))
	}
	body = el("tbody")
	add(tbl, add(el("thead"), tr), body)
	return tbl, body
}

// row appends a row of text cells (and any ready-made cells) to body.
func row(body js.Value, cells ...any) js.Value {
	tr := el("tr")
	for _, c := range cells {
		switch c := c.(type) {
		case string:
			add(tr, withText(el("td"), c))
		case js.Value:
			add(tr, add(el("td"), c))
		}
	}
	if len(cells) == 1 { // a note ("No … yet."): across the whole table
		if n := body.Get("parentElement").Call("querySelectorAll", "th").Get("length").Int(); n > 1 {
			tr.Get("firstChild").Set("colSpan", n)
		}
	}
	add(body, tr)
	return tr
}

// confirmButton is a button that asks once more before it acts: the
// first click turns it into "label?" plus Cancel; the second runs fn.
// An in-page question rather than window.confirm, which blocks the page.
func confirmButton(s *screen, label, class string, fn func()) js.Value {
	box := el("span", "class", "confirm")
	b := withText(el("button", "type", "button", "class", "small "+class), label)
	yes := withText(el("button", "type", "button", "class", "small danger confirm-yes"), label+"?")
	no := withText(el("button", "type", "button", "class", "small plain confirm-no"), "Cancel")
	ask := func(on bool) {
		b.Set("hidden", on)
		yes.Set("hidden", !on)
		no.Set("hidden", !on)
	}
	ask(false)
	s.on(b, "click", func(js.Value) { ask(true) })
	s.on(no, "click", func(js.Value) { ask(false) })
	s.on(yes, "click", func(js.Value) { ask(false); fn() })
	return add(box, b, yes, no)
}

// copyButton copies text to the clipboard; where the browser refuses,
// it selects target's text so that Ctrl+C copies it.
func copyButton(s *screen, text string, target js.Value) js.Value {
	b := withText(el("button", "type", "button", "class", "small plain copy"), "Copy")
	s.on(b, "click", func(js.Value) {
		go func() {
			clip := global.Get("navigator").Get("clipboard")
			if clip.Truthy() {
				if _, err := await(context.Background(), clip.Call("writeText", text)); err == nil {
					withText(b, "Copied")
					return
				}
			}
			r := document.Call("createRange")
			r.Call("selectNodeContents", target)
			sel := global.Call("getSelection")
			sel.Call("removeAllRanges")
			sel.Call("addRange", r)
			withText(b, "Press Ctrl+C")
		}()
	})
	return b
}

// when formats an optional time for a table cell.
func when(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.Local().Format("2006-01-02 15:04")
}

// flash replaces msg's content with an error or a success line.
func flash(msg js.Value, err error, ok string) {
	clear(msg)
	if err != nil {
		add(msg, errorBox(describe(err)))
		return
	}
	if ok != "" {
		add(msg, withText(el("p", "class", "ok", "role", "status"), ok))
	}
}
