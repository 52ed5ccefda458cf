package render

import (
	"math"
	"strconv"
	"strings"
)

// numPattern is a parsed number pattern such as "$0,0.00" or "0.0a": the
// subset of numeral.js patterns that spreadsheet users already know.
type numPattern struct {
	prefix, suffix string
	group          bool // thousands separators
	decimals       int  // fixed decimals; -1 = as many as needed (up to 6 significant)
	optional       bool // trailing zeros trimmed ("0.[00]")
	percent        bool // ×100 and "%"
	abbrev         bool // k, M, B, T
}

// parseNumPattern parses a pattern; anything it does not understand
// becomes a general format rather than an error, because a typo in a
// format must not stop a chart from drawing.
func parseNumPattern(p string) numPattern {
	if p == "" {
		return numPattern{decimals: -1, group: true}
	}
	np := numPattern{}
	start := strings.IndexAny(p, "0#")
	if start < 0 {
		return numPattern{decimals: -1, group: true, prefix: p}
	}
	end := strings.LastIndexAny(p, "0#]")
	np.prefix = p[:start]
	body := p[start : end+1]
	rest := p[end+1:]
	for _, r := range rest {
		switch r {
		case '%':
			np.percent = true
			np.suffix += "%"
		case 'a':
			np.abbrev = true
		default:
			np.suffix += string(r)
		}
	}
	if np.abbrev {
		// "0.0 a" style spacing before the abbreviation is dropped.
		np.suffix = strings.TrimLeft(np.suffix, " ")
	}
	if strings.HasSuffix(np.prefix, "(") && strings.HasPrefix(np.suffix, ")") {
		np.prefix, np.suffix = strings.TrimSuffix(np.prefix, "("), strings.TrimPrefix(np.suffix, ")")
	}
	np.group = strings.Contains(body, ",")
	if i := strings.IndexByte(body, '.'); i >= 0 {
		frac := body[i+1:]
		if strings.HasPrefix(frac, "[") {
			np.optional = true
		}
		np.decimals = strings.Count(frac, "0")
	}
	return np
}

// FormatNumber formats v with a pattern: "0,0" (grouping), "0.00"
// (decimals), "0.0%" (percent of 1), "$0,0" (prefix/suffix text), "0.0a"
// (1.2k, 3.4M, 5B), "0.[00]" (up to two decimals). An empty pattern gives a
// general format with up to six significant digits.
func FormatNumber(v float64, pattern string) string {
	if math.IsNaN(v) {
		return "–"
	}
	if math.IsInf(v, 1) {
		return "∞"
	}
	if math.IsInf(v, -1) {
		return "−∞"
	}
	np := parseNumPattern(pattern)
	return np.format(v)
}

func (np numPattern) format(v float64) string {
	if np.percent {
		v *= 100
	}
	unit := ""
	if np.abbrev {
		v, unit = abbreviate(v, np.decimals)
	}
	neg := v < 0
	a := math.Abs(v)
	var s string
	if np.decimals < 0 {
		s = generalDigits(a)
	} else {
		// Round half away from zero (FormatFloat alone rounds 0.5 to even).
		p := math.Pow(10, float64(np.decimals))
		if r := math.Round(a*p) / p; finite(r) {
			a = r
		}
		s = strconv.FormatFloat(a, 'f', np.decimals, 64)
		if np.optional && strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	if np.group && !strings.ContainsAny(s, "e") {
		s = groupThousands(s)
	}
	if neg && strings.Trim(s, "0.,") != "" {
		return "−" + np.prefix + s + unit + np.suffix
	}
	return np.prefix + s + unit + np.suffix
}

// abbreviate scales v to k/M/B/T so that it has at most three integer
// digits, after rounding to decimals (999.96k with one decimal is 1.0M).
func abbreviate(v float64, decimals int) (float64, string) {
	units := []string{"", "k", "M", "B", "T"}
	a := math.Abs(v)
	i := 0
	d := decimals
	if d < 0 {
		d = 1
	}
	pow := math.Pow(10, float64(d))
	for i < len(units)-1 && math.Round(a*pow)/pow >= 1000 {
		a /= 1000
		v /= 1000
		i++
	}
	return v, units[i]
}

// generalDigits writes a non-negative number with up to six significant
// digits, without exponent for ordinary magnitudes.
func generalDigits(a float64) string {
	if a != 0 && (a >= 1e15 || a < 1e-6) {
		return strconv.FormatFloat(a, 'g', 4, 64)
	}
	s := strconv.FormatFloat(a, 'g', 6, 64)
	if strings.ContainsAny(s, "e") {
		f, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s
}

// groupThousands inserts commas into the integer part of a plain decimal.
func groupThousands(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(intPart) % 3
	if pre > 0 {
		b.WriteString(intPart[:pre])
	}
	for i := pre; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	return b.String() + frac
}

// autoNumberPattern picks a tick label pattern from the tick step and the
// largest absolute value: as many decimals as the step needs, and k/M/B
// abbreviations once labels would get long.
func autoNumberPattern(step, maxAbs float64) string {
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return ""
	}
	if maxAbs >= 1e6 || (maxAbs >= 1e4 && step >= 1000) {
		// Decimals needed by the step after abbreviation.
		_, unit := abbreviate(maxAbs, 0)
		div := map[string]float64{"": 1, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[unit]
		if d := decimalsFor(step / div); d > 0 {
			return "0.[" + strings.Repeat("0", d) + "]a"
		}
		return "0a"
	}
	d := decimalsFor(step)
	if d == 0 {
		return "0,0"
	}
	return "0,0." + strings.Repeat("0", d)
}

// decimalsFor is the number of decimals that shows every multiple of step
// exactly (capped at 10).
func decimalsFor(step float64) int {
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return 0
	}
	for d := 0; d <= 10; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(step*p-math.Round(step*p)) < 1e-6*step*p+1e-9 {
			return d
		}
	}
	return 10
}
