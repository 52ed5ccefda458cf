package plot3d

import (
	"testing"

	"github.com/gobi-bi/gobi/shared/chart"
)

// Aiming at a mark's screen position picks its row, for every type.
func TestPickSamples(t *testing.T) {
	tests := []struct {
		typ chart.Type
		// targets returns points to aim at and the row each should hit.
		targets func(m *Model) (aims []Vec3, rows []int)
		pitch   float32
	}{
		{chart.Scatter3D, pointTargets, 0.4},
		{chart.Bubble3D, pointTargets, 0.4},
		{chart.Bar3D, func(m *Model) ([]Vec3, []int) {
			var aims []Vec3
			var rows []int
			for _, b := range m.Bars.Boxes {
				aims = append(aims, Vec3{(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2, b.Max[2]})
				rows = append(rows, b.Row)
			}
			return aims, rows
		}, 1.55}, // from above, so no bar hides another
		{chart.Surface3D, func(m *Model) ([]Vec3, []int) {
			var aims []Vec3
			var rows []int
			sf := m.Surface
			for i := 1; i+1 < sf.NX; i++ { // inner nodes: their cells surround them
				for j := 1; j+1 < sf.NY; j++ {
					k := i*sf.NY + j
					aims = append(aims, Vec3{sf.Mesh.Pos[3*k], sf.Mesh.Pos[3*k+1], sf.Mesh.Pos[3*k+2]})
					rows = append(rows, int(sf.Row[k]))
				}
			}
			return aims, rows
		}, 1.2},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ), func(t *testing.T) {
			s, res := chart.Sample(tc.typ)
			m, err := Build(&s, res)
			if err != nil {
				t.Fatal(err)
			}
			c := NewCamera(800, 600)
			c.Pitch = tc.pitch
			aims, rows := tc.targets(m)
			hits := 0
			for i, p := range aims {
				x, y, _ := c.Project(p)
				h, ok := m.Pick(c.Ray(x, y), 0)
				if !ok {
					t.Errorf("aim %d at %v: no hit", i, p)
					continue
				}
				if h.Row == rows[i] {
					hits++
				} else if tc.typ != chart.Scatter3D && tc.typ != chart.Bubble3D {
					t.Errorf("aim %d: row %d, want %d", i, h.Row, rows[i])
				}
			}
			// A point may hide behind a bigger one nearer the eye.
			if hits < len(aims)*3/4 {
				t.Errorf("%d of %d aims hit their row", hits, len(aims))
			}
			// Aiming off the cube hits nothing.
			if h, ok := m.Pick(c.Ray(1, 1), 0); ok {
				t.Errorf("corner pixel hit row %d", h.Row)
			}
		})
	}
}

func pointTargets(m *Model) ([]Vec3, []int) {
	p := m.Points
	var aims []Vec3
	var rows []int
	for i := 0; i < p.Len(); i++ {
		aims = append(aims, Vec3{p.Pos[3*i], p.Pos[3*i+1], p.Pos[3*i+2]})
		rows = append(rows, int(p.Row[i]))
	}
	return aims, rows
}

// The slack lets a ray that misses a small point by a few pixels pick it.
func TestPickSlack(t *testing.T) {
	p := &Points{Pos: []float32{0.5, 0.5, 0.5}, Color: make([]float32, 3), Radius: []float32{0.01}, Row: []int32{7}, MaxRadius: 0.01}
	m := &Model{Points: p}
	r := Ray{Origin: Vec3{0.5, -1, 0.53}, Dir: Vec3{0, 1, 0}}
	if _, ok := m.Pick(r, 0); ok {
		t.Fatal("a ray 0.03 away hit a point of radius 0.01")
	}
	h, ok := m.Pick(r, 0.025)
	if !ok || h.Row != 7 {
		t.Fatalf("with slack: %+v %v", h, ok)
	}
	// Behind the origin: no hit.
	r.Dir = Vec3{0, -1, 0}
	if _, ok := m.Pick(r, 1); ok {
		t.Error("hit a point behind the ray")
	}
}

func TestRayBox(t *testing.T) {
	tests := []struct {
		r    Ray
		hit  bool
		dist float32
	}{
		{Ray{Vec3{0.5, 0.5, 2}, Vec3{0, 0, -1}}, true, 1},
		{Ray{Vec3{2, 0.5, 0.5}, Vec3{-1, 0, 0}}, true, 1},
		{Ray{Vec3{2, 2, 2}, Vec3{0, 0, -1}}, false, 0},
		{Ray{Vec3{0.5, 0.5, 0.5}, Vec3{1, 0, 0}}, true, 0}, // starts inside
	}
	for i, tc := range tests {
		d, ok := rayBox(tc.r, Vec3{0, 0, 0}, Vec3{1, 1, 1})
		if ok != tc.hit || (ok && !near(d, tc.dist, 1e-6)) {
			t.Errorf("%d: rayBox = %g, %v; want %g, %v", i, d, ok, tc.dist, tc.hit)
		}
	}
}
