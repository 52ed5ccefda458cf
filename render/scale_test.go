package render

import (
	"math"
	"testing"
)

func TestScales(t *testing.T) {
	lin := newLinear(3, 97, 6, nil, nil, "")
	lin.setRange(0, 500)
	lg := newLog(3, 700, nil, nil, "")
	lg.setRange(0, 300)
	band := newBand([]string{"a", "b", "c", "d"}, 0.2)
	band.setRange(0, 400)
	tm := newTime(ms("2025-01-01T00:00:00Z"), ms("2025-01-11T00:00:00Z"), nil, nil, "")
	tm.setRange(100, 200)
	lo, hi := 10.0, 20.0
	fixed := newLinear(0, 1000, 5, &lo, &hi, "")
	fixed.setRange(0, 100)
	tests := []struct {
		name string
		s    scale
		v    float64
		want float64
	}{
		{"linear widened to 0", lin, 0, 0},
		{"linear widened to 100", lin, 100, 500},
		{"linear middle", lin, 50, 250},
		{"log 1", lg, 1, 0},
		{"log 1000", lg, 1000, 300},
		{"log 10", lg, 10, 100},
		{"log of 0 is NaN", lg, 0, math.NaN()},
		{"band first centre", band, 0, band.step()*0.1 + band.bandwidth()/2},
		{"band last centre", band, 3, 400 - band.step()*0.1 - band.bandwidth()/2},
		{"time middle", tm, ms("2025-01-06T00:00:00Z"), 150},
		{"axis min/max win", fixed, 15, 50},
	}
	for _, tc := range tests {
		got := tc.s.Map(tc.v)
		if math.IsNaN(tc.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: Map(%g) = %g, want %g", tc.name, tc.v, got, tc.want)
		}
	}
	if len(band.Ticks(0)) != 4 || band.Ticks(0)[2].label != "c" {
		t.Errorf("band ticks %v", band.Ticks(0))
	}
	if ts := lin.Ticks(6); len(ts) != 6 || ts[1].label != "20" {
		t.Errorf("linear ticks %v", ts)
	}
	if ts := lg.Ticks(5); len(ts) != 4 || ts[3].label != "1k" {
		t.Errorf("log ticks %v", ts)
	}
}
