package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// dateLayout is how every demo date is stored.
const dateLayout = "2006-01-02"

// The sales period is the two full calendar years before a fixed anchor,
// not before time.Now, so the data never changes under tests.
var (
	salesStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	salesEnd   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// salesRows is the number of orders generated: enough for smooth monthly
// series, small enough to build in well under a second.
const salesRows = 20000

type country struct {
	code   string // ISO 3166-1 alpha-3, as choropleth maps key them
	weight float64
}

type region struct {
	name        string
	share       float64 // share of orders at the start of the period
	growth      float64 // relative growth of that share over the period
	priceFactor float64
	countries   []country
}

var regions = []region{
	{"North America", 0.34, 0.10, 1.00, []country{{"USA", 0.85}, {"CAN", 0.15}}},
	{"Europe", 0.28, 0.15, 1.04, []country{{"DEU", 0.28}, {"GBR", 0.26}, {"FRA", 0.22}, {"ESP", 0.12}, {"ITA", 0.12}}},
	{"Asia Pacific", 0.20, 0.60, 0.98, []country{{"JPN", 0.34}, {"IND", 0.28}, {"AUS", 0.24}, {"SGP", 0.14}}},
	{"Latin America", 0.10, 0.30, 0.92, []country{{"BRA", 0.50}, {"MEX", 0.35}, {"ARG", 0.15}}},
	{"Middle East & Africa", 0.08, 0.40, 0.97, []country{{"ARE", 0.55}, {"ZAF", 0.45}}},
}

type product struct {
	name, category string
	price          float64 // list price
	costRatio      float64 // unit cost as a share of list price
	popularity     float64
	maxUnits       int
}

var products = []product{
	{"Laptop", "Electronics", 1199, 0.72, 0.6, 3},
	{"Monitor", "Electronics", 329, 0.65, 1.0, 4},
	{"Headphones", "Electronics", 149, 0.55, 1.3, 5},
	{"Office Chair", "Furniture", 279, 0.58, 0.8, 6},
	{"Standing Desk", "Furniture", 649, 0.62, 0.5, 3},
	{"Bookcase", "Furniture", 189, 0.55, 0.6, 4},
	{"Paper Pack", "Office Supplies", 8.99, 0.45, 2.2, 40},
	{"Pen Set", "Office Supplies", 14.50, 0.40, 1.8, 25},
	{"Stapler", "Office Supplies", 22, 0.42, 1.0, 10},
	{"Analytics Suite", "Software", 899, 0.18, 0.4, 5},
	{"Antivirus", "Software", 59, 0.12, 1.2, 20},
	{"Cloud Storage", "Software", 119, 0.25, 0.9, 15},
}

// categoryFactor gives each category its own trend and season, so the
// category mix visibly shifts: software grows, electronics peak at
// Christmas, furniture and supplies sell for the return to offices.
func categoryFactor(category string, t float64, month time.Month) float64 {
	switch category {
	case "Electronics":
		f := 1 + 0.1*t
		switch month {
		case time.November:
			f *= 1.5
		case time.December:
			f *= 1.7
		}
		return f
	case "Furniture":
		f := 1 - 0.1*t
		if month == time.August || month == time.September {
			f *= 1.25
		}
		return f
	case "Office Supplies":
		switch month {
		case time.January:
			return 1.2
		case time.August, time.September:
			return 1.3
		}
		return 1
	case "Software":
		f := 1 + 0.9*t
		switch month {
		case time.June:
			f *= 1.15
		case time.December:
			f *= 1.2
		}
		return f
	}
	return 1
}

var channels = []string{"Online", "Retail", "Partner"}

// channelWeights moves orders online over the period.
func channelWeights(t float64) []float64 {
	return []float64{0.40 + 0.15*t, 0.40 - 0.12*t, 0.20 - 0.03*t}
}

// monthFactor is the overall seasonality: a slow start to the year, a
// summer lull and a strong fourth quarter.
var monthFactor = [12]float64{0.85, 0.80, 0.95, 0.97, 1.00, 0.98, 0.90, 0.92, 1.05, 1.08, 1.25, 1.40}

// dayWeight is the relative number of orders on day d.
func dayWeight(rng *rand.Rand, d time.Time, t float64) float64 {
	w := (1 + 0.35*t) * monthFactor[d.Month()-1]
	switch d.Weekday() {
	case time.Saturday:
		w *= 0.6
	case time.Sunday:
		w *= 0.5
	case time.Monday:
		w *= 1.05
	}
	switch {
	case d.Month() == time.November && d.Day() >= 24: // Black Friday week
		w *= 1.6
	case d.Month() == time.December && d.Day() >= 24 && d.Day() <= 26:
		w *= 0.5
	}
	return w * (0.85 + 0.3*rng.Float64())
}

// salesData is the generated sales plus the totals other tables derive
// from them, so the KPI gauges agree with the sales charts.
type salesData struct {
	rows                  [][]any
	revenue, cost, online map[int]float64 // by year
}

func (s salesData) table() table {
	return table{
		name: "sales",
		columns: []string{"id", "order_date", "region", "country_code", "product", "category",
			"channel", "units", "unit_price", "revenue", "cost"},
		rows: s.rows,
	}
}

// genSales draws salesRows orders, their dates weighted by dayWeight and
// sorted so that ids follow time.
func genSales(rng *rand.Rand) salesData {
	days := int(salesEnd.Sub(salesStart).Hours()/24) + 1
	span := float64(days - 1)
	cum := make([]float64, days)
	total := 0.0
	for i := range days {
		total += dayWeight(rng, salesStart.AddDate(0, 0, i), float64(i)/span)
		cum[i] = total
	}
	dayIdx := make([]int, salesRows)
	for i := range dayIdx {
		dayIdx[i], _ = slices.BinarySearch(cum, rng.Float64()*total)
	}
	slices.Sort(dayIdx)

	s := salesData{rows: make([][]any, 0, salesRows), revenue: map[int]float64{}, cost: map[int]float64{}, online: map[int]float64{}}
	regionW := make([]float64, len(regions))
	productW := make([]float64, len(products))
	for i, di := range dayIdx {
		d := salesStart.AddDate(0, 0, di)
		t := float64(di) / span
		for j, r := range regions {
			regionW[j] = r.share * (1 + r.growth*t)
		}
		for j, p := range products {
			productW[j] = p.popularity * categoryFactor(p.category, t, d.Month())
		}
		r := regions[pick(rng, regionW)]
		c := r.countries[pickBy(rng, r.countries, func(c country) float64 { return c.weight })]
		p := products[pick(rng, productW)]
		ch := pick(rng, channelWeights(t))

		units := 1 + int(math.Pow(rng.Float64(), 2)*float64(p.maxUnits))
		var discount float64
		switch channels[ch] {
		case "Online":
			discount = 0.12 * rng.Float64()
		case "Retail":
			discount = 0.05 * rng.Float64()
		case "Partner":
			discount = 0.10 + 0.10*rng.Float64()
			units *= 2 + rng.IntN(2)
		}
		list := p.price * r.priceFactor
		if d.Year() >= 2025 {
			list *= 1.03 // the yearly price increase
		}
		unitPrice := round2(list * (1 - discount))
		revenue := round2(float64(units) * unitPrice)
		cost := round2(float64(units) * p.price * p.costRatio * (0.95 + 0.1*rng.Float64()))

		s.rows = append(s.rows, []any{i + 1, d.Format(dateLayout), r.name, c.code, p.name, p.category,
			channels[ch], units, unitPrice, revenue, cost})
		s.revenue[d.Year()] += revenue
		s.cost[d.Year()] += cost
		if channels[ch] == "Online" {
			s.online[d.Year()] += revenue
		}
	}
	return s
}

// pick returns an index drawn with probability proportional to weights.
func pick(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// pickBy is pick over a slice of structs.
func pickBy[T any](rng *rand.Rand, items []T, weight func(T) float64) int {
	w := make([]float64, len(items))
	for i, it := range items {
		w[i] = weight(it)
	}
	return pick(rng, w)
}

// round2 rounds to cents. It is monotonic, which keeps OHLC invariants
// true after rounding.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
