//go:build js && wasm

package three

import "syscall/js"

// Focus: a 3D chart takes the mouse wheel and touch gestures only while it
// is focused, so a page of charts scrolls over them as over any picture.
// A click or tap focuses the chart (a ring and the hint "Esc to release"
// show it); Esc, a click elsewhere or leaving the canvas with Tab
// releases it. Keyboard focus (Tab) focuses it too.

// Hints shown in the chart's corner.
const (
	hintIdle    = "Click to interact"
	hintFocused = "Esc to release"
)

// setFocus turns interaction on or off: the wheel and touch gestures go to
// the camera only while on. The container gets data-focused="1", which
// the page's CSS draws as a focus ring.
func (v *View) setFocus(on bool) {
	if v.focused == on {
		return
	}
	v.focused = on
	st := v.canvas.Get("style")
	if on {
		v.container.Call("setAttribute", "data-focused", "1")
		st.Set("touchAction", "none")
		v.over.setHint(hintFocused, true)
		if !v.isActive() {
			v.canvas.Call("focus", map[string]any{"preventScroll": true})
		}
		return
	}
	v.container.Call("removeAttribute", "data-focused")
	st.Set("touchAction", "pan-x pan-y pinch-zoom")
	v.over.setHint(hintIdle, false)
	v.in.pointers = map[int]pointer{}
	if v.isActive() {
		v.canvas.Call("blur")
	}
}

// isActive reports whether the canvas has the keyboard focus.
func (v *View) isActive() bool { return document.Get("activeElement").Equal(v.canvas) }

// Focused reports whether the chart takes the wheel and touch now.
func (v *View) Focused() bool { return v != nil && v.focused }

// listenFocus wires what focuses and releases the chart.
func (v *View) listenFocus() {
	c := v.canvas
	v.on(c, "focus", func(js.Value) { v.setFocus(true) })
	v.on(c, "blur", func(js.Value) { v.setFocus(false) })
	v.on(c, "pointerenter", func(js.Value) {
		if !v.focused {
			v.over.setHint(hintIdle, true)
		}
	})
	v.on(c, "pointerleave", func(js.Value) {
		if !v.focused {
			v.over.setHint(hintIdle, false)
		}
	})
	// A press elsewhere on the page releases the chart even where it
	// moves no keyboard focus.
	v.on(document, "pointerdown", func(e js.Value) {
		if v.focused && !c.Equal(e.Get("target")) {
			v.setFocus(false)
		}
	}, map[string]any{"capture": true})
}
