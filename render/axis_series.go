package render

import (
	"fmt"
	"math"
	"sort"

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

// ordinal numbers distinct strings in order of first appearance: the
// categories of an axis, the names of series.
type ordinal struct {
	idx   map[string]int
	names []string
}

// of returns s's number, adding s if it is new.
func (o *ordinal) of(s string) int {
	if o.idx == nil {
		o.idx = map[string]int{}
	}
	i, ok := o.idx[s]
	if !ok {
		i = len(o.names)
		o.idx[s] = i
		o.names = append(o.names, s)
	}
	return i
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

// textIsTime reports whether channel ch is a text column whose every
// non-blank value is a date or time.
func (f *frame) textIsTime(ch chart.Channel) bool {
	if f.data.Type(ch, 0) != api.TypeString {
		return false
	}
	seen := false
	for row := 0; row < f.data.Len(); row++ {
		s := f.data.Str(ch, row)
		if s == "" {
			continue
		}
		if _, ok := f.data.Time(ch, row); !ok {
			return false
		}
		seen = true
	}
	return seen
}

// xValue reads row's x value for an axis of kind: a number, Unix ms for
// time, or the text for categories.
func (f *frame) xValue(ch chart.Channel, kind axisKind, row int) (float64, string, bool) {
	switch kind {
	case axisBand:
		if f.data.Type(ch, 0) == api.TypeTime {
			if t, ok := f.data.Time(ch, row); ok {
				return 0, FormatTime(float64(t.UnixMilli()), f.timeCategoryPattern(ch)), true
			}
		}
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

// timeCategoryPattern is the date format of a time column drawn as
// categories (bars of months): the field's or spec's date format, else
// the coarsest of "year", "month", "date" and "datetime" that tells every
// value apart.
func (f *frame) timeCategoryPattern(ch chart.Channel) string {
	if p, ok := f.timePatterns[ch]; ok {
		return p
	}
	p := f.xPattern(ch, axisTime)
	if p == "" {
		year, month, date := true, true, true
		for row := 0; row < f.data.Len(); row++ {
			t, ok := f.data.Time(ch, row)
			if !ok {
				continue
			}
			t = t.UTC()
			midnight := t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
			date = date && midnight
			month = month && midnight && t.Day() == 1
			year = year && month && t.Month() == 1
		}
		switch {
		case year:
			p = "year"
		case month:
			p = "month"
		case date:
			p = "date"
		default:
			p = "datetime"
		}
	}
	if f.timePatterns == nil {
		f.timePatterns = map[chart.Channel]string{}
	}
	f.timePatterns[ch] = p
	return p
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
	var cats, series ordinal
	numIdx := map[float64]int{}
	sch := f.pick(chart.Series, chart.Color)
	if sch == "" {
		for k := 0; k < ny; k++ {
			series.of(d.Name(ych, k))
		}
	}
	for row := 0; row < d.Len(); row++ {
		xv, xs, ok := f.xValue(xch, kind, row)
		if !ok {
			continue
		}
		var key int
		if kind == axisBand {
			if key = cats.of(xs); key == len(t.keys) {
				t.keys = append(t.keys, float64(key))
			}
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
			if sch != "" {
				name := d.Str(sch, row)
				if name == "" {
					name = "(blank)"
				}
				if ny > 1 {
					name += " · " + d.Name(ych, k)
				}
				s = series.of(name)
			}
			v, ok := d.NumAt(ych, k, row)
			if !ok {
				v = math.NaN()
			}
			t.set(s, key, v, row)
		}
	}
	t.names = series.names
	if kind == axisBand {
		t.cats = cats.names
	}
	t.pad()
	// Categories keep the order of their first row (chart.Shape has
	// applied spec.Sort and spec.Limit); numbers and times go in order.
	if kind != axisBand {
		t.sortKeys()
	}
	return t, nil
}

// set adds v to series s at key; a null (NaN) makes or keeps a gap.
func (t *table) set(s, key int, v float64, row int) {
	for len(t.vals) <= s {
		t.vals = append(t.vals, nil)
		t.present = append(t.present, nil)
		t.rows = append(t.rows, nil)
	}
	for len(t.vals[s]) <= key {
		t.vals[s] = append(t.vals[s], math.NaN())
		t.present[s] = append(t.present[s], false)
		t.rows[s] = append(t.rows[s], -1)
	}
	if t.present[s][key] {
		if old := t.vals[s][key]; !math.IsNaN(old) && !math.IsNaN(v) {
			v += old
		}
	} else {
		t.rows[s][key] = row
	}
	t.vals[s][key] = v
	t.present[s][key] = true
}

// pad gives every series (even one without rows) a slot for every key.
func (t *table) pad() {
	for len(t.vals) < len(t.names) {
		t.vals = append(t.vals, nil)
		t.present = append(t.present, nil)
		t.rows = append(t.rows, nil)
	}
	for s := range t.vals {
		for len(t.vals[s]) < len(t.keys) {
			t.vals[s] = append(t.vals[s], math.NaN())
			t.present[s] = append(t.present[s], false)
			t.rows[s] = append(t.rows[s], -1)
		}
	}
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
