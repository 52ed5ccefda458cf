//go:build js && wasm

package main

import "syscall/js"

// themeKey is where the chosen theme ("light", "dark" or "system") is
// kept: localStorage, so it holds for every tab and visit.
const themeKey = "gobi.theme"

// themeChoice is the theme the user picked; "system" when none.
func themeChoice() string {
	v := global.Get("localStorage").Call("getItem", themeKey)
	if v.IsNull() {
		return "system"
	}
	switch s := v.String(); s {
	case "light", "dark":
		return s
	}
	return "system"
}

// darkQuery matches when the system asks for a dark colour scheme.
func darkQuery() js.Value {
	return global.Call("matchMedia", "(prefers-color-scheme: dark)")
}

// fixedTheme is set on embed pages, which look the way their chart's
// spec says, whatever the visitor's system prefers.
var fixedTheme bool

// pageTheme is the render theme charts are drawn with: the user's choice,
// or the system's colour scheme; "" (the spec's own) on embed pages.
func pageTheme() string {
	if fixedTheme {
		return ""
	}
	switch c := themeChoice(); c {
	case "light", "dark":
		return c
	}
	if darkQuery().Get("matches").Bool() {
		return "dark"
	}
	return "light"
}

// applyTheme marks <html> with the chosen theme, which gobi.css reads;
// without the attribute the CSS follows prefers-color-scheme.
func applyTheme() {
	root := document.Get("documentElement")
	if fixedTheme {
		root.Call("setAttribute", "data-theme", "light")
	} else if c := themeChoice(); c == "system" {
		root.Call("removeAttribute", "data-theme")
	} else {
		root.Call("setAttribute", "data-theme", c)
	}
}

// initTheme (after fixedTheme is decided) wires the header's theme picker (#theme in index.html) and
// the system's colour-scheme changes; redraw repaints the screen so its
// charts take the new theme.
func initTheme(redraw func()) {
	applyTheme()
	pick := byID("theme")
	if !pick.Truthy() {
		return
	}
	pick.Set("value", themeChoice())
	pick.Call("addEventListener", "change", js.FuncOf(func(js.Value, []js.Value) any {
		v := pick.Get("value").String()
		if v == "system" {
			global.Get("localStorage").Call("removeItem", themeKey)
		} else {
			global.Get("localStorage").Call("setItem", themeKey, v)
		}
		applyTheme()
		redraw()
		return nil
	}))
	darkQuery().Call("addEventListener", "change", js.FuncOf(func(js.Value, []js.Value) any {
		if themeChoice() == "system" {
			redraw()
		}
		return nil
	}))
}
