package render

import (
	"math"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Zooming: Options.XMin and XMax narrow the x axis of line, area and
// scatter charts to a window. Rows are cut to the window before shaping
// (so a zoomed line is downsampled over the window, not over the whole
// range), the axis domain becomes exactly the window, and a line is
// interpolated at the window's edges so it reaches them without a point
// outside.

// zoomWindow is the zoom window of Options for chart type t: nil ends
// for types that do not zoom and for values that are not finite numbers,
// ends in order.
func zoomWindow(t chart.Type, lo, hi *float64) (*float64, *float64) {
	if t != chart.Line && t != chart.Area && t != chart.Scatter {
		return nil, nil
	}
	lo, hi = finitePtr(lo), finitePtr(hi)
	if lo != nil && hi != nil && *hi < *lo {
		lo, hi = hi, lo
	}
	return lo, hi
}

// finitePtr returns a copy of *p, or nil when p is nil or not finite.
func finitePtr(p *float64) *float64 {
	if p == nil || !finite(*p) {
		return nil
	}
	v := *p
	return &v
}

// zoomX is the x channel and axis kind that a zoomable chart of spec
// draws; ok is false for a category axis, whose rows are not cut here
// (the drawer keeps the categories at the window's positions).
func zoomX(f *frame) (ch chart.Channel, kind axisKind, ok bool) {
	if f.spec.Type == chart.Scatter {
		kind = f.axisKindFor(chart.X, f.spec.XAxis, true)
		if kind == axisBand {
			kind = axisLinear
		}
		return chart.X, kind, f.data.Has(chart.X)
	}
	ch = f.pick(chart.X, chart.Category)
	if ch == "" {
		return "", 0, false
	}
	kind = f.axisKindFor(ch, f.spec.XAxis, true)
	return ch, kind, kind != axisBand
}

// zoomRows keeps the rows of res whose x lies in [lo, hi] (nil = open).
// Lines and areas also keep the rows at the nearest x outside each end,
// so the drawer can interpolate the line at the window's edge. res is
// returned unchanged when it cannot be cut (a category axis, unbound
// columns).
func zoomRows(spec *chart.Spec, res *api.Result, lo, hi *float64) *api.Result {
	d, err := chart.Bind(spec, res)
	if err != nil || (lo == nil && hi == nil) {
		return res
	}
	f := &frame{spec: spec, data: d}
	ch, kind, ok := zoomX(f)
	if !ok {
		return res
	}
	xs := make([]float64, d.Len())
	for row := range xs {
		x, _, ok := f.xValue(ch, kind, row)
		if !ok || !finite(x) {
			x = math.NaN()
		}
		xs[row] = x
	}
	from, to := math.Inf(-1), math.Inf(1)
	if lo != nil {
		from = *lo
	}
	if hi != nil {
		to = *hi
	}
	if spec.Type != chart.Scatter {
		// Widen to the neighbouring x values outside the window.
		below, above := math.Inf(-1), math.Inf(1)
		for _, x := range xs {
			if x < from && x > below {
				below = x
			}
			if x > to && x < above {
				above = x
			}
		}
		if lo != nil && !math.IsInf(below, 0) {
			from = below
		}
		if hi != nil && !math.IsInf(above, 0) {
			to = above
		}
	}
	out := *res
	out.Rows = make([][]any, 0, len(res.Rows))
	for row, x := range xs {
		if x >= from && x <= to {
			out.Rows = append(out.Rows, res.Rows[row])
		}
	}
	out.RowCount = len(out.Rows)
	return &out
}

// inWindow reports whether x lies in the zoom window.
func (f *frame) inWindow(x float64) bool {
	return (f.xmin == nil || x >= *f.xmin) && (f.xmax == nil || x <= *f.xmax)
}

// zoomAxis makes the zoom window the domain of a continuous x axis.
func (f *frame) zoomAxis(d *axisDef) {
	if f.xmin == nil && f.xmax == nil {
		return
	}
	lo, hi := f.xmin, f.xmax
	if d.kind == axisLog {
		// A log axis cannot start at or below zero: keep the data's end.
		if lo != nil && *lo <= 0 {
			lo = nil
		}
		if hi != nil && *hi <= 0 {
			hi = nil
		}
	}
	if lo != nil {
		d.cfg.Min = lo
	}
	if hi != nil {
		d.cfg.Max = hi
	}
}

// zoomTable cuts a pivoted line table to the zoom window. A category
// table keeps the categories whose position (index) lies in the window
// and returns the position of the first one kept, which the plot area
// reports; a continuous table keeps the keys inside the window and adds
// a key at each end of the window where a series crosses it, with the
// value interpolated between the neighbouring points (in log space on a
// log axis), so no point lies outside the window.
func (f *frame) zoomTable(t *table, kind axisKind) (offset int) {
	if f.xmin == nil && f.xmax == nil {
		return 0
	}
	if kind == axisBand {
		var keep []int
		for k := range t.keys {
			if f.inWindow(float64(k)) {
				keep = append(keep, k)
			}
		}
		if len(keep) > 0 {
			offset = keep[0]
		}
		t.permute(keep)
		return offset
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if f.xmin != nil {
		lo = *f.xmin
	}
	if f.xmax != nil {
		hi = *f.xmax
	}
	n := len(t.keys)
	a := 0 // first key ≥ lo
	for a < n && t.keys[a] < lo {
		a++
	}
	b := n // one past the last key ≤ hi
	for b > a && t.keys[b-1] > hi {
		b--
	}
	type edge struct {
		x    float64
		i, j int // neighbouring keys
	}
	var edges [2]*edge
	if a > 0 && a < n && t.keys[a] != lo {
		edges[0] = &edge{lo, a - 1, a}
	}
	if b < n && b > 0 && t.keys[b-1] != hi {
		edges[1] = &edge{hi, b - 1, b}
	}
	nt := &table{kind: t.kind}
	add := func(x float64, from func(s int) (float64, bool, int)) {
		nt.keys = append(nt.keys, x)
		for s := range t.names {
			v, present, row := from(s)
			for len(nt.vals) <= s {
				nt.vals, nt.present, nt.rows = append(nt.vals, nil), append(nt.present, nil), append(nt.rows, nil)
			}
			nt.vals[s] = append(nt.vals[s], v)
			nt.present[s] = append(nt.present[s], present)
			nt.rows[s] = append(nt.rows[s], row)
		}
	}
	interp := func(e *edge) func(s int) (float64, bool, int) {
		return func(s int) (float64, bool, int) {
			if !t.present[s][e.i] || !t.present[s][e.j] {
				return math.NaN(), false, -1
			}
			vi, vj := t.vals[s][e.i], t.vals[s][e.j]
			if !finite(vi) || !finite(vj) {
				return math.NaN(), true, -1 // a gap stays a gap
			}
			xi, xj, x := t.keys[e.i], t.keys[e.j], e.x
			if kind == axisLog && xi > 0 && xj > 0 && x > 0 {
				xi, xj, x = math.Log10(xi), math.Log10(xj), math.Log10(x)
			}
			u := (x - xi) / (xj - xi)
			return vi + u*(vj-vi), true, -1
		}
	}
	if e := edges[0]; e != nil {
		add(e.x, interp(e))
	}
	for k := a; k < b; k++ {
		add(t.keys[k], func(s int) (float64, bool, int) { return t.vals[s][k], t.present[s][k], t.rows[s][k] })
	}
	if e := edges[1]; e != nil {
		add(e.x, interp(e))
	}
	t.keys, t.vals, t.present, t.rows = nt.keys, nt.vals, nt.present, nt.rows
	t.pad()
	return 0
}
