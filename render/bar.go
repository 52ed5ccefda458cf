package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Bar, drawBar) }

// barLayout is a bar chart's data after stacking: for each series and
// category the value interval [lo, hi] the bar spans.
type barLayout struct {
	t        *table
	lo, hi   [][]float64
	stack    string // "", "stack", "percent"
	valueExt extent
}

// stackBars computes bar intervals: side by side from zero, stacked
// (positive values upwards and negative downwards, each from zero), or
// stacked as shares of the category's total absolute value.
func stackBars(t *table, stack string) *barLayout {
	bl := &barLayout{t: t, stack: stack, valueExt: newExtent()}
	ns, nk := len(t.names), len(t.keys)
	bl.lo, bl.hi = make([][]float64, ns), make([][]float64, ns)
	for s := 0; s < ns; s++ {
		bl.lo[s], bl.hi[s] = make([]float64, nk), make([]float64, nk)
	}
	for k := 0; k < nk; k++ {
		total := 0.0
		for s := 0; s < ns; s++ {
			if v := t.vals[s][k]; finite(v) {
				total += math.Abs(v)
			}
		}
		pos, neg := 0.0, 0.0
		for s := 0; s < ns; s++ {
			v := t.vals[s][k]
			if !finite(v) {
				bl.lo[s][k], bl.hi[s][k] = math.NaN(), math.NaN()
				continue
			}
			switch stack {
			case "stack", "percent":
				if stack == "percent" {
					if total == 0 {
						v = 0
					} else {
						v /= total
					}
				}
				if v >= 0 {
					bl.lo[s][k], bl.hi[s][k] = pos, pos+v
					pos += v
				} else {
					bl.lo[s][k], bl.hi[s][k] = neg+v, neg
					neg += v
				}
			default:
				bl.lo[s][k], bl.hi[s][k] = math.Min(0, v), math.Max(0, v)
			}
			bl.valueExt.add(bl.lo[s][k])
			bl.valueExt.add(bl.hi[s][k])
		}
	}
	return bl
}

// drawBar draws vertical or horizontal bars, grouped or stacked, with the
// category axis from x (or category) and values from y (or value).
func drawBar(f *frame) error {
	xch, ych := f.pick(chart.X, chart.Category), f.pick(chart.Y, chart.Value)
	if xch == "" || ych == "" {
		return errors.New("a bar chart needs encoding.x (categories) and encoding.y (values)")
	}
	t, err := f.pivot(xch, axisBand, ych)
	if err != nil {
		return err
	}
	stack := f.spec.Stack
	if len(t.names) < 2 && stack == "stack" {
		stack = ""
	}
	f.hideSeries(t)
	legend := func() {
		if len(t.names) > 1 {
			f.legend(t.names)
		}
	}
	bl := stackBars(t, stack)
	if bl.valueExt.empty() {
		f.noValues(len(t.names), legend)
		return nil
	}
	legend()
	horizontal := f.spec.Options.Horizontal
	catDef := axisDef{kind: axisBand, cats: t.cats, cfg: f.spec.XAxis, title: f.data.Name(xch, 0), inner: 0.2}
	valDef := axisDef{kind: axisLinear, lo: bl.valueExt.lo, hi: bl.valueExt.hi, zero: true, cfg: f.spec.YAxis,
		pattern: f.numberPattern(ych), grid: true}
	if len(t.names) == 1 {
		valDef.title = t.names[0]
	}
	if stack == "percent" {
		valDef.pattern = "0%"
	}
	if valDef.cfg.Scale == "log" {
		if stack != "" {
			f.note("log scale ignored for stacked bars")
		} else {
			valDef.kind = axisLog
			valDef.zero = false
			if n := countNonPositive(t.vals); n > 0 {
				f.note(fmt.Sprintf("%d values ≤ 0 not shown on the log scale", n))
			}
			valDef.lo = positiveMin(t.vals)
			valDef.hi = bl.valueExt.hi
		}
	}
	xd, yd := catDef, valDef
	if horizontal {
		xd, yd = valDef, catDef
	}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	cat, val := p.x, p.y
	if horizontal {
		cat, val = p.y, p.x
	}
	band := cat.(*bandScale)
	base := baseline(val)
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	slot, ns := f.slots(len(t.names))
	for s := range t.names {
		if f.isHidden(s) {
			continue
		}
		col := f.color(s)
		f.series(s, t.names[s], func() {
			for k := range t.keys {
				lo, hi := bl.lo[s][k], bl.hi[s][k]
				if math.IsNaN(lo) {
					continue
				}
				c0, c1 := barSlot(band, k, slot[s], ns, stack != "")
				v0, v1 := mapOr(val, lo, base), mapOr(val, hi, base)
				if math.IsNaN(v0) || math.IsNaN(v1) {
					continue
				}
				r := Rect{c0, math.Min(v0, v1), c1 - c0, math.Abs(v1 - v0)}
				if horizontal {
					r = Rect{math.Min(v0, v1), c0, math.Abs(v1 - v0), c1 - c0}
				}
				f.mark(Meta{Series: s, Index: t.rows[s][k], Tooltip: f.barTooltip(t, s, k, ych, stack)}, func() {
					f.c.Rect(r.X, r.Y, r.W, r.H, Style{Fill: col})
				})
			}
		})
	}
	f.c.End()
	if f.spec.Options.ShowLabels {
		f.barLabels(bl, band, val, horizontal, ych, p.plot)
	}
	p.drawAxes()
	return nil
}

// barSlot is the pixel span of series s's bar in band k: the whole band
// when stacked, else one of ns slots with a small gap between them.
func barSlot(b *bandScale, k, s, ns int, stacked bool) (float64, float64) {
	bw := b.bandwidth()
	start := b.Map(float64(k)) - bw/2
	if stacked || ns <= 1 {
		return start, start + bw
	}
	slot := bw / float64(ns)
	gap := math.Min(slot*0.1, 2)
	return start + slot*float64(s) + gap/2, start + slot*float64(s+1) - gap/2
}

// baseline is the value bars grow from on a log scale (its lower end);
// linear scales use zero.
func baseline(s scale) float64 {
	if l, ok := s.(*logScale); ok {
		return l.d0
	}
	return math.NaN()
}

// mapOr maps v, substituting base for values a log scale cannot show
// (the zero end of a bar).
func mapOr(s scale, v, base float64) float64 {
	if !math.IsNaN(base) && v <= 0 {
		v = base
	}
	return s.Map(v)
}

// positiveMin is the smallest positive finite value in vals.
func positiveMin(vals [][]float64) float64 {
	m := math.Inf(1)
	for _, vs := range vals {
		for _, v := range vs {
			if v > 0 && v < m && finite(v) {
				m = v
			}
		}
	}
	if math.IsInf(m, 1) {
		return 1
	}
	return m
}

func (f *frame) barTooltip(t *table, s, k int, ych chart.Channel, stack string) string {
	v := t.vals[s][k]
	txt := t.cats[k]
	if len(t.names) > 1 {
		txt += "\n" + t.names[s]
	}
	txt += ": " + f.formatValue(ych, v)
	if stack == "percent" {
		total := 0.0
		for ss := range t.vals {
			if x := t.vals[ss][k]; finite(x) {
				total += math.Abs(x)
			}
		}
		if total > 0 {
			txt += " (" + FormatNumber(math.Abs(v)/total, "0.0%") + ")"
		}
	}
	return txt
}

// barLabels writes each bar's value at its end (grouped bars) or inside
// its segment when the segment is large enough (stacked bars).
func (f *frame) barLabels(bl *barLayout, band *bandScale, val scale, horizontal bool, ych chart.Channel, plot Rect) {
	t := bl.t
	base := baseline(val)
	slot, ns := f.slots(len(t.names))
	for s := range t.names {
		if slot[s] < 0 {
			continue
		}
		for k := range t.keys {
			lo, hi := bl.lo[s][k], bl.hi[s][k]
			if math.IsNaN(lo) {
				continue
			}
			c0, c1 := barSlot(band, k, slot[s], ns, bl.stack != "")
			v0, v1 := mapOr(val, lo, base), mapOr(val, hi, base)
			if math.IsNaN(v0) || math.IsNaN(v1) {
				continue
			}
			label := f.markLabel(ych, t.rows[s][k], t.vals[s][k])
			if bl.stack == "percent" && !f.data.Has(chart.Label) {
				label = FormatNumber(math.Copysign(hi-lo, t.vals[s][k]), "0%")
			}
			w := TextWidth(label, fontLabel)
			cm := (c0 + c1) / 2
			neg := t.vals[s][k] < 0
			if bl.stack != "" {
				// Inside the segment, or nowhere if it does not fit.
				length, thick := math.Abs(v1-v0), c1-c0
				if horizontal && (length < w+6 || thick < fontLabel.Size+2) || !horizontal && (length < fontLabel.Size+4 || thick < w+4) {
					continue
				}
				col := f.contrast(f.color(s))
				vm := (v0 + v1) / 2
				if horizontal {
					f.text(vm, cm, label, fontLabel, col, AnchorMiddle, BaselineMiddle)
				} else {
					f.text(cm, vm, label, fontLabel, col, AnchorMiddle, BaselineMiddle)
				}
				continue
			}
			if !horizontal && c1-c0 < w*0.6 {
				continue // too narrow: labels would run into each other
			}
			// Outside the bar's end; inside it when that would leave the
			// plot (and the bar is long enough), else no label.
			col := f.theme.Text
			if horizontal {
				end, a := math.Max(v0, v1)+4, AnchorStart
				if neg {
					end, a = math.Min(v0, v1)-4, AnchorEnd
				}
				if end+w > plot.X+plot.W || end-w < plot.X && neg {
					if math.Abs(v1-v0) < w+8 {
						continue
					}
					end, a, col = math.Max(v0, v1)-4, AnchorEnd, f.contrast(f.color(s))
					if neg {
						end, a = math.Min(v0, v1)+4, AnchorStart
					}
				}
				f.text(end, cm, label, fontLabel, col, a, BaselineMiddle)
			} else {
				end, b := math.Min(v0, v1)-3, BaselineBottom
				if neg {
					end, b = math.Max(v0, v1)+3, BaselineTop
				}
				h := fontLabel.Size * lineHeight
				if end-h < plot.Y && !neg || end+h > plot.Y+plot.H && neg {
					if math.Abs(v1-v0) < h+6 {
						continue
					}
					end, b, col = math.Min(v0, v1)+3, BaselineTop, f.contrast(f.color(s))
					if neg {
						end, b = math.Max(v0, v1)-3, BaselineBottom
					}
				}
				f.text(cm, end, label, fontLabel, col, AnchorMiddle, b)
			}
		}
	}
}
