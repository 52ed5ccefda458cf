package raster

import (
	"math"

	"github.com/gobi-bi/gobi/render"
)

// flatten turns a path into polylines in device pixels, appending to out.
// Cubics are split into enough segments to stay within ~0.1 px.
func flatten(out []poly, path render.Path, scale float64) []poly {
	var cur []pt
	var start pt
	flush := func(closed bool) {
		if len(cur) > 1 || (len(cur) == 1 && !closed) {
			out = append(out, poly{pts: cur, closed: closed})
		}
		cur = nil
	}
	for _, s := range path {
		switch s.Kind {
		case render.MoveTo:
			flush(false)
			start = pt{s.P[0].X * scale, s.P[0].Y * scale}
			cur = append(cur, start)
		case render.LineTo:
			if len(cur) == 0 {
				cur = append(cur, start)
			}
			cur = append(cur, pt{s.P[0].X * scale, s.P[0].Y * scale})
		case render.CubicTo:
			if len(cur) == 0 {
				cur = append(cur, start)
			}
			p0 := cur[len(cur)-1]
			p1 := pt{s.P[0].X * scale, s.P[0].Y * scale}
			p2 := pt{s.P[1].X * scale, s.P[1].Y * scale}
			p3 := pt{s.P[2].X * scale, s.P[2].Y * scale}
			cur = appendCubic(cur, p0, p1, p2, p3)
		case render.ClosePath:
			if len(cur) > 0 {
				flush(true)
				cur = append(cur, start)
			}
		}
	}
	flush(false)
	return out
}

// appendCubic appends the flattened cubic p0..p3 (without p0).
func appendCubic(dst []pt, p0, p1, p2, p3 pt) []pt {
	l := dist(p0, p1) + dist(p1, p2) + dist(p2, p3)
	if !finite(l) {
		return append(dst, p3)
	}
	n := int(math.Ceil(math.Sqrt(l) * 1.2))
	n = max(1, min(n, 200))
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		dst = append(dst, pt{a*p0.x + b*p1.x + c*p2.x + d*p3.x, a*p0.y + b*p1.y + c*p2.y + d*p3.y})
	}
	return dst
}

func dist(a, b pt) float64 { return math.Hypot(b.x-a.x, b.y-a.y) }

// strokeScaled strokes polylines already in device pixels with st.
func (p *painter) strokeScaled(polys []poly, st render.Style) {
	if st.Stroke.IsNone() || !(st.StrokeWidth > 0) {
		return
	}
	w := st.StrokeWidth * p.scale
	if len(st.Dash) > 0 {
		polys = dash(polys, st.Dash, p.scale)
	}
	out := p.strokeBuf[:0]
	for _, pl := range polys {
		out = strokePoly(out, pl, w/2)
	}
	p.strokeBuf = out
	p.fill(out, st.Stroke)
}

// strokePoly expands one polyline of half-width hw into polygons, all
// wound the same way so that their overlaps merge: a quad per segment,
// and at each inner vertex a bevel (thin lines) or round (thick lines)
// join.
func strokePoly(out []poly, pl poly, hw float64) []poly {
	pts := pl.pts
	if pl.closed && len(pts) > 1 && pts[0] != pts[len(pts)-1] {
		pts = append(pts[:len(pts):len(pts)], pts[0])
	}
	// Drop repeated points: they have no direction.
	clean := make([]pt, 0, len(pts))
	for _, q := range pts {
		if len(clean) == 0 || dist(clean[len(clean)-1], q) > 1e-6 {
			clean = append(clean, q)
		}
	}
	if len(clean) < 2 {
		return out
	}
	round := hw > 1.5
	var prevN pt
	for i := 0; i+1 < len(clean); i++ {
		a, b := clean[i], clean[i+1]
		l := dist(a, b)
		n := pt{-(b.y - a.y) / l * hw, (b.x - a.x) / l * hw}
		out = append(out, oriented(poly{pts: []pt{{a.x + n.x, a.y + n.y}, {b.x + n.x, b.y + n.y}, {b.x - n.x, b.y - n.y}, {a.x - n.x, a.y - n.y}}, closed: true}))
		if i > 0 {
			out = appendJoin(out, a, prevN, n, hw, round)
		}
		prevN = n
	}
	if pl.closed && len(clean) > 2 {
		a, b := clean[0], clean[1]
		l := dist(a, b)
		n := pt{-(b.y - a.y) / l * hw, (b.x - a.x) / l * hw}
		out = appendJoin(out, a, prevN, n, hw, round)
	}
	return out
}

// appendJoin fills the wedge between two segments meeting at v with
// normals n1 and n2.
func appendJoin(out []poly, v, n1, n2 pt, hw float64, round bool) []poly {
	if round {
		return append(out, oriented(circlePoly(v.x, v.y, hw, false)))
	}
	out = append(out, oriented(poly{pts: []pt{v, {v.x + n1.x, v.y + n1.y}, {v.x + n2.x, v.y + n2.y}}, closed: true}))
	return append(out, oriented(poly{pts: []pt{v, {v.x - n1.x, v.y - n1.y}, {v.x - n2.x, v.y - n2.y}}, closed: true}))
}

// oriented reverses pl if needed so that its signed area is negative:
// the rasteriser sums signed coverage, so pieces of one stroke must all
// wind the same way or their overlaps would cancel out.
func oriented(pl poly) poly {
	a := 0.0
	n := len(pl.pts)
	for i := 0; i < n; i++ {
		p, q := pl.pts[i], pl.pts[(i+1)%n]
		a += p.x*q.y - q.x*p.y
	}
	if a > 0 {
		for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
			pl.pts[i], pl.pts[j] = pl.pts[j], pl.pts[i]
		}
	}
	return pl
}

// dash cuts polylines into the "on" pieces of a dash pattern (SVG
// semantics: an odd-length pattern repeats twice).
func dash(polys []poly, pattern []float64, scale float64) []poly {
	pat := make([]float64, 0, len(pattern)*2)
	total := 0.0
	for _, d := range pattern {
		d = math.Max(d*scale, 0)
		pat = append(pat, d)
		total += d
	}
	if len(pat)%2 == 1 {
		pat = append(pat, pat...)
		total *= 2
	}
	if total <= 0.01 || !finite(total) {
		return polys
	}
	var out []poly
	for _, pl := range polys {
		pts := pl.pts
		if pl.closed && len(pts) > 1 {
			pts = append(pts[:len(pts):len(pts)], pts[0])
		}
		idx, left, on := 0, pat[0], true
		var cur []pt
		if on {
			cur = []pt{pts[0]}
		}
		for i := 0; i+1 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			l := dist(a, b)
			pos := 0.0
			for l-pos > left {
				pos += left
				t := pos / l
				m := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
				if on {
					cur = append(cur, m)
					out = append(out, poly{pts: cur})
					cur = nil
				} else {
					cur = []pt{m}
				}
				on = !on
				idx = (idx + 1) % len(pat)
				left = pat[idx]
				if len(out) > 1e6 {
					return out
				}
			}
			left -= l - pos
			if on {
				cur = append(cur, b)
			}
		}
		if on && len(cur) > 1 {
			out = append(out, poly{pts: cur})
		}
	}
	return out
}

// clipPolys clips closed polygons to a rectangle (Sutherland–Hodgman),
// which is exact for filling.
func clipPolys(polys []poly, x0, y0, x1, y1 float64) []poly {
	out := make([]poly, 0, len(polys))
	for _, pl := range polys {
		pts := pl.pts
		pts = clipEdge(pts, func(q pt) bool { return q.x >= x0 }, func(a, b pt) pt { return lerpX(a, b, x0) })
		pts = clipEdge(pts, func(q pt) bool { return q.x <= x1 }, func(a, b pt) pt { return lerpX(a, b, x1) })
		pts = clipEdge(pts, func(q pt) bool { return q.y >= y0 }, func(a, b pt) pt { return lerpY(a, b, y0) })
		pts = clipEdge(pts, func(q pt) bool { return q.y <= y1 }, func(a, b pt) pt { return lerpY(a, b, y1) })
		if len(pts) >= 3 {
			out = append(out, poly{pts: pts, closed: true})
		}
	}
	return out
}

func clipEdge(pts []pt, inside func(pt) bool, cross func(a, b pt) pt) []pt {
	if len(pts) == 0 {
		return nil
	}
	out := make([]pt, 0, len(pts)+4)
	prev := pts[len(pts)-1]
	for _, q := range pts {
		switch qi, pi := inside(q), inside(prev); {
		case qi && pi:
			out = append(out, q)
		case qi && !pi:
			out = append(out, cross(prev, q), q)
		case !qi && pi:
			out = append(out, cross(prev, q))
		}
		prev = q
	}
	return out
}

func lerpX(a, b pt, x float64) pt {
	t := (x - a.x) / (b.x - a.x)
	return pt{x, a.y + (b.y-a.y)*t}
}

func lerpY(a, b pt, y float64) pt {
	t := (y - a.y) / (b.y - a.y)
	return pt{a.x + (b.x-a.x)*t, y}
}
