package plot3d

import (
	"math"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/chart"
)

// barFill is the share of its grid cell a bar (or a group of series bars)
// takes, leaving gaps to see between rows.
const barFill = 0.7

// buildBars lays out bar3d: a box per (x, y, series) from zero to the sum
// of its z values. Bars are coloured by series (or color) when encoded,
// else by height on the sequential palette.
func (m *Model) buildBars() {
	d := m.data
	xs := collectCategories(d, chart.X, m.numberPattern(chart.X), m.spec.Format.Date)
	ys := collectCategories(d, chart.Y, m.numberPattern(chart.Y), m.spec.Format.Date)
	m.Axes[0].Ticks, m.Axes[0].Grid = bandAxis(xs)
	m.Axes[1].Ticks, m.Axes[1].Grid = bandAxis(ys)
	sc := newSeriesColors(m)

	type key struct{ x, y, s int }
	type bar struct {
		key
		z   float64
		row int
	}
	var bars []bar
	at := map[key]int{}
	for r := 0; r < d.Len(); r++ {
		xi, yi := xs.of(d, chart.X, r), ys.of(d, chart.Y, r)
		z, ok := d.Num(chart.Z, r)
		if xi < 0 || yi < 0 || !ok {
			continue
		}
		k := key{xi, yi, sc.of(d, r)}
		if i, ok := at[k]; ok {
			bars[i].z += z // several rows for one bar: their sum
			continue
		}
		at[k] = len(bars)
		bars = append(bars, bar{key: k, z: z, row: r})
	}
	lo, hi := 0.0, 0.0 // bars stand on zero
	for _, b := range bars {
		lo, hi = math.Min(lo, b.z), math.Max(hi, b.z)
	}
	zs, ticks, grid := valueAxis(lo, hi, m.numberPattern(chart.Z))
	m.Axes[2].Ticks, m.Axes[2].Grid = ticks, grid
	if len(bars) == 0 {
		return
	}
	nseries := max(len(sc.names), 1)
	cw, ch := 1/float32(xs.len()), 1/float32(ys.len())
	w := cw * barFill / float32(nseries) // series share the cell along x
	depth := ch * barFill
	base := zs.pos(0)
	out := &Bars{Boxes: make([]Box, 0, len(bars))}
	for _, b := range bars {
		x0 := (float32(b.x)+(1-barFill)/2)*cw + float32(b.s)*w
		y0 := (float32(b.y) + (1-barFill)/2) * ch
		top := zs.pos(b.z)
		var c render.Color
		if sc.ch != "" {
			c = sc.color(b.s)
		} else {
			c = render.Sequential(float64(zs.pos(b.z)-base) / float64(max(1-base, 1e-6)))
		}
		out.Boxes = append(out.Boxes, Box{
			Min: Vec3{x0, y0, min(base, top)}, Max: Vec3{x0 + w, y0 + depth, max(base, top)},
			Color: rgb(c), Row: b.row,
		})
	}
	m.Bars = out
	m.Legend = sc.legend()
}

// boxFaces are the six faces of a unit box as corner indices (bit 0 = x,
// bit 1 = y, bit 2 = z), counter-clockwise from outside, with normals.
var boxFaces = [6]struct {
	c [4]int
	n Vec3
}{
	{[4]int{0, 2, 3, 1}, Vec3{0, 0, -1}}, // bottom
	{[4]int{4, 5, 7, 6}, Vec3{0, 0, 1}},  // top
	{[4]int{0, 1, 5, 4}, Vec3{0, -1, 0}}, // front (y = min)
	{[4]int{2, 6, 7, 3}, Vec3{0, 1, 0}},  // back
	{[4]int{0, 4, 6, 2}, Vec3{-1, 0, 0}}, // left
	{[4]int{1, 3, 7, 5}, Vec3{1, 0, 0}},  // right
}

// Mesh returns all boxes as one mesh: four vertices per face so each face
// has its own normal (flat shading), two triangles per face.
func (b *Bars) Mesh() Mesh {
	n := len(b.Boxes)
	m := Mesh{
		Pos: make([]float32, 0, n*24*3), Normal: make([]float32, 0, n*24*3),
		Color: make([]float32, 0, n*24*3), Index: make([]uint32, 0, n*36),
	}
	for _, bx := range b.Boxes {
		for _, f := range boxFaces {
			v0 := uint32(m.Vertices())
			for _, ci := range f.c {
				p := bx.Min
				for k := 0; k < 3; k++ {
					if ci>>k&1 == 1 {
						p[k] = bx.Max[k]
					}
				}
				m.Pos = append(m.Pos, p[0], p[1], p[2])
				m.Normal = append(m.Normal, f.n[0], f.n[1], f.n[2])
				m.Color = append(m.Color, bx.Color[0], bx.Color[1], bx.Color[2])
			}
			m.Index = append(m.Index, v0, v0+1, v0+2, v0, v0+2, v0+3)
		}
	}
	return m
}
