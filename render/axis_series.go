package render

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// table is data pivoted for an x axis: one column per x key (a category,
// or a distinct x value in ascending order) and one row per series.
// Series come from the series channel (long format) or from several y
// columns (wide format).
type table struct {
	kind  axisKind
	keys  []float64 // x value per key (category index on a band axis)
	cats  []string  // category names (band)
	names []string  // series names
	// vals[s][k] is series s at key k: NaN for a null (a gap), and
	// present[s][k] false where the series has no row at all.
	vals    [][]float64
	present [][]bool
	rows    [][]int // first source row, for tooltips
}

// axisKindFor picks the scale of channel ch: the axis's explicit scale,
// else time for time columns, linear for numbers when numeric is allowed,
// and categories otherwise.
func (f *frame) axisKindFor(ch chart.Channel, cfg chart.Axis, numeric bool) axisKind {
	switch cfg.Scale {
	case "category":
		return axisBand
	case "time":
		return axisTime
	case "log":
		if numeric {
			return axisLog
		}
	case "linear":
		if numeric {
			return axisLinear
		}
	}
	switch f.data.Type(ch, 0) {
	case api.TypeTime:
		return axisTime
	case api.TypeInt, api.TypeFloat:
		if numeric {
			return axisLinear
		}
	}
	return axisBand
}

// xValue reads row's x value for an axis of kind: a number, Unix ms for
// time, or the text for categories.
func (f *frame) xValue(ch chart.Channel, kind axisKind, row int) (float64, string, bool) {
	switch kind {
	case axisBand:
		s := f.data.Str(ch, row)
		if s == "" {
			s = "(blank)"
		}
		return 0, s, true
	case axisTime:
		if t, ok := f.data.Time(ch, row); ok {
			return float64(t.UnixMilli()), "", true
		}
		v, ok := f.data.Num(ch, row)
		return v, "", ok
	}
	v, ok := f.data.Num(ch, row)
	return v, "", ok
}

// pivot builds the table for x channel xch (of kind) and measure channel
// ych. Series come from the series channel, else the color channel (both
// split rows by a dimension). Rows with the same key and series are
// summed, which is what a bar of a category means.
func (f *frame) pivot(xch chart.Channel, kind axisKind, ych chart.Channel) (*table, error) {
	d := f.data
	if !d.Has(ych) {
		return nil, fmt.Errorf("encoding.%s is required", ych)
	}
	t := &table{kind: kind}
	ny := d.Count(ych)
	seriesIdx := map[string]int{}
	keyIdx := map[string]int{}
	numIdx := map[float64]int{}
	sch := f.pick(chart.Series, chart.Color)
	long := sch != ""
	if !long {
		for k := 0; k < ny; k++ {
			t.names = append(t.names, d.Name(ych, k))
		}
	}
	grow := func(s int) {
		for len(t.vals) <= s {
			t.vals = append(t.vals, nil)
			t.present = append(t.present, nil)
			t.rows = append(t.rows, nil)
		}
	}
	for row := 0; row < d.Len(); row++ {
		xv, xs, ok := f.xValue(xch, kind, row)
		if !ok {
			continue
		}
		var key int
		if kind == axisBand {
			i, seen := keyIdx[xs]
			if !seen {
				i = len(t.cats)
				keyIdx[xs] = i
				t.cats = append(t.cats, xs)
				t.keys = append(t.keys, float64(i))
			}
			key = i
		} else {
			i, seen := numIdx[xv]
			if !seen {
				i = len(t.keys)
				numIdx[xv] = i
				t.keys = append(t.keys, xv)
			}
			key = i
		}
		for k := 0; k < ny; k++ {
			s := k
			if long {
				name := d.Str(sch, row)
				if name == "" {
					name = "(blank)"
				}
				if ny > 1 {
					name += " · " + d.Name(ych, k)
				}
				i, seen := seriesIdx[name]
				if !seen {
					i = len(t.names)
					seriesIdx[name] = i
					t.names = append(t.names, name)
				}
				s = i
			}
			grow(s)
			for len(t.vals[s]) <= key {
				t.vals[s] = append(t.vals[s], math.NaN())
				t.present[s] = append(t.present[s], false)
				t.rows[s] = append(t.rows[s], -1)
			}
			v, ok := d.NumAt(ych, k, row)
			if !ok {
				v = math.NaN()
			}
			if t.present[s][key] && !math.IsNaN(t.vals[s][key]) && !math.IsNaN(v) {
				v += t.vals[s][key]
			}
			t.vals[s][key] = v
			if !t.present[s][key] {
				t.rows[s][key] = row
			}
			t.present[s][key] = true
		}
	}
	grow(len(t.names) - 1)
	for s := range t.vals {
		for len(t.vals[s]) < len(t.keys) {
			t.vals[s] = append(t.vals[s], math.NaN())
			t.present[s] = append(t.present[s], false)
			t.rows[s] = append(t.rows[s], -1)
		}
	}
	if kind != axisBand {
		t.sortKeys()
	} else {
		f.sortCategories(t)
	}
	return t, nil
}

// sortKeys orders a continuous table by x.
func (t *table) sortKeys() {
	order := make([]int, len(t.keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return t.keys[order[a]] < t.keys[order[b]] })
	t.permute(order)
}

// permute reorders keys (and every series) to order, keeping only the
// keys listed.
func (t *table) permute(order []int) {
	keys := make([]float64, len(order))
	var cats []string
	if t.cats != nil {
		cats = make([]string, len(order))
	}
	for i, o := range order {
		keys[i] = t.keys[o]
		if cats != nil {
			cats[i] = t.cats[o]
			keys[i] = float64(i)
		}
	}
	for s := range t.vals {
		v, p, r := make([]float64, len(order)), make([]bool, len(order)), make([]int, len(order))
		for i, o := range order {
			v[i], p[i], r[i] = t.vals[s][o], t.present[s][o], t.rows[s][o]
		}
		t.vals[s], t.present[s], t.rows[s] = v, p, r
	}
	t.keys, t.cats = keys, cats
}

// sortCategories applies spec.Sort and spec.Limit to a band table.
func (f *frame) sortCategories(t *table) {
	order := make([]int, len(t.cats))
	for i := range order {
		order[i] = i
	}
	if srt := f.spec.Sort; srt != nil {
		total := func(k int) float64 {
			sum := 0.0
			for s := range t.vals {
				if v := t.vals[s][k]; !math.IsNaN(v) {
					sum += v
				}
			}
			return sum
		}
		less := func(a, b int) bool { return total(a) < total(b) }
		if srt.By == "category" || srt.By == f.spec.Encoding[chart.X].Column() || srt.By == f.spec.Encoding[chart.Category].Column() {
			less = func(a, b int) bool { return naturalLess(t.cats[a], t.cats[b]) }
		}
		sort.SliceStable(order, func(i, j int) bool {
			if srt.Desc {
				return less(order[j], order[i])
			}
			return less(order[i], order[j])
		})
	}
	if l := f.spec.Limit; l > 0 && l < len(order) {
		f.note(fmt.Sprintf("first %d of %d categories", l, len(order)))
		order = order[:l]
	}
	t.permute(order)
}

// naturalLess compares numerically when both strings are numbers.
func naturalLess(a, b string) bool {
	fa, ea := strconv.ParseFloat(strings.TrimSpace(a), 64)
	fb, eb := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if ea == nil && eb == nil {
		return fa < fb
	}
	return a < b
}

// xTooltip formats key k of the table for a tooltip.
func (f *frame) xTooltip(t *table, k int, pattern string) string {
	switch t.kind {
	case axisBand:
		return t.cats[k]
	case axisTime:
		return FormatTime(t.keys[k], pattern)
	}
	return FormatNumber(t.keys[k], pattern)
}
