package render

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gobi-bi/gobi/shared/chart"
)

// hnode is a node of a hierarchy shared by the treemap, sunburst and tree
// drawers. Internal nodes' values are the sums of their children, so areas
// and angles nest exactly.
type hnode struct {
	name     string
	value    float64
	row      int // data row of the node, -1 for synthesized path levels and the root
	depth    int
	children []*hnode
	parent   *hnode
	top      int // index of the depth-1 ancestor, for colouring
}

// height is the depth of the deepest leaf below n, relative to n.
func (n *hnode) height() int {
	h := 0
	for _, c := range n.children {
		h = max(h, c.height()+1)
	}
	return h
}

// label is the path from the top level to n, for tooltips.
func (n *hnode) label() string {
	var parts []string
	for p := n; p != nil && p.parent != nil; p = p.parent {
		parts = append(parts, p.name)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " / ")
}

// hierOptions says how buildHierarchy reads values.
type hierOptions struct {
	// needValue drops rows without a positive value (treemap, sunburst);
	// without it every node counts 1 when there is no value channel.
	needValue bool
	// sort orders children by value, largest first.
	sort bool
}

// buildHierarchy reads a hierarchy from the data: either from the path
// channel's columns (outermost level first; an empty cell ends a ragged
// path) or from id/parent pairs. It returns the (unnamed) root and the
// number of rows dropped for missing or non-positive values.
func buildHierarchy(d *chart.Data, o hierOptions) (*hnode, int, error) {
	var (
		root    *hnode
		dropped int
		err     error
	)
	switch {
	case d.Has(chart.Path):
		root, dropped = hierarchyFromPath(d, o)
	case d.Has(chart.ID):
		root, dropped, err = hierarchyFromParents(d, o)
		if err != nil {
			return nil, 0, err
		}
	case d.Has(chart.Category):
		// One level: a flat treemap of categories.
		root, dropped = hierarchyFromColumns(d, o, func(row int) []string {
			return []string{d.Str(chart.Category, row)}
		})
	default:
		return nil, 0, fmt.Errorf("a hierarchy needs encoding.path or encoding.id and encoding.parent")
	}
	sumValues(root)
	if o.needValue {
		prune(root)
	}
	if o.sort {
		sortByValue(root)
	}
	setDepth(root, 0, -1)
	colourTops(root)
	return root, dropped, nil
}

// colourTops sets which branch colours each node. Branches start at the
// first level with more than one node, so a hierarchy under a single
// root ("Company", "/") is still coloured by its divisions; the nodes
// above that level get -1 (drawn neutral).
func colourTops(root *hnode) {
	n := root
	for len(n.children) == 1 && len(n.children[0].children) > 0 {
		n = n.children[0]
		n.top = -1
	}
	var mark func(m *hnode, top int)
	mark = func(m *hnode, top int) {
		m.top = top
		for _, c := range m.children {
			mark(c, top)
		}
	}
	for i, c := range n.children {
		mark(c, i)
	}
}

// rowValue is the value of a row: its value channel, or 1 when there is
// none and values are optional. ok is false for rows to drop.
func rowValue(d *chart.Data, o hierOptions, row int) (float64, bool) {
	if !d.Has(chart.Value) {
		return 1, true
	}
	v, ok := d.Num(chart.Value, row)
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (o.needValue && v == 0) {
		if o.needValue {
			return 0, false
		}
		return 1, true
	}
	return v, true
}

func hierarchyFromPath(d *chart.Data, o hierOptions) (*hnode, int) {
	levels := d.Count(chart.Path)
	return hierarchyFromColumns(d, o, func(row int) []string {
		var p []string
		for k := 0; k < levels; k++ {
			s := d.StrAt(chart.Path, k, row)
			if s == "" {
				break
			}
			p = append(p, s)
		}
		return p
	})
}

// hierarchyFromColumns builds the tree from each row's path of names.
// Children keep the order of first appearance; rows with the same path add
// up.
func hierarchyFromColumns(d *chart.Data, o hierOptions, path func(row int) []string) (*hnode, int) {
	root := &hnode{row: -1}
	index := map[*hnode]map[string]*hnode{}
	dropped := 0
	for row := 0; row < d.Len(); row++ {
		p := path(row)
		v, ok := rowValue(d, o, row)
		if len(p) == 0 || !ok {
			dropped++
			continue
		}
		n := root
		for _, name := range p {
			m := index[n]
			if m == nil {
				m = map[string]*hnode{}
				index[n] = m
			}
			c := m[name]
			if c == nil {
				c = &hnode{name: name, row: -1, parent: n}
				m[name] = c
				n.children = append(n.children, c)
			}
			n = c
		}
		if n.row < 0 {
			n.row = row
		}
		n.value += v
	}
	if o.needValue {
		splitOwnValues(root)
	}
	return root, dropped
}

// splitOwnValues gives a node that has both a value of its own (a row of
// a ragged path ending there) and children a leaf of the same name for
// that value, so nothing is lost when inner values become sums.
func splitOwnValues(n *hnode) {
	for _, c := range n.children {
		splitOwnValues(c)
	}
	if len(n.children) > 0 && n.value > 0 {
		n.children = append(n.children, &hnode{name: n.name, value: n.value, row: n.row, parent: n})
		n.value = 0
	}
}

// hierarchyFromParents links rows by id and parent. Rows whose parent is
// empty, unknown or themselves hang from the root; duplicate ids and
// cycles are errors because they have no sensible drawing. A value on an
// inner row is ignored: in such tables it is usually a subtotal.
func hierarchyFromParents(d *chart.Data, o hierOptions) (*hnode, int, error) {
	if !d.Has(chart.Parent) {
		return nil, 0, fmt.Errorf("encoding.id needs encoding.parent")
	}
	root := &hnode{row: -1}
	byID := map[string]*hnode{}
	var order []*hnode
	parents := map[*hnode]string{}
	dropped := 0
	for row := 0; row < d.Len(); row++ {
		id := d.Str(chart.ID, row)
		if id == "" {
			dropped++
			continue
		}
		if _, dup := byID[id]; dup {
			return nil, 0, fmt.Errorf("duplicate id %q in row %d", id, row+1)
		}
		v := 0.0
		if x, ok := d.Num(chart.Value, row); ok && x > 0 {
			v = x
		}
		name := id
		for _, ch := range []chart.Channel{chart.Label, chart.Category} {
			if s := d.Str(ch, row); d.Has(ch) && s != "" {
				name = s
				break
			}
		}
		n := &hnode{name: name, value: v, row: row}
		byID[id] = n
		parents[n] = d.Str(chart.Parent, row)
		order = append(order, n)
	}
	for _, n := range order {
		// An unknown parent, or a row that is its own parent (how some
		// tables mark the top, e.g. the CEO's manager), hangs from the
		// root.
		p, ok := byID[parents[n]]
		if !ok || parents[n] == "" || p == n {
			p = root
		}
		n.parent = p
		p.children = append(p.children, n)
	}
	// Nodes in a cycle are not reachable from the root.
	if reach := countNodes(root) - 1; reach != len(order) {
		return nil, 0, fmt.Errorf("the id/parent links form a cycle (%d rows are not below a root)", len(order)-reach)
	}
	if !d.Has(chart.Value) {
		// Each leaf counts 1, so a tree without values still has sizes.
		var leaf func(n *hnode)
		leaf = func(n *hnode) {
			if len(n.children) == 0 {
				n.value = 1
			}
			for _, c := range n.children {
				leaf(c)
			}
		}
		leaf(root)
	}
	return root, dropped, nil
}

func countNodes(n *hnode) int {
	c := 1
	for _, ch := range n.children {
		c += countNodes(ch)
	}
	return c
}

// sumValues makes every internal node's value the sum of its children.
func sumValues(n *hnode) float64 {
	if len(n.children) == 0 {
		return n.value
	}
	s := 0.0
	for _, c := range n.children {
		s += sumValues(c)
	}
	n.value = s
	return s
}

// prune removes subtrees of value zero, which have no area to draw.
func prune(n *hnode) {
	kept := n.children[:0]
	for _, c := range n.children {
		if c.value > 0 {
			prune(c)
			kept = append(kept, c)
		}
	}
	n.children = kept
}

func setDepth(n *hnode, depth, top int) {
	n.depth = depth
	n.top = top
	for i, c := range n.children {
		t := top
		if depth == 0 {
			t = i
		}
		setDepth(c, depth+1, t)
	}
}

// sortByValue orders every node's children by value, largest first, as
// squarified treemaps and sunbursts read best that way.
func sortByValue(n *hnode) {
	sort.SliceStable(n.children, func(i, j int) bool { return n.children[i].value > n.children[j].value })
	for _, c := range n.children {
		sortByValue(c)
	}
}
