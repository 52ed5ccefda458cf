package render

import (
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

// tidyNode is a node during the tidy tree layout.
type tidyNode struct {
	children []*tidyNode
	parent   *tidyNode
	number   int // 1-based position among siblings

	x, mod, change, shift float64
	thread, ancestor      *tidyNode
	depth                 int
	src                   *hnode
}

func (v *tidyNode) left() *tidyNode {
	if v.thread != nil {
		return v.thread
	}
	if len(v.children) > 0 {
		return v.children[0]
	}
	return nil
}

func (v *tidyNode) right() *tidyNode {
	if v.thread != nil {
		return v.thread
	}
	if len(v.children) > 0 {
		return v.children[len(v.children)-1]
	}
	return nil
}

func (v *tidyNode) leftBrother() *tidyNode {
	if v.parent == nil || v.number <= 1 {
		return nil
	}
	return v.parent.children[v.number-2]
}

func (v *tidyNode) leftmostSibling() *tidyNode {
	if v.parent == nil || v.number <= 1 {
		return nil
	}
	return v.parent.children[0]
}

// tidyLayout lays a tree out the tidy way (Reingold and Tilford, in
// Buchheim, Jünger and Leipert's linear-time form): siblings one unit
// apart, parents centred over their children, subtrees packed as close as
// they go without overlapping, and identical subtrees drawn identically.
// It returns the nodes in pre-order with x in units (leftmost at 0) and
// depth.
func tidyLayout(root *hnode) []*tidyNode {
	t := toTidy(root, nil, 1, 0)
	firstWalk(t)
	minX := secondWalk(t, 0, 0)
	var all []*tidyNode
	var walk func(v *tidyNode)
	walk = func(v *tidyNode) {
		v.x -= minX
		all = append(all, v)
		for _, c := range v.children {
			walk(c)
		}
	}
	walk(t)
	return all
}

func toTidy(n *hnode, parent *tidyNode, number, depth int) *tidyNode {
	v := &tidyNode{parent: parent, number: number, depth: depth, src: n}
	v.ancestor = v
	for i, c := range n.children {
		v.children = append(v.children, toTidy(c, v, i+1, depth+1))
	}
	return v
}

const tidyDistance = 1.0

func firstWalk(v *tidyNode) {
	if len(v.children) == 0 {
		if w := v.leftBrother(); w != nil {
			v.x = w.x + tidyDistance
		}
		return
	}
	defaultAncestor := v.children[0]
	for _, w := range v.children {
		firstWalk(w)
		defaultAncestor = apportion(w, defaultAncestor)
	}
	executeShifts(v)
	mid := (v.children[0].x + v.children[len(v.children)-1].x) / 2
	if w := v.leftBrother(); w != nil {
		v.x = w.x + tidyDistance
		v.mod = v.x - mid
	} else {
		v.x = mid
	}
}

func apportion(v, defaultAncestor *tidyNode) *tidyNode {
	w := v.leftBrother()
	if w == nil {
		return defaultAncestor
	}
	vir, vor := v, v
	vil, vol := w, v.leftmostSibling()
	sir, sor := v.mod, v.mod
	sil, sol := vil.mod, vol.mod
	for vil.right() != nil && vir.left() != nil {
		vil, vir = vil.right(), vir.left()
		vol, vor = vol.left(), vor.right()
		vor.ancestor = v
		shift := (vil.x + sil) - (vir.x + sir) + tidyDistance
		if shift > 0 {
			moveSubtree(tidyAncestor(vil, v, defaultAncestor), v, shift)
			sir += shift
			sor += shift
		}
		sil += vil.mod
		sir += vir.mod
		sol += vol.mod
		sor += vor.mod
	}
	if vil.right() != nil && vor.right() == nil {
		vor.thread = vil.right()
		vor.mod += sil - sor
	} else {
		if vir.left() != nil && vol.left() == nil {
			vol.thread = vir.left()
			vol.mod += sir - sol
		}
		defaultAncestor = v
	}
	return defaultAncestor
}

func moveSubtree(wl, wr *tidyNode, shift float64) {
	subtrees := float64(wr.number - wl.number)
	if subtrees <= 0 {
		subtrees = 1
	}
	wr.change -= shift / subtrees
	wr.shift += shift
	wl.change += shift / subtrees
	wr.x += shift
	wr.mod += shift
}

func executeShifts(v *tidyNode) {
	shift, change := 0.0, 0.0
	for i := len(v.children) - 1; i >= 0; i-- {
		w := v.children[i]
		w.x += shift
		w.mod += shift
		change += w.change
		shift += w.shift + change
	}
}

func tidyAncestor(vil, v, defaultAncestor *tidyNode) *tidyNode {
	if vil.ancestor.parent == v.parent {
		return vil.ancestor
	}
	return defaultAncestor
}

// secondWalk turns relative positions into absolute ones and returns the
// smallest x.
func secondWalk(v *tidyNode, m float64, minX float64) float64 {
	v.x += m
	if v.parent == nil || v.x < minX {
		minX = v.x
	}
	for _, w := range v.children {
		minX = secondWalk(w, m+v.mod, minX)
	}
	return minX
}

func init() { register(chart.Tree, drawTree) }

// drawTree draws a hierarchy as a tidy tree: top-down by default (an org
// chart), left to right with options.horizontal. Edges are S-curves;
// nodes are sized by value when there is one and coloured by top-level
// branch; labels sit beside (left to right) or under (top-down) their
// nodes and are turned or dropped when the level is too crowded.
func drawTree(f *frame) error {
	root, dropped, err := buildHierarchy(f.data, hierOptions{})
	if err != nil {
		return err
	}
	if dropped > 0 {
		f.note(plural(dropped, "row") + " without an id or path left out")
	}
	if len(root.children) == 0 {
		f.emptyState("No nodes")
		return nil
	}
	if len(root.children) == 1 {
		// The data has a single root: draw it as the tree's root.
		root = root.children[0]
		root.parent = nil
	}
	nodes := tidyLayout(root)
	maxX, maxD := 0.0, 0
	maxV := 0.0
	for _, n := range nodes {
		maxX = math.Max(maxX, n.x)
		maxD = max(maxD, n.depth)
		maxV = math.Max(maxV, n.src.value)
	}
	valued := f.data.Has(chart.Value) && maxV > 0
	radius := func(n *tidyNode) float64 {
		if !valued || !(n.src.value > 0) {
			return 4
		}
		return 3 + 6*math.Sqrt(n.src.value/maxV)
	}
	lay := f.treeGeometry(nodes, maxX, maxD)
	pos := make(map[*tidyNode]Point, len(nodes))
	for _, n := range nodes {
		pos[n] = lay.point(n)
	}
	edge := Style{Stroke: f.theme.Axis.Alpha(0.7), StrokeWidth: 1.2}
	for _, n := range nodes {
		for _, c := range n.children {
			a, b := pos[n], pos[c]
			var p Path
			p.Move(a.X, a.Y)
			if lay.horizontal {
				m := (a.X + b.X) / 2
				p.Cubic(m, a.Y, m, b.Y, b.X, b.Y)
			} else {
				m := (a.Y + b.Y) / 2
				p.Cubic(a.X, m, b.X, m, b.X, b.Y)
			}
			f.c.Path(p, edge)
		}
	}
	for _, n := range nodes {
		p := pos[n]
		col := f.theme.Text
		if n.src.top >= 0 {
			col = f.color(n.src.top)
		}
		tip := n.src.label()
		if tip == "" {
			tip = n.src.name
		}
		if valued {
			tip += ": " + f.formatValue(chart.Value, n.src.value)
		}
		f.mark(Meta{Series: max(n.src.top, 0), Index: n.src.row, Tooltip: tip}, func() {
			st := Style{Fill: col, Stroke: f.theme.Background, StrokeWidth: 1}
			if len(n.children) == 0 {
				st = Style{Fill: f.theme.Background, Stroke: col, StrokeWidth: 1.5}
			}
			f.c.Circle(p.X, p.Y, radius(n), st)
			lay.label(f, n, p, radius(n))
		})
	}
	return nil
}

// treeGeometry maps tidy coordinates to pixels and knows where labels go.
type treeGeometry struct {
	horizontal   bool
	origin       Point
	unit, level  float64 // pixels per tidy unit and per depth level
	leafW, nodeW float64 // label widths: leaves, inner nodes
	turned       bool    // top-down leaf labels run downwards
	hideLeaves   bool
}

func (f *frame) treeGeometry(nodes []*tidyNode, maxX float64, maxD int) treeGeometry {
	pl := f.plot
	g := treeGeometry{horizontal: f.spec.Options.Horizontal}
	leafW, rootW := 0.0, 0.0
	for _, n := range nodes {
		w := TextWidth(n.src.name, fontLabel)
		if len(n.children) == 0 {
			leafW = math.Max(leafW, w)
		}
		if n.depth == 0 {
			rootW = w
		}
	}
	slots := maxX + 1
	if g.horizontal {
		g.leafW = math.Min(leafW, pl.W*0.3)
		left := math.Min(rootW, pl.W*0.2) + 10
		right := g.leafW + 12
		g.unit = pl.H / slots
		g.level = (pl.W - left - right) / math.Max(1, float64(maxD))
		g.origin = Point{pl.X + left, pl.Y + g.unit/2}
		g.nodeW = g.level/2 - 8
		g.hideLeaves = g.unit < fontLabel.Size*0.8
		if maxD == 0 {
			g.origin.X = pl.X + pl.W/2
		}
		return g
	}
	g.unit = pl.W / slots
	lh := fontLabel.Size * 1.4
	bottom := lh + 4
	if leafW > g.unit-4 {
		g.turned = true
		g.leafW = math.Min(leafW, pl.H*0.3)
		bottom = g.leafW + 10
	}
	g.hideLeaves = g.turned && g.unit < fontLabel.Size*0.8
	g.level = (pl.H - 10 - bottom) / math.Max(1, float64(maxD))
	g.origin = Point{pl.X + g.unit/2, pl.Y + 10}
	g.nodeW = g.unit*2 - 8
	if maxD == 0 {
		g.origin.Y = pl.Y + pl.H/2
	}
	return g
}

func (g treeGeometry) point(n *tidyNode) Point {
	if g.horizontal {
		return Point{g.origin.X + float64(n.depth)*g.level, g.origin.Y + n.x*g.unit}
	}
	return Point{g.origin.X + n.x*g.unit, g.origin.Y + float64(n.depth)*g.level}
}

// label draws a node's name: beside the node left to right (inner nodes
// before it, leaves after it); top-down under the node, leaves' names
// turned to run downwards when they are wider than their slot.
func (g treeGeometry) label(f *frame, n *tidyNode, p Point, r float64) {
	leaf := len(n.children) == 0
	if leaf && g.hideLeaves || n.src.name == "" {
		return
	}
	col := f.theme.Text
	if g.horizontal {
		if leaf {
			f.text(p.X+r+4, p.Y, Truncate(n.src.name, fontLabel, g.leafW), fontLabel, col, AnchorStart, BaselineMiddle)
			return
		}
		s := Truncate(n.src.name, fontLabel, math.Max(g.nodeW, 30))
		f.labelBackdrop(textBox(p.X-r-4, p.Y-r-2, s, fontLabel, AnchorEnd, BaselineBottom))
		f.text(p.X-r-4, p.Y-r-2, s, fontLabel, col, AnchorEnd, BaselineBottom)
		return
	}
	if leaf && g.turned {
		f.c.Text(TextOp{X: p.X, Y: p.Y + r + 4, Text: Truncate(n.src.name, fontLabel, g.leafW), Font: fontLabel, Color: col,
			Anchor: AnchorStart, Baseline: BaselineMiddle, Rotate: 90})
		return
	}
	w := g.unit - 4
	if !leaf {
		w = g.nodeW
	}
	s := Truncate(n.src.name, fontLabel, w)
	if !leaf {
		// Inner nodes: beside the node, above the edges fanning out.
		f.labelBackdrop(textBox(p.X+r+4, p.Y, s, fontLabel, AnchorStart, BaselineBottom))
		f.text(p.X+r+4, p.Y, s, fontLabel, col, AnchorStart, BaselineBottom)
		return
	}
	f.text(p.X, p.Y+r+4, s, fontLabel, col, AnchorMiddle, BaselineTop)
}

// labelBackdrop paints the background behind a label that may cross
// edges, so the label stays legible.
func (f *frame) labelBackdrop(b Rect) {
	f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: b.X - 2, Y: b.Y, W: b.W + 4, H: b.H, Radius: 2, Style: Style{Fill: f.theme.Background.Alpha(0.8)}})
}
