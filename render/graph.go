package render

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/chart"
)

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

// forceGravity is the pull towards the centre (see forceLayout).
const forceGravity = 2.0

// forceLayout places n nodes in the unit square with Fruchterman and
// Reingold's spring embedder: every pair repels (k²/d), edges attract
// (d²/k, scaled by weight), a pull to the centre keeps disconnected parts
// in view, and the step ("temperature") cools linearly. Starting
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
			// Gravity towards the centre, linear in the distance. The
			// repulsion a node feels from all others is about 1/d (n·k²
			// is 1), so this keeps loose parts within about 0.7 of the
			// centre instead of drifting off.
			disp[i].X -= (pos[i].X - 0.5) * forceGravity
			disp[i].Y -= (pos[i].Y - 0.5) * forceGravity
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

func init() { register(chart.Graph, drawGraph) }

// maxGraphNodes bounds the O(n²) force layout; larger graphs keep their
// best-connected nodes.
const maxGraphNodes = 500

// graphSeed fixes the layout's starting positions, so the same data
// always draws the same picture.
const graphSeed = 0x5eed

// graphData is the network read from source/target rows.
type graphData struct {
	names  []string
	edges  []graphEdge
	rows   []int     // first data row of each edge
	degree []float64 // weighted degree per node
}

// readGraph builds nodes from the distinct source and target values, in
// order of appearance, and merges repeated edges (either direction) by
// adding their weights. Without a value channel each edge weighs 1.
func (f *frame) readGraph() (*graphData, int) {
	d := f.data
	g := &graphData{}
	idx := map[string]int{}
	node := func(s string) int {
		if i, ok := idx[s]; ok {
			return i
		}
		idx[s] = len(g.names)
		g.names = append(g.names, s)
		return len(g.names) - 1
	}
	pairs := map[[2]int]int{}
	skipped := 0
	for row := 0; row < d.Len(); row++ {
		s, t := d.Str(chart.Source, row), d.Str(chart.Target, row)
		if s == "" || t == "" {
			skipped++
			continue
		}
		w := 1.0
		if d.Has(chart.Value) {
			v, ok := d.Num(chart.Value, row)
			if !ok || v <= 0 {
				skipped++
				continue
			}
			w = v
		}
		a, b := node(s), node(t)
		key := [2]int{min(a, b), max(a, b)}
		if e, ok := pairs[key]; ok {
			g.edges[e].W += w
			continue
		}
		pairs[key] = len(g.edges)
		g.edges = append(g.edges, graphEdge{a, b, w})
		g.rows = append(g.rows, row)
	}
	g.degree = make([]float64, len(g.names))
	for _, e := range g.edges {
		if e.A != e.B {
			g.degree[e.A] += e.W
			g.degree[e.B] += e.W
		}
	}
	return g, skipped
}

// keepTop reduces the graph to its n nodes of highest degree.
func (g *graphData) keepTop(n int) {
	order := make([]int, len(g.names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return g.degree[order[a]] > g.degree[order[b]] })
	newIdx := make([]int, len(g.names))
	for i := range newIdx {
		newIdx[i] = -1
	}
	kept := order[:n]
	sort.Ints(kept)
	ng := &graphData{}
	for k, i := range kept {
		newIdx[i] = k
		ng.names = append(ng.names, g.names[i])
		ng.degree = append(ng.degree, 0)
	}
	for j, e := range g.edges {
		a, b := newIdx[e.A], newIdx[e.B]
		if a < 0 || b < 0 {
			continue
		}
		ng.edges = append(ng.edges, graphEdge{a, b, e.W})
		ng.rows = append(ng.rows, g.rows[j])
		if a != b {
			ng.degree[a] += e.W
			ng.degree[b] += e.W
		}
	}
	*g = *ng
}

// communities groups nodes by modularity: the local-moving phase of the
// Louvain method (Blondel et al., 2008), visiting nodes in index order
// and moving each to the neighbouring group that raises modularity most,
// until no move helps. Deterministic, and enough to colour a chart's
// clusters. Groups are numbered by size, largest first, so the first
// palette colour marks the biggest group.
func communities(n int, edges []graphEdge) []int {
	adj := make([][]graphEdge, n)
	k := make([]float64, n) // weighted degree
	m2 := 0.0               // twice the total weight
	for _, e := range edges {
		if e.A == e.B {
			continue
		}
		adj[e.A] = append(adj[e.A], graphEdge{e.A, e.B, e.W})
		adj[e.B] = append(adj[e.B], graphEdge{e.B, e.A, e.W})
		k[e.A] += e.W
		k[e.B] += e.W
		m2 += 2 * e.W
	}
	comm := make([]int, n)
	tot := make([]float64, n) // total degree per group
	for i := range comm {
		comm[i] = i
		tot[i] = k[i]
	}
	for pass := 0; pass < 50 && m2 > 0; pass++ {
		moved := false
		for i := 0; i < n; i++ {
			if len(adj[i]) == 0 {
				continue
			}
			links := map[int]float64{}
			for _, e := range adj[i] {
				links[comm[e.B]] += e.W
			}
			old := comm[i]
			tot[old] -= k[i]
			gain := func(c int) float64 { return links[c] - tot[c]*k[i]/m2 }
			best, bestG := old, gain(old)
			cs := make([]int, 0, len(links))
			for c := range links {
				cs = append(cs, c)
			}
			sort.Ints(cs)
			for _, c := range cs {
				if g := gain(c); g > bestG+1e-12 {
					best, bestG = c, g
				}
			}
			comm[i] = best
			tot[best] += k[i]
			if best != old {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	size := map[int]int{}
	first := map[int]int{}
	for i, c := range comm {
		if _, ok := first[c]; !ok {
			first[c] = i
		}
		size[c]++
	}
	cs := make([]int, 0, len(size))
	for c := range size {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(a, b int) bool {
		if size[cs[a]] != size[cs[b]] {
			return size[cs[a]] > size[cs[b]]
		}
		return first[cs[a]] < first[cs[b]]
	})
	rank := map[int]int{}
	for i, c := range cs {
		rank[c] = i
	}
	out := make([]int, n)
	for i, c := range comm {
		out[i] = rank[c]
	}
	return out
}

// drawGraph draws a force-directed network: node area by weighted
// degree, colour by community, edge width by weight. Labels go beside the
// biggest nodes first and are dropped where they would overlap a placed
// label; with options.show_labels every node that has room is labelled.
func drawGraph(f *frame) error {
	if !f.data.Has(chart.Source) || !f.data.Has(chart.Target) {
		return errors.New("a graph needs encoding.source and encoding.target")
	}
	g, skipped := f.readGraph()
	if skipped > 0 {
		f.note(plural(skipped, "row") + " without both ends or a positive weight left out")
	}
	if len(g.names) == 0 {
		f.emptyState("No edges")
		return nil
	}
	if len(g.names) > maxGraphNodes {
		f.note(fmt.Sprintf("the %d best-connected of %d nodes shown", maxGraphNodes, len(g.names)))
		g.keepTop(maxGraphNodes)
	}
	n := len(g.names)
	pos := forceLayout(n, g.edges, graphSeed)
	maxDeg, maxW := 0.0, 0.0
	for _, d := range g.degree {
		maxDeg = math.Max(maxDeg, d)
	}
	for _, e := range g.edges {
		maxW = math.Max(maxW, e.W)
	}
	pl := f.plot
	rMax := math.Max(4, math.Min(20, math.Min(pl.W, pl.H)/math.Sqrt(float64(n))/4))
	radius := func(i int) float64 {
		if maxDeg <= 0 {
			return 4
		}
		return 3 + (rMax-3)*math.Sqrt(g.degree[i]/maxDeg)
	}
	// Fit the layout's extent into the plot, leaving room for radii and
	// for labels on the sides.
	e := newExtent()
	ey := newExtent()
	for _, p := range pos {
		e.add(p.X)
		ey.add(p.Y)
	}
	mx, my := rMax+40, rMax+8
	inner := Rect{pl.X + mx, pl.Y + my, math.Max(1, pl.W-2*mx), math.Max(1, pl.H-2*my)}
	sx, sy := inner.W/math.Max(e.hi-e.lo, 1e-9), inner.H/math.Max(ey.hi-ey.lo, 1e-9)
	ox, oy := inner.X, inner.Y
	if e.hi-e.lo < 1e-9 {
		ox, sx = inner.X+inner.W/2, 0
	}
	if ey.hi-ey.lo < 1e-9 {
		oy, sy = inner.Y+inner.H/2, 0
	}
	px := make([]Point, n)
	for i, p := range pos {
		px[i] = Point{ox + (p.X-e.lo)*sx, oy + (p.Y-ey.lo)*sy}
	}
	groups := communities(n, g.edges)
	for j, ed := range g.edges {
		if ed.A == ed.B {
			continue
		}
		a, b := px[ed.A], px[ed.B]
		w := 1.0
		if maxW > 0 {
			w = 0.75 + 3.25*ed.W/maxW
		}
		tip := fmt.Sprintf("%s – %s", g.names[ed.A], g.names[ed.B])
		if f.data.Has(chart.Value) {
			tip += ": " + f.formatValue(chart.Value, ed.W)
		}
		f.mark(Meta{Series: -1, Index: g.rows[j], Tooltip: tip}, func() {
			f.c.Line(a.X, a.Y, b.X, b.Y, Style{Stroke: f.theme.Axis.Alpha(0.45), StrokeWidth: w})
		})
	}
	for i := range g.names {
		tip := g.names[i]
		if f.data.Has(chart.Value) {
			tip += fmt.Sprintf(": %s in total", f.formatValue(chart.Value, g.degree[i]))
		}
		col := f.color(groups[i])
		f.mark(Meta{Series: groups[i], Index: i, Tooltip: tip}, func() {
			f.c.Circle(px[i].X, px[i].Y, radius(i), Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1.5})
		})
	}
	f.graphLabels(g, px, radius)
	return nil
}

// graphLabels places node names to the right of their nodes, biggest
// nodes first, skipping any that would overlap a node or a placed label.
func (f *frame) graphLabels(g *graphData, px []Point, radius func(int) float64) {
	n := len(g.names)
	limit := n
	if !f.spec.Options.ShowLabels {
		limit = min(n, 12)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return g.degree[order[a]] > g.degree[order[b]] })
	grid := newBoxGrid(f.plot, 32)
	for i := range g.names {
		r := radius(i)
		grid.add(Rect{px[i].X - r, px[i].Y - r, 2 * r, 2 * r})
	}
	// The node boxes are in the grid too; a label may touch its own node.
	placed := 0
	for _, i := range order {
		if placed >= limit {
			break
		}
		s := Truncate(g.names[i], fontLabel, 140)
		r := radius(i)
		for _, side := range []float64{1, -1} {
			x := px[i].X + side*(r+3)
			a := AnchorStart
			if side < 0 {
				a = AnchorEnd
			}
			b := textBox(x, px[i].Y, s, fontLabel, a, BaselineMiddle)
			if !f.plot.Contains(b.X, b.Y) || !f.plot.Contains(b.X+b.W, b.Y+b.H) || grid.hits(b) {
				continue
			}
			grid.add(b)
			f.labelBackdrop(b)
			f.text(x, px[i].Y, s, fontLabel, f.theme.Text, a, BaselineMiddle)
			placed++
			break
		}
	}
}
