package render

import (
	"fmt"
	"math"
)

// Scene is a drawn chart: operations in order, painter's algorithm, in
// pixels with the origin at the top left.
type Scene struct {
	Width, Height float64
	Background    Color
	Ops           []Op
	// Plot is the plot area of a cartesian chart (nil for the others),
	// for mapping the pointer back to x values: drag-to-zoom.
	Plot *PlotArea
}

// Op is one drawing operation: *RectOp, *PathOp, *CircleOp, *TextOp,
// *BeginOp or *EndOp.
type Op interface{ op() }

// Style is how a shape is painted. A zero Fill or Stroke colour (alpha 0)
// means none.
type Style struct {
	Fill        Color
	Stroke      Color
	StrokeWidth float64
	Dash        []float64
}

// RectOp is an axis-aligned rectangle with optional rounded corners.
type RectOp struct {
	X, Y, W, H float64
	Radius     float64
	Style
}

// PathOp is a path of move/line/cubic/close segments.
type PathOp struct {
	Path Path
	Style
}

// CircleOp is a circle.
type CircleOp struct {
	CX, CY, R float64
	Style
}

// Anchor is the horizontal alignment of text at its point.
type Anchor uint8

// Text anchors.
const (
	AnchorStart Anchor = iota
	AnchorMiddle
	AnchorEnd
)

// Baseline is the vertical alignment of text at its point.
type Baseline uint8

// Text baselines.
const (
	BaselineAlphabetic Baseline = iota
	BaselineMiddle
	BaselineTop
	BaselineBottom
)

// Font selects the size and weight of text (family is always Go Regular
// or Go Bold).
type Font struct {
	Size float64
	Bold bool
}

// TextOp is a single line of text. Rotate is in degrees, clockwise, about
// (X, Y).
type TextOp struct {
	X, Y     float64
	Text     string
	Font     Font
	Color    Color
	Anchor   Anchor
	Baseline Baseline
	Rotate   float64
}

// Meta describes what a group of operations shows, for tooltips, legend
// toggling and hit testing in the browser.
type Meta struct {
	// Kind is "plot", "series", "mark" or "legend".
	Kind string
	// Series is the series index, or -1.
	Series int
	// Index is the data row or category index, or -1.
	Index int
	// Tooltip is the text shown on hover.
	Tooltip string
}

// BeginOp opens a group; Clip, when set, clips the group's drawing.
type BeginOp struct {
	Meta *Meta
	Clip *Rect
}

// EndOp closes the innermost group.
type EndOp struct{}

func (*RectOp) op()   {}
func (*PathOp) op()   {}
func (*CircleOp) op() {}
func (*TextOp) op()   {}
func (*BeginOp) op()  {}
func (*EndOp) op()    {}

// Rect is a rectangle in pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether (x, y) is inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Point is a point in pixels.
type Point struct{ X, Y float64 }

// SegKind is the kind of a path segment.
type SegKind uint8

// Path segment kinds. Arcs are converted to cubic Béziers when built, so
// back-ends need only these four.
const (
	MoveTo SegKind = iota
	LineTo
	CubicTo
	ClosePath
)

// Seg is one path segment; CubicTo uses all three points (two controls,
// then the end point), MoveTo and LineTo only P[0].
type Seg struct {
	Kind SegKind
	P    [3]Point
}

// Path is a sequence of segments.
type Path []Seg

// Move starts a new subpath.
func (p *Path) Move(x, y float64) { *p = append(*p, Seg{Kind: MoveTo, P: [3]Point{{x, y}}}) }

// Line draws a straight line.
func (p *Path) Line(x, y float64) { *p = append(*p, Seg{Kind: LineTo, P: [3]Point{{x, y}}}) }

// Cubic draws a cubic Bézier.
func (p *Path) Cubic(c1x, c1y, c2x, c2y, x, y float64) {
	*p = append(*p, Seg{Kind: CubicTo, P: [3]Point{{c1x, c1y}, {c2x, c2y}, {x, y}}})
}

// Close closes the subpath.
func (p *Path) Close() { *p = append(*p, Seg{Kind: ClosePath}) }

// Arc appends a circular arc around (cx, cy) with radius r from angle a0
// to a1 (radians, 0 = 3 o'clock, clockwise on screen), as cubic Béziers of
// at most 90° each. With move it starts a new subpath at the arc's start,
// otherwise it draws a line there first.
func (p *Path) Arc(cx, cy, r, a0, a1 float64, move bool) {
	sx, sy := cx+r*math.Cos(a0), cy+r*math.Sin(a0)
	if move {
		p.Move(sx, sy)
	} else {
		p.Line(sx, sy)
	}
	n := int(math.Ceil(math.Abs(a1-a0) / (math.Pi / 2)))
	if n == 0 {
		return
	}
	step := (a1 - a0) / float64(n)
	k := 4.0 / 3.0 * math.Tan(step/4)
	for i := 0; i < n; i++ {
		t0, t1 := a0+float64(i)*step, a0+float64(i+1)*step
		c0, s0, c1, s1 := math.Cos(t0), math.Sin(t0), math.Cos(t1), math.Sin(t1)
		p.Cubic(cx+r*(c0-k*s0), cy+r*(s0+k*c0), cx+r*(c1+k*s1), cy+r*(s1-k*c1), cx+r*c1, cy+r*s1)
	}
}

// Bounds returns the bounding box of the path's points (control points
// included, which is a superset of the curve).
func (p Path) Bounds() Rect {
	if len(p) == 0 {
		return Rect{}
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range p {
		n := 1
		switch s.Kind {
		case ClosePath:
			n = 0
		case CubicTo:
			n = 3
		}
		for _, pt := range s.P[:n] {
			minX, minY = math.Min(minX, pt.X), math.Min(minY, pt.Y)
			maxX, maxY = math.Max(maxX, pt.X), math.Max(maxY, pt.Y)
		}
	}
	return Rect{minX, minY, maxX - minX, maxY - minY}
}

// Canvas appends operations to a scene; chart drawers use it.
type Canvas struct{ S *Scene }

// NewCanvas returns a canvas on a new scene of the given size.
func NewCanvas(w, h float64, bg Color) *Canvas {
	return &Canvas{S: &Scene{Width: w, Height: h, Background: bg}}
}

// Rect draws a rectangle.
func (c *Canvas) Rect(x, y, w, h float64, s Style) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	c.S.Ops = append(c.S.Ops, &RectOp{X: x, Y: y, W: w, H: h, Style: s})
}

// Path draws a path.
func (c *Canvas) Path(p Path, s Style) { c.S.Ops = append(c.S.Ops, &PathOp{Path: p, Style: s}) }

// Line draws a straight line.
func (c *Canvas) Line(x0, y0, x1, y1 float64, s Style) {
	var p Path
	p.Move(x0, y0)
	p.Line(x1, y1)
	c.Path(p, s)
}

// Circle draws a circle.
func (c *Canvas) Circle(cx, cy, r float64, s Style) {
	c.S.Ops = append(c.S.Ops, &CircleOp{CX: cx, CY: cy, R: r, Style: s})
}

// Text draws one line of text.
func (c *Canvas) Text(t TextOp) { c.S.Ops = append(c.S.Ops, &t) }

// Begin opens a group.
func (c *Canvas) Begin(m *Meta, clip *Rect) { c.S.Ops = append(c.S.Ops, &BeginOp{Meta: m, Clip: clip}) }

// End closes a group.
func (c *Canvas) End() { c.S.Ops = append(c.S.Ops, &EndOp{}) }

// String summarises a scene for debugging.
func (s *Scene) String() string {
	return fmt.Sprintf("scene %gx%g, %d ops", s.Width, s.Height, len(s.Ops))
}
