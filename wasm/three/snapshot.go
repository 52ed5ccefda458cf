//go:build js && wasm

package three

// Snapshot draws a frame and passes fn the canvas as a PNG data URL, read
// inside that frame's requestAnimationFrame callback: the WebGL context
// keeps no drawing buffer between frames (preserveDrawingBuffer false),
// so pixels read at any other time are blank. The picture is what the
// camera shows now; the DOM overlay (title, labels, legend) is not in it.
func (v *View) Snapshot(fn func(dataURL string)) {
	if v == nil || v.disposed || v.lost {
		fn("")
		return
	}
	v.snaps = append(v.snaps, fn)
	v.requestFrame()
}

// takeSnaps answers the waiting Snapshot calls; frame calls it once drawn.
func (v *View) takeSnaps() {
	if len(v.snaps) == 0 {
		return
	}
	u := v.canvas.Call("toDataURL", "image/png").String()
	for _, fn := range v.snaps {
		fn(u)
	}
	v.snaps = nil
}
