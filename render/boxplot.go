package render

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Boxplot, drawBoxplot) }

// boxStats is the five-number summary of one group, Tukey style.
type boxStats struct {
	q1, median, q3 float64
	lo, hi         float64   // whisker ends: extreme values within 1.5 IQR
	outliers       []float64 // values beyond the whiskers
	n              int
}

// tukey computes Tukey's hinges (the medians of the lower and upper
// halves, each including the median when n is odd), whiskers at the most
// extreme values within 1.5 IQR of the box, and the outliers beyond.
// vals is sorted in place; empty input gives n == 0.
func tukey(vals []float64) boxStats {
	sort.Float64s(vals)
	n := len(vals)
	if n == 0 {
		return boxStats{}
	}
	b := boxStats{n: n, median: median(vals)}
	b.q1 = median(vals[:(n+1)/2])
	b.q3 = median(vals[n/2:])
	iqr := b.q3 - b.q1
	lf, uf := b.q1-1.5*iqr, b.q3+1.5*iqr
	b.lo, b.hi = b.q1, b.q3
	for _, v := range vals {
		if v < lf || v > uf {
			b.outliers = append(b.outliers, v)
			continue
		}
		b.lo, b.hi = math.Min(b.lo, v), math.Max(b.hi, v)
	}
	return b
}

// median of sorted values.
func median(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// boxes are a boxplot's groups: a summary per (category, series).
type boxes struct {
	cats, series ordinal
	stats        map[[2]int]boxStats
	first        map[[2]int]int // first row of each group, for hit testing
}

// readBoxes groups the numeric values of vch by category and series and
// summarises each group.
func (f *frame) readBoxes(cch, vch chart.Channel) *boxes {
	d := f.data
	bx := &boxes{stats: map[[2]int]boxStats{}, first: map[[2]int]int{}}
	groups := map[[2]int][]float64{}
	for row := 0; row < d.Len(); row++ {
		v, ok := d.Num(vch, row)
		if !ok {
			continue
		}
		k := [2]int{bx.cats.of(d.Str(cch, row)), 0}
		if d.Has(chart.Series) {
			k[1] = bx.series.of(d.Str(chart.Series, row))
		}
		if _, ok := bx.first[k]; !ok {
			bx.first[k] = row
		}
		groups[k] = append(groups[k], v)
	}
	for k, vs := range groups {
		bx.stats[k] = tukey(vs)
	}
	return bx
}

// drawBoxplot summarises the raw values of each category (and series) as
// a box from Q1 to Q3 with the median, whiskers and outlier dots;
// options.horizontal lays the boxes along the y axis.
func drawBoxplot(f *frame) error {
	cch, vch := f.pick(chart.X, chart.Category), f.pick(chart.Y, chart.Value)
	if cch == "" || vch == "" {
		return errors.New("a boxplot needs encoding.x (categories) and encoding.y (values)")
	}
	d := f.data
	bx := f.readBoxes(cch, vch)
	if len(bx.stats) == 0 {
		f.emptyState("No values to show")
		return nil
	}
	cats, names, stats, first := bx.cats.names, bx.series.names, bx.stats, bx.first
	legend := func() {
		if len(names) > 1 {
			f.legend(names)
		}
	}
	e := newExtent()
	for k, b := range stats {
		if f.isHidden(k[1]) {
			continue
		}
		e.add(b.lo)
		e.add(b.hi)
		for _, o := range b.outliers {
			e.add(o)
		}
	}
	if e.empty() && f.allHidden(max(len(names), 1)) {
		f.noValues(max(len(names), 1), legend)
		return nil
	}
	legend()
	slot, ns := f.slots(max(len(names), 1))
	xd := axisDef{kind: axisBand, cats: cats, cfg: f.spec.XAxis, title: d.Name(cch, 0), inner: 0.3}
	yd := axisDef{kind: axisLinear, lo: e.lo, hi: e.hi, cfg: f.spec.YAxis, title: d.Name(vch, 0), pattern: f.numberPattern(vch), grid: true}
	if f.spec.YAxis.Scale == "log" {
		f.note("log scale ignored for boxplots")
		yd.cfg.Scale = ""
	}
	horizontal := f.spec.Options.Horizontal
	if horizontal {
		xd, yd = yd, xd
	}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	band, val := p.x.(*bandScale), p.y
	if horizontal {
		band, val = p.y.(*bandScale), p.x
	}
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	for s := range slot {
		if slot[s] < 0 {
			continue
		}
		name := d.Name(vch, 0)
		if s < len(names) {
			name = names[s]
		}
		col := f.color(s)
		f.series(s, name, func() {
			for ci := range cats {
				k := [2]int{ci, s}
				b, ok := stats[k]
				if !ok {
					continue
				}
				x0, x1 := barSlot(band, ci, slot[s], ns, false)
				f.mark(Meta{Series: s, Index: first[k], Tooltip: f.boxTooltip(cats[ci], name, len(names) > 1, b, vch)}, func() {
					f.drawBox(val, b, x0, x1, horizontal, col)
				})
			}
		})
	}
	f.c.End()
	p.drawAxes()
	return nil
}

// drawBox draws one box spanning c0..c1 across the category axis, with
// values mapped by val (vertical boxes, or horizontal ones).
func (f *frame) drawBox(val scale, b boxStats, c0, c1 float64, horizontal bool, col Color) {
	// at returns screen coordinates for a category-axis position c and a
	// value-axis pixel v.
	at := func(c, v float64) (float64, float64) {
		if horizontal {
			return v, c
		}
		return c, v
	}
	line := func(ca, va, cb, vb float64, st Style) {
		x0, y0 := at(ca, va)
		x1, y1 := at(cb, vb)
		f.c.Line(x0, y0, x1, y1, st)
	}
	cm := (c0 + c1) / 2
	capW := (c1 - c0) * 0.25
	st := Style{Stroke: col, StrokeWidth: 1.5}
	vq1, vq3, vmed := val.Map(b.q1), val.Map(b.q3), val.Map(b.median)
	vlo, vhi := val.Map(b.lo), val.Map(b.hi)
	// Whiskers first, under the box.
	line(cm, vq3, cm, vhi, st)
	line(cm, vq1, cm, vlo, st)
	line(cm-capW, vhi, cm+capW, vhi, st)
	line(cm-capW, vlo, cm+capW, vlo, st)
	x0, y0 := at(c0, math.Min(vq1, vq3))
	x1, y1 := at(c1, math.Max(vq1, vq3))
	f.c.Rect(x0, y0, x1-x0, y1-y0, Style{Fill: col.Alpha(0.25), Stroke: col, StrokeWidth: 1.5})
	line(c0, vmed, c1, vmed, Style{Stroke: col, StrokeWidth: 2.5})
	for _, o := range b.outliers {
		x, y := at(cm, val.Map(o))
		f.c.Circle(x, y, 2.5, Style{Fill: f.theme.Background, Stroke: col, StrokeWidth: 1.2})
	}
}

func (f *frame) boxTooltip(cat, series string, withSeries bool, b boxStats, vch chart.Channel) string {
	v := func(x float64) string { return f.formatValue(vch, x) }
	tip := cat
	if withSeries {
		tip += " · " + series
	}
	tip += fmt.Sprintf("\nmax %s\nQ3 %s\nmedian %s\nQ1 %s\nmin %s\nn = %d", v(b.hi), v(b.q3), v(b.median), v(b.q1), v(b.lo), b.n)
	if len(b.outliers) > 0 {
		tip += fmt.Sprintf(" (%d outliers)", len(b.outliers))
	}
	return tip
}
