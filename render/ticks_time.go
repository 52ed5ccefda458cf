package render

import (
	"math"
	"time"
)

// Calendar units for time ticks, smallest first.
type timeUnit int

const (
	unitMilli timeUnit = iota
	unitSecond
	unitMinute
	unitHour
	unitDay
	unitWeek
	unitMonth
	unitYear
)

// timeInterval is a tick interval: step × unit.
type timeInterval struct {
	unit timeUnit
	step int
}

// approxMs is the interval's typical length, for choosing among them.
func (ti timeInterval) approxMs() float64 {
	base := map[timeUnit]float64{
		unitMilli: 1, unitSecond: 1e3, unitMinute: 6e4, unitHour: 3.6e6, unitDay: 8.64e7,
		unitWeek: 6.048e8, unitMonth: 2.6298e9, unitYear: 3.15576e10,
	}[ti.unit]
	return base * float64(ti.step)
}

// timeIntervals are the calendar-friendly intervals, shortest first.
var timeIntervals = func() []timeInterval {
	var out []timeInterval
	add := func(u timeUnit, steps ...int) {
		for _, s := range steps {
			out = append(out, timeInterval{u, s})
		}
	}
	add(unitMilli, 1, 2, 5, 10, 20, 50, 100, 200, 500)
	add(unitSecond, 1, 2, 5, 10, 15, 30)
	add(unitMinute, 1, 2, 5, 10, 15, 30)
	add(unitHour, 1, 2, 3, 6, 12)
	add(unitDay, 1, 2)
	add(unitWeek, 1, 2)
	add(unitMonth, 1, 2, 3, 6)
	add(unitYear, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
	return out
}()

// chooseTimeInterval picks the shortest calendar interval that gives at
// most about n ticks over [lo, hi] (Unix milliseconds); a quarter more is
// allowed, since calendar steps are coarse (a week, then a fortnight, then
// a month).
func chooseTimeInterval(lo, hi float64, n int) timeInterval {
	if n < 1 {
		n = 1
	}
	span := hi - lo
	for _, ti := range timeIntervals {
		if span/ti.approxMs() <= float64(n)*1.25 {
			return ti
		}
	}
	// Beyond a thousand years: a nice number of years.
	years := niceNum(span/3.15576e10/float64(n), false)
	return timeInterval{unitYear, int(math.Min(years, 1e6))}
}

// timeTicks returns ticks (Unix ms, UTC) at calendar boundaries over
// [lo, hi], about n of them, and the interval used.
func timeTicks(lo, hi float64, n int) ([]float64, timeInterval) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, timeInterval{unitDay, 1}
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	// time.Time covers years ±292 million as Unix ms; clamp to that.
	const lim = 9e15
	lo, hi = math.Max(lo, -lim), math.Min(hi, lim)
	ti := chooseTimeInterval(lo, hi, n)
	t := floorTime(msTime(lo), ti)
	var ts []float64
	for i := 0; i < 2000; i++ {
		ms := float64(t.UnixMilli())
		if ms > hi+0.5 {
			break
		}
		if ms >= lo-0.5 {
			ts = append(ts, ms)
		}
		next := addInterval(t, ti)
		if !next.After(t) {
			break
		}
		t = next
	}
	return ts, ti
}

// msTime converts Unix milliseconds to a UTC time.
func msTime(ms float64) time.Time {
	return time.UnixMilli(int64(math.Round(ms))).UTC()
}

// floorTime rounds t down to a boundary of ti: midnight, the 1st of a
// month whose index is a multiple of the step, Monday, a multiple of the
// step since the epoch for fixed-length units.
func floorTime(t time.Time, ti timeInterval) time.Time {
	s := ti.step
	switch ti.unit {
	case unitYear:
		y := t.Year()
		y -= mod(y, s)
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case unitMonth:
		m := int(t.Month()) - 1
		m -= mod(m, s)
		return time.Date(t.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	case unitWeek:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return d.AddDate(0, 0, -back)
	case unitDay:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		days := int(math.Floor(float64(d.Unix()) / 86400))
		return d.AddDate(0, 0, -mod(days, s))
	}
	unit := map[timeUnit]int64{unitMilli: 1, unitSecond: 1e3, unitMinute: 6e4, unitHour: 3.6e6}[ti.unit] * int64(s)
	ms := t.UnixMilli()
	return time.UnixMilli(ms - mod64(ms, unit)).UTC()
}

// addInterval moves t forward by one interval.
func addInterval(t time.Time, ti timeInterval) time.Time {
	s := ti.step
	switch ti.unit {
	case unitYear:
		return t.AddDate(s, 0, 0)
	case unitMonth:
		return t.AddDate(0, s, 0)
	case unitWeek:
		return t.AddDate(0, 0, 7*s)
	case unitDay:
		return t.AddDate(0, 0, s)
	case unitHour:
		return t.Add(time.Duration(s) * time.Hour)
	case unitMinute:
		return t.Add(time.Duration(s) * time.Minute)
	case unitSecond:
		return t.Add(time.Duration(s) * time.Second)
	}
	return t.Add(time.Duration(s) * time.Millisecond)
}

func mod(a, b int) int {
	if b <= 0 {
		return 0
	}
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func mod64(a, b int64) int64 {
	if b <= 0 {
		return 0
	}
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
