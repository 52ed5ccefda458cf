package plot3d

import (
	"math"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/chart"
)

// buildSurface lays out surface3d: the x and y values form a grid (by value
// when they are numbers or times), z is the height at each node, coloured
// by height on the sequential palette. A node given twice keeps its first
// value; a cell with a missing corner is left open.
func (m *Model) buildSurface() {
	d := m.data
	xs := collectCategories(d, chart.X, m.numberPattern(chart.X), m.spec.Format.Date)
	ys := collectCategories(d, chart.Y, m.numberPattern(chart.Y), m.spec.Format.Date)
	var xpos, ypos []float32
	xpos, m.Axes[0].Ticks, m.Axes[0].Grid = pointAxis(xs, m.numberPattern(chart.X))
	ypos, m.Axes[1].Ticks, m.Axes[1].Grid = pointAxis(ys, m.numberPattern(chart.Y))
	nx, ny := xs.len(), ys.len()
	z := make([]float64, nx*ny)
	rows := make([]int32, nx*ny)
	for i := range z {
		z[i], rows[i] = math.NaN(), -1
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := 0; r < d.Len(); r++ {
		xi, yi := xs.of(d, chart.X, r), ys.of(d, chart.Y, r)
		v, ok := d.Num(chart.Z, r)
		if xi < 0 || yi < 0 || !ok || rows[xi*ny+yi] >= 0 {
			continue
		}
		z[xi*ny+yi], rows[xi*ny+yi] = v, int32(r)
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	zs, ticks, grid := valueAxis(lo, hi, m.numberPattern(chart.Z))
	m.Axes[2].Ticks, m.Axes[2].Grid = ticks, grid
	if math.IsInf(lo, 1) {
		return // no value: Build says "No data"
	}
	if nx < 2 || ny < 2 {
		m.Note = "A surface needs at least two x and two y values"
		return
	}
	s := &Surface{NX: nx, NY: ny, Row: rows, Wireframe: m.spec.Options.Wireframe}
	mesh := &s.Mesh
	mesh.Pos = make([]float32, 0, 3*nx*ny)
	mesh.Color = make([]float32, 0, 3*nx*ny)
	for i := 0; i < nx; i++ {
		for j := 0; j < ny; j++ {
			v := z[i*ny+j]
			h := zs.pos(v)
			if math.IsNaN(v) {
				h = zs.pos(lo) // placeholder, in no triangle
			}
			t := 0.5
			if hi > lo {
				t = (v - lo) / (hi - lo)
			}
			c := rgb(render.Sequential(t))
			mesh.Pos = append(mesh.Pos, xpos[i], ypos[j], h)
			mesh.Color = append(mesh.Color, c[0], c[1], c[2])
		}
	}
	ok := func(i, j int) bool { return rows[i*ny+j] >= 0 }
	for i := 0; i+1 < nx; i++ {
		for j := 0; j+1 < ny; j++ {
			if !ok(i, j) || !ok(i+1, j) || !ok(i, j+1) || !ok(i+1, j+1) {
				continue
			}
			a, b := uint32(i*ny+j), uint32((i+1)*ny+j)
			mesh.Index = append(mesh.Index, a, b, b+1, a, b+1, a+1)
		}
	}
	mesh.Normal = vertexNormals(mesh.Pos, mesh.Index)
	if s.Wireframe {
		at := func(i, j int) (Vec3, RGB) {
			k := 3 * (i*ny + j)
			return Vec3{mesh.Pos[k], mesh.Pos[k+1], mesh.Pos[k+2]}, RGB{mesh.Color[k], mesh.Color[k+1], mesh.Color[k+2]}
		}
		seg := func(i0, j0, i1, j1 int) {
			if !ok(i0, j0) || !ok(i1, j1) {
				return
			}
			a, ca := at(i0, j0)
			b, cb := at(i1, j1)
			s.Wire.Pos = append(s.Wire.Pos, a[0], a[1], a[2], b[0], b[1], b[2])
			s.Wire.Color = append(s.Wire.Color, ca[0], ca[1], ca[2], cb[0], cb[1], cb[2])
		}
		for i := 0; i < nx; i++ {
			for j := 0; j < ny; j++ {
				if i+1 < nx {
					seg(i, j, i+1, j)
				}
				if j+1 < ny {
					seg(i, j, i, j+1)
				}
			}
		}
	}
	if len(mesh.Index) == 0 && len(s.Wire.Pos) == 0 {
		return
	}
	m.Surface = s
}

// vertexNormals averages the normals of the triangles around each vertex,
// weighted by area (the unnormalised cross product), for smooth shading.
func vertexNormals(pos []float32, index []uint32) []float32 {
	acc := make([]Vec3, len(pos)/3)
	at := func(i uint32) Vec3 { return Vec3{pos[3*i], pos[3*i+1], pos[3*i+2]} }
	for t := 0; t+2 < len(index); t += 3 {
		a, b, c := index[t], index[t+1], index[t+2]
		n := at(b).Sub(at(a)).Cross(at(c).Sub(at(a)))
		acc[a], acc[b], acc[c] = acc[a].Add(n), acc[b].Add(n), acc[c].Add(n)
	}
	out := make([]float32, 0, len(pos))
	for _, n := range acc {
		if n == (Vec3{}) {
			n = Vec3{0, 0, 1}
		}
		n = n.Norm()
		out = append(out, n[0], n[1], n[2])
	}
	return out
}
