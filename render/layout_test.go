package render

import (
	"fmt"
	"math"
	"testing"
)

// aspect is a rectangle's aspect ratio, ≥ 1.
func aspect(r Rect) float64 {
	if r.W <= 0 || r.H <= 0 {
		return math.Inf(1)
	}
	return math.Max(r.W/r.H, r.H/r.W)
}

func TestSquarify(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		r      Rect
	}{
		// The example of Bruls et al.: 6,6,4,3,2,2,1 in a 6×4 rectangle.
		{"bruls", []float64{6, 6, 4, 3, 2, 2, 1}, Rect{0, 0, 6, 4}},
		{"unsorted", []float64{1, 6, 2, 4, 3, 6, 2}, Rect{10, 20, 600, 400}},
		{"tall", []float64{50, 30, 10, 5, 3, 1, 1}, Rect{0, 0, 100, 700}},
		{"one", []float64{42}, Rect{0, 0, 300, 200}},
		{"many equal", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Rect{0, 0, 400, 400}},
		{"skewed", []float64{1000, 1, 1, 1, 1, 1}, Rect{0, 0, 800, 480}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := squarify(tt.values, tt.r)
			total := 0.0
			for _, v := range tt.values {
				total += v
			}
			worstSq, worstSD := 0.0, 0.0
			sd := sliceAndDice(tt.values, tt.r)
			for i, v := range tt.values {
				want := v / total * tt.r.W * tt.r.H
				if got := rs[i].W * rs[i].H; math.Abs(got-want) > 1e-6*math.Max(1, want) {
					t.Errorf("rect %d: area %g, want %g", i, got, want)
				}
				if !(rs[i].X >= tt.r.X-1e-9 && rs[i].Y >= tt.r.Y-1e-9 && rs[i].X+rs[i].W <= tt.r.X+tt.r.W+1e-9 && rs[i].Y+rs[i].H <= tt.r.Y+tt.r.H+1e-9) {
					t.Errorf("rect %d %+v outside %+v", i, rs[i], tt.r)
				}
				for j := i + 1; j < len(rs); j++ {
					if overlapArea(rs[i], rs[j]) > 1e-6 {
						t.Errorf("rects %d and %d overlap", i, j)
					}
				}
				worstSq = math.Max(worstSq, aspect(rs[i]))
				worstSD = math.Max(worstSD, aspect(sd[i]))
			}
			if len(tt.values) > 1 && tt.name != "skewed" && worstSq >= worstSD {
				t.Errorf("worst aspect %g, slice-and-dice %g", worstSq, worstSD)
			}
			if tt.name == "bruls" && worstSq > 3.0 {
				t.Errorf("worst aspect %g on the paper's example, want ≤ 3 (paper: 2.25 for the last row)", worstSq)
			}
		})
	}
}

func TestSquarifyBadValues(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		r      Rect
	}{
		{"empty", nil, Rect{0, 0, 10, 10}},
		{"zeros", []float64{0, 0}, Rect{0, 0, 10, 10}},
		{"negative and NaN", []float64{3, -1, math.NaN(), 2, math.Inf(1)}, Rect{0, 0, 10, 10}},
		{"empty rect", []float64{1, 2}, Rect{0, 0, 0, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := squarify(tt.values, tt.r)
			if len(rs) != len(tt.values) {
				t.Fatalf("%d rects for %d values", len(rs), len(tt.values))
			}
			for i, v := range tt.values {
				if !(v > 0) || math.IsInf(v, 0) {
					if rs[i].W*rs[i].H != 0 {
						t.Errorf("value %g got area %g", v, rs[i].W*rs[i].H)
					}
				}
				if math.IsNaN(rs[i].X + rs[i].Y + rs[i].W + rs[i].H) {
					t.Errorf("rect %d has NaN: %+v", i, rs[i])
				}
			}
		})
	}
}

func overlapArea(a, b Rect) float64 {
	w := math.Min(a.X+a.W, b.X+b.W) - math.Max(a.X, b.X)
	h := math.Min(a.Y+a.H, b.Y+b.H) - math.Max(a.Y, b.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// tree builds an hnode tree from a nested description: each entry's
// children are listed by name in kids.
func testTree(kids map[string][]string, root string) *hnode {
	var build func(name string, parent *hnode) *hnode
	build = func(name string, parent *hnode) *hnode {
		n := &hnode{name: name, parent: parent, row: -1, value: 1}
		for _, k := range kids[name] {
			n.children = append(n.children, build(k, n))
		}
		return n
	}
	return build(root, nil)
}

func TestTidyLayout(t *testing.T) {
	wide := map[string][]string{"r": {"a", "b", "c"}, "a": {"a1", "a2", "a3", "a4"}, "c": {"c1", "c2", "c3", "c4", "c5"}, "c5": {"x", "y"}}
	chain := map[string][]string{"r": {"a"}, "a": {"b"}, "b": {"c"}}
	// A tree where a naive layout overlaps cousins: a deep left subtree
	// that widens at the bottom next to a deep right one.
	tricky := map[string][]string{
		"r": {"l", "m", "n"}, "l": {"l1"}, "l1": {"l2"}, "l2": {"la", "lb", "lc", "ld"},
		"n": {"n1"}, "n1": {"n2"}, "n2": {"na", "nb", "nc", "nd"},
	}
	big := map[string][]string{}
	for i := 0; i < 6; i++ {
		p := fmt.Sprint("p", i)
		big["r"] = append(big["r"], p)
		for j := 0; j < i; j++ {
			c := fmt.Sprint(p, "c", j)
			big[p] = append(big[p], c)
			for k := 0; k < (i+j)%3; k++ {
				big[c] = append(big[c], fmt.Sprint(c, "g", k))
			}
		}
	}
	tests := []struct {
		name string
		kids map[string][]string
	}{
		{"single", map[string][]string{}},
		{"wide", wide},
		{"chain", chain},
		{"tricky", tricky},
		{"big", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes := tidyLayout(testTree(tt.kids, "r"))
			byDepth := map[int][]*tidyNode{}
			for _, n := range nodes {
				if math.IsNaN(n.x) || n.x < -1e-9 {
					t.Fatalf("%s: x = %g", n.src.name, n.x)
				}
				byDepth[n.depth] = append(byDepth[n.depth], n)
				if len(n.children) > 0 {
					mid := (n.children[0].x + n.children[len(n.children)-1].x) / 2
					if math.Abs(n.x-mid) > 1e-9 {
						t.Errorf("%s at %g is not centred over its children (%g)", n.src.name, n.x, mid)
					}
				}
				for i := 1; i < len(n.children); i++ {
					if d := n.children[i].x - n.children[i-1].x; d < 1-1e-9 {
						t.Errorf("siblings %s and %s are %g apart", n.children[i-1].src.name, n.children[i].src.name, d)
					}
				}
			}
			// No two nodes on a level closer than the unit distance, and
			// the left-to-right order of a level is kept.
			for d, level := range byDepth {
				for i := 1; i < len(level); i++ {
					if gap := level[i].x - level[i-1].x; gap < 1-1e-9 {
						t.Errorf("depth %d: %s and %s are %g apart", d, level[i-1].src.name, level[i].src.name, gap)
					}
				}
			}
		})
	}
}

func TestForceLayout(t *testing.T) {
	// Two dense clusters joined by one edge, plus a separate pair.
	var edges []graphEdge
	for c := 0; c < 2; c++ {
		for i := 0; i < 6; i++ {
			for j := i + 1; j < 6; j++ {
				if (i+j)%2 == 0 || j == i+1 {
					edges = append(edges, graphEdge{c*6 + i, c*6 + j, 1})
				}
			}
		}
	}
	edges = append(edges, graphEdge{0, 6, 1}, graphEdge{12, 13, 3})
	const n = 14
	a := forceLayout(n, edges, 42)
	b := forceLayout(n, edges, 42)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("node %d: %v then %v for the same seed", i, a[i], b[i])
		}
		if math.IsNaN(a[i].X) || math.IsNaN(a[i].Y) {
			t.Fatalf("node %d at NaN", i)
		}
	}
	if c := forceLayout(n, edges, 7); c[0] == a[0] && c[1] == a[1] {
		t.Errorf("a different seed gave the same layout")
	}
	linked := map[[2]int]bool{}
	for _, e := range edges {
		linked[[2]int{e.A, e.B}], linked[[2]int{e.B, e.A}] = true, true
	}
	var in, out float64
	var nin, nout int
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			d := math.Hypot(a[i].X-a[j].X, a[i].Y-a[j].Y)
			if linked[[2]int{i, j}] {
				in += d
				nin++
			} else {
				out += d
				nout++
			}
		}
	}
	if in/float64(nin) >= out/float64(nout) {
		t.Errorf("connected nodes are %g apart on average, unconnected %g", in/float64(nin), out/float64(nout))
	}
	for _, tt := range []struct {
		n     int
		edges []graphEdge
	}{{0, nil}, {1, nil}, {2, []graphEdge{{0, 0, 1}}}, {3, nil}} {
		if got := forceLayout(tt.n, tt.edges, 1); len(got) != tt.n {
			t.Errorf("n=%d: %d positions", tt.n, len(got))
		}
	}
}

func TestPlaceWords(t *testing.T) {
	mk := func(n int, big float64) []cloudWord {
		var ws []cloudWord
		for i := 0; i < n; i++ {
			s := fmt.Sprintf("word%d", i)
			ws = append(ws, cloudWord{Text: s, Size: math.Max(10, big/float64(1+i/3)), Rotate: rotateWord(s), Index: i})
		}
		return ws
	}
	tests := []struct {
		name       string
		words      []cloudWord
		r          Rect
		allPlaced  bool
		wantPlaced int
	}{
		{"few", mk(10, 40), Rect{0, 0, 600, 400}, true, 10},
		{"many", mk(80, 48), Rect{20, 30, 760, 420}, true, 80},
		{"too many for the space", mk(300, 40), Rect{0, 0, 200, 120}, false, -1},
		{"too long to fit", []cloudWord{{Text: "supercalifragilisticexpialidocious", Size: 60}}, Rect{0, 0, 100, 100}, false, 0},
		{"empty text", []cloudWord{{Text: "", Size: 20}}, Rect{0, 0, 100, 100}, false, 0},
		{"no room", mk(3, 20), Rect{0, 0, 0, 0}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			placed, dropped := placeWords(tt.words, tt.r)
			if len(placed)+len(dropped) != len(tt.words) {
				t.Fatalf("%d placed + %d dropped != %d words", len(placed), len(dropped), len(tt.words))
			}
			if tt.allPlaced && len(dropped) > 0 {
				t.Errorf("%d words dropped", len(dropped))
			}
			if tt.wantPlaced >= 0 && len(placed) != tt.wantPlaced {
				t.Errorf("%d placed, want %d", len(placed), tt.wantPlaced)
			}
			for i, p := range placed {
				b := p.Box
				if b.X < tt.r.X-1e-9 || b.Y < tt.r.Y-1e-9 || b.X+b.W > tt.r.X+tt.r.W+1e-9 || b.Y+b.H > tt.r.Y+tt.r.H+1e-9 {
					t.Errorf("%q at %+v is outside %+v", p.Text, b, tt.r)
				}
				for _, q := range placed[i+1:] {
					if overlaps(p.Box, q.Box) {
						t.Errorf("%q %+v and %q %+v overlap", p.Text, p.Box, q.Text, q.Box)
					}
				}
			}
		})
	}
}

// BenchmarkForceLayout measures the force layout at its node cap, the
// worst case a graph chart pays (in the browser too).
func BenchmarkForceLayout(b *testing.B) {
	const n = maxGraphNodes
	var edges []graphEdge
	for i := 1; i < n; i++ {
		edges = append(edges, graphEdge{i, (i * 7) % i, 1}, graphEdge{i, i / 2, 2})
	}
	for b.Loop() {
		forceLayout(n, edges, graphSeed)
	}
}

// BenchmarkPlaceWords measures a full word cloud at its word cap.
func BenchmarkPlaceWords(b *testing.B) {
	var ws []cloudWord
	for i := 0; i < maxWords; i++ {
		s := fmt.Sprintf("word%d", i)
		ws = append(ws, cloudWord{Text: s, Size: math.Max(9, 60/math.Sqrt(float64(i+1))), Rotate: rotateWord(s)})
	}
	for b.Loop() {
		placeWords(ws, Rect{0, 0, 760, 420})
	}
}
