package render

import (
	"math"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v       float64
		pattern string
		want    string
	}{
		{1234567.891, "0,0", "1,234,568"},
		{1234567.891, "0,0.00", "1,234,567.89"},
		{3.14159, "0.00", "3.14"},
		{0.1234, "0.0%", "12.3%"},
		{0.5, "0%", "50%"},
		{1234.5, "$0,0", "$1,235"},
		{-1234.5, "$0,0.00", "−$1,234.50"},
		{1234, "0.0a", "1.2k"},
		{3400000, "0.0a", "3.4M"},
		{5e9, "0a", "5B"},
		{999960, "0.0a", "1.0M"},
		{12, "0.0a", "12.0"},
		{2.5, "0.[00]", "2.5"},
		{2, "0.[00]", "2"},
		{42, "0 kg", "42 kg"},
		{-0.0001, "0.00", "0.00"},
		{1234.5678, "", "1,234.57"},
		{0.000012345, "", "0.000012345"},
		{1.5e-9, "", "1.5e-09"},
		{0.5, "0", "1"},
		{2.5, "0", "3"},
		{1e20, "", "1e+20"},
		{-7, "", "−7"},
		{math.NaN(), "0,0", "–"},
		{math.Inf(1), "0", "∞"},
		{math.Inf(-1), "0", "−∞"},
		{12, "garbage", "garbage12"},
		{12, "(0,0)", "12"},
	}
	for _, tc := range tests {
		if got := FormatNumber(tc.v, tc.pattern); got != tc.want {
			t.Errorf("FormatNumber(%g, %q) = %q, want %q", tc.v, tc.pattern, got, tc.want)
		}
	}
}

func TestAutoNumberPattern(t *testing.T) {
	tests := []struct {
		step, maxAbs float64
		v            float64
		want         string
	}{
		{20, 100, 40, "40"},
		{0.5, 3, 2.5, "2.5"},
		{0.5, 3, 2, "2.0"},
		{0.05, 1, 0.15, "0.15"},
		{500, 5000, 2500, "2,500"},
		{5000, 50000, 25000, "25k"},
		{2.5e5, 2e6, 1.25e6, "1.25M"},
		{1e9, 5e9, 3e9, "3B"},
	}
	for _, tc := range tests {
		p := autoNumberPattern(tc.step, tc.maxAbs)
		if got := FormatNumber(tc.v, p); got != tc.want {
			t.Errorf("step %g max %g: pattern %q formats %g as %q, want %q", tc.step, tc.maxAbs, p, tc.v, got, tc.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	v := ms("2025-03-07T14:05:00Z")
	tests := []struct {
		pattern, want string
	}{
		{"date", "2025-03-07"},
		{"datetime", "2025-03-07 14:05"},
		{"month", "Mar 2025"},
		{"year", "2025"},
		{"time", "14:05"},
		{"02/01/2006", "07/03/2025"},
		{"", "2025-03-07 14:05"},
	}
	for _, tc := range tests {
		if got := FormatTime(v, tc.pattern); got != tc.want {
			t.Errorf("FormatTime(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
	if got := FormatTime(ms("2025-03-07T00:00:00Z"), ""); got != "2025-03-07" {
		t.Errorf("midnight: %q", got)
	}
}
