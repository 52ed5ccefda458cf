package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/downsample"
)

// Shaping defaults.
const (
	// DefaultMaxPoints is the points per line or area series kept when
	// neither the spec nor the caller says: more than a wide chart has
	// pixels.
	DefaultMaxPoints = 2000
	// MaxScatterPoints is the most points a scatter, 3D scatter or 3D
	// bubble chart draws (unless options.max_points says otherwise); past
	// it a 2D scatter is binned and a 3D one sampled.
	MaxScatterPoints = 50_000
	// BinCountColumn names the count column of a binned scatter (with
	// "_2", "_3"… appended if a kept column already has the name).
	BinCountColumn = "count"
)

// Shape returns the data a chart draws: only the encoded columns (in the
// catalogue's channel order, each once), rows sorted by spec.Sort and cut
// to spec.Limit categories, and big series reduced to what can be seen.
// GET /api/charts/:id/data returns it and every renderer draws from it,
// so all ends show the same points. The input result is never changed.
//
// Line and area series (split by the series channel) longer than the
// point budget are downsampled with LTTB on x against the first y, whole
// rows kept. The budget is options.max_points, else maxPoints (typically
// the chart's width in pixels), else DefaultMaxPoints. x may be numeric,
// a time, or text (then row order stands in for x). Rows of a downsampled
// series whose x or y is empty are dropped.
//
// A scatter with more than MaxScatterPoints points (or options.max_points)
// is binned on a grid of about that many cells per series: the result
// then holds the series column (if encoded), x and y as the cell centres
// and a count column, and BinnedSpec tells renderers to size points by
// it. 3D scatter and bubble charts are instead sampled at an even stride,
// which keeps every channel and the cloud's density.
//
// The limit counts distinct categories (the first dimension channel: x of
// a bar, category of a pie…) so every series of a kept category stays; for
// scatters, gauges, hierarchies, graphs and maps it counts rows.
func Shape(s *Spec, res *api.Result, maxPoints int) (*api.Result, error) {
	if s == nil || res == nil {
		return nil, fmt.Errorf("shape chart: no spec or no data")
	}
	ti := info(s.Type)
	if ti == nil {
		return nil, fmt.Errorf("shape chart: unknown chart type %q", s.Type)
	}
	if _, ok := BinnedSpec(s, res); ok {
		// Already binned (the server shaped it, a renderer shapes again):
		// binning is not repeated, so the copy is the answer.
		all := make([]int, len(res.Columns))
		for i := range all {
			all[i] = i
		}
		rows := make([]int, len(res.Rows))
		for i := range rows {
			rows[i] = i
		}
		return project(res, all, rows), nil
	}
	pos := columnPositions(res)
	keep, err := keptColumns(s, ti, res, pos)
	if err != nil {
		return nil, fmt.Errorf("shape %s chart: %w", s.Type, err)
	}
	rows := make([]int, len(res.Rows))
	for i := range rows {
		rows[i] = i
	}
	if rows, err = sortRows(s, ti, res, pos, rows); err != nil {
		return nil, fmt.Errorf("shape %s chart: %w", s.Type, err)
	}
	rows = limitRows(s, ti, res, pos, rows)
	switch s.Type {
	case Line, Area:
		rows = downsampleLines(s, res, pos, rows, firstPositive(s.Options.MaxPoints, maxPoints, DefaultMaxPoints))
	case Scatter:
		budget := firstPositive(s.Options.MaxPoints, MaxScatterPoints)
		if len(rows) > budget && column(s, pos, X) >= 0 && column(s, pos, Y) >= 0 {
			return binScatter(s, res, pos, rows, budget), nil
		}
	case Scatter3D, Bubble3D:
		if budget := firstPositive(s.Options.MaxPoints, MaxScatterPoints); len(rows) > budget {
			rows = stride(rows, budget)
		}
	}
	return project(res, keep, rows), nil
}

// firstPositive is the first of vs above zero: the spec's setting, then
// the caller's, then the default.
func firstPositive(vs ...int) int {
	for _, v := range vs {
		if v > 0 {
			return v
		}
	}
	return 0
}

// keptColumns are the positions of the encoded columns, each once.
func keptColumns(s *Spec, ti *TypeInfo, res *api.Result, pos map[string]int) ([]int, error) {
	var keep []int
	for _, ch := range encodingOrder(s.Encoding, ti) {
		for _, name := range s.Encoding[ch].Columns {
			j, ok := pos[name]
			if !ok {
				return nil, fmt.Errorf("encoding.%s: no column %q in the data (columns: %s)", ch, name, columnList(res))
			}
			if !slices.Contains(keep, j) {
				keep = append(keep, j)
			}
		}
	}
	return keep, nil
}

// project copies the kept columns of the given rows into a new result;
// the rows share one backing array.
func project(res *api.Result, keep, rows []int) *api.Result {
	out := &api.Result{
		Columns:    make([]api.Column, len(keep)),
		Rows:       make([][]any, len(rows)),
		RowCount:   len(rows),
		Truncated:  res.Truncated,
		DurationMS: res.DurationMS,
		Cached:     res.Cached,
	}
	for i, j := range keep {
		out.Columns[i] = res.Columns[j]
	}
	cells := make([]any, len(rows)*len(keep))
	for i, r := range rows {
		row := cells[i*len(keep) : (i+1)*len(keep) : (i+1)*len(keep)]
		for k, j := range keep {
			row[k] = cellAt(res, r, j)
		}
		out.Rows[i] = row
	}
	return out
}

// firstChannel is the first encoded channel of the type (required before
// optional) whose kind is one of kinds, and its column position.
func firstChannel(s *Spec, ti *TypeInfo, pos map[string]int, kinds ...Kind) (Channel, int, bool) {
	for _, list := range [][]EncodingInfo{ti.Required, ti.Optional} {
		for _, e := range list {
			f, ok := s.Encoding[e.Channel]
			if !ok || !slices.Contains(kinds, e.Kind) || len(f.Columns) == 0 {
				continue
			}
			if j, ok := pos[f.Columns[0]]; ok {
				return e.Channel, j, true
			}
		}
	}
	return "", 0, false
}

// sortRows orders rows by the sort column: "category" is the first
// dimension channel, "value" the first measure, else a column by name.
// Nulls go last either way; ties keep their order.
func sortRows(s *Spec, ti *TypeInfo, res *api.Result, pos map[string]int, rows []int) ([]int, error) {
	if s.Sort == nil || s.Sort.By == "" {
		return rows, nil
	}
	var j int
	var ok bool
	switch s.Sort.By {
	case "category":
		_, j, ok = firstChannel(s, ti, pos, KindDimension, KindTime)
	case "value":
		_, j, ok = firstChannel(s, ti, pos, KindMeasure)
	default:
		if j, ok = pos[s.Sort.By]; !ok {
			return nil, fmt.Errorf("sort.by: no column %q in the data", s.Sort.By)
		}
	}
	if !ok {
		return rows, nil
	}
	keys := sortKeys(res, j)
	dir := 1
	if s.Sort.Desc {
		dir = -1
	}
	slices.SortStableFunc(rows, func(a, b int) int {
		ka, kb := keys.at(a), keys.at(b)
		switch {
		case ka.null || kb.null:
			return cmpBool(ka.null, kb.null)
		case keys.numeric:
			return dir * cmp.Compare(ka.num, kb.num)
		}
		return dir * strings.Compare(ka.str, kb.str)
	})
	return rows, nil
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// keyed holds a column's values as sort keys: numbers when every value is
// a number or a time, else text.
type keyed struct {
	numeric bool
	num     []float64
	str     []string
	null    []bool
}

type key struct {
	num  float64
	str  string
	null bool
}

func (k *keyed) at(r int) key {
	if k.numeric {
		return key{num: k.num[r], null: k.null[r]}
	}
	return key{str: k.str[r], null: k.null[r]}
}

func sortKeys(res *api.Result, j int) *keyed {
	n := len(res.Rows)
	k := &keyed{numeric: true, num: make([]float64, n), null: make([]bool, n)}
	isTime := res.Columns[j].Type == api.TypeTime
	for r := 0; r < n; r++ {
		v := cellAt(res, r, j)
		if v == nil {
			k.null[r] = true
			continue
		}
		var f float64
		var ok bool
		if isTime {
			f, ok = timeValue(v)
		} else {
			f, ok = ToFloat(v)
		}
		if !ok {
			k.numeric = false
			break
		}
		k.num[r] = f
	}
	if k.numeric {
		return k
	}
	k.num, k.str = nil, make([]string, n)
	for r := 0; r < n; r++ {
		v := cellAt(res, r, j)
		k.null[r] = v == nil
		k.str[r] = ToString(v)
	}
	return k
}

// timeValue is a time as seconds since 1970, finite for any year.
func timeValue(v any) (float64, bool) {
	t, ok := ToTime(v)
	if !ok {
		return 0, false
	}
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9, true
}

// limitRows keeps the rows of the first s.Limit categories, or the first
// s.Limit rows for types without a category axis.
func limitRows(s *Spec, ti *TypeInfo, res *api.Result, pos map[string]int, rows []int) []int {
	if s.Limit <= 0 || len(rows) <= s.Limit {
		return rows
	}
	_, j, ok := firstChannel(s, ti, pos, KindDimension, KindTime)
	switch s.Type {
	case Scatter, Scatter3D, Bubble3D, Gauge, Progress, Treemap, Sunburst, Tree, Graph, Geo:
		ok = false
	}
	if !ok {
		return rows[:s.Limit:s.Limit]
	}
	seen := make(map[any]struct{}, s.Limit)
	out := make([]int, 0, s.Limit)
	for _, r := range rows {
		k := keyOf(cellAt(res, r, j))
		if _, in := seen[k]; !in {
			if len(seen) == s.Limit {
				continue
			}
			seen[k] = struct{}{}
		}
		out = append(out, r)
	}
	return out
}

// groupRows splits rows by the value of column j (all in one group when
// j < 0), groups in order of first appearance. Two passes size every
// group exactly, which matters at a million rows.
func groupRows(res *api.Result, j int, rows []int) [][]int {
	if j < 0 {
		return [][]int{rows}
	}
	index := map[any]int32{}
	ids := make([]int32, len(rows))
	var sizes []int
	for i, r := range rows {
		k := keyOf(cellAt(res, r, j))
		g, ok := index[k]
		if !ok {
			g = int32(len(sizes))
			index[k] = g
			sizes = append(sizes, 0)
		}
		ids[i] = g
		sizes[g]++
	}
	if len(sizes) == 1 {
		return [][]int{rows}
	}
	groups := make([][]int, len(sizes))
	for g, n := range sizes {
		groups[g] = make([]int, 0, n)
	}
	for i, r := range rows {
		groups[ids[i]] = append(groups[ids[i]], r)
	}
	return groups
}

// column is the position of the first column of ch, or -1.
func column(s *Spec, pos map[string]int, ch Channel) int {
	if j, ok := pos[s.Encoding[ch].Column()]; ok && s.Encoding[ch].Column() != "" {
		return j
	}
	return -1
}

// downsampleLines runs LTTB on each series longer than budget and keeps
// the chosen rows in their original order.
func downsampleLines(s *Spec, res *api.Result, pos map[string]int, rows []int, budget int) []int {
	xj, yj := column(s, pos, X), column(s, pos, Y)
	if xj < 0 || yj < 0 || len(rows) <= budget {
		return rows
	}
	groups := groupRows(res, column(s, pos, Series), rows)
	if len(groups) == 1 && len(groups[0]) <= budget {
		return rows
	}
	kept := make([]bool, len(res.Rows))
	n, longest := 0, 0
	for _, g := range groups {
		longest = max(longest, len(g))
	}
	xs, ys := make([]float64, 0, longest), make([]float64, 0, longest)
	for _, g := range groups {
		if len(g) <= budget {
			for _, r := range g {
				kept[r] = true
			}
			n += len(g)
			continue
		}
		xs, ys = lineXY(res, g, xj, yj, xs[:0], ys[:0])
		order := g
		if !sortedFloats(xs) {
			order, xs, ys = sortByX(g, xs, ys)
		}
		idx := downsample.LTTB(xs, ys, budget)
		for _, i := range idx {
			kept[order[i]] = true
		}
		n += len(idx)
	}
	out := make([]int, 0, n)
	for _, r := range rows {
		if kept[r] {
			out = append(out, r)
		}
	}
	return out
}

// lineXY reads x and y of the rows as numbers: x as a number or a time,
// or as the row's position when x is text. Empty values become NaN.
func lineXY(res *api.Result, g []int, xj, yj int, xs, ys []float64) ([]float64, []float64) {
	mode := xMode(res, g, xj)
	for i, r := range g {
		x := math.NaN()
		switch mode {
		case 'n':
			if f, ok := ToFloat(cellAt(res, r, xj)); ok {
				x = f
			}
		case 't':
			if f, ok := timeValue(cellAt(res, r, xj)); ok {
				x = f
			}
		default:
			x = float64(i)
		}
		y := math.NaN()
		if f, ok := ToFloat(cellAt(res, r, yj)); ok {
			y = f
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	return xs, ys
}

// xMode is 'n' (numeric), 't' (time) or 'i' (row position) for column
// xj, decided from its type or, for text, its first non-null value.
func xMode(res *api.Result, g []int, xj int) byte {
	switch res.Columns[xj].Type {
	case api.TypeInt, api.TypeFloat:
		return 'n'
	case api.TypeTime:
		return 't'
	}
	for _, r := range g {
		v := cellAt(res, r, xj)
		if v == nil {
			continue
		}
		if _, ok := ToFloat(v); ok {
			return 'n'
		}
		if _, ok := ToTime(v); ok {
			return 't'
		}
		return 'i'
	}
	return 'i'
}

func sortedFloats(xs []float64) bool {
	last := math.Inf(-1)
	for _, x := range xs {
		if x < last {
			return false
		}
		if x == x {
			last = x
		}
	}
	return true
}

// sortByX orders a series by x (NaNs last) for LTTB, which assumes it.
func sortByX(g []int, xs, ys []float64) ([]int, []float64, []float64) {
	perm := make([]int, len(g))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		na, nb := math.IsNaN(xs[a]), math.IsNaN(xs[b])
		if na || nb {
			return cmpBool(na, nb)
		}
		return cmp.Compare(xs[a], xs[b])
	})
	order, sx, sy := make([]int, len(g)), make([]float64, len(g)), make([]float64, len(g))
	for i, p := range perm {
		order[i], sx[i], sy[i] = g[p], xs[p], ys[p]
	}
	return order, sx, sy
}

// stride keeps n rows evenly spread over rows, in order.
func stride(rows []int, n int) []int {
	out := make([]int, n)
	for k := range out {
		out[k] = rows[int(int64(k)*int64(len(rows))/int64(n))]
	}
	return out
}

// binScatter counts each series' points on a grid over the whole data's
// extent, so cells of different series line up.
func binScatter(s *Spec, res *api.Result, pos map[string]int, rows []int, budget int) *api.Result {
	xj, yj, sj := column(s, pos, X), column(s, pos, Y), column(s, pos, Series)
	side := max(10, min(int(math.Sqrt(float64(budget))), 256))
	xs, ys := make([]float64, len(res.Rows)), make([]float64, len(res.Rows))
	for _, r := range rows {
		xs[r], ys[r] = math.NaN(), math.NaN()
		if f, ok := ToFloat(cellAt(res, r, xj)); ok {
			xs[r] = f
		}
		if f, ok := ToFloat(cellAt(res, r, yj)); ok {
			ys[r] = f
		}
	}
	var cols []api.Column
	if sj >= 0 {
		cols = append(cols, res.Columns[sj])
	}
	cols = append(cols, api.Column{Name: res.Columns[xj].Name, Type: api.TypeFloat}, api.Column{Name: res.Columns[yj].Name, Type: api.TypeFloat})
	countName := BinCountColumn
	for i := 2; slices.ContainsFunc(cols, func(c api.Column) bool { return c.Name == countName }); i++ {
		countName = fmt.Sprintf("%s_%d", BinCountColumn, i)
	}
	cols = append(cols, api.Column{Name: countName, Type: api.TypeInt})
	out := &api.Result{Columns: cols, Rows: [][]any{}, Truncated: res.Truncated, DurationMS: res.DurationMS, Cached: res.Cached}
	sel := func(v []float64, g []int) []float64 {
		o := make([]float64, len(g))
		for i, r := range g {
			o[i] = v[r]
		}
		return o
	}
	bounds, ok := downsample.Extent(sel(xs, rows), sel(ys, rows))
	if !ok {
		return out
	}
	for _, g := range groupRows(res, sj, rows) {
		for _, c := range downsample.Bin2D(sel(xs, g), sel(ys, g), side, side, bounds) {
			row := []any{c.X, c.Y, int64(c.Count)}
			if sj >= 0 {
				row = append([]any{cellAt(res, g[0], sj)}, row...)
			}
			out.Rows = append(out.Rows, row)
		}
	}
	out.RowCount = len(out.Rows)
	return out
}

// BinnedSpec reports whether res is a scatter binned by Shape and, if so,
// returns a copy of s that draws it: x and y as before, the series if
// any, and the count column on size (label and color are gone with the
// individual points). Renderers call it before binding the data.
//
// A binned result is recognised by its columns: [series,] x and y as
// floats under the spec's column names, then an int column named
// BinCountColumn (or with a suffix) that the spec does not encode. A raw
// result of exactly that form is taken as binned too, which draws the
// same picture.
func BinnedSpec(s *Spec, res *api.Result) (*Spec, bool) {
	if s == nil || res == nil || s.Type != Scatter || len(res.Columns) < 3 {
		return nil, false
	}
	want := []string{s.Encoding[X].Column(), s.Encoding[Y].Column()}
	if _, ok := s.Encoding[Series]; ok {
		want = append([]string{s.Encoding[Series].Column()}, want...)
	}
	if len(res.Columns) != len(want)+1 {
		return nil, false
	}
	for i, name := range want {
		c := res.Columns[i]
		if c.Name != name || (i >= len(want)-2 && c.Type != api.TypeFloat) {
			return nil, false
		}
	}
	last := res.Columns[len(res.Columns)-1]
	if last.Type != api.TypeInt || !strings.HasPrefix(last.Name, BinCountColumn) {
		return nil, false
	}
	for _, f := range s.Encoding {
		if slices.Contains(f.Columns, last.Name) {
			return nil, false // an ordinary column that happens to be called count
		}
	}
	c := *s
	c.Encoding = map[Channel]Field{X: s.Encoding[X], Y: s.Encoding[Y], Size: {Columns: []string{last.Name}, Label: "points"}}
	if f, ok := s.Encoding[Series]; ok {
		c.Encoding[Series] = f
	}
	c.Data = nil
	return &c, true
}
