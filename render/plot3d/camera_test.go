package plot3d

import (
	"math"
	"testing"

	"github.com/gobi-bi/gobi/shared/chart"
)

func near(a, b, eps float32) bool { return float32(math.Abs(float64(a-b))) <= eps }

func TestCameraProjectAndRay(t *testing.T) {
	for _, size := range [][2]float32{{800, 600}, {300, 600}, {1000, 200}} {
		c := NewCamera(size[0], size[1])
		x, y, ok := c.Project(c.Target)
		if !ok || !near(x, size[0]/2, 0.01) || !near(y, size[1]/2, 0.01) {
			t.Errorf("%v: target at (%g, %g), want the centre", size, x, y)
		}
		// Every cube corner is on screen at the default view.
		for i := 0; i < 8; i++ {
			p := Vec3{float32(i & 1), float32(i >> 1 & 1), float32(i >> 2 & 1)}
			x, y, ok := c.Project(p)
			if !ok || x < 0 || y < 0 || x > size[0] || y > size[1] {
				t.Errorf("%v: corner %v at (%g, %g), off screen", size, p, x, y)
			}
		}
		// A ray through a pixel projects back onto that pixel.
		for _, px := range [][2]float32{{10, 20}, {size[0] / 2, size[1] / 2}, {size[0] - 3, size[1] - 7}} {
			r := c.Ray(px[0], px[1])
			if !near(r.Dir.Len(), 1, 1e-5) {
				t.Errorf("ray direction not unit: %v", r.Dir)
			}
			x, y, ok := c.Project(r.At(c.Distance))
			if !ok || !near(x, px[0], 0.05) || !near(y, px[1], 0.05) {
				t.Errorf("%v: ray through %v projects to (%g, %g)", size, px, x, y)
			}
		}
	}
}

// The z axis points up on screen.
func TestCameraUp(t *testing.T) {
	c := NewCamera(800, 600)
	_, y0, _ := c.Project(Vec3{0.5, 0.5, 0})
	_, y1, _ := c.Project(Vec3{0.5, 0.5, 1})
	if y1 >= y0 {
		t.Errorf("z=1 at y=%g, below z=0 at y=%g", y1, y0)
	}
}

func TestCameraControls(t *testing.T) {
	tests := []struct {
		name  string
		do    func(c *Camera)
		check func(t *testing.T, before, after Camera)
	}{
		{"orbit right turns yaw down", func(c *Camera) { c.Orbit(100, 0) }, func(t *testing.T, b, a Camera) {
			if a.Yaw >= b.Yaw || a.Pitch != b.Pitch {
				t.Errorf("yaw %g→%g, pitch %g→%g", b.Yaw, a.Yaw, b.Pitch, a.Pitch)
			}
		}},
		{"pitch is clamped", func(c *Camera) { c.Orbit(0, 1e6) }, func(t *testing.T, b, a Camera) {
			if a.Pitch != MaxPitch {
				t.Errorf("pitch %g, want %g", a.Pitch, float32(MaxPitch))
			}
		}},
		{"zoom in", func(c *Camera) { c.Zoom(0.5) }, func(t *testing.T, b, a Camera) {
			if !near(a.Distance, b.Distance/2, 1e-5) {
				t.Errorf("distance %g→%g", b.Distance, a.Distance)
			}
		}},
		{"zoom is clamped", func(c *Camera) { c.Zoom(1e-6); c.Zoom(0) }, func(t *testing.T, b, a Camera) {
			if a.Distance != MinDistance {
				t.Errorf("distance %g", a.Distance)
			}
		}},
		{"pan follows the cursor", func(c *Camera) { c.Pan(40, -25) }, func(t *testing.T, b, a Camera) {
			// The old target moves on screen with the drag.
			x, y, _ := a.Project(b.Target)
			if !near(x, a.Width/2+40, 0.5) || !near(y, a.Height/2-25, 0.5) {
				t.Errorf("old target at (%g, %g) after the pan", x, y)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCamera(800, 600)
			before := c
			tc.do(&c)
			tc.check(t, before, c)
		})
	}
}

func TestLabelsOnScreen(t *testing.T) {
	for _, typ := range []chart.Type{chart.Scatter3D, chart.Bar3D, chart.Surface3D, chart.Bubble3D} {
		s, res := chart.Sample(typ)
		m, err := Build(&s, res)
		if err != nil {
			t.Fatal(err)
		}
		for _, yaw := range []float32{-2.5, -1, 0.3, 2} {
			c := NewCamera(640, 480)
			c.Yaw = yaw
			ls := m.Labels(&c)
			want := 3
			for _, a := range m.Axes {
				want += len(a.Ticks)
			}
			if len(ls) != want {
				t.Errorf("%s yaw %g: %d labels, want %d", typ, yaw, len(ls), want)
			}
			for _, l := range ls {
				if l.X < 0 || l.Y < 0 || l.X > c.Width || l.Y > c.Height {
					t.Errorf("%s yaw %g: label %q at (%g, %g) off screen", typ, yaw, l.Text, l.X, l.Y)
				}
			}
		}
	}
}
