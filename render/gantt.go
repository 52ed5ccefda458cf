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

// drawGantt draws tasks (category, or y) as bars from start to end on a
// time axis (or a numeric one for numeric columns), one task per band in
// order of first appearance, coloured by series (a phase or owner). A
// value channel is the progress, 0–1 (values in (1, 100] are read as
// percent), drawn as the solid part of a paler bar. A row without an end
// is a milestone.
func drawGantt(f *frame) error {
	d := f.data
	tch := f.pick(chart.Category, chart.Y, chart.Label, chart.ID)
	if tch == "" || !d.Has(chart.Start) {
		return errors.New("a gantt chart needs encoding.category (tasks) and encoding.start (and usually encoding.end)")
	}
	kind := axisTime
	if t := d.Type(chart.Start, 0); t == api.TypeInt || t == api.TypeFloat {
		kind = axisLinear
	}
	readT := func(ch chart.Channel, row int) (float64, bool) {
		v, _, ok := f.xValue(ch, kind, row)
		return v, ok
	}
	var cats, names []string
	catIdx, serIdx := map[string]int{}, map[string]int{}
	var tasks []ganttTask
	e := newExtent()
	for row := 0; row < d.Len(); row++ {
		s, ok := readT(chart.Start, row)
		if !ok {
			continue
		}
		en, hasEnd := readT(chart.End, row)
		if !d.Has(chart.End) {
			hasEnd = false
		}
		if hasEnd && en < s {
			s, en = en, s
		}
		name := d.Str(tch, row)
		bi, seen := catIdx[name]
		if !seen {
			bi = len(cats)
			catIdx[name] = bi
			cats = append(cats, name)
		}
		si := 0
		if d.Has(chart.Series) {
			sn := d.Str(chart.Series, row)
			var seen bool
			if si, seen = serIdx[sn]; !seen {
				si = len(names)
				serIdx[sn] = si
				names = append(names, sn)
			}
		}
		prog := math.NaN()
		if v, ok := d.Num(chart.Value, row); ok && d.Has(chart.Value) {
			if v > 1 && v <= 100 {
				v /= 100
			}
			prog = math.Max(0, math.Min(1, v))
		}
		tasks = append(tasks, ganttTask{band: bi, start: s, end: en, series: si, progress: prog, milestone: !hasEnd, row: row})
		e.add(s)
		if hasEnd {
			e.add(en)
		}
	}
	if len(tasks) == 0 {
		f.emptyState("No tasks to show")
		return nil
	}
	if len(names) > 1 {
		f.legend(names)
	}
	pattern := f.xPattern(chart.Start, kind)
	// A little room at both ends so the first and last bars (and
	// milestones) do not touch the plot's edges.
	padX := (e.hi - e.lo) * 0.03
	if padX == 0 {
		padX = 1
	}
	xd := axisDef{kind: kind, lo: e.lo - padX, hi: e.hi + padX, cfg: f.spec.XAxis, pattern: pattern, grid: true}
	if kind == axisLinear {
		xd.title = d.Name(chart.Start, 0)
	}
	if f.spec.XAxis.Scale == "log" {
		xd.cfg.Scale = ""
	}
	yd := axisDef{kind: axisBand, cats: cats, cfg: f.spec.YAxis, inner: 0.3}
	p := f.newPlane(xd, yd)
	p.drawGrid()
	band := p.y.(*bandScale)
	bh := math.Abs(band.bandwidth())
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	for s := 0; s < max(len(names), 1); s++ {
		name := "tasks"
		if s < len(names) {
			name = names[s]
		}
		col := f.color(s)
		f.series(s, name, func() {
			for _, t := range tasks {
				if t.series != s {
					continue
				}
				t := t
				ym := band.Map(float64(t.band))
				x0 := p.x.Map(t.start)
				tip := f.ganttTooltip(cats[t.band], names, t, kind, pattern)
				if t.milestone {
					r := math.Min(bh/2, 8)
					f.mark(Meta{Series: s, Index: t.row, Tooltip: tip}, func() {
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
				x1 := p.x.Map(t.end)
				w := math.Max(x1-x0, 2)
				f.mark(Meta{Series: s, Index: t.row, Tooltip: tip}, func() {
					rad := math.Min(3, bh/4)
					if math.IsNaN(t.progress) {
						f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: x0, Y: ym - bh/2, W: w, H: bh, Radius: rad, Style: Style{Fill: col}})
						return
					}
					f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: x0, Y: ym - bh/2, W: w, H: bh, Radius: rad, Style: Style{Fill: col.Alpha(0.35)}})
					if t.progress > 0 {
						f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: x0, Y: ym - bh/2, W: w * t.progress, H: bh, Radius: rad, Style: Style{Fill: col}})
					}
				})
			}
		})
	}
	f.c.End()
	if f.spec.Options.ShowLabels {
		f.ganttLabels(tasks, p, band, bh)
	}
	p.drawAxes()
	return nil
}

// ganttLabels writes each bar's label (the label channel, else the
// progress) inside the bar when it fits, else just after it.
func (f *frame) ganttLabels(tasks []ganttTask, p *plane, band *bandScale, bh float64) {
	if bh < fontLabel.Size {
		return
	}
	for _, t := range tasks {
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
