package render

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() {
	register(chart.Pie, func(f *frame) error { return drawPie(f, false) })
	register(chart.Rose, func(f *frame) error { return drawPie(f, true) })
}

// maxSlices is the most slices a pie or rose shows; smaller ones are
// grouped into "Other", because a slice thinner than a hairline tells
// nothing and its colour repeats.
const maxSlices = 12

// slice is one category of a pie or rose.
type slice struct {
	name  string
	value float64
	row   int // first data row; -1 for "Other"
	other int // categories grouped into Other; 0 otherwise
	color Color
}

// pieSlices reads categories and values: rows of the same category add
// up, missing and negative values are left out with a note, and the
// smallest categories beyond limit become one "Other" slice, or with
// other false are left out with a note. Data order is kept (spec.sort
// orders it).
func (f *frame) pieSlices(limit int, other bool) ([]slice, error) {
	cch, vch := f.pick(chart.Category, chart.Label, chart.X), f.pick(chart.Value, chart.Y, chart.Size)
	if cch == "" || vch == "" {
		return nil, errors.New("needs encoding.category and encoding.value")
	}
	d := f.data
	idx := map[string]int{}
	var out []slice
	missing, negative := 0, 0
	for row := 0; row < d.Len(); row++ {
		v, ok := d.Num(vch, row)
		if !ok {
			missing++
			continue
		}
		if v < 0 {
			negative++
			continue
		}
		name := d.Str(cch, row)
		if name == "" {
			name = "(blank)"
		}
		i, seen := idx[name]
		if !seen {
			i = len(out)
			idx[name] = i
			out = append(out, slice{name: name, row: row})
		}
		out[i].value += v
	}
	if missing > 0 {
		f.note(plural(missing, "row") + " without a value left out")
	}
	if negative > 0 {
		f.note(plural(negative, "negative value") + " left out")
	}
	out = f.sortSlices(out)
	if len(out) > limit && !other {
		f.note(fmt.Sprintf("first %d of %d categories shown", limit, len(out)))
		out = out[:limit]
	}
	if len(out) > limit {
		order := make([]int, len(out))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return out[order[a]].value > out[order[b]].value })
		keep := make([]bool, len(out))
		for _, i := range order[:limit-1] {
			keep[i] = true
		}
		rest := slice{name: "Other", row: -1}
		var kept []slice
		for i, s := range out {
			if keep[i] {
				kept = append(kept, s)
			} else {
				rest.value += s.value
				rest.other++
			}
		}
		out = append(kept, rest)
		f.note(fmt.Sprintf("%d smallest categories grouped as Other", rest.other))
	}
	n := len(f.colors)
	for i := range out {
		if out[i].row < 0 {
			out[i].color = f.theme.Axis
			continue
		}
		c := f.color(i)
		if n > 0 && i >= n {
			// Past the palette's end, lighten so neighbours differ.
			c = Lerp(c, f.theme.Background, 0.45)
		}
		out[i].color = c
	}
	return out, nil
}

// sortSlices applies spec.sort ("value" or "category") and spec.limit.
func (f *frame) sortSlices(s []slice) []slice {
	if st := f.spec.Sort; st != nil {
		sort.SliceStable(s, func(i, j int) bool {
			a, b := s[i], s[j]
			if st.Desc {
				a, b = b, a
			}
			if st.By == "category" {
				return a.name < b.name
			}
			return a.value < b.value
		})
	}
	if l := f.spec.Limit; l > 0 && l < len(s) {
		s = s[:l]
	}
	return s
}

// pieLabel is an outside label with its leader line.
type pieLabel struct {
	text   string
	angle  float64
	edge   float64 // radius of the slice's outer edge
	y      float64
	value  float64
	right  bool
	hidden bool
}

// drawPie draws a pie (or donut) with angles by value, or with rose a
// Nightingale rose: equal angles, radius by value. Percentages go inside
// slices where they fit; with options.show_labels, names and shares go
// outside with leader lines, spread apart so they never overlap, and the
// labels of the smallest slices are dropped when there is no room.
func drawPie(f *frame, rose bool) error {
	sl, err := f.pieSlices(maxSlices, true)
	if err != nil {
		return err
	}
	total, maxV := 0.0, 0.0
	for i, s := range sl {
		if f.isHidden(i) {
			continue // switched off in the legend: the rest fill the circle
		}
		total += s.value
		maxV = math.Max(maxV, s.value)
	}
	names := make([]string, len(sl))
	colors := make([]Color, len(sl))
	for i, s := range sl {
		names[i], colors[i] = s.name, s.color
	}
	if len(sl) == 0 || total <= 0 {
		f.noSlices(names, colors)
		return nil
	}
	f.legendColors(names, colors)

	pl := f.plot
	cx, cy := pl.X+pl.W/2, pl.Y+pl.H/2
	share := func(v float64) string { return FormatNumber(v/total, "0.0%") }
	outside := f.spec.Options.ShowLabels
	R := math.Min(pl.W, pl.H)/2 - 4
	if outside {
		maxW := 0.0
		for _, s := range sl {
			maxW = math.Max(maxW, TextWidth(s.name+"  "+share(s.value), fontLabel))
		}
		maxW = math.Min(maxW, pl.W*0.22)
		r := math.Min(pl.H/2-10, pl.W/2-maxW-30)
		if r >= 40 {
			R = r
		} else {
			outside = false
		}
	}
	R = clampRadius(R)
	if R < 4 {
		f.emptyState("Too small to draw")
		return nil
	}
	donut := math.Max(0, math.Min(0.9, f.spec.Options.Donut))
	if math.IsNaN(donut) {
		donut = 0
	}
	r0 := donut * R

	// Angles and radii.
	n, shown := len(sl), 0
	for i := range sl {
		if !f.isHidden(i) {
			shown++
		}
	}
	a0s, a1s, rs := make([]float64, n), make([]float64, n), make([]float64, n)
	acc, j := 0.0, 0
	for i, s := range sl {
		if f.isHidden(i) {
			// No angle and no radius: no sector, no label.
			a0s[i], a1s[i] = 2*math.Pi*acc/total, 2*math.Pi*acc/total
			continue
		}
		if rose {
			// The first sector is centred on 12 o'clock, as compass
			// directions and clock hours expect.
			a0s[i], a1s[i] = 2*math.Pi*(float64(j)-0.5)/float64(shown), 2*math.Pi*(float64(j)+0.5)/float64(shown)
			rs[i] = r0 + (R-r0)*s.value/maxV
			j++
		} else {
			a0s[i] = 2 * math.Pi * acc / total
			acc += s.value
			a1s[i] = 2 * math.Pi * acc / total
			rs[i] = R
		}
	}

	stroke := Style{Stroke: f.theme.Background, StrokeWidth: 1.5}
	if shown == 1 {
		stroke.StrokeWidth = 0
	}
	for i, s := range sl {
		if f.isHidden(i) {
			continue
		}
		tip := fmt.Sprintf("%s: %s (%s)", s.name, f.formatValue(chart.Value, s.value), share(s.value))
		if s.other > 0 {
			tip = fmt.Sprintf("Other (%d categories): %s (%s)", s.other, f.formatValue(chart.Value, s.value), share(s.value))
		}
		f.mark(Meta{Series: i, Index: i, Tooltip: tip}, func() {
			if p := sectorPath(cx, cy, r0, rs[i], a0s[i], a1s[i]); len(p) > 0 && rs[i] > r0 {
				st := stroke
				st.Fill = s.color
				f.c.Path(p, st)
			}
			if !outside {
				f.insideLabel(cx, cy, r0, rs[i], a0s[i], a1s[i], share(s.value), s.color)
			}
		})
	}
	if outside {
		f.outsideLabels(sl, cx, cy, R, a0s, a1s, rs, share)
	}
	if r0 >= 36 && !rose {
		tot := f.formatValue(chart.Value, total)
		ft := Font{Size: math.Min(22, r0/3), Bold: true}
		if TextWidth(tot, ft) < 1.6*r0 {
			f.text(cx, cy-2, tot, ft, f.theme.Text, AnchorMiddle, BaselineBottom)
			f.text(cx, cy+2, "Total", fontLabel, f.theme.MutedText, AnchorMiddle, BaselineTop)
		}
	}
	return nil
}

// insideLabel draws s in the middle of a slice when its box fits there.
func (f *frame) insideLabel(cx, cy, r0, r1, a0, a1 float64, s string, bg Color) {
	rm := r0 + (r1-r0)*0.55
	if r0 == 0 {
		rm = r1 * 0.62
	}
	x, y := polarXY(cx, cy, rm, (a0+a1)/2)
	b := textBox(x, y, s, fontLabel, AnchorMiddle, BaselineMiddle)
	if !boxInSector(b, cx, cy, r0, r1, a0, a1, 2) {
		return
	}
	f.text(x, y, s, fontLabel, f.contrast(bg), AnchorMiddle, BaselineMiddle)
}

// boxInSector reports whether every corner of b lies inside the annular
// sector, at least margin pixels from its curved edges.
func boxInSector(b Rect, cx, cy, r0, r1, a0, a1, margin float64) bool {
	for _, p := range [4]Point{{b.X, b.Y}, {b.X + b.W, b.Y}, {b.X, b.Y + b.H}, {b.X + b.W, b.Y + b.H}} {
		dx, dy := p.X-cx, p.Y-cy
		r := math.Hypot(dx, dy)
		if r > r1-margin || (r0 > 0 && r < r0+margin) {
			return false
		}
		if a1-a0 >= 2*math.Pi-1e-9 {
			continue
		}
		a := math.Atan2(dx, -dy) // 0 at 12 o'clock, clockwise
		for a < a0 {
			a += 2 * math.Pi
		}
		for a > a0+2*math.Pi {
			a -= 2 * math.Pi
		}
		if a > a1 {
			return false
		}
	}
	return true
}

// outsideLabels places "name  share" labels in two columns beside the
// pie, each at the height of its slice where possible, pushed apart to a
// line's height, with a leader line from the slice.
func (f *frame) outsideLabels(sl []slice, cx, cy, R float64, a0s, a1s, rs []float64, share func(float64) string) {
	lh := fontLabel.Size * 1.3
	pl := f.plot
	var left, right []*pieLabel
	labels := make([]*pieLabel, len(sl))
	for i, s := range sl {
		if a1s[i]-a0s[i] <= 0 || rs[i] <= 0 {
			continue
		}
		m := (a0s[i] + a1s[i]) / 2
		_, y := polarXY(cx, cy, rs[i]+10, m)
		l := &pieLabel{text: s.name + "  " + share(s.value), angle: m, edge: rs[i], y: y, value: s.value, right: math.Sin(m) >= 0}
		labels[i] = l
		if l.right {
			right = append(right, l)
		} else {
			left = append(left, l)
		}
	}
	for _, side := range [][]*pieLabel{left, right} {
		spreadLabels(side, pl.Y+lh/2, pl.Y+pl.H-lh/2, lh)
	}
	for _, l := range labels {
		if l == nil || l.hidden {
			continue
		}
		ex, ey := polarXY(cx, cy, l.edge, l.angle)
		bx, by := polarXY(cx, cy, l.edge+10, l.angle)
		tx, maxW, a, dir := cx+R+22, pl.X+pl.W-(cx+R+22), AnchorStart, 1.0
		if !l.right {
			tx, maxW, a, dir = cx-R-22, cx-R-22-pl.X, AnchorEnd, -1
		}
		var p Path
		p.Move(ex, ey)
		p.Line(bx, by)
		p.Line(tx-4*dir, l.y)
		f.c.Path(p, Style{Stroke: f.theme.Axis, StrokeWidth: 1})
		f.text(tx, l.y, Truncate(l.text, fontLabel, maxW), fontLabel, f.theme.Text, a, BaselineMiddle)
	}
}

// spreadLabels moves labels (one side of a pie) apart so that no two are
// closer than lh and all stay in [top, bottom], dropping the smallest
// values' labels when there are more than fit.
func spreadLabels(ls []*pieLabel, top, bottom, lh float64) {
	fit := int((bottom-top)/lh) + 1
	if fit < 0 {
		fit = 0
	}
	if len(ls) > fit {
		bySize := append([]*pieLabel(nil), ls...)
		sort.SliceStable(bySize, func(i, j int) bool { return bySize[i].value > bySize[j].value })
		for _, l := range bySize[fit:] {
			l.hidden = true
		}
	}
	var vis []*pieLabel
	for _, l := range ls {
		if !l.hidden {
			vis = append(vis, l)
		}
	}
	sort.SliceStable(vis, func(i, j int) bool { return vis[i].y < vis[j].y })
	for i, l := range vis {
		l.y = math.Max(l.y, top)
		if i > 0 {
			l.y = math.Max(l.y, vis[i-1].y+lh)
		}
	}
	for i := len(vis) - 1; i >= 0; i-- {
		l := vis[i]
		l.y = math.Min(l.y, bottom)
		if i < len(vis)-1 {
			l.y = math.Min(l.y, vis[i+1].y-lh)
		}
	}
}
