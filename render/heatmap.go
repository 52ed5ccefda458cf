package render

import (
	"errors"
	"math"
	"sort"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Heatmap, drawHeatmap) }

// Numeric x or y columns with more distinct values than this are binned
// into about heatBins nice intervals.
const (
	heatDistinct = 30
	heatBins     = 20
)

// heatAxis turns one channel's values into cell positions: categories in
// order of appearance (numbers sorted), or nice bins for many numbers.
type heatAxis struct {
	cats []string
	of   []int // category index per row; -1 = dropped
}

func (f *frame) heatAxis(ch chart.Channel, reverseNumeric bool) heatAxis {
	d := f.data
	n := d.Len()
	ha := heatAxis{of: make([]int, n)}
	numeric := d.Type(ch, 0) == api.TypeInt || d.Type(ch, 0) == api.TypeFloat
	if numeric {
		distinct := map[float64]bool{}
		e := newExtent()
		for row := 0; row < n; row++ {
			if v, ok := d.Num(ch, row); ok {
				distinct[v] = true
				e.add(v)
			}
		}
		if len(distinct) > heatDistinct && !e.empty() {
			return f.heatBinned(ch, e, reverseNumeric)
		}
		vals := make([]float64, 0, len(distinct))
		for v := range distinct {
			vals = append(vals, v)
		}
		sort.Float64s(vals)
		if reverseNumeric {
			sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
		}
		pos := map[float64]int{}
		for i, v := range vals {
			pos[v] = i
			ha.cats = append(ha.cats, FormatNumber(v, f.numberPattern(ch)))
		}
		for row := 0; row < n; row++ {
			ha.of[row] = -1
			if v, ok := d.Num(ch, row); ok {
				ha.of[row] = pos[v]
			}
		}
		return ha
	}
	idx := map[string]int{}
	for row := 0; row < n; row++ {
		var s string
		if d.Type(ch, 0) == api.TypeTime {
			if t, ok := d.Time(ch, row); ok {
				s = FormatTime(float64(t.UnixMilli()), f.timeCategoryPattern(ch))
			}
		} else {
			s = d.Str(ch, row)
		}
		if s == "" {
			s = "(blank)"
		}
		i, ok := idx[s]
		if !ok {
			i = len(ha.cats)
			idx[s] = i
			ha.cats = append(ha.cats, s)
		}
		ha.of[row] = i
	}
	return ha
}

// heatBinned bins a numeric channel into nice intervals labelled by their
// lower bound.
func (f *frame) heatBinned(ch chart.Channel, e extent, reverse bool) heatAxis {
	d := f.data
	ticks, step := niceTicks(e.lo, e.hi, heatBins, true)
	if len(ticks) < 2 || step <= 0 {
		ticks, step = []float64{e.lo, e.hi + 1}, e.hi+1-e.lo
	}
	nb := len(ticks) - 1
	p := f.numberPattern(ch)
	if p == "" {
		p = autoNumberPattern(step, math.Max(math.Abs(e.lo), math.Abs(e.hi)))
	}
	ha := heatAxis{of: make([]int, d.Len()), cats: make([]string, nb)}
	for i := 0; i < nb; i++ {
		ha.cats[i] = FormatNumber(ticks[i], p)
	}
	for row := range ha.of {
		ha.of[row] = -1
		v, ok := d.Num(ch, row)
		if !ok {
			continue
		}
		b := int(math.Floor((v - ticks[0]) / step))
		b = max(0, min(b, nb-1))
		ha.of[row] = b
	}
	if reverse {
		for i, j := 0, nb-1; i < j; i, j = i+1, j-1 {
			ha.cats[i], ha.cats[j] = ha.cats[j], ha.cats[i]
		}
		for row, b := range ha.of {
			if b >= 0 {
				ha.of[row] = nb - 1 - b
			}
		}
	}
	return ha
}

// drawHeatmap colours a grid of x × y cells by value (viridis, with a
// colour-scale legend). Rows in the same cell are summed; without a value
// channel each cell counts its rows.
func drawHeatmap(f *frame) error {
	xch, ych := f.pick(chart.X, chart.Category), f.pick(chart.Y)
	if xch == "" || ych == "" {
		return errors.New("a heatmap needs encoding.x and encoding.y")
	}
	vch := f.pick(chart.Value, chart.Z, chart.Color, chart.Size)
	d := f.data
	hx, hy := f.heatAxis(xch, false), f.heatAxis(ych, true)
	nx, ny := len(hx.cats), len(hy.cats)
	if nx == 0 || ny == 0 || nx*ny > 4_000_000 {
		f.emptyState("No cells to show")
		return nil
	}
	sum := make([]float64, nx*ny)
	has := make([]bool, nx*ny)
	first := make([]int, nx*ny)
	for row := 0; row < d.Len(); row++ {
		i, j := hx.of[row], hy.of[row]
		if i < 0 || j < 0 {
			continue
		}
		v := 1.0
		if vch != "" {
			var ok bool
			if v, ok = d.Num(vch, row); !ok {
				continue
			}
		}
		c := j*nx + i
		if !has[c] {
			first[c] = row
		}
		sum[c] += v
		has[c] = true
	}
	e := newExtent()
	for c, v := range sum {
		if has[c] {
			e.add(v)
		}
	}
	if e.empty() {
		f.emptyState("No values to show")
		return nil
	}
	pattern := ""
	vname := "count"
	if vch != "" {
		pattern = f.numberPattern(vch)
		vname = d.Name(vch, 0)
	}
	f.colorLegend(e.lo, e.hi, pattern)
	xd := axisDef{kind: axisBand, cats: hx.cats, cfg: f.spec.XAxis, title: d.Name(xch, 0)}
	yd := axisDef{kind: axisBand, cats: hy.cats, cfg: f.spec.YAxis, title: d.Name(ych, 0)}
	p := f.newPlane(xd, yd)
	bx, by := p.x.(*bandScale), p.y.(*bandScale)
	cw, ch := math.Abs(bx.bandwidth()), math.Abs(by.bandwidth())
	inset := 0.0
	if cw > 6 && ch > 6 {
		inset = 0.5
	}
	span := e.hi - e.lo
	f.c.Begin(&Meta{Kind: "plot", Series: -1, Index: -1}, p.clipRect())
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			c := j*nx + i
			if !has[c] {
				continue
			}
			v := sum[c]
			t := 0.5
			if span > 0 {
				t = (v - e.lo) / span
			}
			col := Sequential(t)
			x, y := bx.Map(float64(i))-cw/2, by.Map(float64(j))-ch/2
			tip := hx.cats[i] + " · " + hy.cats[j] + "\n" + vname + ": " + FormatNumber(v, pattern)
			f.mark(Meta{Series: -1, Index: first[c], Tooltip: tip}, func() {
				f.c.Rect(x+inset, y+inset, cw-2*inset, ch-2*inset, Style{Fill: col})
			})
			if f.spec.Options.ShowLabels {
				l := FormatNumber(v, pattern)
				if TextWidth(l, fontLabel) < cw-4 && ch > fontLabel.Size+2 {
					f.text(x+cw/2, y+ch/2, l, fontLabel, f.contrast(col), AnchorMiddle, BaselineMiddle)
				}
			}
		}
	}
	f.c.End()
	p.drawAxes()
	return nil
}
