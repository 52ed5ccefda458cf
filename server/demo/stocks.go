package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

type stock struct {
	symbol     string
	start      float64
	drift, vol float64 // daily log-return mean and standard deviation
	meanVolume float64
}

// Three fictional tickers with different characters: a steady climber, a
// volatile small cap and a flat blue chip.
var stocks = []stock{
	{"ACME", 120, 0.0006, 0.018, 2_500_000},
	{"GLBX", 45, 0.0002, 0.028, 6_000_000},
	{"INIT", 310, -0.0001, 0.011, 900_000},
}

// genStockPrices walks each symbol over the business days of 2025.
// Opening gaps, intraday ranges and volume all follow the day's move, and
// high/low are derived from the rounded open and close, so
// high ≥ max(open, close) and low ≤ min(open, close) hold exactly.
func genStockPrices(rng *rand.Rand) table {
	t := table{name: "stock_prices", columns: []string{"symbol", "day", "open", "high", "low", "close", "volume"}}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, s := range stocks {
		prev := s.start
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				continue
			}
			open := round2(prev * math.Exp(0.3*s.vol*rng.NormFloat64()))
			ret := s.drift + s.vol*rng.NormFloat64()
			closing := round2(open * math.Exp(ret))
			high := round2(math.Max(open, closing) * (1 + 0.5*s.vol*math.Abs(rng.NormFloat64())))
			low := round2(math.Min(open, closing) * (1 - 0.5*s.vol*math.Abs(rng.NormFloat64())))
			volume := int64(s.meanVolume * (1 + 2*math.Abs(ret)/s.vol) * math.Exp(0.25*rng.NormFloat64()) / 2)
			t.rows = append(t.rows, []any{s.symbol, d.Format(dateLayout), open, high, low, closing, volume})
			prev = closing
		}
	}
	return t
}
