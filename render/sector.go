package render

import "math"

// Angles in the radial charts are radians, 0 at 12 o'clock, growing
// clockwise, the way people read a clock face and a pie.

// polarXY is the point at angle a (from 12 o'clock, clockwise) and radius
// r around (cx, cy).
func polarXY(cx, cy, r, a float64) (float64, float64) {
	return cx + r*math.Sin(a), cy - r*math.Cos(a)
}

// sectorPath is an annular sector (a pie slice when r0 is 0) from angle
// a0 to a1 between radii r0 and r1. A full turn draws a ring with its
// hole.
func sectorPath(cx, cy, r0, r1, a0, a1 float64) Path {
	var p Path
	if r1 <= 0 || a1 <= a0 {
		return p
	}
	// Path.Arc counts from 3 o'clock.
	b0, b1 := a0-math.Pi/2, a1-math.Pi/2
	if a1-a0 >= 2*math.Pi-1e-9 {
		p.Arc(cx, cy, r1, b0, b0+2*math.Pi, true)
		p.Close()
		if r0 > 0 {
			p.Arc(cx, cy, r0, b0+2*math.Pi, b0, true)
			p.Close()
		}
		return p
	}
	p.Arc(cx, cy, r1, b0, b1, true)
	if r0 > 0 {
		p.Arc(cx, cy, r0, b1, b0, false)
	} else {
		p.Line(cx, cy)
	}
	p.Close()
	return p
}

// anchorFor is the text anchor for a label placed outside a circle at
// angle a: start on the right, end on the left, middle at the top and
// bottom.
func anchorFor(a float64) Anchor {
	s := math.Sin(a)
	switch {
	case s > 0.3:
		return AnchorStart
	case s < -0.3:
		return AnchorEnd
	}
	return AnchorMiddle
}

// baselineFor is the text baseline for a label outside a circle at angle
// a: labels above the centre sit on their baseline, below it hang from
// their top.
func baselineFor(a float64) Baseline {
	c := math.Cos(a)
	switch {
	case c > 0.3:
		return BaselineBottom
	case c < -0.3:
		return BaselineTop
	}
	return BaselineMiddle
}

// textBox is the box a label of s at f takes around its anchor point.
func textBox(x, y float64, s string, f Font, a Anchor, b Baseline) Rect {
	w := TextWidth(s, f)
	h := f.Size * (Ascent + Descent)
	switch a {
	case AnchorMiddle:
		x -= w / 2
	case AnchorEnd:
		x -= w
	}
	switch b {
	case BaselineMiddle:
		y -= h / 2
	case BaselineBottom:
		y -= h
	case BaselineAlphabetic:
		y -= f.Size * Ascent
	}
	return Rect{x, y, w, h}
}

// clampRadius keeps a radius usable: never negative or NaN.
func clampRadius(r float64) float64 {
	if math.IsNaN(r) || r < 0 {
		return 0
	}
	return r
}
