package plot3d

import (
	"math"
	"sort"
	"strings"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// tickCount is about how many ticks a value axis gets: fewer than in 2D,
// as a 3D axis is shorter on screen and seen at an angle.
const tickCount = 5

// maxCategoryLabels is the most labels a category axis shows; past it every
// k-th category is labelled.
const maxCategoryLabels = 12

// linear maps [lo, hi] onto [0, 1].
type linear struct{ lo, hi float64 }

func (s linear) pos(v float64) float32 {
	if s.hi == s.lo {
		return 0.5
	}
	return float32((v - s.lo) / (s.hi - s.lo))
}

// niceStep rounds the raw step of n ticks over [lo, hi] to 1, 2 or 5 × a
// power of ten (Heckbert, Graphics Gems, 1990).
func niceStep(lo, hi float64, n int) float64 {
	raw := (hi - lo) / float64(max(n-1, 1))
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f < 1.5:
		return p
	case f < 3:
		return 2 * p
	case f < 7:
		return 5 * p
	}
	return 10 * p
}

// valueAxis widens [lo, hi] to nice ticks and returns the scale and the
// ticks labelled with pattern ("" picks decimals from the step).
func valueAxis(lo, hi float64, pattern string) (linear, []Tick, []float32) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
		lo, hi = 0, 1
	}
	if lo == hi {
		d := math.Abs(lo) * 0.1
		if d == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	step := niceStep(lo, hi, tickCount)
	s := linear{math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step}
	ticks := ticksBetween(s, step, pattern)
	return s, ticks, ticksPos(ticks)
}

// ticksBetween labels the multiples of step inside the scale's domain.
func ticksBetween(s linear, step float64, pattern string) []Tick {
	if pattern == "" {
		pattern = stepPattern(step)
	}
	var ticks []Tick
	for k := math.Ceil(s.lo/step - 1e-9); k*step <= s.hi+step*1e-6 && len(ticks) < 100; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no "-0"
		}
		ticks = append(ticks, Tick{Pos: s.pos(v), Label: render.FormatNumber(v, pattern)})
	}
	return ticks
}

// stepPattern shows as many decimals as the step needs, with grouping.
func stepPattern(step float64) string {
	d := 0
	for d < 10 && math.Abs(step*math.Pow(10, float64(d))-math.Round(step*math.Pow(10, float64(d)))) > 1e-6 {
		d++
	}
	if d == 0 {
		return "0,0"
	}
	return "0,0." + strings.Repeat("0", d)
}

// categories are the distinct values of a dimension channel in axis order:
// numeric values sorted, times sorted, text in order of appearance.
type categories struct {
	labels []string
	index  map[string]int // chart.ToString of a value → position
	// values are the numbers (or Unix ms) of a numeric or time axis, nil
	// for text.
	values []float64
	timed  bool
}

func (c *categories) len() int { return len(c.labels) }

// of is the position of the row's value, or -1 when it is empty.
func (c *categories) of(d *chart.Data, ch chart.Channel, row int) int {
	s := d.Str(ch, row)
	if s == "" {
		return -1
	}
	if i, ok := c.index[s]; ok {
		return i
	}
	return -1
}

func collectCategories(d *chart.Data, ch chart.Channel, numberPattern, datePattern string) *categories {
	var keys []string
	seen := map[string]bool{}
	numeric, timed := true, d.Type(ch, 0) == api.TypeTime
	var nums, times []float64
	for r := 0; r < d.Len(); r++ {
		s := d.Str(ch, r)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		keys = append(keys, s)
		v, ok := d.Num(ch, r)
		numeric = numeric && ok
		nums = append(nums, v)
		if timed {
			t, ok := d.Time(ch, r)
			timed = ok
			times = append(times, float64(t.UnixMilli()))
		}
	}
	c := &categories{index: make(map[string]int, len(keys)), timed: timed}
	if !timed && !numeric {
		for i, k := range keys {
			c.labels = append(c.labels, k)
			c.index[k] = i
		}
		return c
	}
	if timed {
		nums = times
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return nums[order[a]] < nums[order[b]] })
	for _, i := range order {
		label := keys[i]
		switch {
		case timed:
			label = render.FormatTime(nums[i], datePattern)
		case numberPattern != "":
			label = render.FormatNumber(nums[i], numberPattern)
		}
		c.index[keys[i]] = len(c.labels)
		c.labels = append(c.labels, label)
		c.values = append(c.values, nums[i])
	}
	return c
}

// bandAxis puts n categories in equal bands: centre of band i at
// (i+0.5)/n, grid lines between bands.
func bandAxis(c *categories) ([]Tick, []float32) {
	n := c.len()
	var ticks []Tick
	every := max((n+maxCategoryLabels-1)/maxCategoryLabels, 1)
	for i, l := range c.labels {
		if i%every == 0 {
			ticks = append(ticks, Tick{Pos: (float32(i) + 0.5) / float32(n), Label: l})
		}
	}
	grid := make([]float32, 0, n+1)
	for i := 0; i <= n; i++ {
		grid = append(grid, float32(i)/float32(n))
	}
	return ticks, grid
}

// pointAxis spreads categories over [0, 1]: by value when they are numbers
// or times, else evenly. It returns each category's position, the ticks and
// the grid.
func pointAxis(c *categories, pattern string) ([]float32, []Tick, []float32) {
	n := c.len()
	pos := make([]float32, n)
	switch {
	case n == 1:
		pos[0] = 0.5
	case c.values != nil && c.values[n-1] > c.values[0]:
		s := linear{c.values[0], c.values[n-1]}
		for i, v := range c.values {
			pos[i] = s.pos(v)
		}
		if !c.timed {
			// Numbers: nice ticks read better than a label per value.
			ticks := ticksBetween(s, niceStep(s.lo, s.hi, tickCount), pattern)
			if len(ticks) >= 2 {
				return pos, ticks, ticksPos(ticks)
			}
		}
	default:
		for i := range pos {
			pos[i] = float32(i) / float32(n-1)
		}
	}
	var ticks []Tick
	every := max((n+maxCategoryLabels-1)/maxCategoryLabels, 1)
	for i, l := range c.labels {
		if i%every == 0 {
			ticks = append(ticks, Tick{Pos: pos[i], Label: l})
		}
	}
	return pos, ticks, ticksPos(ticks)
}

func ticksPos(ts []Tick) []float32 {
	out := make([]float32, len(ts))
	for i, t := range ts {
		out[i] = t.Pos
	}
	return out
}
