package render

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Gauge, drawGauge) }

// maxDials is the most gauges (or progress rings) drawn side by side; a
// gauge is about one number, so more rows are noted rather than crammed.
const maxDials = 12

// dial is one value on a scale, shared by the gauge and progress charts.
type dial struct {
	row             int
	label           string
	value, min, max float64
	target          float64 // NaN for none
	hasValue        bool
}

// dials reads one dial per row: value, min and max from the data, else
// from options.min/max, else (with toGoal, for progress towards a goal)
// up to the target when there is one, so 6.7M of a 7.5M target is 89%,
// else 0–100; the target likewise. A gauge's target is a threshold on
// its scale, not its end. Rows beyond
// maxDials are left out with a note.
func (f *frame) dials(limit int, toGoal bool) ([]dial, error) {
	vch := f.pick(chart.Value, chart.Y)
	if vch == "" {
		return nil, errors.New("needs encoding.value")
	}
	d := f.data
	o := f.spec.Options
	lch := f.pick(chart.Label, chart.Category)
	var out []dial
	for row := 0; row < d.Len() && len(out) < limit; row++ {
		g := dial{row: row, min: 0, max: 100, target: math.NaN()}
		g.value, g.hasValue = d.Num(vch, row)
		if o.Min != nil && finite(*o.Min) {
			g.min = *o.Min
		}
		maxSet := o.Max != nil && finite(*o.Max)
		if maxSet {
			g.max = *o.Max
		}
		if v, ok := d.Num(chart.Min, row); ok && d.Has(chart.Min) {
			g.min = v
		}
		if v, ok := d.Num(chart.Max, row); ok && d.Has(chart.Max) {
			g.max, maxSet = v, true
		}
		if o.Target != nil && finite(*o.Target) {
			g.target = *o.Target
		}
		if v, ok := d.Num(chart.Target, row); ok && d.Has(chart.Target) {
			g.target = v
		}
		if toGoal && !maxSet && finite(g.target) && g.target > g.min {
			g.max = g.target
		}
		if g.max < g.min {
			g.min, g.max = g.max, g.min
		}
		if g.max == g.min {
			g.max = g.min + 1
		}
		if lch != "" {
			g.label = d.Str(lch, row)
		}
		if g.label == "" && d.Len() > 1 {
			g.label = fmt.Sprintf("Row %d", row+1)
		}
		out = append(out, g)
	}
	if d.Len() > limit {
		f.note(fmt.Sprintf("first %d of %d rows shown", limit, d.Len()))
	}
	return out, nil
}

// frac is where v lies on the dial's scale, clamped to [0, 1].
func (g dial) frac(v float64) float64 {
	return math.Max(0, math.Min(1, (v-g.min)/(g.max-g.min)))
}

// tooltip describes the dial.
func (f *frame) dialTooltip(g dial) string {
	s := f.formatValue(chart.Value, g.value)
	if !g.hasValue {
		s = "no value"
	}
	if g.label != "" {
		s = g.label + ": " + s
	}
	s += fmt.Sprintf(" (scale %s–%s", f.formatValue(chart.Value, g.min), f.formatValue(chart.Value, g.max))
	if finite(g.target) {
		s += ", target " + f.formatValue(chart.Value, g.target)
	}
	return s + ")"
}

// gridCells splits r into n cells in the most square-ish grid.
func gridCells(r Rect, n int) []Rect {
	if n <= 0 {
		return nil
	}
	best, bestCols := math.Inf(1), 1
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		w, h := r.W/float64(cols), r.H/float64(rows)
		if w <= 0 || h <= 0 {
			continue
		}
		if a := math.Max(w/h, h/w); a < best {
			best, bestCols = a, cols
		}
	}
	rows := (n + bestCols - 1) / bestCols
	w, h := r.W/float64(bestCols), r.H/float64(rows)
	out := make([]Rect, n)
	for i := range out {
		out[i] = Rect{r.X + float64(i%bestCols)*w, r.Y + float64(i/bestCols)*h, w, h}
	}
	return out
}

// The gauge's arc runs 240°, from 8 o'clock over the top to 4 o'clock.
const (
	gaugeStart = -2 * math.Pi / 3
	gaugeSweep = 4 * math.Pi / 3
)

// drawGauge draws each row as a dial: a grey track over the scale, the
// value as a coloured arc with a needle, ticks at nice values, a target
// marker, and the value in large type.
func drawGauge(f *frame) error {
	gs, err := f.dials(maxDials, false)
	if err != nil {
		return err
	}
	cells := gridCells(f.plot, len(gs))
	for i, g := range gs {
		f.drawDial(i, g, cells[i])
	}
	return nil
}

func (f *frame) drawDial(i int, g dial, cell Rect) {
	// The arc's extent: a circle's top plus down to cos(60°) below the
	// centre, with room for the caption.
	caption := fontAxis.Size * 1.6
	R := math.Min((cell.W-16)/2, (cell.H-caption-8)/(1+0.5))
	if R < 12 {
		return
	}
	cx := cell.X + cell.W/2
	cy := cell.Y + (cell.H-caption-R*1.5)/2 + R
	thick := math.Max(4, R*0.16)
	rm := R - thick/2
	col := f.color(i)
	f.c.Path(sectorPath(cx, cy, R-thick, R, gaugeStart, gaugeStart+gaugeSweep), Style{Fill: f.theme.Grid})
	// Ticks, inside the arc.
	tf := Font{Size: math.Max(8, math.Min(11, R/9))}
	if R >= 50 {
		ticks, step := niceTicks(g.min, g.max, 5, false)
		pattern := f.numberPattern(chart.Value)
		if !strings.ContainsAny(pattern, "%$€£¥a") {
			// Ticks need no more decimals than their step, whatever
			// the value's format says.
			pattern = autoNumberPattern(step, math.Max(math.Abs(g.min), math.Abs(g.max)))
		}
		for _, t := range ticks {
			a := gaugeStart + gaugeSweep*g.frac(t)
			x0, y0 := polarXY(cx, cy, R-thick-2, a)
			x1, y1 := polarXY(cx, cy, R-thick-6, a)
			f.c.Line(x0, y0, x1, y1, Style{Stroke: f.theme.Axis, StrokeWidth: 1})
			x, y := polarXY(cx, cy, R-thick-9, a)
			f.text(x, y, FormatNumber(t, pattern), tf, f.theme.MutedText, anchorInward(a), BaselineMiddle)
		}
	}
	f.mark(Meta{Series: i, Index: g.row, Tooltip: f.dialTooltip(g)}, func() {
		if g.hasValue {
			a := gaugeStart + gaugeSweep*g.frac(g.value)
			if a > gaugeStart {
				f.c.Path(sectorPath(cx, cy, R-thick, R, gaugeStart, a), Style{Fill: col})
			}
			// Needle: a thin triangle from the hub to the arc.
			nx, ny := polarXY(cx, cy, rm-thick*0.2, a)
			bx, by := polarXY(cx, cy, math.Max(3, R*0.05), a+math.Pi/2)
			var p Path
			p.Move(nx, ny)
			p.Line(bx, by)
			p.Line(2*cx-bx, 2*cy-by)
			p.Close()
			f.c.Path(p, Style{Fill: f.theme.Text})
			f.c.Circle(cx, cy, math.Max(4, R*0.07), Style{Fill: f.theme.Text})
		}
		if finite(g.target) {
			a := gaugeStart + gaugeSweep*g.frac(g.target)
			x0, y0 := polarXY(cx, cy, R-thick-3, a)
			x1, y1 := polarXY(cx, cy, R+3, a)
			f.c.Line(x0, y0, x1, y1, Style{Stroke: f.theme.Text, StrokeWidth: 2.5})
		}
		vs := "–"
		if g.hasValue {
			vs = f.formatValue(chart.Value, g.value)
		}
		vf := Font{Size: math.Max(12, math.Min(36, R/3.2)), Bold: true}
		f.text(cx, cy+R*0.5, Truncate(vs, vf, R*1.6), vf, f.theme.Text, AnchorMiddle, BaselineBottom)
		if g.label != "" {
			f.text(cx, cy+R*0.5+6, Truncate(g.label, fontAxis, cell.W-8), fontAxis, f.theme.MutedText, AnchorMiddle, BaselineTop)
		}
	})
}

// anchorInward is the anchor for a tick label inside a circle at angle a:
// the label's far side faces the rim.
func anchorInward(a float64) Anchor {
	s := math.Sin(a)
	switch {
	case s > 0.3:
		return AnchorEnd
	case s < -0.3:
		return AnchorStart
	}
	return AnchorMiddle
}
