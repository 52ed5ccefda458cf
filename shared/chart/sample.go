package chart

import (
	"fmt"
	"math"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Sample returns a small, realistic, valid spec of type t with its inline
// dataset (also in the spec's Data). The renderers' golden tests, the API
// documentation and the demo all draw these, so one place shows what each
// type expects. Every call builds fresh values; the data is deterministic.
// It returns a zero Spec and nil for an unknown type.
func Sample(t Type) (Spec, *api.Result) {
	build, ok := samples[t]
	if !ok {
		return Spec{}, nil
	}
	s, res := build()
	s.Type, s.Data = t, res
	res.RowCount = len(res.Rows)
	return s, res
}

var samples = map[Type]func() (Spec, *api.Result){
	Bar: func() (Spec, *api.Result) {
		res := table(cols("quarter", api.TypeString, "region", api.TypeString, "revenue", api.TypeFloat))
		for qi, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
			for ri, r := range []string{"North", "South", "West"} {
				res.Rows = append(res.Rows, []any{q, r, round(120+float64(qi)*18+float64(ri)*25+wobble(qi*3+ri)*20, 1)})
			}
		}
		return Spec{Title: "Revenue by quarter", Subtitle: "k€, 2024", Encoding: fields(X, "quarter", Y, "revenue", Series, "region"),
			YAxis: Axis{Title: "Revenue (k€)"}, Format: Format{Number: "0,0"}}, res
	},
	Line: func() (Spec, *api.Result) {
		res := table(cols("month", api.TypeTime, "channel", api.TypeString, "visitors", api.TypeInt))
		for m := 0; m < 6; m++ {
			for ci, c := range []string{"Organic", "Paid", "Referral"} {
				v := int64(4000 + m*350 - ci*1200 + int(wobble(m*3+ci)*600))
				res.Rows = append(res.Rows, []any{month(2024, m+1), c, v})
			}
		}
		return Spec{Title: "Visitors by channel", Encoding: fields(X, "month", Y, "visitors", Series, "channel"),
			XAxis: Axis{Format: "month"}, YAxis: Axis{Title: "Visitors"}, Format: Format{Number: "0,0"}}, res
	},
	Area: func() (Spec, *api.Result) {
		res := table(cols("month", api.TypeTime, "web", api.TypeFloat, "store", api.TypeFloat, "partner", api.TypeFloat))
		for m := 0; m < 6; m++ {
			res.Rows = append(res.Rows, []any{month(2024, m+1), round(42+float64(m)*6+wobble(m)*5, 1),
				round(65-float64(m)*2+wobble(m+7)*4, 1), round(18+float64(m)*1.5+wobble(m+13)*3, 1)})
		}
		s := Spec{Title: "Sales by channel", Subtitle: "k€ per month", Stack: "stack",
			Encoding: map[Channel]Field{X: {Columns: []string{"month"}}, Y: {Columns: []string{"web", "store", "partner"}}},
			XAxis:    Axis{Format: "month"}, Options: Options{Smooth: true}}
		return s, res
	},
	Pie: func() (Spec, *api.Result) {
		res := table(cols("browser", api.TypeString, "share", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{{"Chrome", 64.7}, {"Safari", 18.6}, {"Edge", 5.3}, {"Firefox", 2.7}, {"Samsung Internet", 2.6}, {"Other", 6.1}}...)
		return Spec{Title: "Browser market share", Encoding: fields(Category, "browser", Value, "share"),
			Format: Format{Number: "0.0"}, Options: Options{ShowLabels: true}}, res
	},
	Scatter: func() (Spec, *api.Result) {
		res := table(cols("height_cm", api.TypeFloat, "weight_kg", api.TypeFloat, "sex", api.TypeString))
		for i := 0; i < 30; i++ {
			sex, h0, w0 := "female", 164.0, 62.0
			if i%2 == 1 {
				sex, h0, w0 = "male", 177.0, 78.0
			}
			h := h0 + wobble(i)*9
			res.Rows = append(res.Rows, []any{round(h, 1), round(w0+(h-h0)*0.9+wobble(i+31)*6, 1), sex})
		}
		return Spec{Title: "Height and weight", Encoding: fields(X, "height_cm", Y, "weight_kg", Series, "sex"),
			XAxis: Axis{Title: "Height (cm)"}, YAxis: Axis{Title: "Weight (kg)"}}, res
	},
	Radar: func() (Spec, *api.Result) {
		res := table(cols("skill", api.TypeString, "person", api.TypeString, "score", api.TypeInt))
		skills := []string{"Go", "SQL", "Design", "Testing", "Operations", "Writing"}
		for pi, p := range []string{"Ada", "Linus"} {
			for si, sk := range skills {
				res.Rows = append(res.Rows, []any{sk, p, int64(5 + int(wobble(pi*7+si)*4) + (si+pi)%3)})
			}
		}
		return Spec{Title: "Team skills", Encoding: fields(Category, "skill", Value, "score", Series, "person")}, res
	},
	Heatmap: func() (Spec, *api.Result) {
		res := table(cols("hour", api.TypeString, "day", api.TypeString, "commits", api.TypeInt))
		for di, d := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
			for h := 0; h < 24; h += 3 {
				work := 1.0
				if di >= 5 {
					work = 0.25
				}
				peak := math.Exp(-math.Pow(float64(h)-13, 2) / 30)
				res.Rows = append(res.Rows, []any{fmt.Sprintf("%02d:00", h), d, int64(math.Round(40*work*peak + 3 + wobble(di*8+h)*2))})
			}
		}
		return Spec{Title: "Commits by weekday and hour", Encoding: fields(X, "hour", Y, "day", Value, "commits")}, res
	},
	Gauge: func() (Spec, *api.Result) {
		res := table(cols("metric", api.TypeString, "load", api.TypeFloat))
		res.Rows = [][]any{{"CPU load", 72.5}}
		return Spec{Title: "CPU load", Encoding: fields(Value, "load", Label, "metric"), Format: Format{Number: "0.0"},
			Options: Options{Min: ptr(0), Max: ptr(100), Target: ptr(80)}}, res
	},
	Funnel: func() (Spec, *api.Result) {
		res := table(cols("stage", api.TypeString, "users", api.TypeInt))
		res.Rows = append(res.Rows, [][]any{{"Visited", int64(12400)}, {"Signed up", int64(4310)}, {"Started trial", int64(1822)}, {"Paid", int64(640)}, {"Renewed", int64(412)}}...)
		return Spec{Title: "Conversion funnel", Encoding: fields(Category, "stage", Value, "users"), Options: Options{ShowLabels: true}}, res
	},
	Treemap: func() (Spec, *api.Result) {
		res := table(cols("region", api.TypeString, "country", api.TypeString, "sales", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{
			{"Europe", "Germany", 412.0}, {"Europe", "France", 298.5}, {"Europe", "United Kingdom", 276.0}, {"Europe", "Spain", 140.2},
			{"Americas", "United States", 655.0}, {"Americas", "Canada", 121.4}, {"Americas", "Brazil", 98.7},
			{"Asia", "Japan", 233.1}, {"Asia", "China", 310.9}, {"Asia", "India", 87.3},
		}...)
		return Spec{Title: "Sales by region and country", Encoding: map[Channel]Field{
			Path: {Columns: []string{"region", "country"}}, Value: {Columns: []string{"sales"}}}, Options: Options{ShowLabels: true}}, res
	},
	Sunburst: func() (Spec, *api.Result) {
		res := table(cols("continent", api.TypeString, "country", api.TypeString, "city", api.TypeString, "population_m", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{
			{"Europe", "France", "Paris", 11.1}, {"Europe", "France", "Lyon", 2.3}, {"Europe", "Germany", "Berlin", 3.9}, {"Europe", "Germany", "Munich", 2.9},
			{"Asia", "Japan", "Tokyo", 37.1}, {"Asia", "Japan", "Osaka", 19.0}, {"Asia", "India", "Delhi", 33.8}, {"Asia", "India", "Mumbai", 21.7},
			{"Americas", "United States", "New York", 18.9}, {"Americas", "United States", "Los Angeles", 12.5}, {"Americas", "Brazil", "São Paulo", 22.8}, {"Americas", "Brazil", "Rio de Janeiro", 13.7},
		}...)
		return Spec{Title: "Metropolitan population", Subtitle: "millions", Encoding: map[Channel]Field{
			Path: {Columns: []string{"continent", "country", "city"}}, Value: {Columns: []string{"population_m"}}}}, res
	},
	Tree: func() (Spec, *api.Result) {
		res := table(cols("id", api.TypeString, "parent", api.TypeString, "name", api.TypeString))
		res.Rows = append(res.Rows, [][]any{
			{"ceo", nil, "Grace (CEO)"}, {"cto", "ceo", "Alan (CTO)"}, {"cfo", "ceo", "Ada (CFO)"}, {"coo", "ceo", "Edsger (COO)"},
			{"eng1", "cto", "Ken (Platform)"}, {"eng2", "cto", "Barbara (Data)"}, {"eng3", "cto", "Donald (Web)"},
			{"fin1", "cfo", "John (Accounts)"}, {"fin2", "cfo", "Frances (Payroll)"},
			{"ops1", "coo", "Margaret (Support)"}, {"ops2", "coo", "Dennis (Facilities)"}, {"eng4", "eng2", "Leslie (Analytics)"},
		}...)
		return Spec{Title: "Organisation", Encoding: fields(ID, "id", Parent, "parent", Label, "name")}, res
	},
	Boxplot: func() (Spec, *api.Result) {
		res := table(cols("team", api.TypeString, "response_ms", api.TypeFloat))
		for ti, t := range []string{"Search", "Checkout", "Accounts"} {
			for i := 0; i < 15; i++ {
				v := 120 + float64(ti)*60 + wobble(ti*15+i)*40
				if i == 14 {
					v += 180 // one outlier per team
				}
				res.Rows = append(res.Rows, []any{t, round(v, 1)})
			}
		}
		return Spec{Title: "Response times by team", Encoding: fields(Category, "team", Value, "response_ms"),
			YAxis: Axis{Title: "ms"}}, res
	},
	Candlestick: func() (Spec, *api.Result) {
		res := table(cols("day", api.TypeTime, "open", api.TypeFloat, "high", api.TypeFloat, "low", api.TypeFloat, "close", api.TypeFloat))
		price := 100.0
		day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		for n := 0; n < 20; day = day.AddDate(0, 0, 1) {
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			open := price
			closing := open + wobble(n)*3
			high := math.Max(open, closing) + math.Abs(wobble(n+40))*1.5 + 0.2
			low := math.Min(open, closing) - math.Abs(wobble(n+80))*1.5 - 0.2
			res.Rows = append(res.Rows, []any{day.Format(time.RFC3339), round(open, 2), round(high, 2), round(low, 2), round(closing, 2)})
			price = closing
			n++
		}
		return Spec{Title: "GOBI share price", Encoding: fields(X, "day", Open, "open", High, "high", Low, "low", Close, "close"),
			YAxis: Axis{Title: "€"}, Format: Format{Number: "0.00", Date: "Jan 2"}}, res
	},
	WordCloud: func() (Spec, *api.Result) {
		res := table(cols("word", api.TypeString, "mentions", api.TypeInt))
		words := []string{"dashboard", "query", "chart", "report", "latency", "export", "schedule", "webhook", "filter", "pivot",
			"drilldown", "alert", "cache", "SQL", "API", "share", "theme", "legend", "map", "forecast"}
		for i, w := range words {
			res.Rows = append(res.Rows, []any{w, int64(400/(i+1) + 12 + int(wobble(i)*5))})
		}
		return Spec{Title: "What users ask about", Encoding: fields(Category, "word", Value, "mentions")}, res
	},
	Graph: func() (Spec, *api.Result) {
		res := table(cols("from", api.TypeString, "to", api.TypeString, "calls", api.TypeInt))
		res.Rows = append(res.Rows, [][]any{
			{"web", "api", int64(950)}, {"mobile", "api", int64(610)}, {"api", "auth", int64(1200)}, {"api", "orders", int64(720)},
			{"api", "search", int64(540)}, {"orders", "payments", int64(300)}, {"orders", "db", int64(690)}, {"search", "index", int64(520)},
			{"auth", "db", int64(410)}, {"payments", "bank", int64(280)}, {"index", "db", int64(90)}, {"api", "cache", int64(880)},
		}...)
		return Spec{Title: "Service calls per minute", Encoding: fields(Source, "from", Target, "to", Value, "calls"),
			Options: Options{ShowLabels: true}}, res
	},
	Waterfall: func() (Spec, *api.Result) {
		res := table(cols("step", api.TypeString, "amount", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{{"Revenue", 520.0}, {"Cost of sales", -210.0}, {"Operating costs", -145.5}, {"Other income", 18.2}, {"Interest", -9.7}, {"Tax", -42.0}}...)
		return Spec{Title: "From revenue to profit", Subtitle: "k€", Encoding: fields(Category, "step", Value, "amount"),
			Options: Options{ShowLabels: true}}, res
	},
	Polar: func() (Spec, *api.Result) {
		res := table(cols("month", api.TypeString, "rain_mm", api.TypeFloat))
		rain := []float64{62, 49, 51, 55, 63, 49, 58, 61, 50, 64, 65, 63}
		for i, m := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
			res.Rows = append(res.Rows, []any{m, rain[i]})
		}
		return Spec{Title: "Rainfall by month", Encoding: fields(Category, "month", Value, "rain_mm")}, res
	},
	Gantt: func() (Spec, *api.Result) {
		res := table(cols("task", api.TypeString, "phase", api.TypeString, "starts", api.TypeTime, "ends", api.TypeTime, "done", api.TypeFloat))
		for _, r := range [][]any{
			{"Requirements", "Plan", "2024-04-01", "2024-04-12", 1.0},
			{"Design", "Plan", "2024-04-08", "2024-04-26", 1.0},
			{"Backend", "Build", "2024-04-22", "2024-06-07", 0.7},
			{"Frontend", "Build", "2024-05-06", "2024-06-21", 0.45},
			{"Testing", "Ship", "2024-06-03", "2024-07-05", 0.1},
			{"Launch", "Ship", "2024-07-08", "2024-07-12", 0.0},
		} {
			res.Rows = append(res.Rows, []any{r[0], r[1], date(r[2].(string)), date(r[3].(string)), r[4]})
		}
		return Spec{Title: "Release plan", Encoding: fields(Category, "task", Start, "starts", End, "ends", Series, "phase", Value, "done"),
			Format: Format{Date: "Jan 2"}}, res
	},
	Rose: func() (Spec, *api.Result) {
		res := table(cols("direction", api.TypeString, "hours", api.TypeFloat))
		freq := []float64{42, 31, 18, 22, 37, 88, 120, 64}
		for i, d := range []string{"N", "NE", "E", "SE", "S", "SW", "W", "NW"} {
			res.Rows = append(res.Rows, []any{d, freq[i]})
		}
		return Spec{Title: "Wind direction", Subtitle: "hours per year, Brest", Encoding: fields(Category, "direction", Value, "hours"),
			Options: Options{Donut: 0.2}}, res
	},
	Geo: func() (Spec, *api.Result) {
		res := table(cols("country", api.TypeString, "gdp_per_capita_k", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{
			{"USA", 80.4}, {"CAN", 53.4}, {"MEX", 13.8}, {"BRA", 10.3}, {"ARG", 13.7}, {"GBR", 48.9}, {"FRA", 44.4},
			{"DEU", 52.7}, {"ESP", 32.7}, {"ITA", 38.4}, {"POL", 22.1}, {"SWE", 53.8}, {"RUS", 13.0}, {"TUR", 13.1},
			{"EGY", 3.5}, {"NGA", 1.6}, {"ZAF", 6.0}, {"IND", 2.5}, {"CHN", 12.6}, {"JPN", 33.8}, {"AUS", 64.7},
		}...)
		return Spec{Title: "GDP per capita", Subtitle: "thousand US$, 2023", Encoding: fields(Region, "country", Value, "gdp_per_capita_k"),
			Options: Options{Map: "world"}}, res
	},
	Progress: func() (Spec, *api.Result) {
		res := table(cols("goal", api.TypeString, "achieved", api.TypeFloat))
		res.Rows = [][]any{{"Quarterly sales goal", 68.0}}
		return Spec{Title: "Sales goal", Encoding: fields(Value, "achieved", Label, "goal"), Format: Format{Number: "0"},
			Options: Options{Min: ptr(0), Max: ptr(100), Target: ptr(75), Circular: true}}, res
	},
	Bar3D: func() (Spec, *api.Result) {
		res := table(cols("product", api.TypeString, "quarter", api.TypeString, "units", api.TypeInt))
		for pi, p := range []string{"Laptops", "Phones", "Tablets", "Monitors"} {
			for qi, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
				res.Rows = append(res.Rows, []any{p, q, int64(200 + pi*80 + qi*35 + int(wobble(pi*4+qi)*40))})
			}
		}
		return Spec{Title: "Units sold", Encoding: fields(X, "product", Y, "quarter", Z, "units")}, res
	},
	Scatter3D: func() (Spec, *api.Result) {
		res := table(cols("x", api.TypeFloat, "y", api.TypeFloat, "z", api.TypeFloat, "cluster", api.TypeString))
		centres := [][3]float64{{2, 2, 2}, {6, 3, 5}, {4, 7, 8}}
		for ci, c := range centres {
			for i := 0; i < 12; i++ {
				k := ci*12 + i
				res.Rows = append(res.Rows, []any{round(c[0]+wobble(k)*1.2, 2), round(c[1]+wobble(k+50)*1.2, 2),
					round(c[2]+wobble(k+100)*1.2, 2), fmt.Sprintf("cluster %c", 'A'+ci)})
			}
		}
		return Spec{Title: "Customer segments", Encoding: fields(X, "x", Y, "y", Z, "z", Series, "cluster")}, res
	},
	Surface3D: func() (Spec, *api.Result) {
		res := table(cols("x", api.TypeInt, "y", api.TypeInt, "z", api.TypeFloat))
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				z := math.Sin(float64(x)*0.8)*math.Cos(float64(y)*0.6)*10 + float64(x+y)
				res.Rows = append(res.Rows, []any{int64(x), int64(y), round(z, 2)})
			}
		}
		return Spec{Title: "Response surface", Encoding: fields(X, "x", Y, "y", Z, "z")}, res
	},
	Bubble3D: func() (Spec, *api.Result) {
		res := table(cols("country", api.TypeString, "continent", api.TypeString, "gdp_k", api.TypeFloat,
			"life_expectancy", api.TypeFloat, "co2_t", api.TypeFloat, "population_m", api.TypeFloat))
		res.Rows = append(res.Rows, [][]any{
			{"United States", "Americas", 80.4, 77.5, 14.9, 335.0}, {"Brazil", "Americas", 10.3, 75.3, 2.2, 216.0},
			{"Mexico", "Americas", 13.8, 75.0, 3.6, 128.0}, {"Canada", "Americas", 53.4, 81.7, 14.3, 40.0},
			{"Germany", "Europe", 52.7, 80.7, 8.0, 84.0}, {"France", "Europe", 44.4, 82.3, 4.6, 68.0},
			{"Poland", "Europe", 22.1, 77.4, 8.1, 37.0}, {"Sweden", "Europe", 53.8, 83.2, 3.6, 10.5},
			{"China", "Asia", 12.6, 78.6, 8.0, 1410.0}, {"India", "Asia", 2.5, 70.8, 1.9, 1430.0},
			{"Japan", "Asia", 33.8, 84.5, 8.5, 125.0}, {"Indonesia", "Asia", 4.9, 68.3, 2.3, 277.0},
			{"Nigeria", "Africa", 1.6, 53.6, 0.6, 224.0}, {"Egypt", "Africa", 3.5, 70.2, 2.3, 113.0},
			{"South Africa", "Africa", 6.0, 61.5, 6.7, 60.0},
		}...)
		return Spec{Title: "Wealth, health and emissions", Encoding: fields(X, "gdp_k", Y, "life_expectancy", Z, "co2_t",
			Size, "population_m", Series, "continent", Label, "country")}, res
	},
}

// fields builds an encoding from channel, column pairs.
func fields(pairs ...any) map[Channel]Field {
	m := make(map[Channel]Field, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(Channel)] = Field{Columns: []string{pairs[i+1].(string)}}
	}
	return m
}

// cols builds columns from name, type pairs.
func cols(pairs ...any) []api.Column {
	out := make([]api.Column, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, api.Column{Name: pairs[i].(string), Type: pairs[i+1].(api.ColumnType)})
	}
	return out
}

func table(c []api.Column) *api.Result { return &api.Result{Columns: c, Rows: [][]any{}} }

// wobble is deterministic noise in [-1, 1].
func wobble(i int) float64 {
	x := math.Sin(float64(i)*12.9898+78.233) * 43758.5453
	return (x-math.Floor(x))*2 - 1
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

func month(y, m int) string {
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

func date(s string) string { return s + "T00:00:00Z" }

func ptr(v float64) *float64 { return &v }
