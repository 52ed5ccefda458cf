package downsample

// LTTB picks at most threshold points of the line (xs[i], ys[i]) that
// keep its visual shape, with Steinarsson's largest-triangle-three-buckets
// algorithm, and returns their indices in increasing order. Downsampling
// by index rather than by value lets callers keep whole rows.
//
// The first and last finite points are always kept. Points whose x or y
// is NaN or infinite are skipped. threshold <= 0 or threshold >= the
// number of points keeps every finite point; 0 < threshold < 3 keeps only
// the first and last. xs should be sorted ascending for the result to be
// meaningful, but any input is safe. When len(xs) != len(ys) the shorter
// length is used.
//
// It runs in O(n) time and allocates only the returned slice.
func LTTB(xs, ys []float64, threshold int) []int {
	n := min(len(xs), len(ys))
	xs, ys = xs[:n], ys[:n]
	first, last := -1, -1
	for i := 0; i < n; i++ {
		if finite(xs[i], ys[i]) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil
	}
	for i := n - 1; i >= first; i-- {
		if finite(xs[i], ys[i]) {
			last = i
			break
		}
	}
	if threshold <= 0 || threshold >= last-first+1 {
		return allFinite(xs, ys, first, last)
	}
	if threshold < 3 {
		return []int{first, last}
	}
	return lttb(xs, ys, first, last, threshold)
}

// allFinite returns the finite points between first and last.
func allFinite(xs, ys []float64, first, last int) []int {
	count := 0
	for i := first; i <= last; i++ {
		if finite(xs[i], ys[i]) {
			count++
		}
	}
	out := make([]int, 0, count)
	for i := first; i <= last; i++ {
		if finite(xs[i], ys[i]) {
			out = append(out, i)
		}
	}
	return out
}

// lttb is the algorithm proper on the index range [first, last], which
// holds more than threshold >= 3 points. The points strictly between first
// and last are split into threshold-2 buckets of equal index width; from
// each bucket it keeps the point forming the largest triangle with the
// point kept before it and the average of the next bucket. Buckets with
// no finite point keep nothing.
func lttb(xs, ys []float64, first, last, threshold int) []int {
	out := make([]int, 0, threshold)
	out = append(out, first)
	inner := last - first - 1 // points strictly between first and last
	buckets := threshold - 2
	every := float64(inner) / float64(buckets)
	bound := func(b int) int { // start index of bucket b
		if b >= buckets {
			return last
		}
		return first + 1 + int(float64(b)*every)
	}
	ax, ay := xs[first], ys[first]
	for b := 0; b < buckets; b++ {
		lo, hi := bound(b), bound(b+1)
		// Average of the next bucket (the last point for the final one).
		cx, cy := xs[last], ys[last]
		if b+1 < buckets {
			nlo, nhi := hi, bound(b+2)
			var sx, sy float64
			cnt := 0
			for i := nlo; i < nhi; i++ {
				x, y := xs[i], ys[i]
				if finite(x, y) {
					sx += x
					sy += y
					cnt++
				}
			}
			if cnt > 0 {
				cx, cy = sx/float64(cnt), sy/float64(cnt)
			}
		}
		best, bestArea := -1, -1.0
		dx, dy := ax-cx, cy-ay
		for i := lo; i < hi; i++ {
			x, y := xs[i], ys[i]
			if !finite(x, y) {
				continue
			}
			// Twice the triangle's area; the factor does not change the winner.
			area := dx*(y-ay) - (ax-x)*dy
			if area < 0 {
				area = -area
			}
			if area > bestArea {
				best, bestArea = i, area
			}
		}
		if best >= 0 {
			out = append(out, best)
			ax, ay = xs[best], ys[best]
		}
	}
	return append(out, last)
}

// finite reports whether both coordinates are neither NaN nor infinite:
// v-v is 0 exactly for finite v.
func finite(x, y float64) bool { return x-x == 0 && y-y == 0 }
