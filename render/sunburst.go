package render

import (
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Sunburst, drawSunburst) }

// drawSunburst draws a hierarchy as rings: the top level around a hole
// in the middle, each level outside its parent, angles by value. Colours
// follow the top-level group, lighter outwards; names are written along
// the radius where they fit.
func drawSunburst(f *frame) error {
	root, dropped, err := buildHierarchy(f.data, hierOptions{needValue: true, sort: true})
	if err != nil {
		return err
	}
	if dropped > 0 {
		f.note(plural(dropped, "row") + " without a positive value left out")
	}
	if root.value <= 0 || len(root.children) == 0 {
		f.emptyState("No positive values to show")
		return nil
	}
	pl := f.plot
	R := math.Min(pl.W, pl.H)/2 - 4
	if R < 10 {
		f.emptyState("Too small to draw")
		return nil
	}
	cx, cy := pl.X+pl.W/2, pl.Y+pl.H/2
	levels := root.height()
	hole := 0.25
	if d := f.spec.Options.Donut; d > 0 && d <= 0.9 {
		hole = d
	}
	r0 := R * hole
	ring := (R - r0) / float64(levels)
	var walk func(n *hnode, a0, a1 float64)
	walk = func(n *hnode, a0, a1 float64) {
		a := a0
		for i, c := range n.children {
			span := (a1 - a0) * c.value / n.value
			b0, b1 := a, a+span
			a += span
			if span*R < 0.3 {
				continue // thinner than a hairline
			}
			ri := r0 + ring*float64(c.depth-1)
			ro := ri + ring
			col := f.sunburstColor(c, i)
			tip := c.label() + ": " + f.formatValue(chart.Value, c.value) + " (" + FormatNumber(c.value/root.value, "0.0%") + ")"
			f.mark(Meta{Series: max(c.top, 0), Index: c.row, Tooltip: tip}, func() {
				f.c.Path(sectorPath(cx, cy, ri, ro, b0, b1), Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1})
				f.sunburstLabel(c, cx, cy, ri, ro, b0, b1, col)
			})
			walk(c, b0, b1)
		}
	}
	walk(root, 0, 2*math.Pi)
	if r0 > 30 {
		tot := f.formatValue(chart.Value, root.value)
		ft := Font{Size: math.Min(20, r0/3), Bold: true}
		if TextWidth(tot, ft) < 1.7*r0 {
			f.text(cx, cy, tot, ft, f.theme.Text, AnchorMiddle, BaselineMiddle)
		}
	}
	return nil
}

// sunburstColor is the top-level group's colour, lighter per level.
func (f *frame) sunburstColor(n *hnode, sibling int) Color {
	if n.top < 0 {
		return f.neutral()
	}
	base := f.color(n.top)
	d := branchDepth(n)
	if d == 0 {
		return base
	}
	t := 0.2*float64(d) + 0.06*float64(sibling%2)
	return Lerp(base, f.theme.Background, math.Min(0.65, t))
}

// sunburstLabel writes a segment's name across its middle, either along
// the radius or along the arc, whichever shows more of it, turned so it
// never reads upside down; names that do not show a few letters are left
// out.
func (f *frame) sunburstLabel(n *hnode, cx, cy, ri, ro, a0, a1 float64, bg Color) {
	mid := (a0 + a1) / 2
	rm := (ri + ro) / 2
	font := fontLabel
	h := font.Size * (Ascent + Descent)
	radialW, radialOK := ro-ri-8, (a1-a0)*rm >= h+2
	arcW, arcOK := 2*rm*math.Sin(math.Min(math.Pi/2, (a1-a0)/2))-8, ro-ri >= h+4
	if a1-a0 >= 2*math.Pi-1e-9 {
		arcW = 2 * ri * 0.9
	}
	full := TextWidth(n.name, font)
	tangential := arcOK && (!radialOK || (full > radialW && arcW > radialW))
	if !radialOK && !arcOK {
		return
	}
	maxW := radialW
	if tangential {
		maxW = arcW
	}
	s := Truncate(n.name, font, maxW)
	if s == "" || (len([]rune(s)) < 4 && s != n.name) {
		return
	}
	x, y := polarXY(cx, cy, rm, mid)
	var deg float64
	if tangential {
		deg = mid * 180 / math.Pi
		if mid > math.Pi/2 && mid < 3*math.Pi/2 {
			deg += 180
		}
	} else {
		// Outwards on the right half, inwards on the left.
		deg = mid*180/math.Pi - 90
		if mid > math.Pi {
			deg += 180
		}
	}
	f.c.Text(TextOp{X: x, Y: y, Text: s, Font: font, Color: f.contrast(bg), Anchor: AnchorMiddle, Baseline: BaselineMiddle, Rotate: math.Mod(deg, 360)})
}
