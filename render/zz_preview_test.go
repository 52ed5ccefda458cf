package render_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/shared/chart"
)

// TestPreview writes PNGs of the sample charts to $GOBI_PREVIEW (dev aid).
func TestPreview(t *testing.T) {
	dir := os.Getenv("GOBI_PREVIEW")
	if dir == "" {
		t.Skip("GOBI_PREVIEW not set")
	}
	for _, ty := range []chart.Type{chart.Pie, chart.Rose, chart.Radar, chart.Polar, chart.Gauge, chart.Funnel, chart.Progress, chart.Treemap, chart.Sunburst, chart.Tree, chart.Graph, chart.WordCloud, chart.Geo} {
		spec, res := chart.Sample(ty)
		sc, err := render.Draw(&spec, res, render.Options{})
		if err != nil {
			t.Log(ty, err)
			continue
		}
		f, _ := os.Create(filepath.Join(dir, string(ty)+".png"))
		raster.EncodePNG(f, sc, 1)
		f.Close()
	}
	files, _ := filepath.Glob("testdata/specs/*.json")
	for _, fn := range files {
		spec := loadSpec(t, filepath.Base(fn[:len(fn)-5]))
		sc, err := render.Draw(spec, nil, render.Options{Width: 800, Height: 480})
		if err != nil {
			t.Log(fn, err)
			continue
		}
		f, _ := os.Create(filepath.Join(dir, "spec_"+filepath.Base(fn[:len(fn)-5])+".png"))
		raster.EncodePNG(f, sc, 1)
		f.Close()
	}
}
