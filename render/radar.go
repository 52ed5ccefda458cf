package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Radar, drawRadar) }

// radialScale maps values onto radii between r0 and r1, over nice ticks
// that include zero.
type radialScale struct {
	lo, hi, r0, r1 float64
	ticks          []float64
}

// newRadialScale builds the scale for the finite values of vals.
func newRadialScale(vals [][]float64, r0, r1 float64) (radialScale, bool) {
	e := newExtent()
	e.add(0)
	any := false
	for _, row := range vals {
		for _, v := range row {
			if finite(v) {
				e.add(v)
				any = true
			}
		}
	}
	if !any {
		return radialScale{}, false
	}
	ticks, _ := niceTicks(e.lo, e.hi, 5, true)
	if len(ticks) < 2 {
		return radialScale{}, false
	}
	return radialScale{lo: ticks[0], hi: ticks[len(ticks)-1], r0: r0, r1: r1, ticks: ticks}, true
}

// r is the radius of v, clamped to the scale.
func (s radialScale) r(v float64) float64 {
	if !finite(v) || s.hi <= s.lo {
		return s.r0
	}
	t := math.Max(0, math.Min(1, (v-s.lo)/(s.hi-s.lo)))
	return s.r0 + t*(s.r1-s.r0)
}

// categoryLabels draws labels around a circle of radius R at the given
// angles, skipping some when they would crowd.
func (f *frame) categoryLabels(cx, cy, R float64, cats []string, angle func(k int) float64, maxW float64) {
	n := len(cats)
	if n == 0 {
		return
	}
	step := 1
	if per := 2 * math.Pi * R / float64(n); per < fontLabel.Size*1.4 {
		step = int(math.Ceil(fontLabel.Size * 1.4 / math.Max(per, 0.1)))
	}
	for k := 0; k < n; k += step {
		a := angle(k)
		x, y := polarXY(cx, cy, R+8, a)
		f.text(x, y, Truncate(cats[k], fontLabel, maxW), fontLabel, f.theme.MutedText, anchorFor(a), baselineFor(a))
	}
}

// radialGrid draws the value rings (polygons with sides > 0, else
// circles) and the spokes.
func (f *frame) radialGrid(cx, cy float64, s radialScale, sides int, spokes []float64) {
	grid := Style{Stroke: f.theme.Grid, StrokeWidth: 1}
	for _, t := range s.ticks {
		r := s.r(t)
		if r <= 0 {
			continue
		}
		if sides >= 3 {
			var p Path
			for k := 0; k < sides; k++ {
				x, y := polarXY(cx, cy, r, 2*math.Pi*float64(k)/float64(sides))
				if k == 0 {
					p.Move(x, y)
				} else {
					p.Line(x, y)
				}
			}
			p.Close()
			f.c.Path(p, grid)
		} else {
			f.c.Circle(cx, cy, r, grid)
		}
	}
	for _, a := range spokes {
		x0, y0 := polarXY(cx, cy, s.r0, a)
		x1, y1 := polarXY(cx, cy, s.r1, a)
		f.c.Line(x0, y0, x1, y1, grid)
	}
}

// radialTickLabels labels the value rings along the spoke at 12 o'clock,
// just inside each ring, on a backdrop so they stay legible over marks.
func (f *frame) radialTickLabels(cx, cy float64, s radialScale, pattern string) {
	if pattern == "" && len(s.ticks) > 1 {
		pattern = autoNumberPattern(s.ticks[1]-s.ticks[0], math.Max(math.Abs(s.lo), math.Abs(s.hi)))
	}
	for _, t := range s.ticks {
		r := s.r(t)
		if r <= s.r0+fontTick.Size || r-s.r0 < 1 {
			continue
		}
		txt := FormatNumber(t, pattern)
		b := textBox(cx+3, cy-r+2, txt, fontTick, AnchorStart, BaselineTop)
		f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: b.X - 1, Y: b.Y, W: b.W + 2, H: b.H, Radius: 2, Style: Style{Fill: f.theme.Background.Alpha(0.7)}})
		f.text(cx+3, cy-r+2, txt, fontTick, f.theme.MutedText, AnchorStart, BaselineTop)
	}
}

// drawRadar draws one closed polygon per series over one axis per
// category, with a dot per value for hit testing.
func drawRadar(f *frame) error {
	if f.pick(chart.Category) == "" || f.pick(chart.Value) == "" {
		return errors.New("a radar chart needs encoding.category (the axes) and encoding.value")
	}
	t, err := f.pivot(chart.Category, axisBand, chart.Value)
	if err != nil {
		return err
	}
	n := len(t.cats)
	if n == 0 || len(t.names) == 0 {
		f.emptyState("No data")
		return nil
	}
	f.hideSeries(t)
	f.legend(t.names)
	pl := f.plot
	lw := 0.0
	for _, c := range t.cats {
		lw = math.Max(lw, TextWidth(c, fontLabel))
	}
	lw = math.Min(lw, pl.W*0.2)
	R := math.Min(pl.W/2-lw-12, pl.H/2-fontLabel.Size-10)
	if R < 10 {
		f.emptyState("Too small to draw")
		return nil
	}
	cx, cy := pl.X+pl.W/2, pl.Y+pl.H/2
	sc, ok := newRadialScale(t.vals, 0, R)
	if !ok {
		if f.allHidden(len(t.names)) {
			f.emptyState("Every series is hidden")
			return nil
		}
		f.emptyState("No numeric values")
		return nil
	}
	angle := func(k int) float64 { return 2 * math.Pi * float64(k) / float64(n) }
	spokes := make([]float64, n)
	for k := range spokes {
		spokes[k] = angle(k)
	}
	sides := n
	if n < 3 {
		sides = 0
	}
	f.radialGrid(cx, cy, sc, sides, spokes)
	f.categoryLabels(cx, cy, R, t.cats, angle, lw)
	for s, name := range t.names {
		if f.isHidden(s) {
			continue
		}
		col := f.color(s)
		pts := make([]Point, n)
		for k := 0; k < n; k++ {
			pts[k].X, pts[k].Y = polarXY(cx, cy, sc.r(t.vals[s][k]), angle(k))
		}
		f.series(s, name, func() {
			f.c.Path(closedCurve(pts, f.spec.Options.Smooth), Style{Fill: col.Alpha(0.18), Stroke: col, StrokeWidth: 2})
			for k := 0; k < n; k++ {
				v := t.vals[s][k]
				if !finite(v) {
					continue
				}
				tip := fmt.Sprintf("%s · %s: %s", name, t.cats[k], f.formatValue(chart.Value, v))
				f.mark(Meta{Series: s, Index: k, Tooltip: tip}, func() {
					f.c.Circle(pts[k].X, pts[k].Y, 3, Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1})
				})
			}
		})
	}
	f.radialTickLabels(cx, cy, sc, f.numberPattern(chart.Value))
	return nil
}

// closedCurve joins points into a closed polygon, or with smooth a closed
// Catmull–Rom spline through them.
func closedCurve(pts []Point, smooth bool) Path {
	var p Path
	n := len(pts)
	if n == 0 {
		return p
	}
	p.Move(pts[0].X, pts[0].Y)
	if !smooth || n < 3 {
		for _, q := range pts[1:] {
			p.Line(q.X, q.Y)
		}
		p.Close()
		return p
	}
	at := func(i int) Point { return pts[((i%n)+n)%n] }
	for i := 0; i < n; i++ {
		p0, p1, p2, p3 := at(i-1), at(i), at(i+1), at(i+2)
		p.Cubic(p1.X+(p2.X-p0.X)/6, p1.Y+(p2.Y-p0.Y)/6, p2.X-(p3.X-p1.X)/6, p2.Y-(p3.Y-p1.Y)/6, p2.X, p2.Y)
	}
	p.Close()
	return p
}
