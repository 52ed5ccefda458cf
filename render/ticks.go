package render

import "math"

// niceNum rounds x to 1, 2, 5 or 10 × a power of ten (Heckbert, "Nice
// numbers for graph labels", Graphics Gems, 1990): with round, to the
// nearest; otherwise to the next one up.
func niceNum(x float64, round bool) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	exp := math.Floor(math.Log10(x))
	p := math.Pow(10, exp)
	fr := x / p
	var nf float64
	if round {
		switch {
		case fr < 1.5:
			nf = 1
		case fr < 3:
			nf = 2
		case fr < 7:
			nf = 5
		default:
			nf = 10
		}
	} else {
		switch {
		case fr <= 1:
			nf = 1
		case fr <= 2:
			nf = 2
		case fr <= 5:
			nf = 5
		default:
			nf = 10
		}
	}
	return nf * p
}

// niceStep is the tick step for about n ticks over [lo, hi]: Heckbert's
// nice number nearest to the raw step. (Heckbert also rounds the range up
// first; that often halves the tick count, e.g. 0–102 in 7 ticks gives
// steps of 50, so it is left out.)
func niceStep(lo, hi float64, n int) float64 {
	if n < 2 {
		n = 2
	}
	return niceNum((hi-lo)/float64(n-1), true)
}

// niceTicks returns about n nice ticks for [lo, hi] and their step. With
// extend the ticks run from a multiple of step at or below lo to one at
// or above hi (Heckbert's loose labelling, used to widen an axis domain);
// without, only ticks inside [lo, hi].
func niceTicks(lo, hi float64, n int, extend bool) ([]float64, float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, 0
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Abs(lo) * 0.1
		if d == 0 {
			d = 1
		}
		lo, hi = lo-d, hi+d
	}
	// Without extend a coarse step can leave fewer than two ticks inside
	// the range: ask for more until there are two.
	var step, first, last float64
	for k := n; k < n+8; k++ {
		step = niceStep(lo, hi, k)
		if extend {
			first, last = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
			break
		}
		first, last = math.Ceil(lo/step-1e-9)*step, math.Floor(hi/step+1e-9)*step
		if last-first >= step*0.999 {
			break
		}
	}
	d := decimalsFor(step)
	cnt := int(math.Round((last-first)/step)) + 1
	if cnt < 0 || cnt > 1000 {
		return nil, step
	}
	ts := make([]float64, 0, cnt)
	for i := 0; i < cnt; i++ {
		v := roundTo(first+float64(i)*step, d)
		// At the limit of float precision neighbours can coincide.
		if len(ts) == 0 || v > ts[len(ts)-1] {
			ts = append(ts, v)
		}
	}
	return ts, step
}

// stepTicks returns the multiples of step inside [lo, hi].
func stepTicks(lo, hi, step float64) []float64 {
	first, last := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	if !(last >= first) || last-first > 1000 {
		return nil
	}
	d := decimalsFor(step)
	ts := make([]float64, 0, int(last-first)+1)
	for i := first; i <= last; i++ {
		ts = append(ts, roundTo(i*step, d))
	}
	return ts
}

// roundTo rounds v to d decimals, removing float noise such as
// 0.30000000000000004 from tick values.
func roundTo(v float64, d int) float64 {
	if d > 15 {
		return v
	}
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

// logTicks returns ticks for a log10 axis over [lo, hi] (both > 0): the
// powers of ten, plus 2× and 5× when the range covers few decades, and
// only every k-th power when it covers many.
func logTicks(lo, hi float64, n int) []float64 {
	if lo <= 0 || hi <= 0 || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	e0, e1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	decades := e1 - e0
	if decades > 600 {
		return nil
	}
	var mults []float64
	switch {
	case decades <= 1:
		mults = []float64{1, 2, 3, 5}
	case decades <= 3 && n >= 6:
		mults = []float64{1, 2, 5}
	default:
		mults = []float64{1}
	}
	every := 1.0
	if n > 1 && decades > float64(n) {
		every = math.Ceil(decades / float64(n))
	}
	var ts []float64
	for e := e0; e <= e1; e++ {
		if math.Mod(e-e0, every) != 0 {
			continue
		}
		p := math.Pow(10, e)
		for _, m := range mults {
			v := m * p
			if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
				ts = append(ts, v)
			}
		}
	}
	return ts
}
