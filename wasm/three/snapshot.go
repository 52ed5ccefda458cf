//go:build js && wasm

package three

import (
	"fmt"
	"syscall/js"

	"github.com/gobi-bi/gobi/render/plot3d"
)

// Snapshot draws a frame and passes fn that frame as a PNG data URL:
// the WebGL picture with the overlay's title, axis labels and legend
// painted over it, at the canvas's device pixels. The pixels are read
// inside the frame's requestAnimationFrame callback: the WebGL context
// keeps no drawing buffer between frames (preserveDrawingBuffer false),
// so pixels read at any other time are blank. fn gets "" when the chart
// cannot be drawn.
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
	w, h := v.canvas.Get("width").Int(), v.canvas.Get("height").Int()
	out := document.Call("createElement", "canvas")
	out.Set("width", w)
	out.Set("height", h)
	ctx := out.Call("getContext", "2d")
	ctx.Call("drawImage", v.canvas, 0, 0)
	v.paintOverlay(ctx)
	u := out.Call("toDataURL", "image/png").String()
	for _, fn := range v.snaps {
		fn(u)
	}
	v.snaps = nil
}

// paintOverlay draws the overlay's text on a 2D context of the canvas's
// size, where the DOM shows it.
func (v *View) paintOverlay(ctx js.Value) {
	m, th, dpr := v.model, v.model.Theme, v.dpr
	const family = "system-ui,-apple-system,'Segoe UI',sans-serif"
	font := func(px float64, bold bool) {
		weight := "400"
		if bold {
			weight = "600"
		}
		ctx.Set("font", fmt.Sprintf("%s %.1fpx %s", weight, px*dpr, family))
	}
	text := func(s string, x, y float64) { ctx.Call("fillText", s, x*dpr, y*dpr) }
	ctx.Set("textBaseline", "top")
	ctx.Set("textAlign", "left")
	y := 8.0
	if m.Title != "" {
		font(15, true)
		ctx.Set("fillStyle", th.Text.Hex())
		text(m.Title, 12, y)
		y += 20
	}
	if m.Subtitle != "" {
		font(12, false)
		ctx.Set("fillStyle", th.MutedText.Hex())
		text(m.Subtitle, 12, y)
	}
	ctx.Set("textAlign", "center")
	ctx.Set("textBaseline", "middle")
	for _, l := range v.over.placed {
		font(12, l.Title)
		color := th.MutedText
		if l.Title {
			color = th.Text
		}
		ctx.Set("fillStyle", color.Hex())
		ctx.Call("fillText", l.Text, float64(l.X), float64(l.Y))
	}
	v.paintLegend(ctx, m)
}

// paintLegend draws the legend as the overlay places it: right-aligned
// rows of a dot and a name, 34 px from the top.
func (v *View) paintLegend(ctx js.Value, m *plot3d.Model) {
	if len(m.Legend) == 0 {
		return
	}
	dpr := v.dpr
	ctx.Set("font", fmt.Sprintf("400 %.1fpx system-ui,-apple-system,'Segoe UI',sans-serif", 12*dpr))
	widest := 0.0
	for _, it := range m.Legend {
		widest = max(widest, ctx.Call("measureText", it.Name).Get("width").Float()/dpr)
	}
	left := v.cssW - 10 - 4 - widest - 16
	ctx.Set("textAlign", "left")
	ctx.Set("textBaseline", "middle")
	for i, it := range m.Legend {
		cy := 34 + 2 + 9 + 18*float64(i)
		if cy > v.cssH*0.6 {
			break
		}
		ctx.Set("fillStyle", it.Color.Hex())
		ctx.Call("beginPath")
		ctx.Call("arc", (left+5)*dpr, cy*dpr, 5*dpr, 0, 6.283185307179586)
		ctx.Call("fill")
		ctx.Set("fillStyle", m.Theme.Text.Hex())
		ctx.Call("fillText", it.Name, (left+16)*dpr, cy*dpr)
	}
}
