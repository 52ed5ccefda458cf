package render

import (
	"math"
	"sort"
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
