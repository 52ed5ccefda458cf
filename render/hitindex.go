package render

import "math"

// HitIndex answers HitTest for one Scene without scanning it: the shapes
// that can be hit sit in a uniform grid of cells by bounding box, so a
// query tests the few shapes of one cell (plus the rare shapes too large
// for the grid, such as area fills). Build it once per drawing with
// Scene.Index and query it on every mouse move; it gives the same answers
// as Scene.HitTest. The scene must not change while the index is used.
type HitIndex struct {
	ops   []Op // the scene's
	ents  []hitEntry
	clips []Rect
	// The grid: cell (i, j) covers [x0+i·cw, x0+(i+1)·cw) × [y0+j·ch, …)
	// and lists entries items[start[c]:start[c+1]], c = j·nx+i, in
	// drawing order.
	x0, y0, cw, ch float64
	nx, ny         int
	start          []int32
	items          []int32
	// big lists the entries that would span too many cells.
	big []int32
}

// hitEntry is one testable piece: a rectangle, circle or text; a whole
// subpath of a filled path (its winding adds up with the op's other
// subpaths); or a piece of a stroked line.
type hitEntry struct {
	box      Rect // the piece's bounds grown by stroke and HitTolerance
	target   *Meta
	order    int32 // index of op in Scene.Ops
	clip     int32 // into HitIndex.clips
	from, to int32 // segment range of a path piece
	base     uint8 // tierMark or tierSeries
	fill     bool  // a subpath of a filled path
}

// Index tuning.
const (
	// pieceSegs is the most segments of a stroked line per entry, so a
	// long line's pieces fall in few cells each.
	pieceSegs = 16
	// maxGridSide bounds the grid's cells per side.
	maxGridSide = 1024
)

// Index builds a HitIndex of s, in time and memory linear in the number
// of shapes (a 100,000-point scatter of mark groups: see
// BenchmarkHitIndex).
func (s *Scene) Index() *HitIndex {
	h := &HitIndex{}
	if s == nil {
		return h
	}
	h.ops = s.Ops
	// Count first: the entries of a big scene are most of the index's
	// memory, and growing the slice would copy them several times.
	n := 0
	walkShapes(s, func(_ int, op Op, _ hitGroup) {
		h.pieces(op, func(int, int) { n++ })
	})
	h.ents = make([]hitEntry, 0, n)
	clipIdx := map[Rect]int32{}
	last, lastIdx := Rect{}, int32(-1)
	walkShapes(s, func(i int, op Op, g hitGroup) {
		ci := lastIdx
		if ci < 0 || g.clip != last {
			var ok bool
			if ci, ok = clipIdx[g.clip]; !ok {
				ci = int32(len(h.clips))
				h.clips = append(h.clips, g.clip)
				clipIdx[g.clip] = ci
			}
			last, lastIdx = g.clip, ci
		}
		e := hitEntry{target: g.target, order: int32(i), clip: ci, base: g.base, from: -1}
		p, ok := op.(*PathOp)
		if !ok {
			e.box = grow(shapeBox(op), shapeReach(op)+HitTolerance)
			h.ents = append(h.ents, e)
			return
		}
		grownBy := reach(p.Style) + HitTolerance
		e.fill = !p.Fill.IsNone()
		h.pieces(op, func(a, b int) {
			e.from, e.to = int32(a), int32(b)
			e.box = grow(segBox(p.Path, a, b), grownBy)
			h.ents = append(h.ents, e)
		})
	})
	h.grid()
	return h
}

// pieces calls fn with the segment range of each entry of a path: its
// subpaths when it is filled, pieces of at most pieceSegs segments when
// it is only stroked; once, with (0, 0), for any other shape.
func (h *HitIndex) pieces(op Op, fn func(from, to int)) {
	p, ok := op.(*PathOp)
	if !ok {
		fn(0, 0)
		return
	}
	filled := !p.Fill.IsNone()
	eachSubpath(p.Path, func(from, to int) {
		step := to - from
		if !filled {
			step = pieceSegs
		}
		for a := from; a < to; a += step {
			fn(a, min(a+step, to))
		}
	})
}

// shapeReach is how far a rectangle, circle or text paints outside its
// geometry.
func shapeReach(op Op) float64 {
	switch o := op.(type) {
	case *RectOp:
		return reach(o.Style)
	case *CircleOp:
		return reach(o.Style)
	}
	return 0
}

// grid sizes the cells so that there are about as many as entries and
// files every entry under the cells its box overlaps, or under big.
func (h *HitIndex) grid() {
	n := len(h.ents)
	if n == 0 {
		return
	}
	b := emptyBounds()
	mean := 0.0
	for i := range h.ents {
		r := h.ents[i].box
		b.add(r.X, r.Y)
		b.add(r.X+r.W, r.Y+r.H)
		mean += (r.W + r.H) / 2
	}
	mean /= float64(n)
	// Cells about as large as a typical entry: smaller ones would file
	// each entry many times over, larger ones hold many entries.
	w, ht := math.Max(b.x1-b.x0, 1), math.Max(b.y1-b.y0, 1)
	side := math.Max(math.Sqrt(w*ht/float64(n)), mean)
	h.nx = max(1, min(maxGridSide, int(math.Ceil(w/side))))
	h.ny = max(1, min(maxGridSide, int(math.Ceil(ht/side))))
	h.x0, h.y0 = b.x0, b.y0
	h.cw, h.ch = w/float64(h.nx), ht/float64(h.ny)
	cells := h.nx * h.ny
	bigCells := max(64, cells/32)

	// An entry is big if its box spans more than bigCells cells; all
	// subpaths of a filled path go to one place, so their windings are
	// summed together.
	isBig := make([]bool, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && h.ents[i].fill && h.ents[j].fill && h.ents[j].order == h.ents[i].order {
			j++
		}
		big := false
		for k := i; k < j; k++ {
			i0, j0, i1, j1 := h.cellRange(h.ents[k].box)
			big = big || (i1-i0+1)*(j1-j0+1) > bigCells
		}
		for k := i; k < j; k++ {
			isBig[k] = big
		}
		i = j
	}
	// Two passes, counting then filling, into one flat array.
	h.start = make([]int32, cells+1)
	for k := range h.ents {
		if isBig[k] {
			continue
		}
		i0, j0, i1, j1 := h.cellRange(h.ents[k].box)
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				h.start[j*h.nx+i+1]++
			}
		}
	}
	for c := 0; c < cells; c++ {
		h.start[c+1] += h.start[c]
	}
	h.items = make([]int32, h.start[cells])
	fill := make([]int32, cells)
	copy(fill, h.start[:cells])
	for k := range h.ents {
		if isBig[k] {
			h.big = append(h.big, int32(k))
			continue
		}
		i0, j0, i1, j1 := h.cellRange(h.ents[k].box)
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				c := j*h.nx + i
				h.items[fill[c]] = int32(k)
				fill[c]++
			}
		}
	}
}

// cellRange is the span of cells r overlaps, clamped to the grid.
func (h *HitIndex) cellRange(r Rect) (i0, j0, i1, j1 int) {
	i0, j0 = h.cell(r.X, r.Y)
	i1, j1 = h.cell(r.X+r.W, r.Y+r.H)
	return
}

func (h *HitIndex) cell(x, y float64) (int, int) {
	i := int(math.Floor((x - h.x0) / h.cw))
	j := int(math.Floor((y - h.y0) / h.ch))
	return max(0, min(h.nx-1, i)), max(0, min(h.ny-1, j))
}

// HitTest returns what Scene.HitTest returns for the indexed scene.
func (h *HitIndex) HitTest(x, y float64) *Meta {
	if h == nil || len(h.ents) == 0 {
		return nil
	}
	best := hitBest{tier: tierNone, order: -1}
	if x >= h.x0 && y >= h.y0 && x <= h.x0+h.cw*float64(h.nx) && y <= h.y0+h.ch*float64(h.ny) {
		i, j := h.cell(x, y)
		c := j*h.nx + i
		h.scan(h.items[h.start[c]:h.start[c+1]], x, y, &best)
	}
	h.scan(h.big, x, y, &best)
	return best.meta
}

// scan tests the entries of list, topmost first.
func (h *HitIndex) scan(list []int32, x, y float64, best *hitBest) {
	for k := len(list) - 1; k >= 0; k-- {
		e := &h.ents[list[k]]
		if best.tier == tierMark && int(e.order) < best.order {
			return // nothing below the topmost mark can beat it
		}
		// list[k:last+1] is e's op: one entry, or every subpath of a
		// filled path, which lie together.
		last := k
		if e.fill {
			for k > 0 && h.ents[list[k-1]].order == e.order {
				k--
			}
		}
		if !best.couldImprove(e.base, int(e.order)) || !h.clips[e.clip].Contains(x, y) {
			continue
		}
		g := hitGroup{target: e.target, base: e.base}
		op := h.ops[e.order]
		p, ok := op.(*PathOp)
		if !ok {
			if e.box.Contains(x, y) {
				best.offer(shapeTier(op, x, y), g, int(e.order))
			}
			continue
		}
		acc := newPathHit(p, x, y)
		for _, id := range list[k : last+1] {
			pe := &h.ents[id]
			acc.add(int(pe.from), int(pe.to), pe.box, pe.fill)
		}
		best.offer(acc.tier(), g, int(e.order))
	}
}
