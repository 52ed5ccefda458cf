package render_test

import (
	"fmt"
	"io"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// scatter100k is a 100,000-point scatter in three series.
func scatter100k() (*chart.Spec, *api.Result) {
	r := rand.New(rand.NewSource(1))
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat}, {Name: "s", Type: api.TypeString}}}
	res.Rows = make([][]any, 100_000)
	for i := range res.Rows {
		s := i % 3
		res.Rows[i] = []any{r.NormFloat64() + float64(s)*2, r.NormFloat64()*0.7 + float64(s), []string{"a", "b", "c"}[s]}
	}
	spec := &chart.Spec{Type: chart.Scatter, Title: "100k points", Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}, chart.Series: {Columns: []string{"s"}}}}
	return spec, res
}

// line50 is 50 series of 1,000 daily points each, in long format.
func line50() (*chart.Spec, *api.Result) {
	r := rand.New(rand.NewSource(2))
	res := &api.Result{Columns: []api.Column{{Name: "day", Type: api.TypeTime}, {Name: "v", Type: api.TypeFloat}, {Name: "s", Type: api.TypeString}}}
	t0 := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for s := 0; s < 50; s++ {
		v := float64(s * 10)
		name := fmt.Sprintf("series %02d", s)
		for i := 0; i < 1000; i++ {
			v += r.NormFloat64()
			res.Rows = append(res.Rows, []any{t0.AddDate(0, 0, i).Format(time.RFC3339), v + 5*math.Sin(float64(i)/50), name})
		}
	}
	spec := &chart.Spec{Type: chart.Line, Title: "50 series", Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"day"}}, chart.Y: {Columns: []string{"v"}}, chart.Series: {Columns: []string{"s"}}}}
	return spec, res
}

var benchSize = render.Options{Width: 1200, Height: 800}

func benchSVG(b *testing.B, spec *chart.Spec, res *api.Result) {
	b.ReportAllocs()
	for b.Loop() {
		sc, err := render.Draw(spec, res, benchSize)
		if err != nil {
			b.Fatal(err)
		}
		if err := svg.Encode(io.Discard, sc); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPNG(b *testing.B, spec *chart.Spec, res *api.Result) {
	b.ReportAllocs()
	for b.Loop() {
		sc, err := render.Draw(spec, res, benchSize)
		if err != nil {
			b.Fatal(err)
		}
		if err := raster.EncodePNG(io.Discard, sc, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// rawPoints keeps every point: options.max_points above the count stops
// chart.Shape from binning the scatter.
func rawPoints(s *chart.Spec, r *api.Result) (*chart.Spec, *api.Result) {
	s.Options.MaxPoints = len(r.Rows)
	return s, r
}

// Draw + encode, 1200×800: the performance targets. The Scatter
// benchmarks draw all 100,000 points; the Binned ones take the default
// path, where chart.Shape bins a scatter of more than 50,000 points.
func BenchmarkScatter100kSVG(b *testing.B)       { s, r := rawPoints(scatter100k()); benchSVG(b, s, r) }
func BenchmarkScatter100kPNG(b *testing.B)       { s, r := rawPoints(scatter100k()); benchPNG(b, s, r) }
func BenchmarkScatter100kBinnedSVG(b *testing.B) { s, r := scatter100k(); benchSVG(b, s, r) }
func BenchmarkScatter100kBinnedPNG(b *testing.B) { s, r := scatter100k(); benchPNG(b, s, r) }
func BenchmarkLine50SVG(b *testing.B)            { s, r := line50(); benchSVG(b, s, r) }
func BenchmarkLine50PNG(b *testing.B)            { s, r := line50(); benchPNG(b, s, r) }
