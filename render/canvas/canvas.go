// Package canvas paints a render.Scene onto an HTML canvas through its
// 2D context: the browser's back-end, drawing the same layout as the SVG
// and PNG ones.
//
// Paint talks to a Context2D, a small interface over the canvas methods
// it uses, so it is tested on the host with a recording fake; New (built
// for js/wasm only) adapts a real <canvas> element.
//
// Text is laid out with the metrics of the Go fonts (render.TextWidth),
// so it fits best when the page has them: RegisterFonts (js/wasm) loads
// the TTFs embedded in the binary into document.fonts. Until they are
// loaded, or without them, the browser falls back down FontFamily and
// labels may come out slightly wider or narrower than the space they
// were given.
package canvas

import (
	"math"
	"strconv"

	"github.com/gobi-bi/gobi/render"
)

// Context2D is the part of CanvasRenderingContext2D that Paint uses.
// Colours arrive as CSS strings with their alpha (rgba), so globalAlpha is
// not needed; transforms are set whole with SetTransform.
type Context2D interface {
	Save()
	Restore()
	SetTransform(a, b, c, d, e, f float64)
	ClearRect(x, y, w, h float64)

	BeginPath()
	MoveTo(x, y float64)
	LineTo(x, y float64)
	BezierCurveTo(c1x, c1y, c2x, c2y, x, y float64)
	ClosePath()
	Rect(x, y, w, h float64)
	// Arc adds a clockwise arc (angles in radians) to the path.
	Arc(x, y, r, start, end float64)
	Fill()
	Stroke()
	Clip()
	FillText(text string, x, y float64)

	SetFillStyle(css string)
	SetStrokeStyle(css string)
	SetLineWidth(w float64)
	SetLineDash(segments []float64)
	SetLineJoin(join string)
	SetFont(css string)
	SetTextAlign(align string)
	SetTextBaseline(baseline string)
}

// FontFamily is the font stack of all text: the Go fonts the layout was
// measured with, then common sans-serif fallbacks. It is the SVG
// back-end's stack, so exports and the page agree.
const FontFamily = "Go, 'Go Regular', Arial, Helvetica, sans-serif"

// FontCSS returns the font-family stack for CSS or for a canvas font.
func FontCSS() string { return FontFamily }

// Paint draws sc onto ctx at dpr device pixels per scene pixel: the
// caller sizes the canvas to the scene times dpr (canvas.width =
// cssWidth·devicePixelRatio) and its CSS box to the scene, so lines and
// text stay crisp on high-density screens. The canvas is cleared first,
// and ctx is left as it was found apart from its styles and transform.
func Paint(ctx Context2D, sc *render.Scene, dpr float64) {
	if sc == nil {
		return
	}
	if !(dpr > 0) || math.IsInf(dpr, 0) {
		dpr = 1
	}
	p := &painter{ctx: ctx, dpr: dpr, colors: map[render.Color]string{}}
	p.reset()
	ctx.SetTransform(1, 0, 0, 1, 0, 0)
	ctx.ClearRect(0, 0, math.Ceil(sc.Width*dpr), math.Ceil(sc.Height*dpr))
	ctx.SetTransform(dpr, 0, 0, dpr, 0, 0)
	// Once, before any Save, so every Restore returns to them: the SVG
	// back-end's round joins, and alphabetic baselines (vertical
	// alignment is done by render.BaselineOffset, as in every back-end).
	ctx.SetLineJoin("round")
	ctx.SetTextBaseline("alphabetic")
	if !sc.Background.IsNone() {
		p.fillStyle(sc.Background)
		ctx.BeginPath()
		ctx.Rect(0, 0, sc.Width, sc.Height)
		ctx.Fill()
	}
	for _, op := range sc.Ops {
		p.op(op)
	}
	for len(p.groups) > 0 {
		p.end() // an unbalanced Begin: undo its clip
	}
}

// painter remembers the context's styles so that each is set only when
// it changes: every call into a browser's canvas costs a crossing from
// WebAssembly to JavaScript.
type painter struct {
	ctx    Context2D
	dpr    float64
	st     state
	saved  []state
	groups []bool // per open group: whether it saved the context (a clip)
	colors map[render.Color]string
}

// state is what the painter knows of the context's styles; the ok flags
// are false while a value is unknown (at the start of a paint).
type state struct {
	fill, stroke     render.Color
	fillOK, strokeOK bool
	width            float64 // NaN: unknown
	dash             []float64
	dashOK           bool
	font             render.Font
	fontOK           bool
	align            render.Anchor
	alignOK          bool
}

func (p *painter) reset() { p.st = state{width: math.NaN()} }

func (p *painter) op(op render.Op) {
	switch o := op.(type) {
	case *render.RectOp:
		p.rect(o)
	case *render.CircleOp:
		if o.R <= 0 || !paints(o.Style) {
			return
		}
		p.styles(o.Style)
		p.ctx.BeginPath()
		p.ctx.Arc(o.CX, o.CY, o.R, 0, 2*math.Pi)
		p.paint(o.Style)
	case *render.PathOp:
		if len(o.Path) == 0 || !paints(o.Style) {
			return
		}
		p.styles(o.Style)
		p.ctx.BeginPath()
		p.path(o.Path)
		p.paint(o.Style)
	case *render.TextOp:
		p.text(o)
	case *render.BeginOp:
		clip := o.Clip != nil
		p.groups = append(p.groups, clip)
		if clip {
			p.ctx.Save()
			p.saved = append(p.saved, p.st)
			c := o.Clip
			p.ctx.BeginPath()
			p.ctx.Rect(c.X, c.Y, math.Max(0, c.W), math.Max(0, c.H))
			p.ctx.Clip()
		}
	case *render.EndOp:
		if len(p.groups) > 0 {
			p.end()
		}
	}
}

// end closes the innermost group.
func (p *painter) end() {
	n := len(p.groups) - 1
	if p.groups[n] {
		p.ctx.Restore()
		p.st = p.saved[len(p.saved)-1]
		p.saved = p.saved[:len(p.saved)-1]
	}
	p.groups = p.groups[:n]
}

func paints(s render.Style) bool { return !s.Fill.IsNone() || strokes(s) }

func strokes(s render.Style) bool { return !s.Stroke.IsNone() && s.StrokeWidth > 0 }

// styles sets what s paints with, before its path is built.
func (p *painter) styles(s render.Style) {
	if !s.Fill.IsNone() {
		p.fillStyle(s.Fill)
	}
	if strokes(s) {
		p.strokeStyle(s.Stroke)
		if p.st.width != s.StrokeWidth {
			p.ctx.SetLineWidth(s.StrokeWidth)
			p.st.width = s.StrokeWidth
		}
		p.lineDash(s.Dash)
	}
}

// paint fills and strokes the path just built.
func (p *painter) paint(s render.Style) {
	if !s.Fill.IsNone() {
		p.ctx.Fill()
	}
	if strokes(s) {
		p.ctx.Stroke()
	}
}

func (p *painter) rect(o *render.RectOp) {
	if o.W <= 0 || o.H <= 0 || !paints(o.Style) {
		return // as in SVG, an empty rectangle paints nothing
	}
	p.styles(o.Style)
	p.ctx.BeginPath()
	r := math.Min(o.Radius, math.Min(o.W, o.H)/2)
	if !(r > 0) {
		p.ctx.Rect(o.X, o.Y, o.W, o.H)
	} else {
		x0, y0, x1, y1 := o.X, o.Y, o.X+o.W, o.Y+o.H
		p.ctx.MoveTo(x0+r, y0)
		p.ctx.LineTo(x1-r, y0)
		p.ctx.Arc(x1-r, y0+r, r, -math.Pi/2, 0)
		p.ctx.LineTo(x1, y1-r)
		p.ctx.Arc(x1-r, y1-r, r, 0, math.Pi/2)
		p.ctx.LineTo(x0+r, y1)
		p.ctx.Arc(x0+r, y1-r, r, math.Pi/2, math.Pi)
		p.ctx.LineTo(x0, y0+r)
		p.ctx.Arc(x0+r, y0+r, r, math.Pi, 3*math.Pi/2)
		p.ctx.ClosePath()
	}
	p.paint(o.Style)
}

func (p *painter) path(path render.Path) {
	for _, s := range path {
		switch s.Kind {
		case render.MoveTo:
			p.ctx.MoveTo(s.P[0].X, s.P[0].Y)
		case render.LineTo:
			p.ctx.LineTo(s.P[0].X, s.P[0].Y)
		case render.CubicTo:
			p.ctx.BezierCurveTo(s.P[0].X, s.P[0].Y, s.P[1].X, s.P[1].Y, s.P[2].X, s.P[2].Y)
		case render.ClosePath:
			p.ctx.ClosePath()
		}
	}
}

// text draws t at its point, rotated about it, shifted from the
// alphabetic baseline by render.BaselineOffset exactly as the SVG
// back-end does.
func (p *painter) text(t *render.TextOp) {
	if t.Text == "" || t.Color.IsNone() || !(t.Font.Size > 0) {
		return
	}
	p.fillStyle(t.Color)
	if !p.st.fontOK || p.st.font != t.Font {
		p.ctx.SetFont(fontCSS(t.Font))
		p.st.font, p.st.fontOK = t.Font, true
	}
	if !p.st.alignOK || p.st.align != t.Anchor {
		p.ctx.SetTextAlign(align(t.Anchor))
		p.st.align, p.st.alignOK = t.Anchor, true
	}
	off := render.BaselineOffset(t.Baseline, t.Font.Size)
	if t.Rotate == 0 {
		p.ctx.FillText(t.Text, t.X, t.Y+off)
		return
	}
	a := t.Rotate * math.Pi / 180
	c, s, d := exact(math.Cos(a)), exact(math.Sin(a)), p.dpr
	p.ctx.SetTransform(d*c, d*s, -d*s, d*c, d*t.X, d*t.Y)
	p.ctx.FillText(t.Text, 0, off)
	p.ctx.SetTransform(d, 0, 0, d, 0, 0)
}

// exact rounds away the noise of sin and cos at right angles (cos 90° is
// 6e-17), so quarter turns give whole-pixel transforms.
func exact(v float64) float64 {
	if r := math.Round(v); math.Abs(v-r) < 1e-12 {
		return r
	}
	return v
}

// align is the canvas textAlign of an anchor; left and right rather than
// start and end, which would follow the page's direction.
func align(a render.Anchor) string {
	switch a {
	case render.AnchorMiddle:
		return "center"
	case render.AnchorEnd:
		return "right"
	}
	return "left"
}

// fontCSS is the canvas font of f, e.g. "bold 16px Go, …".
func fontCSS(f render.Font) string {
	s := strconv.FormatFloat(f.Size, 'g', 6, 64) + "px " + FontFamily
	if f.Bold {
		return "bold " + s
	}
	return s
}

func (p *painter) fillStyle(c render.Color) {
	if !p.st.fillOK || p.st.fill != c {
		p.ctx.SetFillStyle(p.css(c))
		p.st.fill, p.st.fillOK = c, true
	}
}

func (p *painter) strokeStyle(c render.Color) {
	if !p.st.strokeOK || p.st.stroke != c {
		p.ctx.SetStrokeStyle(p.css(c))
		p.st.stroke, p.st.strokeOK = c, true
	}
}

// lineDash sets the dash pattern; negative lengths become 0, as in SVG
// (a canvas would ignore the whole pattern).
func (p *painter) lineDash(d []float64) {
	if p.st.dashOK && equal(p.st.dash, d) {
		return
	}
	var seg []float64
	if len(d) > 0 {
		seg = make([]float64, len(d))
		for i, v := range d {
			seg[i] = math.Max(0, v)
		}
	}
	p.ctx.SetLineDash(seg)
	p.st.dash, p.st.dashOK = d, true
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// css is c as a CSS colour: #rrggbb when opaque, else rgba(…).
func (p *painter) css(c render.Color) string {
	if s, ok := p.colors[c]; ok {
		return s
	}
	var s string
	if c.A == 255 {
		s = c.Hex()
	} else {
		b := make([]byte, 0, 32)
		b = append(b, "rgba("...)
		b = strconv.AppendInt(b, int64(c.R), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(c.G), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(c.B), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, math.Round(c.Opacity()*1000)/1000, 'g', -1, 64)
		b = append(b, ')')
		s = string(b)
	}
	p.colors[c] = s
	return s
}
