package chart

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
)

// ValidateData checks a spec against the result that feeds it: every
// encoded column exists, measures are numbers and time channels dates,
// and the data has the shape the chart type needs (few enough slices for
// a pie, a rectangular grid for a surface, high ≥ low for candles, one
// root and no cycles for a tree…). Paths point into the spec, so the
// problems read next to the encoding to change.
//
// A text column counts as a measure when every non-null value in it
// parses as a number, because drivers return DECIMAL and SQLite numbers
// as text; likewise text counts as time when every value is a date. Typed
// int and float columns are trusted without reading their rows, so a
// million-row result validates in milliseconds. Problems are listed in a
// stable order; it returns nil when the data fits.
func ValidateData(s *Spec, res *api.Result) []api.FieldError {
	if s == nil {
		return []api.FieldError{{Path: "type", Message: "a chart spec is required"}}
	}
	ti := info(s.Type)
	if ti == nil {
		return []api.FieldError{{Path: "type", Message: fmt.Sprintf("unknown chart type %q", s.Type)}}
	}
	if res == nil {
		return []api.FieldError{{Path: "data", Message: "there is no data to draw"}}
	}
	pos := columnPositions(res)
	var p problems
	for _, ch := range encodingOrder(s.Encoding, ti) {
		e, ok := ti.Accepts(ch)
		if !ok {
			continue // Validate reports it
		}
		f := s.Encoding[ch]
		for i, name := range f.Columns {
			path := "encoding." + string(ch)
			if len(f.Columns) > 1 {
				path = fmt.Sprintf("%s[%d]", path, i)
			}
			j, ok := pos[name]
			if !ok {
				p.add(path, "no column %q in the data; the columns are %s", name, columnList(res))
				continue
			}
			if msg := ColumnProblem(res, j, e.Kind); msg != "" {
				p.add(path, "%s", msg)
			}
		}
	}
	if s.Sort != nil && s.Sort.By != "category" && s.Sort.By != "value" && s.Sort.By != "" {
		if _, ok := pos[s.Sort.By]; !ok {
			p.add("sort.by", "no column %q in the data; use category, value or one of %s", s.Sort.By, columnList(res))
		}
	}
	if len(p) > 0 {
		return p // the shape checks below need the columns
	}
	d := &Data{Res: res, spec: s, idx: map[Channel][]int{}}
	for ch, f := range s.Encoding {
		for _, name := range f.Columns {
			d.idx[ch] = append(d.idx[ch], pos[name])
		}
	}
	checkShape(s, d, &p)
	if len(p) == 0 {
		return nil
	}
	return p
}

// columnPositions maps each column name to its first position.
func columnPositions(res *api.Result) map[string]int {
	pos := make(map[string]int, len(res.Columns))
	for i := len(res.Columns) - 1; i >= 0; i-- {
		pos[res.Columns[i].Name] = i
	}
	return pos
}

// columnList quotes the result's column names for a message, the first
// 20 of them.
func columnList(res *api.Result) string {
	if len(res.Columns) == 0 {
		return "(none)"
	}
	var b strings.Builder
	for i, c := range res.Columns {
		if i == 20 {
			fmt.Fprintf(&b, " and %d more", len(res.Columns)-20)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", c.Name)
	}
	return b.String()
}

// cellAt is row r's value in column j, nil when the row is short.
func cellAt(res *api.Result, r, j int) any {
	row := res.Rows[r]
	if j >= len(row) {
		return nil
	}
	return row[j]
}

// ColumnProblem says why column j of res cannot play a channel of kind
// k, or "" when it can. It is the one rule for which column types an
// encoding accepts: ValidateData reports it on the server and in the
// browser, and Choices offers editors only the columns it accepts.
func ColumnProblem(res *api.Result, j int, k Kind) string {
	if res == nil || j < 0 || j >= len(res.Columns) {
		return "no such column"
	}
	c := res.Columns[j]
	switch k {
	case KindMeasure:
		switch c.Type {
		case api.TypeInt, api.TypeFloat:
			return ""
		case api.TypeBool, api.TypeTime, api.TypeBytes:
			return fmt.Sprintf("column %q holds %s, not numbers; a measure needs a numeric column", c.Name, typeWords(c.Type))
		}
		for r := range res.Rows {
			v := cellAt(res, r, j)
			if v == nil {
				continue
			}
			if _, ok := ToFloat(v); !ok || isBool(v) {
				return fmt.Sprintf("column %q holds text (%s in row %d), so it cannot be a measure; pick a numeric column or cast it in the query",
					c.Name, quoteValue(v), r+1)
			}
		}
	case KindTime:
		switch c.Type {
		case api.TypeTime:
			return ""
		case api.TypeInt, api.TypeFloat, api.TypeBool, api.TypeBytes:
			return fmt.Sprintf("column %q holds %s, not times; use a time column or ISO dates such as 2024-01-31", c.Name, typeWords(c.Type))
		}
		for r := range res.Rows {
			v := cellAt(res, r, j)
			if v == nil {
				continue
			}
			if _, ok := ToTime(v); !ok {
				return fmt.Sprintf("column %q holds %s in row %d, which is not a date; use a time column or ISO dates such as 2024-01-31",
					c.Name, quoteValue(v), r+1)
			}
		}
	case KindDimension:
		if c.Type == api.TypeBytes {
			return fmt.Sprintf("column %q holds binary data, which cannot be drawn", c.Name)
		}
	}
	return ""
}

func isBool(v any) bool { _, ok := v.(bool); return ok }

func typeWords(t api.ColumnType) string {
	switch t {
	case api.TypeBool:
		return "true/false values"
	case api.TypeTime:
		return "times"
	case api.TypeBytes:
		return "binary data"
	case api.TypeInt, api.TypeFloat:
		return "numbers"
	}
	return "text"
}

// quoteValue shows a value in a message, cut to a readable length.
func quoteValue(v any) string {
	s := ToString(v)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// keyOf is a comparable map key for a cell, so distinct values can be
// counted without formatting numbers; values that are not comparable
// ([]byte, nested JSON) are keyed by their text.
func keyOf(v any) any {
	switch v.(type) {
	case nil, string, float64, int64, int, bool, json.Number:
		return v
	}
	return ToString(v)
}

// checkShape runs the checks specific to a chart type.
func checkShape(s *Spec, d *Data, p *problems) {
	switch s.Type {
	case Pie, Rose, Funnel:
		checkSliceCount(s, d, p)
	case Heatmap:
		checkHeatmapCells(d, p)
	case Surface3D:
		checkGrid(d, p)
	case Candlestick:
		checkCandles(d, p)
	case Tree, Treemap, Sunburst:
		if d.Has(ID) && d.Has(Parent) {
			checkParents(s.Type, d, p)
		}
	case Gauge, Progress:
		if d.Len() == 0 {
			p.add("encoding.value", "%s shows the first row, but the result has no rows", s.Type)
		} else if _, ok := d.Num(Value, 0); !ok {
			p.add("encoding.value", "%s shows the first row, whose %s is empty", s.Type, d.Name(Value, 0))
		}
	case Gantt:
		checkSpans(d, p)
	case Geo:
		if d.Has(Lat) && d.Has(Lon) {
			checkCoordinates(d, p)
		}
	}
}

func checkSliceCount(s *Spec, d *Data, p *problems) {
	if s.Limit > 0 && s.Limit <= MaxSliceCategories {
		return
	}
	seen := make(map[any]struct{}, MaxSliceCategories+1)
	for r := 0; r < d.Len(); r++ {
		seen[keyOf(d.cell(Category, 0, r))] = struct{}{}
		if len(seen) > MaxSliceCategories {
			p.add("encoding.category", "%s has more than %d categories, too many to read; set limit (such as 10, with sort by value, desc) or use a bar chart",
				s.Type, MaxSliceCategories)
			return
		}
	}
}

func checkHeatmapCells(d *Data, p *problems) {
	xs, ys := map[any]struct{}{}, map[any]struct{}{}
	for r := 0; r < d.Len(); r++ {
		xs[keyOf(d.cell(X, 0, r))] = struct{}{}
		ys[keyOf(d.cell(Y, 0, r))] = struct{}{}
		if len(xs)*len(ys) > MaxHeatmapCells {
			p.add("encoding.x", "the heatmap has more than %d cells (%d x values × %d y values so far); aggregate or bin in the query",
				MaxHeatmapCells, len(xs), len(ys))
			return
		}
	}
}

// checkGrid requires every x to have every y exactly once.
func checkGrid(d *Data, p *problems) {
	n := d.Len()
	xi, yi := map[any]int{}, map[any]int{}
	var xv, yv []any // distinct values in order of appearance
	rowX, rowY := make([]int32, n), make([]int32, n)
	for r := 0; r < n; r++ {
		x, y := d.cell(X, 0, r), d.cell(Y, 0, r)
		if x == nil || y == nil {
			p.add("encoding.x", "row %d has no x or no y; every point of a surface needs both", r+1)
			return
		}
		kx, ky := keyOf(x), keyOf(y)
		i, ok := xi[kx]
		if !ok {
			i = len(xv)
			xi[kx] = i
			xv = append(xv, x)
		}
		j, ok := yi[ky]
		if !ok {
			j = len(yv)
			yi[ky] = j
			yv = append(yv, y)
		}
		rowX[r], rowY[r] = int32(i), int32(j)
	}
	nx, ny := len(xv), len(yv)
	if nx < 2 || ny < 2 {
		p.add("encoding.x", "a surface needs at least 2 distinct x and 2 distinct y values; the data has %d and %d", nx, ny)
		return
	}
	cells := nx * ny
	if cells != n && cells > 4*n+1<<20 {
		p.add("encoding.x", "the (x, y) grid must be rectangular: %d x values × %d y values make %d cells, but there are %d rows; every x needs every y exactly once",
			nx, ny, cells, n)
		return
	}
	grid := make([]int32, cells) // row+1 of each cell
	for r := 0; r < n; r++ {
		k := int(rowX[r])*ny + int(rowY[r])
		if prev := grid[k]; prev != 0 {
			p.add("encoding.x", "the (x, y) grid must be rectangular: x=%s, y=%s appears twice (rows %d and %d)",
				ToString(xv[rowX[r]]), ToString(yv[rowY[r]]), prev, r+1)
			return
		}
		grid[k] = int32(r + 1)
	}
	for k, row := range grid {
		if row == 0 {
			p.add("encoding.x", "the (x, y) grid must be rectangular: x=%s has no row for y=%s (%d × %d grid, %d of %d cells present)",
				ToString(xv[k/ny]), ToString(yv[k%ny]), nx, ny, n, cells)
			return
		}
	}
}

func checkCandles(d *Data, p *problems) {
	for r := 0; r < d.Len(); r++ {
		hi, ok1 := d.Num(High, r)
		lo, ok2 := d.Num(Low, r)
		if ok1 && ok2 && hi < lo {
			p.add("encoding.high", "row %d has high %g below low %g; check the high and low columns", r+1, hi, lo)
			return
		}
	}
}

func checkSpans(d *Data, p *problems) {
	for r := 0; r < d.Len(); r++ {
		a, ok1 := d.Time(Start, r)
		b, ok2 := ToTime(d.cell(End, 0, r))
		if ok1 && ok2 && b.Before(a) {
			p.add("encoding.end", "row %d ends (%s) before it starts (%s)", r+1, d.Str(End, r), d.Str(Start, r))
			return
		}
	}
}

func checkCoordinates(d *Data, p *problems) {
	for r := 0; r < d.Len(); r++ {
		if lat, ok := d.Num(Lat, r); ok && (lat < -90 || lat > 90) {
			p.add("encoding.lat", "row %d has latitude %g; latitudes lie between -90 and 90 (are lat and lon swapped?)", r+1, lat)
			return
		}
		if lon, ok := d.Num(Lon, r); ok && (lon < -180 || lon > 180) {
			p.add("encoding.lon", "row %d has longitude %g; longitudes lie between -180 and 180", r+1, lon)
			return
		}
	}
}

// checkParents rejects duplicate ids and cycles, and for a tree requires
// exactly one root and parents that exist. Treemaps and sunbursts hang
// several roots, and nodes with unknown parents, from an unnamed root.
func checkParents(t Type, d *Data, p *problems) {
	n := d.Len()
	ids := make(map[string]int, n) // id → row
	for r := 0; r < n; r++ {
		id := d.Str(ID, r)
		if id == "" {
			continue
		}
		if prev, dup := ids[id]; dup {
			p.add("encoding.id", "id %q appears twice (rows %d and %d); ids must be unique", id, prev+1, r+1)
			return
		}
		ids[id] = r
	}
	parent := make([]int, n) // row of the parent; -1 for a root, -2 for no id
	var roots []int
	for r := 0; r < n; r++ {
		parent[r] = -2
		if d.Str(ID, r) == "" {
			continue
		}
		pid := d.Str(Parent, r)
		pr, ok := ids[pid]
		switch {
		case pid == "":
			parent[r] = -1
			roots = append(roots, r)
		case !ok && t == Tree:
			p.add("encoding.parent", "row %d has parent %q, which is no row's id", r+1, pid)
			return
		case !ok:
			parent[r] = -1
		default:
			parent[r] = pr
		}
	}
	if r, ok := findCycle(parent); ok {
		p.add("encoding.parent", "the id/parent links form a cycle through id %q (row %d)", d.Str(ID, r), r+1)
		return
	}
	if t != Tree || len(roots) == 1 {
		return
	}
	if len(roots) == 0 {
		p.add("encoding.parent", "a tree needs one root, a row with an empty parent; there is none")
		return
	}
	p.add("encoding.parent", "a tree needs exactly one root (a row with an empty parent); rows %d and %d are both roots — give them a common parent",
		roots[0]+1, roots[1]+1)
}

// findCycle walks each row's parent chain once (O(n)) and returns a row
// on a cycle. parent[r] < 0 ends a chain.
func findCycle(parent []int) (int, bool) {
	const (
		unseen = iota
		walking
		done
	)
	state := make([]uint8, len(parent))
	for start := range parent {
		r := start
		for r >= 0 && state[r] == unseen {
			state[r] = walking
			r = parent[r]
		}
		if r >= 0 && state[r] == walking {
			return r, true
		}
		for r = start; r >= 0 && state[r] == walking; r = parent[r] {
			state[r] = done
		}
	}
	return 0, false
}
