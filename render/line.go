package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/downsample"
)

func init() {
	register(chart.Line, func(f *frame) error { return drawLine(f, false) })
	register(chart.Area, func(f *frame) error { return drawLine(f, true) })
}

// Above this many points per series, markers (and their tooltip groups)
// are left out: they would cover the line and bloat the SVG.
const maxMarkers = 60

// drawLine draws line and area charts: one series per y column or per
// value of the series channel, over a time, numeric or category x axis.
// Nulls break the line; areas can be stacked ("stack", "percent").
func drawLine(f *frame, area bool) error {
	xch, ych := f.pick(chart.X, chart.Category), f.pick(chart.Y, chart.Value)
	if xch == "" || ych == "" {
		return errors.New("a line or area chart needs encoding.x and encoding.y")
	}
	kind := f.axisKindFor(xch, f.spec.XAxis, true)
	t, err := f.pivot(xch, kind, ych)
	if err != nil {
		return err
	}
	f.hideSeries(t)
	offset := f.zoomTable(t, kind)
	stack := ""
	if area && (f.spec.Stack == "stack" || f.spec.Stack == "percent") && len(t.names) > 0 {
		stack = f.spec.Stack
	}
	lo, hi := stackLines(t, stack)
	ext := newExtent()
	for s := range hi {
		for k := range hi[s] {
			ext.add(lo[s][k])
			ext.add(hi[s][k])
		}
	}
	legend := func() {
		if len(t.names) > 1 {
			f.legend(t.names)
		}
	}
	if ext.empty() {
		f.noValues(len(t.names), legend)
		return nil
	}
	legend()
	xd := axisDef{kind: kind, cats: t.cats, cfg: f.spec.XAxis, title: f.data.Name(xch, 0), pattern: f.xPattern(xch, kind), inner: 0, offset: float64(offset)}
	if kind != axisBand && len(t.keys) > 0 {
		xd.lo, xd.hi = t.keys[0], t.keys[len(t.keys)-1]
	}
	if kind == axisBand {
		xd.inner = 1 // points at band centres, half a step from the edges
	}
	yd := axisDef{kind: axisLinear, lo: ext.lo, hi: ext.hi, zero: area, cfg: f.spec.YAxis, pattern: f.numberPattern(ych), grid: true}
	if len(t.names) == 1 {
		yd.title = t.names[0]
	}
	if stack == "percent" {
		yd.pattern = "0%"
	}
	if f.spec.YAxis.Scale == "log" {
		if stack != "" || area {
			f.note("log scale ignored for areas")
		} else {
			yd.kind = axisLog
			yd.lo = positiveMin(t.vals)
			if dropped := countNonPositive(t.vals); dropped > 0 {
				f.note(fmt.Sprintf("%d values ≤ 0 not shown on the log scale", dropped))
			}
		}
	}
	if kind != axisBand {
		f.zoomAxis(&xd)
	}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	base := p.plot.Y + p.plot.H
	if ls, ok := p.y.(*linearScale); ok && ls.d0 <= 0 && ls.d1 >= 0 {
		base = ls.Map(0)
	}
	maxPts := f.maxPoints(p.plot.W)
	width := lineWidth(len(t.names))
	reduced := false
	for s := range t.names {
		if f.isHidden(s) {
			continue
		}
		col := f.color(s)
		f.series(s, t.names[s], func() {
			segs := lineSegments(t, s, lo, hi, p, kind)
			for _, sg := range segs {
				if len(sg.idx) > maxPts {
					sg = sg.reduce(maxPts)
					reduced = true
				}
				if area {
					f.c.Path(areaPath(sg, base, f.spec.Options.Smooth), Style{Fill: col.Alpha(areaAlpha(stack))})
				}
				if len(sg.idx) == 1 {
					f.c.Circle(sg.top[0].X, sg.top[0].Y, 2.5, Style{Fill: col})
					continue
				}
				f.c.Path(linePath(sg.top, f.spec.Options.Smooth), Style{Stroke: col, StrokeWidth: width})
			}
			if countPresent(t, s) <= maxMarkers {
				f.lineMarkers(t, s, segs, col, ych, xd.format())
			}
		})
	}
	f.c.End()
	if reduced {
		f.note(fmt.Sprintf("lines simplified to %d points per series", maxPts))
	}
	p.drawAxes()
	return nil
}

// lineWidth thins lines as series multiply, so that fifty lines stay
// distinguishable.
func lineWidth(series int) float64 {
	switch {
	case series <= 10:
		return 2
	case series <= 30:
		return 1.5
	}
	return 1
}

// areaAlpha is the fill opacity: light for overlapping areas, stronger
// for stacked ones that do not overlap.
func areaAlpha(stack string) float64 {
	if stack != "" {
		return 0.75
	}
	return 0.25
}

// xPattern is the number or date format of the x channel.
func (f *frame) xPattern(ch chart.Channel, kind axisKind) string {
	if fl, ok := f.spec.Encoding[ch]; ok && fl.Format != "" {
		return fl.Format
	}
	if kind == axisTime {
		return f.spec.Format.Date
	}
	return f.spec.Format.Number
}

// maxPoints is how many points per series are worth drawing: about two
// per pixel of plot width, or the spec's max_points.
func (f *frame) maxPoints(w float64) int {
	if m := f.spec.Options.MaxPoints; m > 0 {
		return max(m, 3)
	}
	return max(int(w*2), 3)
}

// stackLines returns each series' lower and upper value per key: the
// value over zero, or the running sum of the series below it (missing
// values count as zero in a stack).
func stackLines(t *table, stack string) (lo, hi [][]float64) {
	ns, nk := len(t.names), len(t.keys)
	lo, hi = make([][]float64, ns), make([][]float64, ns)
	for s := 0; s < ns; s++ {
		lo[s], hi[s] = make([]float64, nk), make([]float64, nk)
	}
	for k := 0; k < nk; k++ {
		total := 0.0
		if stack == "percent" {
			for s := 0; s < ns; s++ {
				if v := t.vals[s][k]; finite(v) {
					total += math.Abs(v)
				}
			}
		}
		sum := 0.0
		for s := 0; s < ns; s++ {
			v := t.vals[s][k]
			switch stack {
			case "":
				lo[s][k], hi[s][k] = math.NaN(), v
				if !t.present[s][k] {
					hi[s][k] = math.NaN()
				}
				continue
			case "percent":
				if total > 0 && finite(v) {
					v = math.Abs(v) / total
				} else {
					v = math.NaN()
				}
			}
			if !finite(v) {
				lo[s][k], hi[s][k] = sum, sum
				if t.present[s][k] {
					lo[s][k], hi[s][k] = math.NaN(), math.NaN() // a null: gap
				}
				continue
			}
			lo[s][k], hi[s][k] = sum, sum+v
			sum += v
		}
	}
	return lo, hi
}

// segment is a run of points without gaps: pixel positions of the line
// (top) and of the area's lower edge (bottom, empty when it is the
// baseline), and the table keys they came from.
type segment struct {
	top, bottom []Point
	idx         []int
}

// lineSegments maps series s to pixels and splits it at nulls. Keys the
// series has no row for are skipped without a gap.
func lineSegments(t *table, s int, lo, hi [][]float64, p *plane, kind axisKind) []segment {
	var out []segment
	var cur segment
	flush := func() {
		if len(cur.idx) > 0 {
			out = append(out, cur)
		}
		cur = segment{}
	}
	for k := range t.keys {
		v := hi[s][k]
		if !t.present[s][k] && math.IsNaN(v) {
			continue
		}
		y := p.y.Map(v)
		if !finite(v) || !finite(y) {
			flush()
			continue
		}
		x := p.x.Map(t.keys[k])
		cur.top = append(cur.top, Point{x, y})
		if l := lo[s][k]; finite(l) {
			cur.bottom = append(cur.bottom, Point{x, p.y.Map(l)})
		}
		cur.idx = append(cur.idx, k)
	}
	flush()
	return out
}

// reduce keeps at most n points of the segment, chosen by
// largest-triangle-three-buckets (shared/downsample, the same points the
// browser keeps) so peaks survive.
func (sg segment) reduce(n int) segment {
	xs, ys := make([]float64, len(sg.top)), make([]float64, len(sg.top))
	for i, q := range sg.top {
		xs[i], ys[i] = q.X, q.Y
	}
	keep := downsample.LTTB(xs, ys, n)
	out := segment{top: make([]Point, len(keep)), idx: make([]int, len(keep))}
	if len(sg.bottom) == len(sg.top) {
		out.bottom = make([]Point, len(keep))
	}
	for i, j := range keep {
		out.top[i], out.idx[i] = sg.top[j], sg.idx[j]
		if out.bottom != nil {
			out.bottom[i] = sg.bottom[j]
		}
	}
	return out
}

// linePath is the polyline through pts, or a monotone cubic through them
// when smooth (it never overshoots the data, unlike a Catmull–Rom spline).
func linePath(pts []Point, smooth bool) Path {
	var p Path
	if len(pts) == 0 {
		return p
	}
	p.Move(pts[0].X, pts[0].Y)
	appendLine(&p, pts, smooth)
	return p
}

func appendLine(p *Path, pts []Point, smooth bool) {
	if !smooth || len(pts) < 3 {
		for _, q := range pts[1:] {
			p.Line(q.X, q.Y)
		}
		return
	}
	m := monotoneTangents(pts)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		h := (b.X - a.X) / 3
		p.Cubic(a.X+h, a.Y+m[i]*h, b.X-h, b.Y-m[i+1]*h, b.X, b.Y)
	}
}

// monotoneTangents are the Fritsch–Carlson tangents (as in d3's
// curveMonotoneX) of points with increasing x.
func monotoneTangents(pts []Point) []float64 {
	n := len(pts)
	m := make([]float64, n)
	sec := make([]float64, n-1)
	for i := 0; i+1 < n; i++ {
		h := pts[i+1].X - pts[i].X
		if h != 0 {
			sec[i] = (pts[i+1].Y - pts[i].Y) / h
		}
	}
	for i := 1; i+1 < n; i++ {
		s0, s1 := sec[i-1], sec[i]
		if s0*s1 <= 0 {
			continue
		}
		h0, h1 := pts[i].X-pts[i-1].X, pts[i+1].X-pts[i].X
		pm := (s0*h1 + s1*h0) / (h0 + h1)
		m[i] = math.Copysign(math.Min(math.Min(math.Abs(s0), math.Abs(s1))*2, math.Abs(pm)), s0)
	}
	m[0] = endTangent(sec[0], m[1])
	m[n-1] = endTangent(sec[n-2], m[n-2])
	return m
}

func endTangent(sec, next float64) float64 {
	t := (3*sec - next) / 2
	if t*sec <= 0 {
		return 0
	}
	if math.Abs(t) > 3*math.Abs(sec) {
		return 3 * sec
	}
	return t
}

// areaPath closes a segment down to its lower edge (or the baseline).
func areaPath(sg segment, base float64, smooth bool) Path {
	p := linePath(sg.top, smooth)
	if len(sg.bottom) == len(sg.top) {
		rev := make([]Point, len(sg.bottom))
		for i, q := range sg.bottom {
			rev[len(rev)-1-i] = q
		}
		p.Line(rev[0].X, rev[0].Y)
		appendLine(&p, rev, smooth)
	} else {
		p.Line(sg.top[len(sg.top)-1].X, base)
		p.Line(sg.top[0].X, base)
	}
	p.Close()
	return p
}

// lineMarkers draws a dot per point, each a mark group with a tooltip.
func (f *frame) lineMarkers(t *table, s int, segs []segment, col Color, ych chart.Channel, xPattern string) {
	for _, sg := range segs {
		for i, k := range sg.idx {
			if t.rows[s][k] < 0 {
				continue // interpolated at a zoom window's edge: no data row
			}
			tip := f.xTooltip(t, k, xPattern)
			if len(t.names) > 1 {
				tip += "\n" + t.names[s]
			}
			tip += ": " + f.formatValue(ych, t.vals[s][k])
			q := sg.top[i]
			f.mark(Meta{Series: s, Index: t.rows[s][k], Tooltip: tip}, func() {
				f.c.Circle(q.X, q.Y, 3, Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1})
			})
			if f.spec.Options.ShowLabels {
				f.text(q.X, q.Y-6, f.markLabel(ych, t.rows[s][k], t.vals[s][k]), fontLabel, f.theme.Text, AnchorMiddle, BaselineBottom)
			}
		}
	}
}

func countPresent(t *table, s int) int {
	n := 0
	for _, p := range t.present[s] {
		if p {
			n++
		}
	}
	return n
}

func countNonPositive(vals [][]float64) int {
	n := 0
	for _, vs := range vals {
		for _, v := range vs {
			if finite(v) && v <= 0 {
				n++
			}
		}
	}
	return n
}
