package downsample

import (
	"math"
	"testing"
)

func TestBin2D(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		xs, ys []float64
		nx, ny int
		b      Bounds
		want   []Cell
	}{
		{"empty", nil, nil, 2, 2, Bounds{}, nil},
		{"all NaN", []float64{nan}, []float64{nan}, 2, 2, Bounds{}, nil},
		{
			"2x2 over data extent",
			[]float64{0, 0.1, 1, 0.9, 0.2},
			[]float64{0, 0.2, 1, 0.1, nan},
			2, 2, Bounds{},
			[]Cell{{0.25, 0.25, 2}, {0.75, 0.25, 1}, {0.75, 0.75, 1}},
		},
		{
			"explicit bounds drop outside points",
			[]float64{-1, 4, 10, 11, 6},
			[]float64{5, 5, 10, 5, 11},
			2, 1, Bounds{0, 10, 0, 10},
			[]Cell{{2.5, 5, 1}, {7.5, 5, 1}},
		},
		{
			"degenerate side",
			[]float64{3, 3, 3},
			[]float64{1, 2, 3},
			4, 2, Bounds{},
			[]Cell{{3, 1.5, 1}, {3, 2.5, 2}},
		},
		{"inverted bounds", []float64{1}, []float64{1}, 2, 2, Bounds{5, 0, 0, 5}, nil},
		{"clamped grid", []float64{1, 2}, []float64{1, 2}, -5, 0, Bounds{}, []Cell{{1.5, 1.5, 2}}},
		{
			"huge bounds stay finite",
			[]float64{-math.MaxFloat64, math.MaxFloat64},
			[]float64{0, 0},
			2, 1, Bounds{},
			[]Cell{{-math.MaxFloat64 / 2, 0, 1}, {math.MaxFloat64 / 2, 0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Bin2D(tt.xs, tt.ys, tt.nx, tt.ny, tt.b)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !cellsNear(got, tt.want) {
				t.Fatalf("Bin2D = %v, want %v", got, tt.want)
			}
		})
	}
}

// cellsNear compares cells with a relative tolerance on the centres.
func cellsNear(a, b []Cell) bool {
	if len(a) != len(b) {
		return false
	}
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y)) }
	for i := range a {
		if a[i].Count != b[i].Count || !near(a[i].X, b[i].X) || !near(a[i].Y, b[i].Y) {
			return false
		}
	}
	return true
}

func TestBin2DCountsEveryPoint(t *testing.T) {
	n := 100_000
	xs := seq(n, func(i int) float64 { return math.Sin(float64(i)) * 100 })
	ys := seq(n, func(i int) float64 { return math.Cos(float64(i)*1.3) * 50 })
	cells := Bin2D(xs, ys, 64, 48, Bounds{})
	total := 0
	for _, c := range cells {
		total += c.Count
	}
	if total != n {
		t.Fatalf("counted %d of %d points", total, n)
	}
	if len(cells) > 64*48 {
		t.Fatalf("%d cells", len(cells))
	}
}

func BenchmarkBin2D1M(b *testing.B) {
	n := 1_000_000
	xs := seq(n, func(i int) float64 { return math.Sin(float64(i)) * 100 })
	ys := seq(n, func(i int) float64 { return math.Cos(float64(i)*1.3) * 50 })
	for b.Loop() {
		Bin2D(xs, ys, 200, 200, Bounds{})
	}
}
