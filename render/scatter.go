package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Scatter, drawScatter) }

// Point counts at which scatter drawing gets cheaper: up to
// scatterMarks points each point is its own mark group with a tooltip;
// up to scatterCircles points are circles in one path per series; above
// that, small square dots (what the eye sees at that density anyway).
const (
	scatterMarks   = 2000
	scatterCircles = 20000
	// scatterLabels is the most points labelled without show_labels.
	scatterLabels = 50
	// labelCap is the most labels drawn even with show_labels.
	labelCap = 500
)

// scatterPoint is one drawable point.
type scatterPoint struct {
	x, y, r float64
	row     int
}

// drawScatter draws x against y, optionally sized by size (area
// proportional to the value) and coloured by series.
func drawScatter(f *frame) error {
	if !f.data.Has(chart.X) || !f.data.Has(chart.Y) {
		return errors.New("a scatter chart needs encoding.x and encoding.y")
	}
	xKind := f.axisKindFor(chart.X, f.spec.XAxis, true)
	yKind := f.axisKindFor(chart.Y, f.spec.YAxis, true)
	if yKind == axisTime || yKind == axisBand {
		yKind = axisLinear // a scatter's y is a measure
	}
	if xKind == axisBand {
		xKind = axisLinear
	}
	d := f.data
	n := d.Len()
	// Series: from the series channel (or color), in order of appearance.
	sch := f.pick(chart.Series, chart.Color)
	series := make([]int, n)
	var names []string
	if sch != "" {
		idx := map[string]int{}
		for row := 0; row < n; row++ {
			s := d.Str(sch, row)
			i, ok := idx[s]
			if !ok {
				i = len(names)
				idx[s] = i
				names = append(names, s)
			}
			series[row] = i
		}
	} else {
		names = []string{d.Name(chart.Y, 0)}
	}
	xs, ys := make([]float64, n), make([]float64, n)
	xe, ye := newExtent(), newExtent()
	dropped, shown := 0, 0
	for row := 0; row < n; row++ {
		x, _, okx := f.xValue(chart.X, xKind, row)
		y, oky := d.Num(chart.Y, row)
		xs[row], ys[row] = math.NaN(), math.NaN()
		if !okx || !oky || (xKind == axisLog && x <= 0) || (yKind == axisLog && y <= 0) {
			dropped++
			continue
		}
		if f.isHidden(series[row]) || !f.inWindow(x) {
			continue // switched off in the legend, or zoomed out of view
		}
		xs[row], ys[row] = x, y
		xe.add(x)
		ye.add(y)
		shown++
	}
	if dropped > 0 {
		f.note(fmt.Sprintf("%d rows without plottable x and y not shown", dropped))
	}
	legend := func() {
		if sch != "" {
			f.legend(names)
		}
	}
	if xe.empty() && (f.xmin == nil || f.xmax == nil) {
		f.noValues(len(names), legend)
		return nil
	}
	legend()
	if xe.empty() {
		// A zoom window with no point in it: an empty plot of the window.
		xe, ye = extent{*f.xmin, *f.xmax}, extent{0, 1}
	}
	xd := axisDef{kind: xKind, lo: xe.lo, hi: xe.hi, cfg: f.spec.XAxis, title: d.Name(chart.X, 0), pattern: f.xPattern(chart.X, xKind), grid: true}
	yd := axisDef{kind: yKind, lo: ye.lo, hi: ye.hi, cfg: f.spec.YAxis, title: d.Name(chart.Y, 0), pattern: f.numberPattern(chart.Y), grid: true}
	f.zoomAxis(&xd)
	p := f.newPlane(xd, yd)
	p.drawGrid()
	radius := f.sizeScale(shown)
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	var all []scatterPoint
	for s := range names {
		if f.isHidden(s) {
			continue
		}
		var pts []scatterPoint
		for row := 0; row < n; row++ {
			if series[row] != s || math.IsNaN(xs[row]) {
				continue
			}
			px, py := p.x.Map(xs[row]), p.y.Map(ys[row])
			if !finite(px) || !finite(py) {
				continue
			}
			pts = append(pts, scatterPoint{px, py, radius(row), row})
		}
		f.series(s, names[s], func() { f.scatterSeries(pts, s, shown, xd.format()) })
		all = append(all, pts...)
	}
	f.c.End()
	if f.spec.Options.ShowLabels || f.data.Has(chart.Label) && len(all) <= scatterLabels {
		f.scatterLabels(all, p.plot)
	}
	p.drawAxes()
	return nil
}

// sizeScale returns the radius of each row: from the size channel with
// area proportional to the value (radius ∝ √v, up to 18 px for a few
// bubbles and less as they multiply: a scatter binned by chart.Shape
// sizes its cells by count), else a fixed radius that shrinks as the
// point count grows.
func (f *frame) sizeScale(total int) func(row int) float64 {
	fixed := 4.0
	switch {
	case total > scatterCircles:
		fixed = 1
	case total > scatterMarks:
		fixed = 2
	case total > 300:
		fixed = 3
	}
	if !f.data.Has(chart.Size) {
		return func(int) float64 { return fixed }
	}
	e := newExtent()
	for row := 0; row < f.data.Len(); row++ {
		if v, ok := f.data.Num(chart.Size, row); ok && v >= 0 {
			e.add(v)
		}
	}
	if e.empty() || e.hi <= 0 {
		return func(int) float64 { return fixed }
	}
	rMin, rMax := 3.0, 18.0
	switch {
	case total > scatterMarks:
		rMin, rMax = 1, 4
	case total > 300:
		rMin, rMax = 2, 10
	}
	return func(row int) float64 {
		v, ok := f.data.Num(chart.Size, row)
		if !ok || v < 0 {
			return rMin
		}
		return math.Max(rMin, rMax*math.Sqrt(v/e.hi))
	}
}

// scatterSeries draws one series' points in the cheapest form that still
// looks right for the total point count.
func (f *frame) scatterSeries(pts []scatterPoint, s, total int, xPattern string) {
	col := f.color(s)
	switch {
	case total <= scatterMarks:
		fill := Style{Fill: col.Alpha(0.75), Stroke: col, StrokeWidth: 1}
		for _, q := range pts {
			q := q
			f.mark(Meta{Series: s, Index: q.row, Tooltip: f.scatterTooltip(q.row, xPattern)}, func() {
				f.c.Circle(q.x, q.y, q.r, fill)
			})
		}
	case total <= scatterCircles:
		var path Path
		for _, q := range pts {
			path.Arc(q.x, q.y, q.r, 0, 2*math.Pi, true)
			path.Close()
		}
		f.c.Path(path, Style{Fill: col.Alpha(0.7)})
	default:
		// One path of small squares: cheap to encode and to rasterise.
		path := make(Path, 0, len(pts)*5)
		for _, q := range pts {
			r := q.r
			path.Move(q.x-r, q.y-r)
			path.Line(q.x+r, q.y-r)
			path.Line(q.x+r, q.y+r)
			path.Line(q.x-r, q.y+r)
			path.Close()
		}
		f.c.Path(path, Style{Fill: col.Alpha(0.6)})
	}
}

func (f *frame) scatterTooltip(row int, xPattern string) string {
	d := f.data
	var tip string
	if d.Has(chart.Label) {
		tip = d.Str(chart.Label, row) + "\n"
	} else if ch := f.pick(chart.Series, chart.Color); ch != "" {
		tip = d.Str(ch, row) + "\n"
	}
	if t, ok := d.Time(chart.X, row); ok && d.Type(chart.X, 0) == "time" {
		tip += d.Name(chart.X, 0) + ": " + FormatTime(float64(t.UnixMilli()), xPattern)
	} else {
		x, _ := d.Num(chart.X, row)
		tip += d.Name(chart.X, 0) + ": " + f.formatValue(chart.X, x)
	}
	y, _ := d.Num(chart.Y, row)
	tip += "\n" + d.Name(chart.Y, 0) + ": " + f.formatValue(chart.Y, y)
	if d.Has(chart.Size) {
		v, _ := d.Num(chart.Size, row)
		tip += "\n" + d.Name(chart.Size, 0) + ": " + f.formatValue(chart.Size, v)
	}
	return tip
}

// scatterLabels writes each point's label to its right, skipping labels
// that would overlap one already placed or leave the plot.
func (f *frame) scatterLabels(pts []scatterPoint, plot Rect) {
	var placed []Rect
	h := fontLabel.Size * lineHeight
	for i, q := range pts {
		if i >= labelCap {
			break
		}
		y, _ := f.data.Num(chart.Y, q.row)
		l := f.markLabel(chart.Y, q.row, y)
		w := TextWidth(l, fontLabel)
		r := Rect{q.x + q.r + 3, q.y - h/2, w, h}
		if l == "" || r.X+r.W > plot.X+plot.W || r.Y < plot.Y || r.Y+r.H > plot.Y+plot.H || collides(r, placed) {
			continue
		}
		placed = append(placed, r)
		f.text(r.X, q.y, l, fontLabel, f.theme.Text, AnchorStart, BaselineMiddle)
	}
}

// collides reports whether r overlaps any of rs.
func collides(r Rect, rs []Rect) bool {
	for _, o := range rs {
		if r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H {
			return true
		}
	}
	return false
}
