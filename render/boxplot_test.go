package render

import (
	"math"
	"reflect"
	"testing"
)

func TestTukey(t *testing.T) {
	tests := []struct {
		vals                []float64
		q1, med, q3, lo, hi float64
		outliers            []float64
	}{
		// Tukey's hinges: medians of the halves, median included when n is odd.
		{[]float64{1, 2, 3, 4, 5}, 2, 3, 4, 1, 5, nil},
		{[]float64{1, 2, 3, 4, 5, 6}, 2, 3.5, 5, 1, 6, nil},
		{[]float64{7, 1, 3, 5, 9, 11, 13}, 4, 7, 10, 1, 13, nil},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 100}, 3, 5, 7, 1, 8, []float64{100}},
		{[]float64{-50, 10, 11, 12, 13, 14}, 10, 11.5, 13, 10, 14, []float64{-50}},
		{[]float64{4}, 4, 4, 4, 4, 4, nil},
	}
	for _, tc := range tests {
		b := tukey(append([]float64(nil), tc.vals...))
		got := []float64{b.q1, b.median, b.q3, b.lo, b.hi}
		want := []float64{tc.q1, tc.med, tc.q3, tc.lo, tc.hi}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(b.outliers, tc.outliers) || b.n != len(tc.vals) {
			t.Errorf("tukey(%v) = %v outliers %v, want %v outliers %v", tc.vals, got, b.outliers, want, tc.outliers)
		}
	}
	if b := tukey(nil); b.n != 0 {
		t.Errorf("empty: %+v", b)
	}
	if m := median(nil); !math.IsNaN(m) {
		t.Errorf("median(nil) = %g", m)
	}
}
