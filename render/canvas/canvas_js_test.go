//go:build js && wasm

package canvas

// Run with Node.js:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./render/canvas

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/gobi-bi/gobi/render"
)

// fakeCanvas is a <canvas> whose 2D context writes its calls, property
// sets and Path2D data into a list, with a global Path2D that keeps its
// path data.
func fakeCanvas(t *testing.T) (canvas js.Value, calls func() []string) {
	t.Helper()
	mk := js.Global().Get("Function").New(`
		globalThis.Path2D = function (d) { this.d = d; };
		const log = [];
		const fmt = (a) => a instanceof Path2D ? "path(" + a.d + ")" : Array.isArray(a) ? "[" + a.join(" ") + "]" : String(a);
		const ctx = {};
		for (const m of ["save", "restore", "setTransform", "clearRect", "fill", "stroke", "clip", "fillText", "setLineDash"]) {
			ctx[m] = function (...a) {
				if (this !== ctx) throw new Error(m + " called on the wrong object");
				log.push(m + "(" + a.map(fmt).join(",") + ")");
			};
		}
		for (const p of ["fillStyle", "strokeStyle", "lineWidth", "lineJoin", "font", "textAlign", "textBaseline"]) {
			Object.defineProperty(ctx, p, { set(v) { log.push(p + "=" + v); } });
		}
		const canvas = { getContext(kind) { return kind === "2d" ? ctx : null; } };
		return { canvas, log };`)
	o := mk.Invoke()
	log := o.Get("log")
	return o.Get("canvas"), func() []string {
		out := make([]string, log.Length())
		for i := range out {
			out[i] = log.Index(i).String()
		}
		return out
	}
}

// TestContext checks what the adapter sends to a canvas: bound methods,
// properties, and paths as Path2D data.
func TestContext(t *testing.T) {
	var rounded render.Path
	rounded.Move(1, 2)
	rounded.Line(3, 4)
	rounded.Cubic(5, 6, 7, 8, 9, 10)
	rounded.Close()
	sc := &render.Scene{Width: 10, Height: 5, Ops: []render.Op{
		&render.BeginOp{Clip: &render.Rect{X: 1, Y: 1, W: 8, H: 3}},
		&render.PathOp{Path: rounded, Style: render.Style{Fill: render.Color{R: 255, A: 128}, Stroke: render.Color{B: 255, A: 255}, StrokeWidth: 2, Dash: []float64{4, 2}}},
		&render.CircleOp{CX: 5, CY: 5, R: 2, Style: render.Style{Fill: render.Color{G: 255, A: 255}}},
		&render.RectOp{X: 0, Y: 0, W: 4, H: 2, Radius: 1, Style: render.Style{Fill: render.Color{G: 255, A: 255}}},
		&render.EndOp{},
		&render.TextOp{X: 3, Y: 4, Text: "hé", Font: render.Font{Size: 10, Bold: true}, Color: render.Color{A: 255}, Anchor: render.AnchorMiddle, Rotate: 90},
	}}
	canvas, calls := fakeCanvas(t)
	Paint(New(canvas), sc, 2)
	want := []string{
		"setTransform(1,0,0,1,0,0)", "clearRect(0,0,20,10)", "setTransform(2,0,0,2,0,0)",
		"lineJoin=round", "textBaseline=alphabetic",
		"save()", "clip(path(M1 1h8v3h-8Z))",
		"fillStyle=rgba(255,0,0,0.502)", "strokeStyle=#0000ff", "lineWidth=2", "setLineDash([4 2])",
		"fill(path(M1 2L3 4C5 6 7 8 9 10Z))", "stroke(path(M1 2L3 4C5 6 7 8 9 10Z))",
		"fillStyle=#00ff00", "fill(path(M7 5A2 2 0 0 1 3 5A2 2 0 0 1 7 5))",
		"fill(path(M1 0L3 0A1 1 0 0 1 4 1L4 1A1 1 0 0 1 3 2L1 2A1 1 0 0 1 0 1L0 1A1 1 0 0 1 1 0Z))",
		"restore()",
		"fillStyle=#000000", "font=bold 10px " + FontFamily, "textAlign=center",
		"setTransform(0,2,-2,0,6,8)", "fillText(hé,0,0)", "setTransform(2,0,0,2,0,0)",
	}
	if got := calls(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestContextAllocs keeps path building free of allocations.
func TestContextAllocs(t *testing.T) {
	canvas, _ := fakeCanvas(t)
	c := New(canvas)
	n := testing.AllocsPerRun(100, func() {
		c.BeginPath()
		for i := 0; i < 50; i++ {
			c.MoveTo(float64(i), 2.5)
			c.LineTo(3, float64(i)/7)
			c.BezierCurveTo(1, 2, 3, 4, 5, 6)
			c.ClosePath()
		}
	})
	if n > 0 {
		t.Errorf("%g allocations per path of 200 segments", n)
	}
}
