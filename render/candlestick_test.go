package render

import (
	"fmt"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// dailyCandles is n daily OHLC rows starting 2025-01-01, the day in a
// column of type dayType.
func dailyCandles(n int, dayType api.ColumnType) *api.Result {
	res := &api.Result{Columns: []api.Column{{Name: "day", Type: dayType},
		{Name: "o", Type: api.TypeFloat}, {Name: "h", Type: api.TypeFloat},
		{Name: "l", Type: api.TypeFloat}, {Name: "c", Type: api.TypeFloat}}}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		day := start.AddDate(0, 0, i)
		var dv any = day.Format(time.RFC3339)
		if dayType == api.TypeString {
			dv = day.Format("2006-01-02")
		}
		o := 100 + float64(i%23)
		res.Rows = append(res.Rows, []any{dv, o, o + 5, o - 4, o + float64(i%5) - 2})
	}
	return res
}

// TestCandlestickTimeLabelsThin draws 250 daily candles at 800 px, with the
// day as a time column and as text, and checks the x labels neither
// overlap nor leave the chart, and stay flat: days given as text get a
// time axis too.
func TestCandlestickTimeLabelsThin(t *testing.T) {
	for _, typ := range []api.ColumnType{api.TypeTime, api.TypeString} {
		for _, w := range []float64{360, 800} {
			t.Run(fmt.Sprintf("%s/%g", typ, w), func(t *testing.T) {
				spec := &chart.Spec{Type: chart.Candlestick, Encoding: map[chart.Channel]chart.Field{
					chart.X: {Columns: []string{"day"}}, chart.Open: {Columns: []string{"o"}},
					chart.High: {Columns: []string{"h"}}, chart.Low: {Columns: []string{"l"}},
					chart.Close: {Columns: []string{"c"}}}}
				sc, err := Draw(spec, dailyCandles(250, typ), Options{Width: w, Height: 480})
				if err != nil {
					t.Fatal(err)
				}
				var ls []*TextOp
				for _, op := range sc.Ops {
					if tx, ok := op.(*TextOp); ok && tx.Font == fontTick && (tx.Anchor == AnchorMiddle || tx.Rotate != 0) {
						ls = append(ls, tx)
					}
				}
				for _, l := range ls {
					if l.Rotate != 0 {
						t.Fatalf("label %q rotated: dates should read flat", l.Text)
					}
				}
				if len(ls) < 3 {
					t.Fatalf("%d x labels, want at least 3", len(ls))
				}
				checkLabels(t, sc, ls)
			})
		}
	}
}
