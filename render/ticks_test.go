package render

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestNiceNum(t *testing.T) {
	tests := []struct {
		x     float64
		round bool
		want  float64
	}{
		{1.2, true, 1}, {1.6, true, 2}, {2.9, true, 2}, {3.1, true, 5}, {6.9, true, 5}, {7.1, true, 10},
		{0.034, true, 0.05}, {1234, true, 1000},
		{1, false, 1}, {1.2, false, 2}, {4.5, false, 5}, {5.5, false, 10}, {0, false, 1}, {math.NaN(), true, 1},
	}
	for _, tc := range tests {
		if got := niceNum(tc.x, tc.round); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("niceNum(%g, %v) = %g, want %g", tc.x, tc.round, got, tc.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		extend bool
		want   []float64
	}{
		{0, 100, 6, false, []float64{0, 20, 40, 60, 80, 100}},
		{0, 102, 7, true, []float64{0, 20, 40, 60, 80, 100, 120}},
		{0.1, 0.9, 5, false, []float64{0.2, 0.4, 0.6, 0.8}},
		{0, 1, 11, false, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}},
		{-37, 54, 5, true, []float64{-40, -20, 0, 20, 40, 60}},
		{1e6, 5e6, 5, false, []float64{1e6, 2e6, 3e6, 4e6, 5e6}},
		{0.0001, 0.0004, 4, false, []float64{0.0001, 0.0002, 0.0003, 0.0004}},
		{5, 5, 5, true, []float64{4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6}},
		{0, 0, 3, true, []float64{-1, 0, 1}},
		{100, 0, 3, false, []float64{0, 50, 100}},
		{math.NaN(), 1, 5, true, nil},
		{0, math.Inf(1), 5, true, nil},
	}
	for _, tc := range tests {
		got, _ := niceTicks(tc.lo, tc.hi, tc.n, tc.extend)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("niceTicks(%g, %g, %d, %v) = %v, want %v", tc.lo, tc.hi, tc.n, tc.extend, got, tc.want)
		}
	}
}

// TestNiceTicksMany checks properties over many ranges: ticks inside the
// range, evenly spaced by a 1/2/5 step, a sensible count, no float noise.
func TestNiceTicksMany(t *testing.T) {
	for _, lo := range []float64{-1e9, -523.7, -1, 0, 0.003, 1, 17, 99.5, 1e7} {
		for _, span := range []float64{1e-6, 0.07, 1, 3.3, 42, 999, 1e5, 7.7e9} {
			hi := lo + span
			if span < math.Abs(lo)*1e-9 {
				continue // beyond float64 precision
			}
			for _, n := range []int{2, 5, 10} {
				ts, step := niceTicks(lo, hi, n, false)
				if len(ts) < 1 || len(ts) > 3*n {
					t.Errorf("[%g, %g] n=%d: %d ticks", lo, hi, n, len(ts))
					continue
				}
				m := step / math.Pow(10, math.Floor(math.Log10(step)))
				if r := math.Round(m); r != 1 && r != 2 && r != 5 && r != 10 {
					t.Errorf("[%g, %g]: step %g is not 1/2/5×10^k", lo, hi, step)
				}
				for i, v := range ts {
					if v < lo-step*1e-6 || v > hi+step*1e-6 {
						t.Errorf("[%g, %g]: tick %g outside", lo, hi, v)
					}
					if i > 0 && math.Abs(ts[i]-ts[i-1]-step) > step*1e-3 {
						t.Errorf("[%g, %g]: uneven ticks %v", lo, hi, ts)
						break
					}
				}
			}
		}
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{1, 1000, 5, []float64{1, 10, 100, 1000}},
		{1, 10, 5, []float64{1, 2, 3, 5, 10}},
		{1, 100, 8, []float64{1, 2, 5, 10, 20, 50, 100}},
		{1e-3, 1e9, 4, []float64{1e-3, 1, 1e3, 1e6, 1e9}},
		{0, 10, 5, nil},
		{-5, 10, 5, nil},
	}
	for _, tc := range tests {
		got := logTicks(tc.lo, tc.hi, tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("logTicks(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > tc.want[i]*1e-9 {
				t.Errorf("logTicks(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
				break
			}
		}
	}
}

func ms(s string) float64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return float64(t.UnixMilli())
}

// TestTimeTicks checks the calendar unit chosen for spans from seconds to
// centuries, and that ticks fall on that unit's boundaries.
func TestTimeTicks(t *testing.T) {
	tests := []struct {
		lo, hi string
		n      int
		unit   timeUnit
		step   int
		first  string
		labels []string // first labels, when given
	}{
		{"2025-03-01T10:00:00Z", "2025-03-01T10:00:30Z", 6, unitSecond, 5, "2025-03-01T10:00:00Z", []string{"10:00:00", "10:00:05"}},
		{"2025-03-01T10:00:00Z", "2025-03-01T11:00:00Z", 6, unitMinute, 10, "2025-03-01T10:00:00Z", []string{"Mar 1 10:00", "10:10"}},
		{"2025-03-01T10:07:00Z", "2025-03-02T10:00:00Z", 8, unitHour, 3, "2025-03-01T12:00:00Z", []string{"Mar 1 12:00", "15:00", "18:00", "21:00", "Mar 2"}},
		{"2025-03-01T00:00:00Z", "2025-03-08T00:00:00Z", 8, unitDay, 1, "2025-03-01T00:00:00Z", []string{"Mar 1, 2025", "Mar 2"}},
		{"2025-03-05T00:00:00Z", "2025-05-01T00:00:00Z", 8, unitWeek, 1, "2025-03-10T00:00:00Z", nil}, // Mondays
		{"2024-11-15T00:00:00Z", "2025-06-01T00:00:00Z", 8, unitMonth, 1, "2024-12-01T00:00:00Z", []string{"Dec 2024", "Jan 2025", "Feb"}},
		{"2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 5, unitYear, 1, "2020-01-01T00:00:00Z", []string{"2020", "2021"}},
		{"2020-01-01T00:00:00Z", "2022-01-01T00:00:00Z", 5, unitMonth, 6, "2020-01-01T00:00:00Z", []string{"Jan 2020", "Jul", "Jan 2021"}},
		{"1990-06-01T00:00:00Z", "2025-01-01T00:00:00Z", 6, unitYear, 5, "1995-01-01T00:00:00Z", []string{"1995", "2000"}},
		{"1000-01-01T00:00:00Z", "2000-01-01T00:00:00Z", 5, unitYear, 200, "1000-01-01T00:00:00Z", nil},
	}
	for _, tc := range tests {
		ts, ti := timeTicks(ms(tc.lo), ms(tc.hi), tc.n)
		if ti.unit != tc.unit || ti.step != tc.step {
			t.Errorf("%s–%s: interval %v×%d, want %v×%d", tc.lo, tc.hi, ti.step, ti.unit, tc.step, tc.unit)
			continue
		}
		if len(ts) == 0 || ts[0] != ms(tc.first) {
			t.Errorf("%s–%s: first tick %s, want %s", tc.lo, tc.hi, FormatTime(ts[0], time.RFC3339), tc.first)
		}
		if len(ts) > tc.n*2 {
			t.Errorf("%s–%s: %d ticks for n=%d", tc.lo, tc.hi, len(ts), tc.n)
		}
		labels := timeTickLabels(ts, ti, "")
		for i, want := range tc.labels {
			if i >= len(labels) || labels[i] != want {
				t.Errorf("%s–%s: labels %v, want prefix %v", tc.lo, tc.hi, labels, tc.labels)
				break
			}
		}
	}
}

func TestTimeTicksHostile(t *testing.T) {
	for _, r := range [][2]float64{{math.NaN(), 1}, {0, math.Inf(1)}, {-1e300, 1e300}, {5, 5}, {10, 0}} {
		ts, _ := timeTicks(r[0], r[1], 6)
		if len(ts) > 2000 {
			t.Errorf("%v: %d ticks", r, len(ts))
		}
	}
}
