package render

import (
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/chart"
)

// squarify lays values out in r as rectangles whose areas are proportional
// to the values, with aspect ratios close to 1 (Bruls, Huizing and van
// Wijk, "Squarified Treemaps", 2000): items, largest first, are added to
// a row along the shorter side of the free space while that does not make
// the row's worst aspect ratio worse. Rects come back in the order of
// values; zero, negative and NaN values get empty rects.
func squarify(values []float64, r Rect) []Rect {
	out := make([]Rect, len(values))
	total := 0.0
	var idx []int
	for i, v := range values {
		out[i] = Rect{X: r.X, Y: r.Y}
		if v > 0 && !math.IsInf(v, 0) {
			total += v
			idx = append(idx, i)
		}
	}
	if total <= 0 || r.W <= 0 || r.H <= 0 {
		return out
	}
	sort.SliceStable(idx, func(a, b int) bool { return values[idx[a]] > values[idx[b]] })
	scale := r.W * r.H / total
	areas := make([]float64, len(idx))
	for k, i := range idx {
		areas[k] = values[i] * scale
	}
	free := r
	for start := 0; start < len(idx); {
		short := math.Min(free.W, free.H)
		end := start + 1
		sum := areas[start]
		worst := worstRatio(areas[start:end], sum, short)
		for end < len(idx) {
			s := sum + areas[end]
			w := worstRatio(areas[start:end+1], s, short)
			if w > worst {
				break
			}
			sum, worst = s, w
			end++
		}
		free = layoutRow(out, idx[start:end], areas[start:end], end == len(idx), free)
		start = end
	}
	return out
}

// worstRatio is the largest aspect ratio (≥ 1) of a row of areas summing
// to sum laid along a side of length side.
func worstRatio(areas []float64, sum, side float64) float64 {
	if sum <= 0 || side <= 0 {
		return math.Inf(1)
	}
	hi, lo := areas[0], areas[0]
	for _, a := range areas {
		hi, lo = math.Max(hi, a), math.Min(lo, a)
	}
	s2, w2 := sum*sum, side*side
	return math.Max(w2*hi/s2, s2/(w2*lo))
}

// layoutRow places one row of areas along the shorter side of free and
// returns the space left. The last row takes all the free space, absorbing
// rounding.
func layoutRow(out []Rect, idx []int, areas []float64, last bool, free Rect) Rect {
	rowSum := 0.0
	for _, a := range areas {
		rowSum += a
	}
	if free.W >= free.H {
		// A column on the left.
		thick := math.Min(free.W, rowSum/free.H)
		if last {
			thick = free.W
		}
		y := free.Y
		for k, i := range idx {
			h := areas[k] / thick
			if k == len(idx)-1 {
				h = free.Y + free.H - y
			}
			out[i] = Rect{free.X, y, thick, h}
			y += h
		}
		return Rect{free.X + thick, free.Y, math.Max(0, free.W-thick), free.H}
	}
	thick := math.Min(free.H, rowSum/free.W)
	if last {
		thick = free.H
	}
	x := free.X
	for k, i := range idx {
		w := areas[k] / thick
		if k == len(idx)-1 {
			w = free.X + free.W - x
		}
		out[i] = Rect{x, free.Y, w, thick}
		x += w
	}
	return Rect{free.X, free.Y + thick, free.W, math.Max(0, free.H-thick)}
}

// sliceAndDice is the naive treemap layout (strips along the longer side),
// kept as the baseline squarify is tested against.
func sliceAndDice(values []float64, r Rect) []Rect {
	out := make([]Rect, len(values))
	total := 0.0
	for _, v := range values {
		if v > 0 {
			total += v
		}
	}
	pos := 0.0
	for i, v := range values {
		f := 0.0
		if v > 0 && total > 0 {
			f = v / total
		}
		if r.W >= r.H {
			out[i] = Rect{r.X + pos*r.W, r.Y, f * r.W, r.H}
		} else {
			out[i] = Rect{r.X, r.Y + pos*r.H, r.W, f * r.H}
		}
		pos += f
	}
	return out
}

func init() { register(chart.Treemap, drawTreemap) }

// drawTreemap draws a hierarchy as nested squarified rectangles, areas
// by value. Groups get a header with their name where there is room;
// leaves are coloured by their top-level group and labelled when the
// label fits.
func drawTreemap(f *frame) error {
	root, dropped, err := buildHierarchy(f.data, hierOptions{needValue: true, sort: true})
	if err != nil {
		return err
	}
	if dropped > 0 {
		f.note(plural(dropped, "row") + " without a positive value left out")
	}
	if root.value <= 0 || len(root.children) == 0 {
		f.emptyState("No positive values to show")
		return nil
	}
	f.treemapChildren(root, f.plot)
	return nil
}

// treemapColor is a node's fill: its top-level group's colour, lighter
// for deeper levels and alternating slightly between siblings so that
// neighbours stay apart.
func (f *frame) treemapColor(n *hnode, sibling int) Color {
	if n.top < 0 {
		return f.neutral()
	}
	base := f.color(n.top)
	d := branchDepth(n)
	if d == 0 {
		return base
	}
	t := 0.18*float64(d) + 0.08*float64(sibling%3)
	return Lerp(base, f.theme.Background, math.Min(0.6, t))
}

func (f *frame) treemapChildren(n *hnode, r Rect) {
	vals := make([]float64, len(n.children))
	for i, c := range n.children {
		vals[i] = c.value
	}
	rects := squarify(vals, r)
	for i, c := range n.children {
		cr := rects[i]
		if cr.W < 0.5 || cr.H < 0.5 {
			continue
		}
		col := f.treemapColor(c, i)
		tip := c.label() + ": " + f.formatValue(chart.Value, c.value)
		if len(c.children) == 0 {
			f.mark(Meta{Series: max(c.top, 0), Index: c.row, Tooltip: tip}, func() {
				f.c.Rect(cr.X, cr.Y, cr.W, cr.H, Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1})
				f.treemapLabel(c, cr, col)
			})
			continue
		}
		const header = 18.0
		inner := Rect{cr.X + 2, cr.Y + 2, cr.W - 4, cr.H - 4}
		showHeader := cr.H > header*2.2 && cr.W > 40
		if showHeader {
			inner = Rect{cr.X + 2, cr.Y + header, cr.W - 4, cr.H - header - 2}
		}
		f.mark(Meta{Series: max(c.top, 0), Index: c.row, Tooltip: tip}, func() {
			f.c.Rect(cr.X, cr.Y, cr.W, cr.H, Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1})
			if showHeader {
				font := Font{Size: fontLabel.Size, Bold: true}
				f.text(cr.X+5, cr.Y+header/2+1, Truncate(c.name, font, cr.W-10), font, f.contrast(col), AnchorStart, BaselineMiddle)
			}
		})
		if inner.W > 1 && inner.H > 1 {
			f.treemapChildren(c, inner)
		}
	}
}

// treemapLabel writes a leaf's name (and, with options.show_labels, its
// value) in its top left corner when at least a few letters fit.
func (f *frame) treemapLabel(n *hnode, r Rect, bg Color) {
	lh := fontLabel.Size * 1.25
	if r.W < 24 || r.H < lh+4 {
		return
	}
	bold := Font{Size: fontLabel.Size, Bold: true}
	name := Truncate(n.name, bold, r.W-8)
	if len([]rune(name)) < 3 && name != n.name {
		return
	}
	col := f.contrast(bg)
	f.text(r.X+4, r.Y+4, name, bold, col, AnchorStart, BaselineTop)
	if f.spec.Options.ShowLabels && r.H >= 2*lh+4 {
		v := f.formatValue(chart.Value, n.value)
		if TextWidth(v, fontLabel) <= r.W-8 {
			f.text(r.X+4, r.Y+4+lh, v, fontLabel, col, AnchorStart, BaselineTop)
		}
	}
}

// branchDepth is how many levels n is below the top of its colour branch.
func branchDepth(n *hnode) int {
	d := 0
	for p := n.parent; p != nil && p.top == n.top; p = p.parent {
		d++
	}
	return d
}

// neutral is the fill of hierarchy nodes that belong to no branch.
func (f *frame) neutral() Color { return Lerp(f.theme.MutedText, f.theme.Background, 0.25) }
