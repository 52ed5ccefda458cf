package render

import "math"

// Legend toggling: Options.Hidden switches legend entries off. Drawers
// skip the marks of hidden entries and fit their scales to what is left,
// but keep every entry's index, so colours, legend order and the
// Meta.Series the browser toggles by never shift.

// hiddenSet turns Options.Hidden into a set; nil when nothing is hidden.
func hiddenSet(idx []int) map[int]bool {
	if len(idx) == 0 {
		return nil
	}
	m := make(map[int]bool, len(idx))
	for _, i := range idx {
		m[i] = true
	}
	return m
}

// isHidden reports whether legend entry i is switched off.
func (f *frame) isHidden(i int) bool { return f.hidden[i] }

// allHidden reports whether every one of n entries is switched off.
func (f *frame) allHidden(n int) bool {
	for i := 0; i < n; i++ {
		if !f.hidden[i] {
			return false
		}
	}
	return n > 0
}

// hideSeries blanks the values of hidden series in a pivoted table, so
// stacks, extents and scales are computed from the visible series only.
// Names stay, for the legend.
func (f *frame) hideSeries(t *table) {
	if len(f.hidden) == 0 {
		return
	}
	for s := range t.vals {
		if !f.isHidden(s) {
			continue
		}
		for k := range t.vals[s] {
			t.vals[s][k] = math.NaN()
			t.present[s][k] = false
		}
	}
}

// slots numbers the visible series among n for side-by-side layouts
// (grouped bars, boxes, polar bars): slot[s] is series s's place and
// count how many places there are, at least 1. Hidden series get -1, so
// the others close ranks instead of leaving a gap.
func (f *frame) slots(n int) (slot []int, count int) {
	slot = make([]int, n)
	for s := range slot {
		if f.isHidden(s) {
			slot[s] = -1
			continue
		}
		slot[s] = count
		count++
	}
	return slot, max(count, 1)
}

// noValues draws the empty state of a chart whose visible entries have
// nothing to show. When entries are hidden, legend draws the legend
// first so the viewer can switch them back on.
func (f *frame) noValues(n int, legend func()) {
	if len(f.hidden) == 0 {
		f.emptyState("No values to show")
		return
	}
	legend()
	if f.allHidden(n) {
		f.emptyState("Every series is hidden")
		return
	}
	f.emptyState("No values to show")
}

// noSlices is noValues for pies and funnels, whose legend entries are
// slices with their own colours.
func (f *frame) noSlices(names []string, colors []Color) {
	if len(names) == 0 || len(f.hidden) == 0 {
		f.emptyState("No positive values to show")
		return
	}
	f.legendColors(names, colors)
	if f.allHidden(len(names)) {
		f.emptyState("Every slice is hidden")
		return
	}
	f.emptyState("No positive values to show")
}
