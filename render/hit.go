package render

import "math"

// Hit testing: which mark, legend entry or series is under the pointer.
// The browser draws a Scene on a canvas, which forgets its shapes, so it
// asks the Scene instead: Scene.HitTest scans the operations, and
// Scene.Index builds a grid over them for scenes too large to scan on
// every mouse move.
//
// The rules, the same for both:
//   - A shape belongs to its innermost group of kind "mark" or "legend";
//     failing that, to its innermost "series" group (a line, an area, or
//     a dense scatter drawn as one path per series); shapes in none of
//     these (axes, labels, the title) are never hit and never hide one
//     that is.
//   - A shape is hit where it paints: inside a filled shape (non-zero
//     winding for paths, curves flattened), within half the stroke width
//     of a stroked outline or line, inside a text's box. It is near
//     within HitTolerance pixels more. A point outside a group's clip
//     rectangle hits nothing of the group.
//   - A mark or legend entry beats a series; a hit beats a near miss;
//     among equals the shape drawn last (on top) wins.

// HitTolerance is how many pixels outside a shape the pointer may be and
// still find it, so that one-pixel dots and hairlines can be hovered.
const HitTolerance = 3.0

// Hit outcomes, best first: the tier of a candidate.
const (
	tierMark       = 0 // inside a mark or legend shape
	tierMarkNear   = 1
	tierSeries     = 2 // inside a series shape outside any mark
	tierSeriesNear = 3
	tierNone       = 255
)

// noClip stands for "not clipped": larger than any scene.
var noClip = Rect{-1e18, -1e18, 2e18, 2e18}

// hitGroup is an open group during a walk: what its shapes hit and
// where they are clipped.
type hitGroup struct {
	target *Meta
	base   uint8 // tierMark or tierSeries; tierNone for no target
	clip   Rect
}

// walkShapes calls fn for every visible shape that belongs to a mark,
// legend entry or series, with its index in s.Ops and its group.
func walkShapes(s *Scene, fn func(i int, op Op, g hitGroup)) {
	stack := make([]hitGroup, 1, 8)
	stack[0] = hitGroup{base: tierNone, clip: noClip}
	for i, op := range s.Ops {
		top := stack[len(stack)-1]
		switch o := op.(type) {
		case *BeginOp:
			g := top
			if m := o.Meta; m != nil {
				switch {
				case m.Kind == "mark" || m.Kind == "legend":
					g.target, g.base = m, tierMark
				case m.Kind == "series" && top.base != tierMark:
					g.target, g.base = m, tierSeries
				}
			}
			if o.Clip != nil {
				g.clip = intersect(g.clip, *o.Clip)
			}
			stack = append(stack, g)
		case *EndOp:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		default:
			if top.base != tierNone && visible(op) {
				fn(i, op, top)
			}
		}
	}
}

// intersect is the overlap of a and b (zero-sized when they are apart).
func intersect(a, b Rect) Rect {
	x0, y0 := math.Max(a.X, b.X), math.Max(a.Y, b.Y)
	x1, y1 := math.Min(a.X+a.W, b.X+b.W), math.Min(a.Y+a.H, b.Y+b.H)
	return Rect{x0, y0, math.Max(0, x1-x0), math.Max(0, y1-y0)}
}

// visible reports whether op paints anything.
func visible(op Op) bool {
	switch o := op.(type) {
	case *RectOp:
		return paints(o.Style)
	case *CircleOp:
		return paints(o.Style)
	case *PathOp:
		return paints(o.Style) && len(o.Path) > 0
	case *TextOp:
		return o.Text != "" && !o.Color.IsNone()
	}
	return false
}

func paints(s Style) bool { return !s.Fill.IsNone() || strokes(s) }

func strokes(s Style) bool { return !s.Stroke.IsNone() && s.StrokeWidth > 0 }

// reach is how far outside its geometry a shape paints: half its stroke.
func reach(s Style) float64 {
	if strokes(s) {
		return s.StrokeWidth / 2
	}
	return 0
}

// classify turns a signed distance from a shape's edge (negative inside)
// into exact (0), near (1) or missed (tierNone), for a shape that paints
// its inside (filled) or only its outline.
func classify(d, half float64, filled bool) uint8 {
	if !filled {
		d = math.Abs(d)
	}
	switch {
	case d <= half:
		return 0
	case d <= half+HitTolerance:
		return 1
	}
	return tierNone
}

// HitTest returns the metadata of the mark or legend entry at (x, y) in
// scene pixels, else of the series there, else nil. It scans every
// operation: use Index for repeated queries on a large scene.
func (s *Scene) HitTest(x, y float64) *Meta {
	if s == nil {
		return nil
	}
	best := hitBest{tier: tierNone, order: -1}
	walkShapes(s, func(i int, op Op, g hitGroup) {
		if !g.clip.Contains(x, y) || !best.couldImprove(g.base, i) {
			return
		}
		p, ok := op.(*PathOp)
		if !ok {
			best.offer(shapeTier(op, x, y), g, i)
			return
		}
		acc := newPathHit(p, x, y)
		grownBy := reach(p.Style) + HitTolerance
		filled := !p.Fill.IsNone()
		eachSubpath(p.Path, func(from, to int) {
			acc.add(from, to, grow(segBox(p.Path, from, to), grownBy), filled)
		})
		best.offer(acc.tier(), g, i)
	})
	return best.meta
}

// hitBest is the best candidate so far.
type hitBest struct {
	tier  uint8
	order int
	meta  *Meta
}

// couldImprove reports whether a shape of group base at draw order i
// could beat the best so far, before testing it.
func (b *hitBest) couldImprove(base uint8, i int) bool {
	return base < b.tier || base == b.tier && i > b.order
}

// offer records outcome t (relative to the group's base) of the shape at
// draw order i if it beats the best so far.
func (b *hitBest) offer(t uint8, g hitGroup, i int) {
	if t == tierNone {
		return
	}
	t += g.base
	if t < b.tier || t == b.tier && i > b.order {
		b.tier, b.order, b.meta = t, i, g.target
	}
}

// shapeTier tests a rectangle, circle or text (not a path).
func shapeTier(op Op, x, y float64) uint8 {
	switch o := op.(type) {
	case *RectOp:
		return classify(rectDist(Rect{o.X, o.Y, o.W, o.H}, x, y), reach(o.Style), !o.Fill.IsNone())
	case *CircleOp:
		return classify(math.Hypot(x-o.CX, y-o.CY)-o.R, reach(o.Style), !o.Fill.IsNone())
	case *TextOp:
		lx, ly := textLocal(o, x, y)
		return classify(rectDist(textBox(0, 0, o.Text, o.Font, o.Anchor, o.Baseline), lx, ly), 0, true)
	}
	return tierNone
}

// textLocal turns (x, y) into the unrotated frame of text t, with t's
// point at the origin.
func textLocal(t *TextOp, x, y float64) (float64, float64) {
	dx, dy := x-t.X, y-t.Y
	if t.Rotate == 0 {
		return dx, dy
	}
	a := -t.Rotate * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	return dx*c - dy*s, dx*s + dy*c
}

// shapeBox is the bounding box of a rectangle, circle or text including
// its stroke, in scene pixels.
func shapeBox(op Op) Rect {
	switch o := op.(type) {
	case *RectOp:
		return Rect{o.X, o.Y, o.W, o.H}
	case *CircleOp:
		return Rect{o.CX - o.R, o.CY - o.R, 2 * o.R, 2 * o.R}
	case *TextOp:
		b := textBox(0, 0, o.Text, o.Font, o.Anchor, o.Baseline)
		if o.Rotate == 0 {
			return Rect{b.X + o.X, b.Y + o.Y, b.W, b.H}
		}
		a := o.Rotate * math.Pi / 180
		c, s := math.Cos(a), math.Sin(a)
		bb := emptyBounds()
		for _, p := range [4]Point{{b.X, b.Y}, {b.X + b.W, b.Y}, {b.X, b.Y + b.H}, {b.X + b.W, b.Y + b.H}} {
			bb.add(o.X+p.X*c-p.Y*s, o.Y+p.X*s+p.Y*c)
		}
		return bb.rect()
	}
	return Rect{}
}

// rectDist is the signed distance from (x, y) to r's edge, negative
// inside.
func rectDist(r Rect, x, y float64) float64 {
	dx := math.Max(r.X-x, x-(r.X+r.W))
	dy := math.Max(r.Y-y, y-(r.Y+r.H))
	if dx <= 0 && dy <= 0 {
		return math.Max(dx, dy)
	}
	return math.Hypot(math.Max(dx, 0), math.Max(dy, 0))
}

// grow returns r enlarged by d on every side.
func grow(r Rect, d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

// bounds accumulates a bounding box.
type bounds struct{ x0, y0, x1, y1 float64 }

func emptyBounds() bounds { return bounds{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *bounds) add(x, y float64) {
	b.x0, b.y0 = math.Min(b.x0, x), math.Min(b.y0, y)
	b.x1, b.y1 = math.Max(b.x1, x), math.Max(b.y1, y)
}

func (b bounds) rect() Rect {
	if b.x0 > b.x1 {
		return Rect{}
	}
	return Rect{b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0}
}

// segBox bounds the points of segments [from, to) of p, control points
// included (a superset of the curve and of its flattening).
func segBox(p Path, from, to int) Rect {
	b := emptyBounds()
	if from > 0 && p[from].Kind != MoveTo {
		// A run that continues a subpath starts at the previous end.
		q := segEnd(p, from-1)
		b.add(q.X, q.Y)
	}
	for _, s := range p[from:to] {
		n := 1
		switch s.Kind {
		case ClosePath:
			n = 0
		case CubicTo:
			n = 3
		}
		for _, q := range s.P[:n] {
			b.add(q.X, q.Y)
		}
	}
	return b.rect()
}

// segEnd is the current point after segment i; a ClosePath returns to
// its subpath's start.
func segEnd(p Path, i int) Point {
	switch p[i].Kind {
	case ClosePath:
		return subpathStart(p, i)
	case CubicTo:
		return p[i].P[2]
	}
	return p[i].P[0]
}

// eachSubpath calls fn with the segment range of each subpath of p.
func eachSubpath(p Path, fn func(from, to int)) {
	start := 0
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i].Kind == MoveTo {
			fn(start, i)
			start = i
		}
	}
}

// pathHit accumulates the test of one path at (x, y) over its subpaths,
// or pieces of them: the winding number of the filled subpaths whose
// boxes hold the point (a closed curve does not wind around points
// outside its box, so the others can be skipped) and the distance to the
// nearest outline.
type pathHit struct {
	p    *PathOp
	x, y float64
	wind int
	dist float64
}

func newPathHit(p *PathOp, x, y float64) pathHit {
	return pathHit{p: p, x: x, y: y, dist: math.Inf(1)}
}

// add tests segments [from, to), skipped when (x, y) is outside grown,
// their box grown by the stroke and the tolerance. closed is set for a
// whole subpath of a filled path.
func (h *pathHit) add(from, to int, grown Rect, closed bool) {
	if !grown.Contains(h.x, h.y) {
		return
	}
	w, d := spanHit(h.p.Path, from, to, h.x, h.y, closed)
	h.wind += w
	h.dist = math.Min(h.dist, d)
}

// tier is the outcome: inside the fill or on the stroke, near either, or
// missed.
func (h *pathHit) tier() uint8 {
	half := reach(h.p.Style)
	if h.p.Fill.IsNone() {
		return classify(h.dist, half, false)
	}
	switch {
	case h.wind != 0 || half > 0 && h.dist <= half:
		return 0
	case h.dist <= half+HitTolerance:
		return 1
	}
	return tierNone
}

// spanHit walks segments [from, to) of p, flattening curves, and returns
// the winding number of the run around (x, y), implicitly closed when
// closed is set, and the distance from (x, y) to its outline.
func spanHit(p Path, from, to int, x, y float64, closed bool) (wind int, dist float64) {
	dist = math.Inf(1)
	var cur, start Point
	startKnown := true
	switch {
	case p[from].Kind == MoveTo:
	case from > 0:
		// A piece of a long line: it goes on from the previous segment.
		cur, startKnown = segEnd(p, from-1), false
	default:
		cur, start = p[from].P[0], p[from].P[0]
	}
	edge := func(a, b Point) {
		wind += windEdge(a, b, x, y)
		dist = math.Min(dist, segDist(a, b, x, y))
	}
	for _, s := range p[from:to] {
		switch s.Kind {
		case MoveTo:
			if closed && cur != start {
				wind += windEdge(cur, start, x, y)
			}
			cur, start, startKnown = s.P[0], s.P[0], true
		case LineTo:
			edge(cur, s.P[0])
			cur = s.P[0]
		case CubicTo:
			n := cubicSteps(cur, s.P)
			prev := cur
			for k := 1; k <= n; k++ {
				q := cubicAt(cur, s.P, float64(k)/float64(n))
				edge(prev, q)
				prev = q
			}
			cur = s.P[2]
		case ClosePath:
			if !startKnown {
				start, startKnown = subpathStart(p, from), true
			}
			edge(cur, start)
			cur = start
		}
	}
	if closed && cur != start {
		// A fill closes its subpath; that edge bounds the fill too.
		wind += windEdge(cur, start, x, y)
		dist = math.Min(dist, segDist(cur, start, x, y))
	}
	return wind, dist
}

// subpathStart is the start of the subpath that segment i belongs to.
func subpathStart(p Path, i int) Point {
	for j := i; j >= 0; j-- {
		if p[j].Kind == MoveTo {
			return p[j].P[0]
		}
	}
	return p[0].P[0]
}

// cubicSteps is how many straight pieces flatten a cubic from p0 to
// within a fraction of a pixel: about one per 6 px of control polygon.
func cubicSteps(p0 Point, c [3]Point) int {
	l := math.Hypot(c[0].X-p0.X, c[0].Y-p0.Y) + math.Hypot(c[1].X-c[0].X, c[1].Y-c[0].Y) + math.Hypot(c[2].X-c[1].X, c[2].Y-c[1].Y)
	n := int(math.Ceil(l / 6))
	return max(1, min(n, 24))
}

func cubicAt(p0 Point, c [3]Point, t float64) Point {
	u := 1 - t
	a, b, cc, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return Point{a*p0.X + b*c[0].X + cc*c[1].X + d*c[2].X, a*p0.Y + b*c[0].Y + cc*c[1].Y + d*c[2].Y}
}

// windEdge is the edge a→b's contribution to the winding number around
// (x, y): ±1 when it crosses the horizontal line through the point to
// its right.
func windEdge(a, b Point, x, y float64) int {
	side := (b.X-a.X)*(y-a.Y) - (x-a.X)*(b.Y-a.Y)
	if a.Y <= y {
		if b.Y > y && side > 0 {
			return 1
		}
	} else if b.Y <= y && side < 0 {
		return -1
	}
	return 0
}

// segDist is the distance from (x, y) to the segment a–b.
func segDist(a, b Point, x, y float64) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((x-a.X)*dx+(y-a.Y)*dy)/l2))
	}
	return math.Hypot(x-(a.X+t*dx), y-(a.Y+t*dy))
}
