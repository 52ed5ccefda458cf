package render

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Candlestick, drawCandlestick) }

// candle is one OHLC row.
type candle struct {
	x                      float64 // x value (Unix ms, number or category index)
	open, high, low, close float64
	row                    int
}

// drawCandlestick draws OHLC candles: a wick from low to high and a body
// from open to close, in the theme's Positive colour when the close is at
// or above the open and Negative otherwise (blue/orange, not green/red,
// so colour-blind readers can tell them apart).
func drawCandlestick(f *frame) error {
	d := f.data
	xch := f.pick(chart.X, chart.Category)
	for _, ch := range []chart.Channel{chart.Open, chart.High, chart.Low, chart.Close} {
		if !d.Has(ch) {
			return fmt.Errorf("a candlestick chart needs encoding.%s", ch)
		}
	}
	if xch == "" {
		return errors.New("a candlestick chart needs encoding.x")
	}
	kind := f.axisKindFor(xch, f.spec.XAxis, true)
	if kind == axisLog {
		kind = axisLinear
	}
	// Prices come by day, often as text (SQLite has no date type): a time
	// axis spaces the days and labels months flat, where 250 rotated
	// dates would crowd the axis.
	if kind == axisBand && f.spec.XAxis.Scale != "category" && f.textIsTime(xch) {
		kind = axisTime
	}
	var cs []candle
	var cats []string
	catIdx := map[string]int{}
	e, xe := newExtent(), newExtent()
	for row := 0; row < d.Len(); row++ {
		xv, xs, ok := f.xValue(xch, kind, row)
		o, ok1 := d.Num(chart.Open, row)
		h, ok2 := d.Num(chart.High, row)
		l, ok3 := d.Num(chart.Low, row)
		c, ok4 := d.Num(chart.Close, row)
		if !ok || !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if kind == axisBand {
			i, seen := catIdx[xs]
			if !seen {
				i = len(cats)
				catIdx[xs] = i
				cats = append(cats, xs)
			}
			xv = float64(i)
		}
		// Tolerate inconsistent rows: the wick spans all four values.
		h, l = math.Max(h, math.Max(o, c)), math.Min(l, math.Min(o, c))
		cs = append(cs, candle{xv, o, h, l, c, row})
		e.add(l)
		e.add(h)
		xe.add(xv)
	}
	if len(cs) == 0 {
		f.emptyState("No values to show")
		return nil
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].x < cs[j].x })
	f.legendColors([]string{"Rising", "Falling"}, []Color{f.theme.Positive, f.theme.Negative})
	xd := axisDef{kind: kind, cats: cats, lo: xe.lo, hi: xe.hi, cfg: f.spec.XAxis, title: d.Name(xch, 0), pattern: f.xPattern(xch, kind), inner: 0.3}
	if kind != axisBand && len(cs) > 1 {
		// Half a candle of room at each end.
		gap := minGap(cs)
		xd.lo, xd.hi = xe.lo-gap/2, xe.hi+gap/2
	}
	yd := axisDef{kind: axisLinear, lo: e.lo, hi: e.hi, cfg: f.spec.YAxis, pattern: f.numberPattern(chart.Close), grid: true}
	if yd.cfg.Scale == "log" && e.lo > 0 {
		yd.kind = axisLog
	}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	width := candleWidth(p, cs, kind)
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	for _, c := range cs {
		c := c
		col, class := f.theme.Positive, 0 // legend entries: Rising, Falling
		if c.close < c.open {
			col, class = f.theme.Negative, 1
		}
		if f.isHidden(class) {
			continue
		}
		xm := p.x.Map(c.x)
		yo, yc, yh, yl := p.y.Map(c.open), p.y.Map(c.close), p.y.Map(c.high), p.y.Map(c.low)
		tip := fmt.Sprintf("%s\nopen %s\nhigh %s\nlow %s\nclose %s", f.candleX(c, kind, cats, xd.format()),
			f.formatValue(chart.Open, c.open), f.formatValue(chart.High, c.high), f.formatValue(chart.Low, c.low), f.formatValue(chart.Close, c.close))
		f.mark(Meta{Series: -1, Index: c.row, Tooltip: tip}, func() {
			f.c.Line(xm, yh, xm, yl, Style{Stroke: col, StrokeWidth: 1})
			h := math.Max(math.Abs(yc-yo), 1)
			f.c.Rect(xm-width/2, math.Min(yo, yc), width, h, Style{Fill: col})
		})
	}
	f.c.End()
	p.drawAxes()
	return nil
}

// minGap is the smallest positive distance between consecutive x values.
func minGap(cs []candle) float64 {
	g := math.Inf(1)
	for i := 1; i < len(cs); i++ {
		if d := cs[i].x - cs[i-1].x; d > 0 && d < g {
			g = d
		}
	}
	if math.IsInf(g, 1) {
		return 1
	}
	return g
}

// candleWidth is 70% of the tightest spacing between candles, at least
// 1 px and at most 40 px.
func candleWidth(p *plane, cs []candle, kind axisKind) float64 {
	var w float64
	if b, ok := p.x.(*bandScale); ok {
		w = math.Abs(b.bandwidth())
	} else {
		g := minGap(cs)
		w = math.Abs(p.x.Map(cs[0].x+g)-p.x.Map(cs[0].x)) * 0.7
		if len(cs) == 1 {
			w = 12
		}
	}
	return math.Max(1, math.Min(w, 40))
}

func (f *frame) candleX(c candle, kind axisKind, cats []string, pattern string) string {
	switch kind {
	case axisBand:
		return cats[int(c.x)]
	case axisTime:
		return FormatTime(c.x, pattern)
	}
	return FormatNumber(c.x, pattern)
}
