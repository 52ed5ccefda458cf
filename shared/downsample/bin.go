package downsample

// Bounds is the rectangle a scatter is binned over. The zero value asks
// Bin2D to use the data's own extent.
type Bounds struct {
	MinX, MaxX, MinY, MaxY float64
}

// Cell is one non-empty bin: its centre and how many points fell in it.
type Cell struct {
	X, Y  float64
	Count int
}

// MaxBins caps each side of the grid, so a hostile nx or ny cannot make
// Bin2D allocate more than a few megabytes.
const MaxBins = 1024

// Extent is the bounding box of the finite points; ok is false when there
// are none.
func Extent(xs, ys []float64) (b Bounds, ok bool) {
	n := min(len(xs), len(ys))
	for i := 0; i < n; i++ {
		x, y := xs[i], ys[i]
		if !finite(x, y) {
			continue
		}
		if !ok {
			b, ok = Bounds{x, x, y, y}, true
			continue
		}
		b.MinX, b.MaxX = min(b.MinX, x), max(b.MaxX, x)
		b.MinY, b.MaxY = min(b.MinY, y), max(b.MaxY, y)
	}
	return b, ok
}

// Bin2D counts the points (xs[i], ys[i]) on an nx × ny grid over bounds
// and returns the non-empty cells, row by row from the lowest y and, in a
// row, from the lowest x. A scatter of millions of points then draws as
// at most nx × ny marks sized or shaded by count, which is what the eye
// could tell apart anyway.
//
// Points outside bounds, NaN or infinite are not counted; points on the
// upper edges fall in the last cells. nx and ny are clamped to
// [1, MaxBins]. A zero Bounds uses the data's extent; a
// side of zero width makes every point fall in one cell along it.
func Bin2D(xs, ys []float64, nx, ny int, bounds Bounds) []Cell {
	nx, ny = clamp(nx, 1, MaxBins), clamp(ny, 1, MaxBins)
	n := min(len(xs), len(ys))
	if bounds == (Bounds{}) {
		var ok bool
		if bounds, ok = Extent(xs, ys); !ok {
			return nil
		}
	}
	if !finite(bounds.MinX, bounds.MinY) || !finite(bounds.MaxX, bounds.MaxY) ||
		bounds.MaxX < bounds.MinX || bounds.MaxY < bounds.MinY {
		return nil
	}
	// Halves keep the arithmetic finite for bounds near ±MaxFloat64.
	hx, hy := 0.5*bounds.MinX, 0.5*bounds.MinY
	sx, sy := scale(nx, 0.5*bounds.MaxX-hx), scale(ny, 0.5*bounds.MaxY-hy)
	counts := make([]uint32, nx*ny)
	cells := 0
	for i := 0; i < n; i++ {
		x, y := xs[i], ys[i]
		if !finite(x, y) || x < bounds.MinX || x > bounds.MaxX || y < bounds.MinY || y > bounds.MaxY {
			continue
		}
		ix := min(int((0.5*x-hx)*sx), nx-1)
		iy := min(int((0.5*y-hy)*sy), ny-1)
		k := iy*nx + ix
		if counts[k] == 0 {
			cells++
		}
		if counts[k] < ^uint32(0) {
			counts[k]++
		}
	}
	out := make([]Cell, 0, cells)
	for k, c := range counts {
		if c == 0 {
			continue
		}
		ix, iy := k%nx, k/nx
		out = append(out, Cell{
			X:     lerp(bounds.MinX, bounds.MaxX, (float64(ix)+0.5)/float64(nx)),
			Y:     lerp(bounds.MinY, bounds.MaxY, (float64(iy)+0.5)/float64(ny)),
			Count: int(c),
		})
	}
	return out
}

// lerp is the point a fraction t of the way from a to b, finite for
// finite a and b.
func lerp(a, b, t float64) float64 { return a*(1-t) + b*t }

// scale maps a distance along a side of width w to a bin number.
func scale(bins int, w float64) float64 {
	if w <= 0 {
		return 0
	}
	return float64(bins) / w
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
