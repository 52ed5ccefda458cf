package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Polar, drawPolar) }

// drawPolar draws a polar bar chart: one sector per category around the
// circle, bars growing outwards from a small hole by value, series side
// by side in the sector (or stacked with spec.stack "stack").
func drawPolar(f *frame) error {
	if f.pick(chart.Category) == "" || f.pick(chart.Value) == "" {
		return errors.New("a polar chart needs encoding.category (the sectors) and encoding.value")
	}
	t, err := f.pivot(chart.Category, axisBand, chart.Value)
	if err != nil {
		return err
	}
	n, m := len(t.cats), len(t.names)
	if n == 0 || m == 0 {
		f.emptyState("No data")
		return nil
	}
	stacked := f.spec.Stack == "stack" || f.spec.Stack == "percent"
	f.hideSeries(t)
	// Interval each bar spans, in values.
	lo, hi := make([][]float64, m), make([][]float64, m)
	for s := range lo {
		lo[s], hi[s] = make([]float64, n), make([]float64, n)
	}
	for k := 0; k < n; k++ {
		pos, neg := 0.0, 0.0
		for s := 0; s < m; s++ {
			v := t.vals[s][k]
			switch {
			case !finite(v):
				lo[s][k], hi[s][k] = math.NaN(), math.NaN()
			case stacked && v >= 0:
				lo[s][k], hi[s][k] = pos, pos+v
				pos += v
			case stacked:
				lo[s][k], hi[s][k] = neg+v, neg
				neg += v
			default:
				lo[s][k], hi[s][k] = math.Min(0, v), math.Max(0, v)
			}
		}
	}
	if m > 1 {
		f.legend(t.names)
	}
	pl := f.plot
	lw := 0.0
	for _, c := range t.cats {
		lw = math.Max(lw, TextWidth(c, fontLabel))
	}
	lw = math.Min(lw, pl.W*0.2)
	R := math.Min(pl.W/2-lw-12, pl.H/2-fontLabel.Size-10)
	if R < 16 {
		f.emptyState("Too small to draw")
		return nil
	}
	cx, cy := pl.X+pl.W/2, pl.Y+pl.H/2
	sc, ok := newRadialScale(append(lo, hi...), R*0.12, R)
	if !ok {
		if f.allHidden(m) {
			f.emptyState("Every series is hidden")
			return nil
		}
		f.emptyState("No numeric values")
		return nil
	}
	sector := 2 * math.Pi / float64(n)
	spokes := make([]float64, n)
	for k := range spokes {
		spokes[k] = sector * float64(k)
	}
	f.radialGrid(cx, cy, sc, 0, spokes)
	f.categoryLabels(cx, cy, R, t.cats, func(k int) float64 { return sector * (float64(k) + 0.5) }, lw)

	gap := sector * 0.12
	band := sector - 2*gap
	slot, slots := f.slots(m)
	if stacked {
		slots = 1
	}
	for s, name := range t.names {
		if slot[s] < 0 {
			continue
		}
		col := f.color(s)
		f.series(s, name, func() {
			for k := 0; k < n; k++ {
				if !finite(lo[s][k]) {
					continue
				}
				a0 := sector*float64(k) + gap
				if !stacked {
					a0 += band * float64(slot[s]) / float64(slots)
				}
				a1 := a0 + band/float64(slots)
				r0, r1 := sc.r(lo[s][k]), sc.r(hi[s][k])
				v := t.vals[s][k]
				tip := fmt.Sprintf("%s: %s", t.cats[k], f.formatValue(chart.Value, v))
				if m > 1 {
					tip = fmt.Sprintf("%s · %s: %s", name, t.cats[k], f.formatValue(chart.Value, v))
				}
				f.mark(Meta{Series: s, Index: k, Tooltip: tip}, func() {
					f.c.Path(sectorPath(cx, cy, r0, math.Max(r1, r0+0.5), a0, a1), Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 0.5})
					if f.spec.Options.ShowLabels {
						f.polarValueLabel(cx, cy, r1, (a0+a1)/2, a1-a0, f.formatValue(chart.Value, v), col)
					}
				})
			}
		})
	}
	f.radialTickLabels(cx, cy, sc, f.numberPattern(chart.Value))
	return nil
}

// polarValueLabel writes a bar's value just inside its outer end when the
// bar is wide enough there.
func (f *frame) polarValueLabel(cx, cy, r, a, span float64, s string, bg Color) {
	w := TextWidth(s, fontTick)
	if span*r < fontTick.Size+2 || r < w+8 {
		return
	}
	x, y := polarXY(cx, cy, r-4-w/2, a)
	f.text(x, y, s, fontTick, f.contrast(bg), AnchorMiddle, BaselineMiddle)
}
