package plot3d

import (
	"math"
	"strings"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Hit is what a ray met first.
type Hit struct {
	// Row is the index in Model.Result of the row drawn there.
	Row int
	// Point is where the ray met the mark, Dist how far along the ray.
	Point Vec3
	Dist  float32
}

// Pick returns the mark nearest to the ray's origin that the ray meets:
// a sphere of a cloud (grown by slack, so a few pixels' miss still counts
// on tiny points), a bar, or a triangle of a surface (the nearest grid node's
// row). Clouds are tested point by point, in one tight loop over the flat
// buffers.
func (m *Model) Pick(r Ray, slack float32) (Hit, bool) {
	r.Dir = r.Dir.Norm()
	switch {
	case m.Points != nil:
		return m.Points.pick(r, slack)
	case m.Bars != nil:
		return m.Bars.pick(r)
	case m.Surface != nil:
		return m.Surface.pick(r)
	}
	return Hit{}, false
}

func (p *Points) pick(r Ray, slack float32) (Hit, bool) {
	best, bestT := -1, float32(math.MaxFloat32)
	o, dir := r.Origin, r.Dir
	pos, rad := p.Pos, p.Radius
	for i := range rad {
		vx, vy, vz := pos[3*i]-o[0], pos[3*i+1]-o[1], pos[3*i+2]-o[2]
		tca := vx*dir[0] + vy*dir[1] + vz*dir[2]
		if tca <= 0 || tca-p.MaxRadius-slack > bestT {
			continue
		}
		rr := rad[i] + slack
		d2 := vx*vx + vy*vy + vz*vz - tca*tca
		if d2 > rr*rr {
			continue
		}
		if t := tca - float32(math.Sqrt(float64(rr*rr-d2))); t < bestT {
			best, bestT = i, t
		}
	}
	if best < 0 {
		return Hit{}, false
	}
	return Hit{Row: int(p.Row[best]), Point: r.At(bestT), Dist: bestT}, true
}

func (b *Bars) pick(r Ray) (Hit, bool) {
	best, bestT := -1, float32(math.MaxFloat32)
	for i, bx := range b.Boxes {
		if t, ok := rayBox(r, bx.Min, bx.Max); ok && t < bestT {
			best, bestT = i, t
		}
	}
	if best < 0 {
		return Hit{}, false
	}
	return Hit{Row: b.Boxes[best].Row, Point: r.At(bestT), Dist: bestT}, true
}

// rayBox is the slab test: the distance at which r enters the box.
func rayBox(r Ray, lo, hi Vec3) (float32, bool) {
	tmin, tmax := float32(0), float32(math.MaxFloat32)
	for k := 0; k < 3; k++ {
		if r.Dir[k] == 0 {
			if r.Origin[k] < lo[k] || r.Origin[k] > hi[k] {
				return 0, false
			}
			continue
		}
		inv := 1 / r.Dir[k]
		t0, t1 := (lo[k]-r.Origin[k])*inv, (hi[k]-r.Origin[k])*inv
		if t0 > t1 {
			t0, t1 = t1, t0
		}
		tmin, tmax = max(tmin, t0), min(tmax, t1)
		if tmin > tmax {
			return 0, false
		}
	}
	return tmin, true
}

func (s *Surface) pick(r Ray) (Hit, bool) {
	pos, idx := s.Mesh.Pos, s.Mesh.Index
	at := func(i uint32) Vec3 { return Vec3{pos[3*i], pos[3*i+1], pos[3*i+2]} }
	bestTri, bestT := -1, float32(math.MaxFloat32)
	var bestU, bestV float32
	for t := 0; t+2 < len(idx); t += 3 {
		if d, u, v, ok := rayTriangle(r, at(idx[t]), at(idx[t+1]), at(idx[t+2])); ok && d < bestT {
			bestTri, bestT, bestU, bestV = t, d, u, v
		}
	}
	if bestTri < 0 {
		return Hit{}, false
	}
	// The nearest corner by barycentric weight.
	corner := idx[bestTri]
	if w := 1 - bestU - bestV; bestU > w && bestU >= bestV {
		corner = idx[bestTri+1]
	} else if bestV > w && bestV > bestU {
		corner = idx[bestTri+2]
	}
	return Hit{Row: int(s.Row[corner]), Point: r.At(bestT), Dist: bestT}, true
}

// rayTriangle is Möller–Trumbore: the distance along r and the barycentric
// weights of b and c where r meets triangle abc (either side).
func rayTriangle(r Ray, a, b, c Vec3) (t, u, v float32, ok bool) {
	const eps = 1e-9
	e1, e2 := b.Sub(a), c.Sub(a)
	p := r.Dir.Cross(e2)
	det := e1.Dot(p)
	if det > -eps && det < eps {
		return 0, 0, 0, false
	}
	inv := 1 / det
	s := r.Origin.Sub(a)
	u = s.Dot(p) * inv
	if u < 0 || u > 1 {
		return 0, 0, 0, false
	}
	q := s.Cross(e1)
	v = r.Dir.Dot(q) * inv
	if v < 0 || u+v > 1 {
		return 0, 0, 0, false
	}
	t = e2.Dot(q) * inv
	return t, u, v, t > 0
}

// Tooltip describes row (an index in Result) for a hover box: the label
// or series first, then each encoded channel as "name: value", one per
// line.
func (m *Model) Tooltip(row int) string {
	d := m.data
	if d == nil || row < 0 || row >= d.Len() {
		return ""
	}
	var lines []string
	if d.Has(chart.Label) {
		lines = append(lines, d.Str(chart.Label, row))
	}
	for _, ch := range []chart.Channel{chart.Series, chart.Color} {
		if d.Has(ch) {
			lines = append(lines, d.Name(ch, 0)+": "+d.Str(ch, row))
			break
		}
	}
	for _, ch := range []chart.Channel{chart.X, chart.Y, chart.Z, chart.Size} {
		if !d.Has(ch) {
			continue
		}
		lines = append(lines, d.Name(ch, 0)+": "+m.formatCell(ch, row))
	}
	return strings.Join(lines, "\n")
}

// formatCell shows a cell as its axis would: numbers with the field's
// pattern, times with the date format, text as it is.
func (m *Model) formatCell(ch chart.Channel, row int) string {
	d := m.data
	if t, ok := d.Time(ch, row); ok && d.Type(ch, 0) == api.TypeTime {
		return render.FormatTime(float64(t.UnixMilli()), m.spec.Format.Date)
	}
	if v, ok := d.Num(ch, row); ok {
		return render.FormatNumber(v, m.numberPattern(ch))
	}
	if s := d.Str(ch, row); s != "" {
		return s
	}
	return "–"
}
