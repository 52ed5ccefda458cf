package render

import (
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

// axisKind is the kind of scale an axis uses.
type axisKind int

const (
	axisLinear axisKind = iota
	axisLog
	axisTime
	axisBand
)

// axisDef is what a drawer knows about one axis before layout: its kind,
// the data's extent or categories, and the spec's settings.
type axisDef struct {
	kind    axisKind
	lo, hi  float64  // data extent (continuous kinds)
	cats    []string // categories (band)
	zero    bool     // the domain must include 0 (bars, stacked areas)
	cfg     chart.Axis
	title   string  // used when cfg.Title is empty
	pattern string  // number or date format; cfg.Format wins
	grid    bool    // default for cfg.Grid
	inner   float64 // band padding (fraction of a step)
	// offset is the position of the first category of a band axis cut
	// by a zoom window, so PlotArea reports positions of the whole axis.
	offset float64
}

// Label geometry.
const (
	tickLen    = 4.0
	labelGap   = 6.0
	titleGap   = 8.0
	rotation   = -45.0
	sin45      = 0.7071067811865476
	lineHeight = 1.2
)

// labelMode is how category labels on a horizontal axis are placed.
type labelMode int

const (
	labelsFlat labelMode = iota
	labelsRotated
)

// plane is a laid-out cartesian coordinate system: two scales and the
// plot rectangle they map onto.
type plane struct {
	f      *frame
	xd, yd axisDef
	x, y   scale
	plot   Rect
	xTicks []tick
	yTicks []tick
	// xMode, xSkip and xMaxW place the labels of a band x axis: flat or
	// rotated, every xSkip-th one, truncated to xMaxW pixels.
	xMode labelMode
	xSkip int
	xMaxW float64
	// yMaxW truncates the labels of a band y axis; ySkip thins them.
	yMaxW float64
	ySkip int
}

// axisTitle is the axis's title: the spec's, else the drawer's default.
func (d axisDef) axisTitle() string {
	if d.cfg.Title != "" {
		return d.cfg.Title
	}
	return d.title
}

func (d axisDef) format() string {
	if d.cfg.Format != "" {
		return d.cfg.Format
	}
	return d.pattern
}

func (d axisDef) showGrid() bool {
	if d.cfg.Grid != nil {
		return *d.cfg.Grid
	}
	return d.grid
}

// makeScale builds d's scale for about n ticks.
func (d axisDef) makeScale(n int) scale {
	switch d.kind {
	case axisBand:
		return newBand(d.cats, d.inner)
	case axisLog:
		return newLog(d.lo, d.hi, d.cfg.Min, d.cfg.Max, d.format())
	case axisTime:
		return newTime(d.lo, d.hi, d.cfg.Min, d.cfg.Max, d.format())
	}
	lo, hi := d.lo, d.hi
	if lo > hi { // empty extent
		lo, hi = 0, 1
	}
	if d.zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	return newLinear(lo, hi, n, d.cfg.Min, d.cfg.Max, d.format())
}

// newPlane lays out axes x and y in the frame's plot area: it measures
// tick labels to size the margins, places category labels so they do not
// collide, and takes the result from f.plot.
func (f *frame) newPlane(xd, yd axisDef) *plane {
	p := &plane{f: f, xd: xd, yd: yd, xSkip: 1, ySkip: 1}
	area := f.plot
	// Two passes: the y labels' width depends on the plot height, which
	// depends on the x labels' height, which depends on the plot width.
	left, bottom := 40.0, 24.0
	for pass := 0; pass < 2; pass++ {
		h := math.Max(area.H-bottom, 10)
		left = p.layoutY(h, area.W)
		w := math.Max(area.W-left, 10)
		var right float64
		bottom, right = p.layoutX(w, area.H)
		if p.xd.kind == axisBand && p.xMode == labelsRotated && !p.xd.cfg.Hidden {
			// The first rotated label reaches left of its band.
			b := p.x.(*bandScale)
			need := p.xMaxW*sin45 + fontTick.Size - math.Abs(b.step())/2
			left = math.Max(left, math.Min(need, area.W*0.3))
		}
		if pass == 1 {
			p.plot = Rect{area.X + left, area.Y + fontTick.Size/2, math.Max(area.W-left-right, 1), math.Max(area.H-bottom-fontTick.Size/2, 1)}
		}
	}
	p.x.setRange(p.plot.X, p.plot.X+p.plot.W)
	p.y.setRange(p.plot.Y+p.plot.H, p.plot.Y)
	if b, ok := p.y.(*bandScale); ok {
		// Categories read top to bottom.
		b.setRange(p.plot.Y, p.plot.Y+p.plot.H)
	}
	// Ticks again now that the final lengths are known; a linear domain
	// then ends on the ticks' step, so the top gridline is the top of the
	// plot.
	p.yTicks = snapDomain(p.y, p.fitVertical(p.plot.H), p.yd.cfg)
	p.xTicks = snapDomain(p.x, p.fitHorizontal(p.plot.W), p.xd.cfg)
	f.plot = p.plot
	f.c.S.Plot = p.plotArea()
	return p
}

// layoutY sizes the left margin for plot height h.
func (p *plane) layoutY(h, areaW float64) float64 {
	if p.yd.cfg.Hidden {
		p.y = p.yd.makeScale(5)
		p.y.setRange(h, 0)
		return 0
	}
	p.y = p.yd.makeScale(tickCount(h, 40))
	p.y.setRange(h, 0)
	if b, ok := p.y.(*bandScale); ok {
		b.setRange(0, h)
	}
	p.yTicks = p.fitVertical(h)
	w := 0.0
	for _, t := range p.yTicks {
		w = math.Max(w, TextWidth(t.label, fontTick))
	}
	if p.yd.kind == axisBand {
		p.yMaxW = math.Min(w, math.Max(areaW*0.3, 40))
		w = p.yMaxW
	}
	left := w + labelGap
	if p.yd.axisTitle() != "" {
		left += fontAxis.Size*lineHeight + titleGap
	}
	return left
}

// layoutX sizes the bottom margin for plot width w and returns it with
// the right margin that the last label needs.
func (p *plane) layoutX(w, areaH float64) (bottom, right float64) {
	p.x = p.xd.makeScale(tickCount(w, 90))
	p.x.setRange(0, w)
	if p.xd.cfg.Hidden {
		return 0, 0
	}
	p.xTicks = p.fitHorizontal(w)
	labelH := fontTick.Size * lineHeight
	if p.xd.kind == axisBand && p.xMode == labelsRotated {
		labelH = p.xMaxW*sin45 + fontTick.Size*sin45
	}
	bottom = tickLen + labelGap/2 + labelH
	if p.xd.axisTitle() != "" {
		bottom += fontAxis.Size*lineHeight + titleGap
	}
	if p.xd.kind != axisBand && len(p.xTicks) > 0 {
		last := p.xTicks[len(p.xTicks)-1]
		over := p.x.Map(last.v) + TextWidth(last.label, fontTick)/2 - w
		right = math.Max(0, over-pad/2)
	}
	return bottom, right
}

// snapDomain widens a linear scale's domain to multiples of the step of
// ticks (ends fixed by the axis's min or max stay) and returns its ticks
// at that step.
func snapDomain(s scale, ticks []tick, cfg chart.Axis) []tick {
	ls, ok := s.(*linearScale)
	if !ok || len(ticks) < 2 {
		return ticks
	}
	step := ticks[1].v - ticks[0].v
	if !(step > 0) {
		return ticks
	}
	if cfg.Min == nil {
		ls.d0 = math.Min(ls.d0, math.Floor(ls.d0/step+1e-9)*step)
	}
	if cfg.Max == nil {
		ls.d1 = math.Max(ls.d1, math.Ceil(ls.d1/step-1e-9)*step)
	}
	ls.step = step
	return ls.Ticks(0)
}

// tickCount is how many ticks suit an axis length with spacing px.
func tickCount(length, spacing float64) int {
	n := int(length / spacing)
	return max(2, min(n, 12))
}

// fitVertical picks y ticks (and, for a band axis, which labels to show)
// for plot height h so that labels do not overlap.
func (p *plane) fitVertical(h float64) []tick {
	if b, ok := p.y.(*bandScale); ok {
		step := math.Abs(b.step())
		p.ySkip = 1
		if step > 0 && step < fontTick.Size*lineHeight {
			p.ySkip = int(math.Ceil(fontTick.Size * lineHeight / step))
		}
		return b.Ticks(0)
	}
	minGap := fontTick.Size * 2
	if ls, ok := p.y.(*linearScale); ok {
		return fitLinear(ls, func(ts []tick) bool { return spacedEnough(ts, ls, minGap, nil) })
	}
	for n := tickCount(h, 40); n >= 2; n-- {
		ts := p.y.Ticks(n)
		if spacedEnough(ts, p.y, minGap, nil) {
			return ts
		}
	}
	return p.y.Ticks(2)
}

// fitHorizontal picks x ticks for plot width w. Continuous axes get fewer
// ticks until labels fit; a band axis keeps every category and chooses
// flat labels, thinned flat labels, or rotated labels (thinned and
// truncated as needed), in that order of preference.
func (p *plane) fitHorizontal(w float64) []tick {
	b, ok := p.x.(*bandScale)
	if !ok {
		width := func(t tick) float64 { return TextWidth(t.label, fontTick) + 10 }
		if ls, ok := p.x.(*linearScale); ok {
			return fitLinear(ls, func(ts []tick) bool { return spacedEnough(ts, ls, 0, width) })
		}
		for n := tickCount(w, 90); n >= 2; n-- {
			ts := p.x.Ticks(n)
			if spacedEnough(ts, p.x, 0, width) {
				return ts
			}
		}
		ts := p.x.Ticks(2)
		if len(ts) > 2 {
			ts = []tick{ts[0], ts[len(ts)-1]}
		}
		return ts
	}
	ts := b.Ticks(0)
	step := math.Abs(b.step())
	maxW := 0.0
	for _, t := range ts {
		maxW = math.Max(maxW, TextWidth(t.label, fontTick))
	}
	flatSkip := skipFor(maxW+8, step)
	rotSkip := skipFor(fontTick.Size*lineHeight/sin45, step)
	// Short labels (numbers, codes) read better flat and thinned than
	// rotated.
	if flatSkip <= rotSkip || maxW <= 4*fontTick.Size {
		p.xMode, p.xSkip = labelsFlat, flatSkip
		p.xMaxW = math.Min(maxW, math.Max(step*float64(flatSkip)-8, 0))
		return ts
	}
	p.xMode, p.xSkip = labelsRotated, rotSkip
	// Rotated labels may take at most ~35% of the chart's height.
	capW := math.Max(p.f.plot.H*0.35/sin45, 30)
	p.xMaxW = math.Min(maxW, math.Min(capW, 160))
	return ts
}

// fitLinear coarsens a linear scale's tick step (starting from the step
// its domain was widened with) until fits accepts the ticks.
func fitLinear(ls *linearScale, fits func([]tick) bool) []tick {
	for i := 0; i < 40; i++ {
		ts := ls.Ticks(0)
		if len(ts) == 0 && ls.d1-ls.d0 > ls.step*1000 {
			ls.coarser() // a step far too fine for the domain
			continue
		}
		if len(ts) <= 2 || fits(ts) {
			return ts
		}
		ls.coarser()
	}
	return ls.Ticks(0)
}

// skipFor is how many steps a label of width need must span.
func skipFor(need, step float64) int {
	if step <= 0 {
		return 1
	}
	k := int(math.Ceil(need/step - 1e-9))
	return max(k, 1)
}

// spacedEnough reports whether consecutive ticks are at least minGap apart
// or, with width, far enough apart for their labels.
func spacedEnough(ts []tick, s scale, minGap float64, width func(tick) float64) bool {
	for i := 1; i < len(ts); i++ {
		d := math.Abs(s.Map(ts[i].v) - s.Map(ts[i-1].v))
		need := minGap
		if width != nil {
			need = (width(ts[i]) + width(ts[i-1])) / 2
		}
		if d < need {
			return false
		}
	}
	return true
}

// drawGrid draws grid lines and the zero line; call it before the marks.
func (p *plane) drawGrid() {
	f, r := p.f, p.plot
	st := Style{Stroke: f.theme.Grid, StrokeWidth: 1}
	if p.yd.showGrid() && p.yd.kind != axisBand {
		for _, t := range p.yTicks {
			y := snap(p.y.Map(t.v))
			f.c.Line(r.X, y, r.X+r.W, y, st)
		}
	}
	if p.xd.showGrid() && p.xd.kind != axisBand {
		for _, t := range p.xTicks {
			x := snap(p.x.Map(t.v))
			f.c.Line(x, r.Y, x, r.Y+r.H, st)
		}
	}
}

// drawAxes draws axis lines, tick labels and titles; call it after the
// marks so the baseline stays on top.
func (p *plane) drawAxes() {
	f, r := p.f, p.plot
	axis := Style{Stroke: f.theme.Axis, StrokeWidth: 1}
	muted := f.theme.MutedText
	// Zero lines where marks grow from zero (bars, areas) and the axis
	// crosses it inside the plot.
	if ls, ok := p.y.(*linearScale); ok && p.yd.zero && ls.d0 < 0 && ls.d1 > 0 {
		y := snap(ls.Map(0))
		f.c.Line(r.X, y, r.X+r.W, y, axis)
	}
	if ls, ok := p.x.(*linearScale); ok && p.xd.zero && ls.d0 < 0 && ls.d1 > 0 {
		x := snap(ls.Map(0))
		f.c.Line(x, r.Y, x, r.Y+r.H, axis)
	}
	if !p.xd.cfg.Hidden {
		by := snap(r.Y + r.H)
		f.c.Line(r.X, by, r.X+r.W, by, axis)
		p.drawXLabels(by)
		if t := p.xd.axisTitle(); t != "" {
			bottom, _ := p.layoutMargins()
			f.text(r.X+r.W/2, r.Y+r.H+bottom, Truncate(t, fontAxis, r.W), fontAxis, muted, AnchorMiddle, BaselineBottom)
		}
	}
	if !p.yd.cfg.Hidden {
		if p.yd.kind == axisBand {
			x := snap(r.X)
			f.c.Line(x, r.Y, x, r.Y+r.H, axis)
		}
		for i, t := range p.yTicks {
			if p.yd.kind == axisBand && i%p.ySkip != 0 {
				continue
			}
			y := p.y.Map(t.v)
			label := t.label
			if p.yd.kind == axisBand {
				label = Truncate(label, fontTick, p.yMaxW)
			}
			f.text(r.X-labelGap, y, label, fontTick, muted, AnchorEnd, BaselineMiddle)
		}
		if t := p.yd.axisTitle(); t != "" {
			f.c.Text(TextOp{X: p.titleX(), Y: r.Y + r.H/2, Text: Truncate(t, fontAxis, r.H), Font: fontAxis,
				Color: muted, Anchor: AnchorMiddle, Baseline: BaselineTop, Rotate: -90})
		}
	}
}

// titleX is where the rotated y-axis title sits: at the left edge of the
// space the plane was given.
func (p *plane) titleX() float64 {
	w := 0.0
	for _, t := range p.yTicks {
		w = math.Max(w, TextWidth(t.label, fontTick))
	}
	if p.yd.kind == axisBand {
		w = p.yMaxW
	}
	return p.plot.X - labelGap - w - titleGap - fontAxis.Size*lineHeight
}

// layoutMargins recomputes the bottom margin of the final layout.
func (p *plane) layoutMargins() (bottom, right float64) {
	labelH := fontTick.Size * lineHeight
	if p.xd.kind == axisBand && p.xMode == labelsRotated {
		labelH = p.xMaxW*sin45 + fontTick.Size*sin45
	}
	bottom = tickLen + labelGap/2 + labelH
	if p.xd.axisTitle() != "" {
		bottom += fontAxis.Size*lineHeight + titleGap
	}
	return bottom, 0
}

// drawXLabels draws the x tick marks and labels under baseline y.
func (p *plane) drawXLabels(y float64) {
	f := p.f
	muted := f.theme.MutedText
	tickSt := Style{Stroke: f.theme.Axis, StrokeWidth: 1}
	for i, t := range p.xTicks {
		x := p.x.Map(t.v)
		if p.xd.kind == axisBand {
			if i%p.xSkip != 0 {
				continue
			}
			label := Truncate(t.label, fontTick, p.xMaxW)
			if p.xMode == labelsRotated {
				f.c.Text(TextOp{X: x, Y: y + tickLen + labelGap/2, Text: label, Font: fontTick, Color: muted,
					Anchor: AnchorEnd, Baseline: BaselineMiddle, Rotate: rotation})
				continue
			}
			f.text(x, y+tickLen+labelGap/2, label, fontTick, muted, AnchorMiddle, BaselineTop)
			continue
		}
		sx := snap(x)
		f.c.Line(sx, y, sx, y+tickLen, tickSt)
		f.text(x, y+tickLen+labelGap/2, t.label, fontTick, muted, AnchorMiddle, BaselineTop)
	}
}

// snap moves a coordinate to the middle of a pixel so 1 px lines are
// crisp in raster back-ends.
func snap(v float64) float64 { return math.Floor(v) + 0.5 }

// clipRect is the plot rectangle, slightly enlarged so marks on its edge
// are not cut in half by anti-aliasing.
func (p *plane) clipRect() *Rect {
	r := p.plot
	return &Rect{r.X - 1, r.Y - 1, r.W + 2, r.H + 2}
}
