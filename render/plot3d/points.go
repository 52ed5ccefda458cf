package plot3d

import (
	"math"
	"math/rand/v2"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Sphere sizes in model units (the cube is 1 wide). A cloud's points
// shrink with the cube root of their number, so dense clouds stay
// readable and sparse ones visible.
const (
	pointRadiusMax  = 0.016
	pointRadiusMin  = 0.002
	bubbleRadiusMax = 0.09
	bubbleRadiusMin = 0.006
)

// pointRadius is the radius of the points of an n-point scatter.
func pointRadius(n int) float32 {
	return clamp32(0.22/float32(math.Cbrt(float64(max(n, 1)))), pointRadiusMin, pointRadiusMax)
}

// bubbleRange is the smallest and largest bubble radius for n bubbles.
func bubbleRange(n int) (lo, hi float32) {
	hi = clamp32(0.3/float32(math.Cbrt(float64(max(n, 1)))), 2*pointRadiusMin, bubbleRadiusMax)
	return min(bubbleRadiusMin, hi/3), hi
}

// seriesColors gives each row a colour index by its series (or color)
// value, in order of appearance, and the legend.
type seriesColors struct {
	ch     chart.Channel // "" when neither series nor color is encoded
	index  map[string]int
	names  []string
	colors []render.Color
	last   string
	lastI  int
}

func newSeriesColors(m *Model) *seriesColors {
	sc := &seriesColors{index: map[string]int{}, colors: palette(m.spec), lastI: -1}
	for _, ch := range []chart.Channel{chart.Series, chart.Color} {
		if m.data.Has(ch) {
			sc.ch = ch
			break
		}
	}
	return sc
}

// of is the colour index of the row; consecutive rows of one series skip
// the map.
func (sc *seriesColors) of(d *chart.Data, row int) int {
	if sc.ch == "" {
		return 0
	}
	s := d.Str(sc.ch, row)
	if sc.lastI >= 0 && s == sc.last {
		return sc.lastI
	}
	i, ok := sc.index[s]
	if !ok {
		i = len(sc.names)
		sc.index[s] = i
		sc.names = append(sc.names, s)
	}
	sc.last, sc.lastI = s, i
	return i
}

// Sample returns k points of the cloud picked at random (fixed seed, so a
// chart looks the same on every load), in random order: any prefix of the
// sample is itself a uniform sample. A view draws it, or a prefix of it,
// while the camera moves over a cloud too big to turn smoothly. With k at
// or above Len it returns p itself.
func (p *Points) Sample(k int) *Points {
	n := p.Len()
	if k >= n {
		return p
	}
	k = max(k, 0)
	// A partial Fisher–Yates shuffle: the first k slots are the sample.
	idx := make([]uint32, n)
	for i := range idx {
		idx[i] = uint32(i)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := &Points{Pos: make([]float32, 3*k), Color: make([]float32, 3*k), Radius: make([]float32, k), Row: make([]int32, k)}
	for i := 0; i < k; i++ {
		j := i + int(rng.Uint32N(uint32(n-i)))
		idx[i], idx[j] = idx[j], idx[i]
		src := int(idx[i])
		copy(s.Pos[3*i:3*i+3], p.Pos[3*src:3*src+3])
		copy(s.Color[3*i:3*i+3], p.Color[3*src:3*src+3])
		s.Radius[i], s.Row[i] = p.Radius[src], p.Row[src]
		s.MaxRadius = max(s.MaxRadius, s.Radius[i])
	}
	return s
}

func (sc *seriesColors) color(i int) render.Color { return sc.colors[i%len(sc.colors)] }

func (sc *seriesColors) legend() []LegendItem {
	if sc.ch == "" {
		return nil
	}
	out := make([]LegendItem, len(sc.names))
	for i, n := range sc.names {
		if n == "" {
			n = "(empty)"
		}
		out[i] = LegendItem{Name: n, Color: sc.color(i)}
	}
	return out
}

// buildPoints lays out scatter3d and bubble3d: one sphere per row with
// three numeric coordinates, sized by the size channel when encoded.
func (m *Model) buildPoints() {
	d := m.data
	n := d.Len()
	lo := [4]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [4]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	chs := [3]chart.Channel{chart.X, chart.Y, chart.Z}
	sized := d.Has(chart.Size)
	valid := 0
	for r := 0; r < n; r++ {
		var v [3]float64
		ok := true
		for k, ch := range chs {
			v[k], ok = d.Num(ch, r)
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		valid++
		for k := range v {
			lo[k], hi[k] = math.Min(lo[k], v[k]), math.Max(hi[k], v[k])
		}
		if s, ok := d.Num(chart.Size, r); sized && ok {
			lo[3], hi[3] = math.Min(lo[3], s), math.Max(hi[3], s)
		}
	}
	var scales [3]linear
	for k, ch := range chs {
		scales[k], m.Axes[k].Ticks, m.Axes[k].Grid = valueAxis(lo[k], hi[k], m.numberPattern(ch))
	}
	if valid == 0 {
		return
	}
	p := &Points{
		Pos: make([]float32, 3*valid), Color: make([]float32, 3*valid),
		Radius: make([]float32, valid), Row: make([]int32, valid),
	}
	sc := newSeriesColors(m)
	r0 := pointRadius(valid)
	rlo, rhi := bubbleRange(valid)
	smax := math.Max(math.Abs(lo[3]), math.Abs(hi[3]))
	i := 0
	for r := 0; r < n; r++ {
		x, okx := d.Num(chart.X, r)
		y, oky := d.Num(chart.Y, r)
		z, okz := d.Num(chart.Z, r)
		if !okx || !oky || !okz {
			continue
		}
		rad := r0
		if sized {
			// Area follows the value: radius ∝ √size; empty or negative
			// sizes get the smallest bubble.
			rad = rlo
			if s, ok := d.Num(chart.Size, r); ok && s > 0 && smax > 0 {
				rad = max(rlo, rhi*float32(math.Sqrt(s/smax)))
			}
		}
		c := rgb(sc.color(sc.of(d, r)))
		p.Pos[3*i], p.Pos[3*i+1], p.Pos[3*i+2] = scales[0].pos(x), scales[1].pos(y), scales[2].pos(z)
		p.Color[3*i], p.Color[3*i+1], p.Color[3*i+2] = c[0], c[1], c[2]
		p.Radius[i] = rad
		p.Row[i] = int32(r)
		p.MaxRadius = max(p.MaxRadius, rad)
		i++
	}
	m.Points = p
	m.Legend = sc.legend()
}
