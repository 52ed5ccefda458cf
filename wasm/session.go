//go:build js && wasm

package main

import (
	"net/url"
	"strings"
	"syscall/js"
)

// The session token is kept in localStorage, so it holds in every tab of
// the browser and across restarts until it expires or the user logs out;
// a storage event tells the other tabs of a login or a logout.

func loadToken() js.Value { return global.Get("localStorage").Call("getItem", tokenKey) }

func saveToken(t string) { global.Get("localStorage").Call("setItem", tokenKey, t) }

func dropToken() { global.Get("localStorage").Call("removeItem", tokenKey) }

// isLogin reports whether hash (without its "#") is the login screen,
// with or without a next= address.
func isLogin(hash string) bool { return hash == "/login" || strings.HasPrefix(hash, "/login?") }

// loginHash is the login screen's address that returns to hash (without
// its "#") once signed in.
func loginHash(hash string) string {
	if hash == "" || hash == "/" || isLogin(hash) {
		return "#/login"
	}
	return "#/login?next=" + url.QueryEscape("#"+hash)
}

// nextHash is where to go after logging in: the login address's next=,
// when it is an address inside the client ("#/…"), else the dashboards.
// Anything else (another site, a javascript: URL, "#//host") is ignored,
// so a crafted login link cannot send a user away from Gobi.
func nextHash(hash string) string {
	const home = "#/dashboards"
	_, query, ok := strings.Cut(hash, "?")
	if !ok {
		return home
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return home
	}
	next := q.Get("next")
	if !strings.HasPrefix(next, "#/") || strings.HasPrefix(next, "#//") || isLogin(next[1:]) ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return home
	}
	return next
}

// watchSession follows logins and logouts in the other tabs: a token
// removed there signs this tab out; one set there signs it in, leaving the
// login screen for the page it was asked for.
func (a *app) watchSession() {
	if a.embed {
		return
	}
	global.Call("addEventListener", "storage", js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		if k := ev.Get("key"); !k.IsNull() && k.String() != tokenKey {
			return nil
		}
		t := loadToken()
		switch {
		case t.IsNull() && a.api.auth != "":
			a.logout()
		case !t.IsNull() && "Bearer "+t.String() != a.api.auth:
			a.api.auth = "Bearer " + t.String()
			a.me = nil
			hash := strings.TrimPrefix(global.Get("location").Get("hash").String(), "#")
			if isLogin(hash) {
				global.Get("location").Set("hash", nextHash(hash))
			} else {
				a.route()
			}
		}
		return nil
	}))
}

// sessionEnded runs when the server refuses the token (it expired, or was
// ended elsewhere): the login screen, then back to the page shown.
func (a *app) sessionEnded() {
	hash := strings.TrimPrefix(global.Get("location").Get("hash").String(), "#")
	dropToken()
	a.api.auth = ""
	a.me = nil
	global.Get("location").Set("hash", loginHash(hash))
}
