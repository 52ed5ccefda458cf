package render

import "math"

// graphEdge joins nodes A and B with weight W (> 0).
type graphEdge struct {
	A, B int
	W    float64
}

// rng is a small deterministic generator (SplitMix64), so layouts are the
// same on every platform and Go version, which golden files rely on.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// forceIterations is the fixed budget of the force layout: enough for
// graphs of a few hundred nodes to settle, and a fixed number so a layout
// never depends on timing.
const forceIterations = 300

// forceLayout places n nodes in the unit square with Fruchterman and
// Reingold's spring embedder: every pair repels (k²/d), edges attract
// (d²/k, scaled by weight), a weak pull to the centre keeps disconnected
// parts in view, and the step ("temperature") cools linearly. Starting
// positions come from seed, so a seed always gives the same layout.
func forceLayout(n int, edges []graphEdge, seed uint64) []Point {
	pos := make([]Point, n)
	if n == 0 {
		return pos
	}
	if n == 1 {
		pos[0] = Point{0.5, 0.5}
		return pos
	}
	r := rng{s: seed}
	for i := range pos {
		pos[i] = Point{r.float(), r.float()}
	}
	k := math.Sqrt(1 / float64(n))
	maxW := 0.0
	for _, e := range edges {
		maxW = math.Max(maxW, e.W)
	}
	disp := make([]Point, n)
	t0 := 0.1
	for it := 0; it < forceIterations; it++ {
		for i := range disp {
			disp[i] = Point{}
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := pos[i].X-pos[j].X, pos[i].Y-pos[j].Y
				d2 := dx*dx + dy*dy
				if d2 < 1e-12 {
					// Coincident nodes: push apart in a fixed direction.
					dx, dy, d2 = 1e-6*float64(i-j), 1e-6, 1e-12
				}
				f := k * k / d2 // (k²/d) / d, applied to the (dx, dy) vector
				disp[i].X += dx * f
				disp[i].Y += dy * f
				disp[j].X -= dx * f
				disp[j].Y -= dy * f
			}
		}
		for _, e := range edges {
			if e.A == e.B {
				continue
			}
			dx, dy := pos[e.A].X-pos[e.B].X, pos[e.A].Y-pos[e.B].Y
			d := math.Hypot(dx, dy)
			w := 1.0
			if maxW > 0 {
				w = 0.5 + 0.5*e.W/maxW
			}
			f := w * d / k // (d²/k) / d
			disp[e.A].X -= dx * f
			disp[e.A].Y -= dy * f
			disp[e.B].X += dx * f
			disp[e.B].Y += dy * f
		}
		t := t0 * (1 - float64(it)/forceIterations)
		for i := range pos {
			// Gravity towards the centre.
			disp[i].X -= (pos[i].X - 0.5) * 0.1 * k * float64(n) / 10
			disp[i].Y -= (pos[i].Y - 0.5) * 0.1 * k * float64(n) / 10
			d := math.Hypot(disp[i].X, disp[i].Y)
			if d > 0 {
				s := math.Min(d, t) / d
				pos[i].X += disp[i].X * s
				pos[i].Y += disp[i].Y * s
			}
		}
	}
	return pos
}
