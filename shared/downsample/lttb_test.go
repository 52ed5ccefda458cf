package downsample

import (
	"math"
	"reflect"
	"testing"
)

func seq(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestLTTB(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name      string
		xs, ys    []float64
		threshold int
		want      []int
	}{
		{"empty", nil, nil, 10, nil},
		{"all NaN", []float64{nan, nan}, []float64{1, 2}, 10, nil},
		{"one point", []float64{1}, []float64{5}, 10, []int{0}},
		{"threshold above n keeps all", []float64{0, 1, 2}, []float64{1, 2, 3}, 10, []int{0, 1, 2}},
		{"threshold equal n keeps all", []float64{0, 1, 2}, []float64{1, 2, 3}, 3, []int{0, 1, 2}},
		{"threshold 0 keeps all", []float64{0, 1, 2, 3}, []float64{1, 2, 3, 4}, 0, []int{0, 1, 2, 3}},
		{"threshold 1 keeps ends", []float64{0, 1, 2, 3}, []float64{1, 2, 3, 4}, 1, []int{0, 3}},
		{"threshold 2 keeps ends", []float64{0, 1, 2, 3}, []float64{1, 2, 3, 4}, 2, []int{0, 3}},
		{"NaNs skipped when keeping all", []float64{0, 1, 2, 3}, []float64{1, nan, 3, 4}, 10, []int{0, 2, 3}},
		{"leading and trailing NaN", []float64{nan, 1, 2, 3, math.Inf(1)}, []float64{0, 1, 2, 3, 4}, 2, []int{1, 3}},
		{"mismatched lengths use the shorter", []float64{0, 1, 2}, []float64{5, 6}, 10, []int{0, 1}},
		// Hand-computed: 5 points, threshold 3 → one bucket holding
		// indices 1..3; the triangle with (0,0) and the last point (4,0)
		// is largest for the spike at index 2.
		{"spike wins its bucket", []float64{0, 1, 2, 3, 4}, []float64{0, 1, 10, 1, 0}, 3, []int{0, 2, 4}},
		// 8 points, threshold 4 → buckets [1,4) and [4,7). Bucket 1:
		// against (0,0) and the mean of bucket 2 (5, 0): index 2 (y=-6)
		// beats index 1 (y=5) and 3 (y=1). Bucket 2: against (2,-6) and
		// the last point (7,0): index 5 (y=9) is largest.
		{"two buckets", seq(8, func(i int) float64 { return float64(i) }), []float64{0, 5, -6, 1, 0, 9, -9, 0}, 4, []int{0, 2, 5, 7}},
		// NaN inside a bucket is never chosen.
		{"NaN in bucket", []float64{0, 1, 2, 3, 4}, []float64{0, nan, 10, 1, 0}, 3, []int{0, 2, 4}},
		// A bucket with only NaNs keeps nothing.
		{"empty bucket", []float64{0, 1, 2, 3, 4, 5}, []float64{0, nan, nan, 3, 4, 5}, 4, []int{0, 3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LTTB(tt.xs, tt.ys, tt.threshold)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("LTTB = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLTTBProperties(t *testing.T) {
	for _, tc := range []struct{ n, threshold int }{{100, 10}, {1000, 7}, {12345, 500}, {1_000_000, 2000}, {50, 49}} {
		xs := seq(tc.n, func(i int) float64 { return float64(i) * 0.5 })
		ys := seq(tc.n, func(i int) float64 { return math.Sin(float64(i)/37) * float64(i%17) })
		idx := LTTB(xs, ys, tc.threshold)
		if len(idx) != tc.threshold {
			t.Errorf("n=%d: kept %d points, want %d", tc.n, len(idx), tc.threshold)
		}
		if idx[0] != 0 || idx[len(idx)-1] != tc.n-1 {
			t.Errorf("n=%d: first/last = %d/%d, want 0/%d", tc.n, idx[0], idx[len(idx)-1], tc.n-1)
		}
		for i := 1; i < len(idx); i++ {
			if idx[i] <= idx[i-1] || xs[idx[i]] <= xs[idx[i-1]] {
				t.Fatalf("n=%d: indices or x not increasing at %d: %d then %d", tc.n, i, idx[i-1], idx[i])
			}
		}
	}
}

func TestLTTBKeepsExtremes(t *testing.T) {
	// A flat line with one spike: the spike must survive any threshold ≥ 3.
	n := 100_000
	xs := seq(n, func(i int) float64 { return float64(i) })
	ys := make([]float64, n)
	ys[61_234] = 1000
	ys[7_000] = -1000
	idx := LTTB(xs, ys, 50)
	found := map[int]bool{}
	for _, i := range idx {
		found[i] = true
	}
	if !found[61_234] || !found[7_000] {
		t.Fatalf("extremes lost: %v", idx)
	}
}

func BenchmarkLTTB10M(b *testing.B) {
	const n = 10_000_000
	xs := seq(n, func(i int) float64 { return float64(i) })
	ys := seq(n, func(i int) float64 { return math.Sin(float64(i)/1000) + float64(i%7)/10 })
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		if got := LTTB(xs, ys, 2000); len(got) != 2000 {
			b.Fatalf("kept %d", len(got))
		}
	}
}
