package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Gantt, drawGantt) }

// ganttTask is one row: a bar from start to end in a task's band.
type ganttTask struct {
	band       int
	start, end float64
	series     int
	progress   float64 // 0–1, NaN for none
	milestone  bool    // no end: a diamond at start
	row        int
}

// gantt is a gantt chart's data: tasks, task (band) names, series names,
// the time (or number) extent, and the axis kind.
type gantt struct {
	tasks []ganttTask
	cats  ordinal
	names ordinal
	ext   extent
	kind  axisKind
}

// readGantt reads one task per row with a start; rows without an end are
// milestones, and a start after the end is swapped.
func (f *frame) readGantt(tch chart.Channel) *gantt {
	d := f.data
	g := &gantt{ext: newExtent(), kind: axisTime}
	if t := d.Type(chart.Start, 0); t == api.TypeInt || t == api.TypeFloat {
		g.kind = axisLinear
	}
	for row := 0; row < d.Len(); row++ {
		s, _, ok := f.xValue(chart.Start, g.kind, row)
		if !ok {
			continue
		}
		en, _, hasEnd := f.xValue(chart.End, g.kind, row)
		hasEnd = hasEnd && d.Has(chart.End)
		if hasEnd && en < s {
			s, en = en, s
		}
		t := ganttTask{band: g.cats.of(d.Str(tch, row)), start: s, end: en, progress: math.NaN(), milestone: !hasEnd, row: row}
		if d.Has(chart.Series) {
			t.series = g.names.of(d.Str(chart.Series, row))
		}
		if v, ok := d.Num(chart.Value, row); ok && d.Has(chart.Value) {
			if v > 1 && v <= 100 {
				v /= 100
			}
			t.progress = math.Max(0, math.Min(1, v))
		}
		g.tasks = append(g.tasks, t)
		g.ext.add(s)
		if hasEnd {
			g.ext.add(en)
		}
	}
	return g
}

// drawGantt draws tasks (category, or y) as bars from start to end on a
// time axis (or a numeric one for numeric columns), one task per band in
// order of first appearance, coloured by series (a phase or owner). A
// value channel is the progress, 0–1 (values in (1, 100] are read as
// percent), drawn as the solid part of a paler bar. A row without an end
// is a milestone. Tasks are always rows: options.horizontal is ignored.
func drawGantt(f *frame) error {
	tch := f.pick(chart.Category, chart.Y, chart.Label, chart.ID)
	if tch == "" || !f.data.Has(chart.Start) {
		return errors.New("a gantt chart needs encoding.category (tasks) and encoding.start (and usually encoding.end)")
	}
	g := f.readGantt(tch)
	if len(g.tasks) == 0 {
		f.emptyState("No tasks to show")
		return nil
	}
	if len(g.names.names) > 1 {
		f.legend(g.names.names)
	}
	pattern := f.xPattern(chart.Start, g.kind)
	// A little room at both ends so the first and last bars (and
	// milestones) do not touch the plot's edges.
	padX := (g.ext.hi - g.ext.lo) * 0.03
	if padX == 0 {
		padX = 1
	}
	xd := axisDef{kind: g.kind, lo: g.ext.lo - padX, hi: g.ext.hi + padX, cfg: f.spec.XAxis, pattern: pattern, grid: true}
	if g.kind == axisLinear {
		xd.title = f.data.Name(chart.Start, 0)
	}
	xd.cfg.Scale = ""
	yd := axisDef{kind: axisBand, cats: g.cats.names, cfg: f.spec.YAxis, inner: 0.3}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	band := p.y.(*bandScale)
	bh := math.Abs(band.bandwidth())
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	// Hidden series leave their task rows and the time axis in place, so
	// switching a phase off does not move the others.
	for s := 0; s < max(len(g.names.names), 1); s++ {
		if f.isHidden(s) {
			continue
		}
		name := "tasks"
		if s < len(g.names.names) {
			name = g.names.names[s]
		}
		f.series(s, name, func() { f.ganttBars(g, s, p, band, bh, pattern) })
	}
	f.c.End()
	if f.spec.Options.ShowLabels {
		f.ganttLabels(g.tasks, p, band, bh)
	}
	p.drawAxes()
	return nil
}

// ganttBars draws series s's tasks: bars (paler where not yet done) and
// milestone diamonds.
func (f *frame) ganttBars(g *gantt, s int, p *plane, band *bandScale, bh float64, pattern string) {
	col := f.color(s)
	rect := func(x, y, w, h, r float64, c Color) {
		f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: x, Y: y, W: w, H: h, Radius: r, Style: Style{Fill: c}})
	}
	for _, t := range g.tasks {
		if t.series != s {
			continue
		}
		ym := band.Map(float64(t.band))
		x0 := p.x.Map(t.start)
		m := Meta{Series: s, Index: t.row, Tooltip: f.ganttTooltip(g.cats.names[t.band], g.names.names, t, g.kind, pattern)}
		if t.milestone {
			r := math.Min(bh/2, 8)
			f.mark(m, func() {
				var dm Path
				dm.Move(x0, ym-r)
				dm.Line(x0+r, ym)
				dm.Line(x0, ym+r)
				dm.Line(x0-r, ym)
				dm.Close()
				f.c.Path(dm, Style{Fill: col})
			})
			continue
		}
		w := math.Max(p.x.Map(t.end)-x0, 2)
		rad := math.Min(3, bh/4)
		f.mark(m, func() {
			if math.IsNaN(t.progress) {
				rect(x0, ym-bh/2, w, bh, rad, col)
				return
			}
			rect(x0, ym-bh/2, w, bh, rad, col.Alpha(0.35))
			if t.progress > 0 {
				rect(x0, ym-bh/2, w*t.progress, bh, rad, col)
			}
		})
	}
}

// ganttLabels writes each bar's label (the label channel, else the
// progress) inside the bar when it fits, else just after it.
func (f *frame) ganttLabels(tasks []ganttTask, p *plane, band *bandScale, bh float64) {
	if bh < fontLabel.Size {
		return
	}
	for _, t := range tasks {
		if f.isHidden(t.series) {
			continue
		}
		l := ""
		switch {
		case f.data.Has(chart.Label):
			l = f.data.Str(chart.Label, t.row)
		case !math.IsNaN(t.progress):
			l = FormatNumber(t.progress, "0%")
		}
		if l == "" {
			continue
		}
		ym := band.Map(float64(t.band))
		x0, x1 := p.x.Map(t.start), p.x.Map(t.end)
		if t.milestone {
			x1 = x0 + math.Min(bh/2, 8)
		}
		w := TextWidth(l, fontLabel)
		switch {
		case !t.milestone && x1-x0 > w+8:
			bg := f.color(t.series)
			f.text(x0+4, ym, l, fontLabel, f.contrast(bg), AnchorStart, BaselineMiddle)
		case x1+4+w <= p.plot.X+p.plot.W:
			f.text(x1+4, ym, l, fontLabel, f.theme.Text, AnchorStart, BaselineMiddle)
		}
	}
}

func (f *frame) ganttTooltip(task string, names []string, t ganttTask, kind axisKind, pattern string) string {
	fm := func(v float64) string {
		if kind == axisTime {
			return FormatTime(v, pattern)
		}
		return FormatNumber(v, pattern)
	}
	tip := task
	if len(names) > 0 {
		tip += " · " + names[t.series]
	}
	if t.milestone {
		return tip + "\n" + fm(t.start)
	}
	tip += "\n" + fm(t.start) + " – " + fm(t.end)
	if !math.IsNaN(t.progress) {
		tip += fmt.Sprintf("\n%s done", FormatNumber(t.progress, "0%"))
	}
	return tip
}
