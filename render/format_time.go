package render

import "time"

// dateLayouts are the named date formats of chart.Format.Date.
var dateLayouts = map[string]string{
	"date":     "2006-01-02",
	"datetime": "2006-01-02 15:04",
	"month":    "Jan 2006",
	"year":     "2006",
	"time":     "15:04",
}

// FormatTime formats a time (Unix milliseconds, shown in UTC) with a named
// format ("date", "datetime", "month", "year", "time") or a Go layout. An
// empty pattern shows the date, and the time of day when it is not
// midnight.
func FormatTime(ms float64, pattern string) string {
	t := msTime(ms)
	if l, ok := dateLayouts[pattern]; ok {
		return t.Format(l)
	}
	if pattern != "" {
		return t.Format(pattern)
	}
	switch {
	case t.Nanosecond() != 0:
		return t.Format("2006-01-02 15:04:05.000")
	case t.Second() != 0:
		return t.Format("2006-01-02 15:04:05")
	case t.Hour() != 0 || t.Minute() != 0:
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("2006-01-02")
}

// timeTickLabels labels calendar ticks for their interval: the short form
// ("Mar", "14:00"), and the longer one where the next larger unit changes
// and on the first tick, so the reader always knows the year and day.
func timeTickLabels(ticks []float64, ti timeInterval, pattern string) []string {
	out := make([]string, len(ticks))
	if pattern != "" {
		for i, v := range ticks {
			out[i] = FormatTime(v, pattern)
		}
		return out
	}
	var prev time.Time
	for i, v := range ticks {
		t := msTime(v)
		first := i == 0
		var l string
		switch ti.unit {
		case unitYear:
			l = t.Format("2006")
		case unitMonth:
			if first || t.Year() != prev.Year() {
				l = t.Format("Jan 2006")
			} else {
				l = t.Format("Jan")
			}
		case unitWeek, unitDay:
			if first || t.Year() != prev.Year() {
				l = t.Format("Jan 2, 2006")
			} else {
				l = t.Format("Jan 2")
			}
		case unitHour, unitMinute:
			switch {
			case first:
				l = t.Format("Jan 2 15:04")
			case t.YearDay() != prev.YearDay() || t.Year() != prev.Year():
				l = t.Format("Jan 2")
			default:
				l = t.Format("15:04")
			}
		case unitSecond:
			l = t.Format("15:04:05")
		default:
			l = t.Format("15:04:05.000")
		}
		out[i] = l
		prev = t
	}
	return out
}
