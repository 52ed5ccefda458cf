//go:build js && wasm

package main

import (
	"syscall/js"
)

var (
	global   = js.Global()
	document = global.Get("document")
)

// el creates an element. attrs are name/value pairs; "class", "text" and
// attributes starting with "on" are not special: text content is set with
// withText, handlers with screen.on.
func el(tag string, attrs ...string) js.Value {
	e := document.Call("createElement", tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Call("setAttribute", attrs[i], attrs[i+1])
	}
	return e
}

// withText sets textContent (never innerHTML: data is never markup).
func withText(e js.Value, s string) js.Value {
	e.Set("textContent", s)
	return e
}

// add appends children and returns the parent.
func add(parent js.Value, children ...js.Value) js.Value {
	for _, c := range children {
		parent.Call("appendChild", c)
	}
	return parent
}

// clear removes every child.
func clear(e js.Value) {
	for {
		c := e.Get("firstChild")
		if c.IsNull() {
			return
		}
		e.Call("removeChild", c)
	}
}

func byID(id string) js.Value { return document.Call("getElementById", id) }

// value reads an input's value.
func value(e js.Value) string { return e.Get("value").String() }

// screen owns the js.Funcs of one screen, released when it is left, and
// a done channel closed then, so its goroutines stop.
type screen struct {
	funcs []js.Func
	done  chan struct{}
	later []func()
}

func newScreen() *screen { return &screen{done: make(chan struct{})} }

// on adds an event listener for the screen's lifetime. The handler runs
// on the JavaScript event loop: it must not block (start a goroutine for
// anything that waits, such as a fetch).
func (s *screen) on(target js.Value, event string, fn func(ev js.Value)) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			fn(args[0])
		} else {
			fn(js.Undefined())
		}
		return nil
	})
	s.funcs = append(s.funcs, f)
	target.Call("addEventListener", event, f)
	s.later = append(s.later, func() { target.Call("removeEventListener", event, f) })
}

// onClose registers cleanup for when the screen is left.
func (s *screen) onClose(fn func()) { s.later = append(s.later, fn) }

func (s *screen) close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	for i := len(s.later) - 1; i >= 0; i-- {
		s.later[i]()
	}
	for _, f := range s.funcs {
		f.Release()
	}
}

// alive reports whether the screen is still shown.
func (s *screen) alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// errorBox shows an error message.
func errorBox(msg string) js.Value {
	return withText(el("div", "class", "error", "role", "alert"), msg)
}

// loadingNote is a spinner with "Loading…", shown where a request's
// answer will go until it comes.
func loadingNote() js.Value {
	n := el("div", "class", "loading", "role", "status")
	add(n, el("span", "class", "spinner"))
	n.Call("append", " Loading…")
	return n
}
