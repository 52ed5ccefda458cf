package render

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
