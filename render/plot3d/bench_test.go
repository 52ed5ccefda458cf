package plot3d

import "testing"

// BenchmarkBuildScatter1M lays out a million-point scatter3d: the work the
// browser does before its first upload (go test -bench Scatter1M).
func BenchmarkBuildScatter1M(b *testing.B) {
	s, res := cloud(1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := Build(&s, res)
		if err != nil || m.Points.Len() != 1_000_000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkPickScatter1M is one hover over a million points.
func BenchmarkPickScatter1M(b *testing.B) {
	s, res := cloud(1_000_000)
	m, err := Build(&s, res)
	if err != nil {
		b.Fatal(err)
	}
	c := NewCamera(800, 600)
	r := c.Ray(400, 300)
	b.ResetTimer()
	for b.Loop() {
		m.Pick(r, c.PixelSize()*3)
	}
}
