package plot3d

import (
	"fmt"
	"slices"
	"testing"
)

func TestThin(t *testing.T) {
	// row lays n labels of one axis along x, gap pixels apart.
	row := func(axis, n int, gap float32) []Label {
		ls := make([]Label, n)
		for i := range ls {
			ls[i] = Label{Text: fmt.Sprintf("c%02d", i), X: float32(i) * gap, Y: 100, Axis: axis}
		}
		return ls
	}
	fixed := func(w, h float32) func(Label) (float32, float32) {
		return func(Label) (float32, float32) { return w, h }
	}
	title := Label{Text: "Region", X: 50, Y: 100, Axis: 0, Title: true}
	cases := []struct {
		name string
		in   []Label
		w, h float32
		want []string
	}{
		{"room for all", row(0, 5, 30), 20, 10, []string{"c00", "c01", "c02", "c03", "c04"}},
		{"every other", row(0, 5, 15), 20, 10, []string{"c00", "c02", "c04"}},
		{"every third, last kept", row(0, 7, 10), 21, 10, []string{"c00", "c03", "c06"}},
		// 0, 3, 6 and 8: 6 collides with the last, so it goes.
		{"stepped one before the last dropped", row(0, 9, 10), 25, 10, []string{"c00", "c03", "c08"}},
		{"first and last only", row(0, 4, 5), 14, 10, []string{"c00", "c03"}},
		{"first only when even the ends collide", row(0, 3, 2), 20, 10, []string{"c00"}},
		{"one label", row(0, 1, 0), 20, 10, []string{"c00"}},
		{"none", nil, 20, 10, []string{}},
		{"vertical neighbours far apart in y", func() []Label {
			ls := row(2, 3, 0)
			for i := range ls {
				ls[i].Y = float32(i) * 20
			}
			return ls
		}(), 40, 12, []string{"c00", "c01", "c02"}},
		{"title kept over ticks", append(row(0, 5, 15), title), 20, 10, []string{"c00", "c02", "c04", "Region"}},
		{"axes thinned apart", append(row(0, 3, 40), row(1, 3, 12)...), 20, 10, []string{"c00", "c01", "c02", "c00", "c02"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := []string{}
			for _, l := range Thin(c.in, fixed(c.w, c.h)) {
				got = append(got, l.Text)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Thin = %v, want %v", got, c.want)
			}
		})
	}
}

// TestThinBarCategories thins the category labels of a real bar model as
// the overlay places them: no two kept boxes overlap, at any camera.
func TestThinBarCategories(t *testing.T) {
	m := &Model{}
	for i := 0; i < 40; i++ {
		m.Axes[0].Ticks = append(m.Axes[0].Ticks, Tick{Pos: (float32(i) + 0.5) / 40, Label: fmt.Sprintf("Category %d", i)})
	}
	for _, yaw := range []float32{0, 0.6, 1.2, 2.5} {
		c := NewCamera(800, 500)
		c.Orbit(yaw*200, 0)
		size := func(l Label) (float32, float32) { return TextBox(l.Text, 12) }
		ls := Thin(m.Labels(&c), size)
		var xs []Label
		for _, l := range ls {
			if l.Axis == 0 && !l.Title {
				xs = append(xs, l)
			}
		}
		if len(xs) < 2 {
			t.Fatalf("yaw %v: %d category labels kept, want first and last at least", yaw, len(xs))
		}
		for a := range xs {
			for b := a + 1; b < len(xs); b++ {
				wa, ha := size(xs[a])
				wb, hb := size(xs[b])
				if abs32(xs[a].X-xs[b].X)*2 < wa+wb && abs32(xs[a].Y-xs[b].Y)*2 < ha+hb {
					t.Errorf("yaw %v: %q and %q overlap", yaw, xs[a].Text, xs[b].Text)
				}
			}
		}
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
