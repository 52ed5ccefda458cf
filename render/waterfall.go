package render

import (
	"errors"
	"math"
	"strings"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Waterfall, drawWaterfall) }

// waterStep is one bar of a waterfall.
type waterStep struct {
	label    string
	from, to float64 // running total before and after
	value    float64 // the change, or the total for total bars
	total    bool
	row      int
}

// isTotalLabel reports whether a category names a total bar: "Total",
// "Subtotal", "Grand total", "Total 2024"…, in any case.
func isTotalLabel(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return l == "total" || l == "subtotal" || strings.HasPrefix(l, "total ") || strings.HasPrefix(l, "subtotal ") ||
		strings.HasSuffix(l, " total") || strings.HasSuffix(l, " subtotal")
}

// waterfallSteps computes the running total. The rule for totals: a row
// whose category is a total label (see isTotalLabel) is drawn from zero
// to the running total so far, whatever its own value; and unless the
// last row is such a total, a final "Total" bar is added, so the chart
// always ends with the net result.
func waterfallSteps(labels []string, vals []float64, rows []int) []waterStep {
	var out []waterStep
	run := 0.0
	for i, l := range labels {
		if isTotalLabel(l) {
			out = append(out, waterStep{label: l, from: 0, to: run, value: run, total: true, row: rows[i]})
			continue
		}
		v := vals[i]
		if !finite(v) {
			continue
		}
		out = append(out, waterStep{label: l, from: run, to: run + v, value: v, row: rows[i]})
		run += v
	}
	if len(out) > 0 && !out[len(out)-1].total {
		out = append(out, waterStep{label: "Total", from: 0, to: run, value: run, total: true, row: -1})
	}
	return out
}

// drawWaterfall draws how a starting value is changed by a series of
// positive and negative steps: floating bars for changes (Positive and
// Negative theme colours), full bars for totals, and dashed connectors at
// the running total.
func drawWaterfall(f *frame) error {
	cch, vch := f.pick(chart.X, chart.Category), f.pick(chart.Y, chart.Value)
	if cch == "" || vch == "" {
		return errors.New("a waterfall chart needs encoding.x (steps) and encoding.y (changes)")
	}
	d := f.data
	var labels []string
	var vals []float64
	var rows []int
	for row := 0; row < d.Len(); row++ {
		v, ok := d.Num(vch, row)
		if !ok {
			v = math.NaN()
		}
		labels = append(labels, d.Str(cch, row))
		vals = append(vals, v)
		rows = append(rows, row)
	}
	steps := waterfallSteps(labels, vals, rows)
	if len(steps) == 0 {
		f.emptyState("No values to show")
		return nil
	}
	f.legendColors([]string{"Increase", "Decrease", "Total"}, []Color{f.theme.Positive, f.theme.Negative, f.theme.Total})
	cats := make([]string, len(steps))
	e := newExtent()
	for i, s := range steps {
		cats[i] = s.label
		e.add(s.from)
		e.add(s.to)
	}
	xd := axisDef{kind: axisBand, cats: cats, cfg: f.spec.XAxis, title: d.Name(cch, 0), inner: 0.25}
	yd := axisDef{kind: axisLinear, lo: e.lo, hi: e.hi, zero: true, cfg: f.spec.YAxis, title: d.Name(vch, 0), pattern: f.numberPattern(vch), grid: true}
	yd.cfg.Scale = ""
	p := f.newPlane(xd, yd)
	p.drawGrid()
	band := p.x.(*bandScale)
	bw := math.Abs(band.bandwidth())
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	conn := Style{Stroke: f.theme.Axis, StrokeWidth: 1, Dash: []float64{3, 3}}
	for i, s := range steps {
		s := s
		class := stepClass(s)
		col := []Color{f.theme.Positive, f.theme.Negative, f.theme.Total}[class]
		xm := band.Map(float64(i))
		y0, y1 := p.y.Map(s.from), p.y.Map(s.to)
		tip := s.label + ": " + f.formatValue(vch, s.value)
		if !s.total {
			tip += "\nrunning total: " + f.formatValue(vch, s.to)
		}
		if !f.isHidden(class) {
			// A hidden class leaves a gap; the running total and the
			// connectors stay, so the steps still add up.
			f.mark(Meta{Series: -1, Index: s.row, Tooltip: tip}, func() {
				f.c.Rect(xm-bw/2, math.Min(y0, y1), bw, math.Max(math.Abs(y1-y0), 1), Style{Fill: col})
			})
		}
		if i+1 < len(steps) {
			yc := snap(y1)
			f.c.Line(xm+bw/2, yc, band.Map(float64(i+1))-bw/2, yc, conn)
		}
	}
	f.c.End()
	if f.spec.Options.ShowLabels {
		for i, s := range steps {
			if f.isHidden(stepClass(s)) {
				continue
			}
			l := f.formatValue(vch, s.value)
			if !s.total && s.value > 0 {
				l = "+" + l
			}
			if TextWidth(l, fontLabel) > bw*1.6 {
				continue
			}
			y := math.Min(p.y.Map(s.from), p.y.Map(s.to)) - 3
			f.text(band.Map(float64(i)), y, l, fontLabel, f.theme.Text, AnchorMiddle, BaselineBottom)
		}
	}
	p.drawAxes()
	return nil
}

// stepClass is a step's legend entry: 0 increase, 1 decrease, 2 total.
func stepClass(s waterStep) int {
	switch {
	case s.total:
		return 2
	case s.value < 0:
		return 1
	}
	return 0
}
