//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// errOutage is wrapped by every request that got no answer from Gobi
// (fetch rejected, or a proxy's 502/504): the page shows one banner with
// Retry instead of one raw network error per tile.
var errOutage = errors.New("the server cannot be reached")

// outage reports an unreachable server to the app, once per request.
func (c *apiClient) outage() {
	if c.onOutage != nil {
		c.onOutage()
	}
}

// showOutage puts the outage banner above the screen, once however many
// requests failed; Retry removes it and loads the screen again.
func (a *app) showOutage() {
	if byID("outage").Truthy() {
		return
	}
	banner := withText(el("div", "id", "outage", "class", "outage", "role", "alert"),
		"Gobi's server cannot be reached. Check your connection, then retry.")
	retry := withText(el("button", "type", "button", "id", "outage-retry"), "Retry")
	add(banner, retry)
	var click js.Func
	click = js.FuncOf(func(js.Value, []js.Value) any {
		click.Release()
		banner.Call("remove")
		a.route()
		return nil
	})
	retry.Call("addEventListener", "click", click)
	a.root.Get("parentNode").Call("insertBefore", banner, a.root)
}
