package render_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func TestGridCells(t *testing.T) {
	g := render.Grid{Columns: 12, Width: 1210, RowHeight: 80, Gap: 10} // columns 90 wide
	cases := []struct {
		name   string
		tiles  []render.GridTile
		want   []render.Rect
		height float64
	}{
		{"two halves", []render.GridTile{{0, 0, 6, 4}, {6, 0, 6, 4}},
			[]render.Rect{{10, 10, 590, 350}, {610, 10, 590, 350}}, 370},
		{"full width under", []render.GridTile{{0, 0, 12, 2}, {0, 2, 12, 1}},
			[]render.Rect{{10, 10, 1190, 170}, {10, 190, 1190, 80}}, 280},
		{"out of range is clamped", []render.GridTile{{11, -3, 5, 0}},
			[]render.Rect{{1110, 10, 90, 80}}, 100},
		{"no tiles", nil, []render.Rect{}, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rects, h := g.Cells(c.tiles)
			if len(rects) != len(c.want) || h != c.height {
				t.Fatalf("Cells = %v, height %v; want %v, height %v", rects, h, c.want, c.height)
			}
			for i := range rects {
				if rects[i] != c.want[i] {
					t.Errorf("tile %d: %+v, want %+v", i, rects[i], c.want[i])
				}
			}
		})
	}
}

func TestCompose(t *testing.T) {
	spec := &chart.Spec{Type: chart.Bar, Title: "Revenue by region", Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"region"}}, chart.Y: {Columns: []string{"revenue"}}}}
	data := &api.Result{Columns: []api.Column{{Name: "region", Type: "text"}, {Name: "revenue", Type: "float"}},
		Rows: [][]any{{"North", 120.0}, {"South", 80.0}, {"East", 95.0}}}
	bar, err := render.Draw(spec, data, render.Options{Width: 400, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	cells := []render.Cell{
		{Rect: render.Rect{X: 10, Y: 10, W: 400, H: 300}, Scene: bar},
		{Rect: render.Rect{X: 420, Y: 10, W: 400, H: 300}, Scene: bar},
		{Rect: render.Rect{X: 10, Y: 320, W: 810, H: 200}, Title: "Sales cube", Note: "3D chart: open the dashboard to turn it"},
	}
	for _, th := range []render.Theme{render.Light, render.Dark} {
		t.Run(th.Name, func(t *testing.T) {
			page := render.Compose(830, 530, th, cells)
			if page.Width != 830 || page.Height != 530 {
				t.Fatalf("page %v × %v", page.Width, page.Height)
			}
			// Each scene's text is there once per cell, moved into it.
			var texts []*render.TextOp
			for _, op := range page.Ops {
				if o, ok := op.(*render.TextOp); ok {
					texts = append(texts, o)
				}
			}
			var title *render.TextOp
			for _, op := range bar.Ops {
				if o, ok := op.(*render.TextOp); ok && o.Text == spec.Title {
					title = o
				}
			}
			if title == nil {
				t.Fatal("the bar scene has no title text")
			}
			found := map[[2]float64]bool{}
			for _, o := range texts {
				if o.Text == spec.Title {
					found[[2]float64{o.X - title.X, o.Y - title.Y}] = true
				}
			}
			if !found[[2]float64{10, 10}] || !found[[2]float64{420, 10}] || len(found) != 2 {
				t.Errorf("the title moved by %v, want (10,10) and (420,10)", found)
			}
			if title.X > 400 {
				t.Errorf("the source scene was changed: title at %v", title.X)
			}
			var labels []string
			for _, o := range texts {
				if o.Color == th.Text || o.Color == th.MutedText {
					labels = append(labels, o.Text)
				}
			}
			if j := strings.Join(labels, "|"); !strings.Contains(j, "Sales cube") || !strings.Contains(j, "3D chart: open") {
				t.Errorf("placeholder texts missing: %q", j)
			}
			// Every cell is clipped to itself.
			clips := 0
			for _, op := range page.Ops {
				if b, ok := op.(*render.BeginOp); ok && b.Clip != nil && *b.Clip == cells[min(clips, 2)].Rect {
					clips++
				}
			}
			if clips != 3 {
				t.Errorf("%d cells clipped to their rectangle, want 3", clips)
			}
			// One display list, both back-ends.
			s := svg.Bytes(page)
			if !bytes.Contains(s[:min(len(s), 200)], []byte("<svg ")) || !bytes.Contains(s, []byte(`width="830"`)) {
				t.Errorf("svg starts %q", s[:min(len(s), 120)])
			}
			var buf bytes.Buffer
			if err := raster.EncodePNG(&buf, page, 1); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 830 || b.Dy() != 530 {
				t.Errorf("png %v", b)
			}
			// The gap between the cards shows the page, the card its theme.
			gap, card := img.At(415, 100), img.At(200, 515)
			r1, g1, b1, _ := gap.RGBA()
			r2, g2, b2, _ := card.RGBA()
			if r1 == r2 && g1 == g2 && b1 == b2 {
				t.Errorf("gap and card have one colour %v", gap)
			}
		})
	}
}
