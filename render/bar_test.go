package render

import (
	"math"
	"testing"
)

func TestStackBars(t *testing.T) {
	nan := math.NaN()
	tab := &table{names: []string{"a", "b", "c"}, keys: []float64{0, 1},
		vals: [][]float64{{10, -5}, {20, 5}, {nan, -10}}}
	tests := []struct {
		stack  string
		lo, hi [][]float64
	}{
		{"", [][]float64{{0, -5}, {0, 0}, {nan, -10}}, [][]float64{{10, 0}, {20, 5}, {nan, 0}}},
		{"stack", [][]float64{{0, -5}, {10, 0}, {nan, -15}}, [][]float64{{10, 0}, {30, 5}, {nan, -5}}},
		{"percent", [][]float64{{0, -0.25}, {1.0 / 3, 0}, {nan, -0.75}}, [][]float64{{1.0 / 3, 0}, {1, 0.25}, {nan, -0.25}}},
	}
	same := func(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
	for _, tc := range tests {
		bl := stackBars(tab, tc.stack)
		for s := range tc.lo {
			for k := range tc.lo[s] {
				if !same(bl.lo[s][k], tc.lo[s][k]) || !same(bl.hi[s][k], tc.hi[s][k]) {
					t.Errorf("%q: series %d key %d = [%g, %g], want [%g, %g]", tc.stack, s, k, bl.lo[s][k], bl.hi[s][k], tc.lo[s][k], tc.hi[s][k])
				}
			}
		}
	}
}
