package render

import (
	"math"
	"testing"
)

func TestWaterfallSteps(t *testing.T) {
	type step struct {
		label    string
		from, to float64
		total    bool
	}
	tests := []struct {
		name   string
		labels []string
		vals   []float64
		want   []step
	}{
		{"adds a final total", []string{"Start", "Up", "Down"}, []float64{100, 20, -50},
			[]step{{"Start", 0, 100, false}, {"Up", 100, 120, false}, {"Down", 120, 70, false}, {"Total", 0, 70, true}}},
		{"named totals show the running total", []string{"Revenue", "Cost", "Subtotal", "Tax", "Grand total"}, []float64{10, -4, 999, -1, math.NaN()},
			[]step{{"Revenue", 0, 10, false}, {"Cost", 10, 6, false}, {"Subtotal", 0, 6, true}, {"Tax", 6, 5, false}, {"Grand total", 0, 5, true}}},
		{"nulls are skipped", []string{"a", "b"}, []float64{math.NaN(), 3},
			[]step{{"b", 0, 3, false}, {"Total", 0, 3, true}}},
		{"nothing", nil, nil, nil},
	}
	for _, tc := range tests {
		rows := make([]int, len(tc.labels))
		got := waterfallSteps(tc.labels, tc.vals, rows)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d steps, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.label != w.label || g.from != w.from || g.to != w.to || g.total != w.total {
				t.Errorf("%s: step %d = %+v, want %+v", tc.name, i, g, w)
			}
		}
	}
}

func TestIsTotalLabel(t *testing.T) {
	for s, want := range map[string]bool{"Total": true, "total": true, " SUBTOTAL ": true, "Grand total": true, "Total 2024": true,
		"Totals": false, "Subtotalling": false, "Revenue": false, "": false} {
		if got := isTotalLabel(s); got != want {
			t.Errorf("isTotalLabel(%q) = %v", s, got)
		}
	}
}
