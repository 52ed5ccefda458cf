//go:build js && wasm

package three

import (
	"math"
	"syscall/js"
)

// input is the state of the pointers on the canvas. Pointer events cover
// mouse, pen and touch alike: one pointer turns (or pans with the right
// button, Shift or Ctrl), two pointers pinch to zoom and drag to pan.
type input struct {
	pointers map[int]pointer
	pan      bool
	// pinch is the last distance and midpoint of two pointers.
	pinchDist, pinchX, pinchY float64
	// hover is the last position to pick, in CSS pixels; hoverTimer the
	// pending pick.
	hoverX, hoverY float64
	hoverTimer     js.Value
	pickFn         js.Func
}

type pointer struct{ x, y float64 }

// hoverDelay waits for the pointer to rest before picking: a pick tests
// every point of a cloud, which is milliseconds for a million.
const hoverDelay = 40 // ms

func (v *View) on(target js.Value, event string, fn func(e js.Value), opts ...map[string]any) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if !v.disposed {
			defer v.contain()
			fn(args[0])
		}
		return nil
	})
	if len(opts) > 0 {
		target.Call("addEventListener", event, f, opts[0])
	} else {
		target.Call("addEventListener", event, f)
	}
	v.handlers = append(v.handlers, handler{target, event, f})
}

func (v *View) unlisten() {
	for _, h := range v.handlers {
		h.target.Call("removeEventListener", h.event, h.fn)
		h.fn.Release()
	}
	v.handlers = nil
	if v.in.hoverTimer.Truthy() {
		js.Global().Call("clearTimeout", v.in.hoverTimer)
	}
	if v.in.pickFn.Truthy() {
		v.in.pickFn.Release()
	}
}

// listen wires the canvas: pointers, wheel, keys, double-click to reset,
// and WebGL context loss.
func (v *View) listen() {
	v.in.pointers = map[int]pointer{}
	v.in.pickFn = js.FuncOf(func(js.Value, []js.Value) any {
		defer v.contain()
		v.in.hoverTimer = js.Undefined()
		if !v.disposed && !v.lost && len(v.in.pointers) == 0 {
			v.hover(v.in.hoverX, v.in.hoverY)
		}
		return nil
	})
	c := v.canvas
	v.listenFocus()
	v.on(c, "pointerdown", func(e js.Value) {
		if !v.focused && e.Get("pointerType").String() == "touch" {
			v.setFocus(true) // a tap focuses; gestures start after it
			return
		}
		v.setFocus(true)
		c.Call("setPointerCapture", e.Get("pointerId"))
		x, y := e.Get("offsetX").Float(), e.Get("offsetY").Float()
		v.in.pointers[e.Get("pointerId").Int()] = pointer{x, y}
		v.in.pan = e.Get("button").Int() == 2 || e.Get("shiftKey").Bool() || e.Get("ctrlKey").Bool()
		v.in.pinchDist = 0
		c.Get("style").Set("cursor", "grabbing")
		v.over.hideTooltip()
	})
	v.on(c, "pointermove", v.pointerMove)
	end := func(e js.Value) {
		delete(v.in.pointers, e.Get("pointerId").Int())
		v.in.pinchDist = 0
		if len(v.in.pointers) == 0 {
			c.Get("style").Set("cursor", "grab")
		}
	}
	v.on(c, "pointerup", end)
	v.on(c, "pointercancel", end)
	v.on(c, "pointerleave", func(js.Value) { v.over.hideTooltip() })
	v.on(c, "wheel", func(e js.Value) {
		if !v.focused {
			return // the page scrolls
		}
		e.Call("preventDefault")
		dy := e.Get("deltaY").Float()
		switch e.Get("deltaMode").Int() {
		case 1: // lines
			dy *= 16
		case 2: // pages
			dy *= 400
		}
		v.cam.Zoom(float32(math.Exp(dy * 0.0015)))
		v.motion()
	}, map[string]any{"passive": false})
	v.on(c, "contextmenu", func(e js.Value) { e.Call("preventDefault") })
	v.on(c, "dblclick", func(js.Value) { v.reset() })
	v.on(c, "keydown", v.key)
	v.on(c, "webglcontextlost", func(e js.Value) {
		e.Call("preventDefault") // asks the browser to restore it later
		v.lost, v.pending = true, false
		js.Global().Call("cancelAnimationFrame", v.rafID)
		v.over.setNote(errLost.Error())
	})
	v.on(c, "webglcontextrestored", func(js.Value) {
		if err := v.initGL(); err != nil {
			v.fail(err)
			return
		}
		v.lost = false
		v.over.setNote(v.model.Note)
		v.requestFrame()
	})
}

func (v *View) pointerMove(e js.Value) {
	id := e.Get("pointerId").Int()
	x, y := e.Get("offsetX").Float(), e.Get("offsetY").Float()
	prev, down := v.in.pointers[id]
	if !down {
		if len(v.in.pointers) == 0 {
			v.scheduleHover(x, y)
		}
		return
	}
	v.in.pointers[id] = pointer{x, y}
	dx, dy := (x-prev.x)*v.dpr, (y-prev.y)*v.dpr
	switch len(v.in.pointers) {
	case 1:
		if v.in.pan {
			v.cam.Pan(float32(dx), float32(dy))
		} else {
			v.cam.Orbit(float32(dx), float32(dy))
		}
	case 2:
		var ps []pointer
		for _, p := range v.in.pointers {
			ps = append(ps, p)
		}
		dist := math.Hypot(ps[0].x-ps[1].x, ps[0].y-ps[1].y)
		mx, my := (ps[0].x+ps[1].x)/2, (ps[0].y+ps[1].y)/2
		if v.in.pinchDist > 0 && dist > 0 {
			v.cam.Zoom(float32(v.in.pinchDist / dist))
			v.cam.Pan(float32((mx-v.in.pinchX)*v.dpr), float32((my-v.in.pinchY)*v.dpr))
		}
		v.in.pinchDist, v.in.pinchX, v.in.pinchY = dist, mx, my
	default:
		return
	}
	v.motion()
}

// key turns with the arrows, zooms with + and -, pans with Shift+arrows and
// resets with 0, for keyboard users.
func (v *View) key(e js.Value) {
	const step = 24 // pixels of drag per key press
	shift := e.Get("shiftKey").Bool()
	move := func(dx, dy float32) {
		if shift {
			v.cam.Pan(dx, dy)
		} else {
			v.cam.Orbit(dx, dy)
		}
	}
	switch e.Get("key").String() {
	case "Escape":
		v.setFocus(false)
		return
	case "ArrowLeft":
		move(-step, 0)
	case "ArrowRight":
		move(step, 0)
	case "ArrowUp":
		move(0, -step)
	case "ArrowDown":
		move(0, step)
	case "+", "=":
		v.cam.Zoom(0.9)
	case "-", "_":
		v.cam.Zoom(1 / 0.9)
	case "0", "Home":
		v.reset()
		e.Call("preventDefault")
		return
	default:
		return
	}
	e.Call("preventDefault")
	v.motion()
}

func (v *View) reset() {
	v.cam = plotCamera(v)
	v.moved = false
	v.requestFrame()
}

func (v *View) scheduleHover(x, y float64) {
	v.in.hoverX, v.in.hoverY = x, y
	if !v.in.hoverTimer.Truthy() {
		v.in.hoverTimer = js.Global().Call("setTimeout", v.in.pickFn, hoverDelay)
	}
}

// hover picks what is under (x, y) CSS pixels and shows its tooltip.
func (v *View) hover(x, y float64) {
	r := v.cam.Ray(float32(x*v.dpr), float32(y*v.dpr))
	hit, ok := v.model.Pick(r, 4*float32(v.dpr)*v.cam.PixelSize())
	if !ok {
		v.over.hideTooltip()
		v.canvas.Call("removeAttribute", "data-hover-row")
		return
	}
	v.canvas.Call("setAttribute", "data-hover-row", hit.Row)
	v.over.showTooltip(v.model.Tooltip(hit.Row), x, y, v.cssW, v.cssH)
}
