//go:build js && wasm

package canvas

import (
	"math"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/render"
)

// Context is a Context2D over the 2D context of a <canvas> element.
//
// Every call into JavaScript costs far more than the Go around it, so
// methods are looked up once (bound to the context) and paths are not
// built call by call: MoveTo, LineTo, BezierCurveTo, ClosePath, Rect and
// Arc append SVG path data in Go, and Fill, Stroke and Clip hand it over
// as one Path2D. A scatter of 20,000 circles is then a few calls per
// series instead of over a hundred thousand.
type Context struct {
	ctx                                       js.Value
	save, restore, setTransform, clearRect    js.Value
	fill, stroke, clip, fillText, setLineDash js.Value
	newPath2D, newArray                       js.Value
	d                                         []byte   // path data since BeginPath
	path                                      js.Value // Path2D of d; undefined when d changed
	current                                   bool     // the path has a current point…
	x, y, sx, sy                              float64  // …and its subpath's start
	args                                      [6]any   // reused argument list
}

var _ Context2D = (*Context)(nil)

// New returns the Context of canvas, a <canvas> element.
func New(canvas js.Value) *Context {
	ctx := canvas.Call("getContext", "2d")
	bind := func(name string) js.Value { return ctx.Get(name).Call("bind", ctx) }
	return &Context{
		ctx: ctx, save: bind("save"), restore: bind("restore"), setTransform: bind("setTransform"),
		clearRect: bind("clearRect"), fill: bind("fill"), stroke: bind("stroke"), clip: bind("clip"),
		fillText: bind("fillText"), setLineDash: bind("setLineDash"),
		newPath2D: js.Global().Get("Path2D"), newArray: js.Global().Get("Array"),
		d: make([]byte, 0, 4096),
	}
}

func (c *Context) call(fn js.Value, n int) { fn.Invoke(c.args[:n]...) }

// Save pushes the context's state.
func (c *Context) Save() { c.save.Invoke() }

// Restore pops it.
func (c *Context) Restore() { c.restore.Invoke() }

// SetTransform sets the current transform.
func (c *Context) SetTransform(a, b, cc, d, e, f float64) {
	c.args[0], c.args[1], c.args[2], c.args[3], c.args[4], c.args[5] = a, b, cc, d, e, f
	c.call(c.setTransform, 6)
}

// ClearRect clears a rectangle to transparent.
func (c *Context) ClearRect(x, y, w, h float64) {
	c.args[0], c.args[1], c.args[2], c.args[3] = x, y, w, h
	c.call(c.clearRect, 4)
}

// BeginPath starts a new path.
func (c *Context) BeginPath() {
	c.d = c.d[:0]
	c.path = js.Undefined()
	c.current = false
}

func (c *Context) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0 // as in SVG export: a bad coordinate must not end the path
	}
	c.d = strconv.AppendFloat(c.d, math.Round(v*1000)/1000, 'f', -1, 64)
}

func (c *Context) cmd(k byte, pts ...float64) {
	c.path = js.Undefined()
	c.d = append(c.d, k)
	for i, v := range pts {
		if i > 0 {
			c.d = append(c.d, ' ')
		}
		c.num(v)
	}
}

// MoveTo starts a subpath.
func (c *Context) MoveTo(x, y float64) {
	c.cmd('M', x, y)
	c.current, c.x, c.y, c.sx, c.sy = true, x, y, x, y
}

// LineTo adds a line (a move when the path is empty, as on a canvas).
func (c *Context) LineTo(x, y float64) {
	if !c.current {
		c.MoveTo(x, y)
		return
	}
	c.cmd('L', x, y)
	c.x, c.y = x, y
}

// BezierCurveTo adds a cubic Bézier.
func (c *Context) BezierCurveTo(c1x, c1y, c2x, c2y, x, y float64) {
	if !c.current {
		c.MoveTo(c1x, c1y)
	}
	c.cmd('C', c1x, c1y, c2x, c2y, x, y)
	c.x, c.y = x, y
}

// ClosePath closes the subpath; its start becomes the current point.
func (c *Context) ClosePath() {
	if c.current {
		c.cmd('Z')
		c.x, c.y = c.sx, c.sy
	}
}

// Rect adds a closed rectangle subpath.
func (c *Context) Rect(x, y, w, h float64) {
	c.MoveTo(x, y)
	c.cmd('h', w)
	c.cmd('v', h)
	c.cmd('h', -w)
	c.cmd('Z')
}

// Arc adds a clockwise arc as a canvas does: a line to its start, then
// the arc; a sweep of 2π or more is a full circle (drawn as two SVG arcs,
// which cannot describe one).
func (c *Context) Arc(x, y, r, start, end float64) {
	if r < 0 || math.IsNaN(r) {
		return
	}
	sx, sy := x+r*math.Cos(start), y+r*math.Sin(start)
	if !c.current || !near(sx, c.x) || !near(sy, c.y) {
		c.LineTo(sx, sy)
	}
	sweep := end - start
	if sweep >= 2*math.Pi {
		mx, my := x-r*math.Cos(start), y-r*math.Sin(start)
		c.cmd('A', r, r, 0, 0, 1, mx, my)
		c.cmd('A', r, r, 0, 0, 1, sx, sy)
		c.x, c.y = sx, sy
		return
	}
	sweep = math.Mod(sweep, 2*math.Pi)
	if sweep < 0 {
		sweep += 2 * math.Pi
	}
	if sweep == 0 {
		return
	}
	large := 0.0
	if sweep > math.Pi {
		large = 1
	}
	c.x, c.y = x+r*math.Cos(start+sweep), y+r*math.Sin(start+sweep)
	c.cmd('A', r, r, 0, large, 1, c.x, c.y)
}

// near reports whether two coordinates are the same to well under the
// 0.001 px that path data keeps.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// path2D is the Path2D of the path data, made once per path.
func (c *Context) path2D() js.Value {
	if c.path.IsUndefined() {
		c.path = c.newPath2D.New(string(c.d))
	}
	return c.path
}

// Fill fills the path.
func (c *Context) Fill() { c.args[0] = c.path2D(); c.call(c.fill, 1) }

// Stroke strokes the path.
func (c *Context) Stroke() { c.args[0] = c.path2D(); c.call(c.stroke, 1) }

// Clip clips to the path.
func (c *Context) Clip() { c.args[0] = c.path2D(); c.call(c.clip, 1) }

// FillText draws text at (x, y).
func (c *Context) FillText(text string, x, y float64) {
	c.args[0], c.args[1], c.args[2] = text, x, y
	c.call(c.fillText, 3)
}

// SetLineDash sets the dash pattern; nil for solid lines.
func (c *Context) SetLineDash(segments []float64) {
	a := c.newArray.New(len(segments))
	for i, v := range segments {
		a.SetIndex(i, v)
	}
	c.args[0] = a
	c.call(c.setLineDash, 1)
}

// SetFillStyle sets fillStyle.
func (c *Context) SetFillStyle(css string) { c.ctx.Set("fillStyle", css) }

// SetStrokeStyle sets strokeStyle.
func (c *Context) SetStrokeStyle(css string) { c.ctx.Set("strokeStyle", css) }

// SetLineWidth sets lineWidth.
func (c *Context) SetLineWidth(w float64) { c.ctx.Set("lineWidth", w) }

// SetLineJoin sets lineJoin.
func (c *Context) SetLineJoin(j string) { c.ctx.Set("lineJoin", j) }

// SetFont sets font.
func (c *Context) SetFont(css string) { c.ctx.Set("font", css) }

// SetTextAlign sets textAlign.
func (c *Context) SetTextAlign(a string) { c.ctx.Set("textAlign", a) }

// SetTextBaseline sets textBaseline.
func (c *Context) SetTextBaseline(b string) { c.ctx.Set("textBaseline", b) }

// RegisterFonts adds the Go fonts that text is measured with to the
// page's document.fonts, from the TTFs already in the binary for
// render's metrics (no download, nothing for a CSP to allow), and returns
// a Promise that settles once they can be drawn with: paint again then.
// Without FontFace support it returns a resolved Promise and text falls
// back down FontFamily.
func RegisterFonts() js.Value {
	g := js.Global()
	promise := g.Get("Promise")
	fonts := g.Get("document").Get("fonts")
	ctor := g.Get("FontFace")
	if !ctor.Truthy() || !fonts.Truthy() {
		return promise.Call("resolve")
	}
	var loads []any
	for _, bold := range []bool{false, true} {
		data := render.FontData(bold)
		arr := g.Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(arr, data)
		weight := "normal"
		if bold {
			weight = "bold"
		}
		face := ctor.New("Go", arr, map[string]any{"weight": weight, "style": "normal"})
		fonts.Call("add", face)
		loads = append(loads, face.Call("load"))
	}
	return promise.Call("all", loads)
}
