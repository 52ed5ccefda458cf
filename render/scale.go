package render

import (
	"math"
)

// tick is an axis tick: its domain value and its label.
type tick struct {
	v     float64
	label string
}

// scale maps domain values to pixels along one axis. Continuous scales
// take the value itself (times as Unix milliseconds); the band scale takes
// a category index and maps it to the band's centre.
type scale interface {
	// Map returns the pixel position of v; NaN when v cannot be shown
	// (a non-positive value on a log scale).
	Map(v float64) float64
	// Ticks returns about n labelled ticks inside the domain.
	Ticks(n int) []tick
	// setRange sets the pixel interval the domain maps onto.
	setRange(r0, r1 float64)
}

// linearScale is a continuous linear scale.
type linearScale struct {
	d0, d1  float64 // domain
	r0, r1  float64 // range in pixels
	pattern string  // number format; "" = from the tick step
	// step is the tick step: the one the domain was widened with, then
	// the one the axis settled on; 0 = from n.
	step float64
}

// coarser makes the tick step the next nice one up (1, 2, 5, 10…), for
// when labels do not fit.
func (s *linearScale) coarser() {
	if s.step <= 0 {
		_, s.step = niceTicks(s.d0, s.d1, 5, false)
		return
	}
	s.step = niceNum(s.step*1.5, true)
}

// newLinear makes a linear scale over [lo, hi], widened to nice tick
// values for about n ticks unless min or max fix an end.
func newLinear(lo, hi float64, n int, min, max *float64, pattern string) *linearScale {
	lo, hi = sanitizeDomain(lo, hi)
	if min != nil && finite(*min) {
		lo = *min
	}
	if max != nil && finite(*max) {
		hi = *max
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Abs(lo) * 0.1
		if d == 0 {
			d = 1
		}
		if min == nil {
			lo -= d
		}
		if max == nil || min != nil {
			hi += d
		}
	}
	ts, step := niceTicks(lo, hi, n, true)
	if len(ts) >= 2 {
		if min == nil {
			lo = ts[0]
		}
		if max == nil {
			hi = ts[len(ts)-1]
		}
	}
	return &linearScale{d0: lo, d1: hi, pattern: pattern, step: step}
}

func (s *linearScale) setRange(r0, r1 float64) { s.r0, s.r1 = r0, r1 }

func (s *linearScale) Map(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

func (s *linearScale) Ticks(n int) []tick {
	var vs []float64
	step := s.step
	if step > 0 {
		vs = stepTicks(s.d0, s.d1, step)
	} else {
		vs, step = niceTicks(s.d0, s.d1, n, false)
	}
	p := s.pattern
	if p == "" {
		p = autoNumberPattern(step, math.Max(math.Abs(s.d0), math.Abs(s.d1)))
	}
	out := make([]tick, len(vs))
	for i, v := range vs {
		out[i] = tick{v, FormatNumber(v, p)}
	}
	return out
}

// logScale is a base-10 logarithmic scale; its domain is positive.
type logScale struct {
	d0, d1  float64
	r0, r1  float64
	pattern string
}

// newLog makes a log scale over [lo, hi] (positive), widened to powers of
// ten.
func newLog(lo, hi float64, min, max *float64, pattern string) *logScale {
	if !(lo > 0) || !finite(lo) {
		lo = 1
	}
	if !(hi > 0) || !finite(hi) || hi < lo {
		hi = lo * 10
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)))
	if min != nil && *min > 0 && finite(*min) {
		lo = *min
	}
	if max != nil && *max > 0 && finite(*max) {
		hi = *max
	}
	if hi <= lo {
		hi = lo * 10
	}
	return &logScale{d0: lo, d1: hi, pattern: pattern}
}

func (s *logScale) setRange(r0, r1 float64) { s.r0, s.r1 = r0, r1 }

func (s *logScale) Map(v float64) float64 {
	if !(v > 0) {
		return math.NaN()
	}
	l0, l1 := math.Log10(s.d0), math.Log10(s.d1)
	return s.r0 + (math.Log10(v)-l0)/(l1-l0)*(s.r1-s.r0)
}

func (s *logScale) Ticks(n int) []tick {
	vs := logTicks(s.d0, s.d1, n)
	out := make([]tick, len(vs))
	for i, v := range vs {
		p := s.pattern
		if p == "" {
			p = "0.[00]a"
			if v < 1 {
				p = ""
			}
		}
		out[i] = tick{v, FormatNumber(v, p)}
	}
	return out
}

// timeScale is a linear scale over Unix milliseconds with calendar ticks.
type timeScale struct {
	d0, d1  float64
	r0, r1  float64
	pattern string // date format; "" = from the tick interval
}

// newTime makes a time scale over [lo, hi] (Unix ms). The domain is not
// widened: time axes start at the first point.
func newTime(lo, hi float64, min, max *float64, pattern string) *timeScale {
	lo, hi = sanitizeDomain(lo, hi)
	if min != nil && finite(*min) {
		lo = *min
	}
	if max != nil && finite(*max) {
		hi = *max
	}
	if hi <= lo {
		lo, hi = lo-43200000, lo+43200000 // one day around a single instant
	}
	return &timeScale{d0: lo, d1: hi, pattern: pattern}
}

func (s *timeScale) setRange(r0, r1 float64) { s.r0, s.r1 = r0, r1 }

func (s *timeScale) Map(v float64) float64 {
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// Ticks picks calendar ticks. With an explicit date format coarser than
// the interval (a "month" axis zoomed to a few weeks) neighbouring labels
// would repeat, so it tries fewer ticks, and as a last resort keeps only
// the first tick of each label.
func (s *timeScale) Ticks(n int) []tick {
	for {
		vs, ti := timeTicks(s.d0, s.d1, n)
		ls := timeTickLabels(vs, ti, s.pattern)
		repeats := false
		for i := 1; i < len(ls); i++ {
			repeats = repeats || ls[i] == ls[i-1]
		}
		if repeats && n > 2 {
			n--
			continue
		}
		out := make([]tick, 0, len(vs))
		for i, v := range vs {
			if i == 0 || ls[i] != ls[i-1] {
				out = append(out, tick{v, ls[i]})
			}
		}
		return out
	}
}

// bandScale divides its range into equal bands, one per category.
type bandScale struct {
	cats   []string
	r0, r1 float64
	// inner is the gap between bands as a fraction of the step; outer the
	// margin at each end, also in steps.
	inner, outer float64
}

func newBand(cats []string, inner float64) *bandScale {
	return &bandScale{cats: cats, inner: inner, outer: inner / 2}
}

func (s *bandScale) setRange(r0, r1 float64) { s.r0, s.r1 = r0, r1 }

// step is the distance between band starts.
func (s *bandScale) step() float64 {
	n := float64(len(s.cats))
	if n == 0 {
		return 0
	}
	return (s.r1 - s.r0) / (n - s.inner + 2*s.outer)
}

// bandwidth is the width of one band (signed like the range).
func (s *bandScale) bandwidth() float64 { return s.step() * (1 - s.inner) }

// Map returns the centre of band i.
func (s *bandScale) Map(i float64) float64 {
	st := s.step()
	return s.r0 + st*s.outer + st*i + s.bandwidth()/2
}

// Ticks returns one tick per category; the axis decides which to label.
func (s *bandScale) Ticks(int) []tick {
	out := make([]tick, len(s.cats))
	for i, c := range s.cats {
		out[i] = tick{float64(i), c}
	}
	return out
}

// sanitizeDomain replaces a non-finite domain by [0, 1].
func sanitizeDomain(lo, hi float64) (float64, float64) {
	if !finite(lo) || !finite(hi) {
		return 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	return lo, hi
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// extent accumulates the min and max of finite values.
type extent struct{ lo, hi float64 }

func newExtent() extent { return extent{math.Inf(1), math.Inf(-1)} }

func (e *extent) add(v float64) {
	if !finite(v) {
		return
	}
	if v < e.lo {
		e.lo = v
	}
	if v > e.hi {
		e.hi = v
	}
}

// empty reports whether no finite value was added.
func (e extent) empty() bool { return e.lo > e.hi }
