package raster

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/chart"
)

func loadSpec(t *testing.T, name string) *chart.Spec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "specs", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var s chart.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// near reports whether two colours differ by at most tol per channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// countNear counts pixels of img within r that are near c.
func countNear(img image.Image, r image.Rectangle, c render.Color, tol int) int {
	want := color.RGBA{c.R, c.G, c.B, 255}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(color.RGBAModel.Convert(img.At(x, y)).(color.RGBA), want, tol) {
				n++
			}
		}
	}
	return n
}

// plotRect finds the plot group's clip rectangle in a scene.
func plotRect(t *testing.T, sc *render.Scene, scale float64) image.Rectangle {
	for _, op := range sc.Ops {
		if b, ok := op.(*render.BeginOp); ok && b.Meta != nil && b.Meta.Kind == "plot" && b.Clip != nil {
			c := b.Clip
			return image.Rect(int(c.X*scale)+2, int(c.Y*scale)+2, int((c.X+c.W)*scale)-2, int((c.Y+c.H)*scale)-2)
		}
	}
	t.Fatal("no plot group")
	return image.Rectangle{}
}

// TestPNGChartHasSeriesColours encodes charts as PNG, decodes them, and
// checks that the plot area is not blank and shows the palette's first
// series colours.
func TestPNGChartHasSeriesColours(t *testing.T) {
	pal := render.Palette("default")
	tests := []struct {
		name    string
		scale   float64
		colours []render.Color
		minPix  int // pixels of each colour, at scale 1
	}{
		{"bar", 1, pal[:2], 2000},
		{"bar", 2, pal[:2], 2000},
		{"bar_stacked_horizontal", 1, pal[:4], 1000},
		{"line", 1, pal[:3], 200},
		{"scatter", 1, pal[:3], 100},
		{"gantt", 1, pal[:3], 500},
		{"candlestick", 1, []render.Color{render.Light.Positive, render.Light.Negative}, 300},
	}
	for _, tc := range tests {
		sc, err := render.Draw(loadSpec(t, tc.name), nil, render.Options{Width: 800, Height: 480})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := EncodePNG(&buf, sc, tc.scale); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: PNG does not decode: %v", tc.name, err)
		}
		if b := img.Bounds(); b.Dx() != int(800*tc.scale) || b.Dy() != int(480*tc.scale) {
			t.Errorf("%s: size %v at scale %g", tc.name, b, tc.scale)
		}
		r := plotRect(t, sc, tc.scale)
		blank := countNear(img, r, render.Light.Background, 0)
		if total := r.Dx() * r.Dy(); blank > total*97/100 {
			t.Errorf("%s: plot area %d%% background", tc.name, blank*100/total)
		}
		for i, c := range tc.colours {
			n := countNear(img, r, c, 6)
			if n < tc.minPix*int(tc.scale*tc.scale) {
				t.Errorf("%s ×%g: series colour %d (%s) on %d px, want ≥ %d", tc.name, tc.scale, i, c.Hex(), n, tc.minPix)
			}
		}
	}
}

func scene(w, h float64, ops ...render.Op) *render.Scene {
	return &render.Scene{Width: w, Height: h, Background: render.Color{R: 255, G: 255, B: 255, A: 255}, Ops: ops}
}

func at(img *image.RGBA, x, y int) color.RGBA { return img.RGBAAt(x, y) }

var (
	black = render.Color{R: 0, G: 0, B: 0, A: 255}
	blue  = render.Color{R: 0, G: 0, B: 255, A: 255}
	white = color.RGBA{255, 255, 255, 255}
)

// TestShapes checks single operations pixel by pixel: fills, strokes with
// joins, circles, rings, clipping, alpha, dashes, rounded rects.
func TestShapes(t *testing.T) {
	var zig render.Path
	zig.Move(10, 40)
	zig.Line(30, 10)
	zig.Line(50, 40)
	zig.Line(70, 10)
	var sq render.Path
	sq.Move(20, 20)
	sq.Line(60, 20)
	sq.Line(60, 60)
	sq.Line(20, 60)
	sq.Close()
	tests := []struct {
		name string
		op   []render.Op
		ink  [][2]int // pixels that must be painted (not white)
		bare [][2]int // pixels that must stay white
	}{
		{"rect", []render.Op{&render.RectOp{X: 10, Y: 10, W: 20, H: 10, Style: render.Style{Fill: black}}},
			[][2]int{{10, 10}, {29, 19}, {20, 15}}, [][2]int{{9, 15}, {30, 15}, {20, 20}}},
		{"rounded rect corners stay clear", []render.Op{&render.RectOp{X: 10, Y: 10, W: 40, H: 40, Radius: 10, Style: render.Style{Fill: black}}},
			[][2]int{{30, 30}, {10, 30}}, [][2]int{{10, 10}, {49, 49}}},
		{"stroke polyline with joins", []render.Op{&render.PathOp{Path: zig, Style: render.Style{Stroke: black, StrokeWidth: 3}}},
			[][2]int{{30, 11}, {50, 38}, {20, 25}}, [][2]int{{30, 30}, {50, 20}}},
		{"closed square stroke, hollow", []render.Op{&render.PathOp{Path: sq, Style: render.Style{Stroke: black, StrokeWidth: 4}}},
			[][2]int{{20, 20}, {59, 59}, {40, 20}, {20, 40}}, [][2]int{{40, 40}, {25, 25}}},
		{"circle fill", []render.Op{&render.CircleOp{CX: 40, CY: 40, R: 10, Style: render.Style{Fill: black}}},
			[][2]int{{40, 40}, {32, 40}}, [][2]int{{40, 29}, {49, 49}}},
		{"ring", []render.Op{&render.CircleOp{CX: 40, CY: 40, R: 15, Style: render.Style{Stroke: black, StrokeWidth: 3}}},
			[][2]int{{55, 40}, {40, 25}}, [][2]int{{40, 40}, {48, 40}}},
		{"clip", []render.Op{&render.BeginOp{Clip: &render.Rect{X: 0, Y: 0, W: 30, H: 80}},
			&render.RectOp{X: 10, Y: 10, W: 60, H: 20, Style: render.Style{Fill: black}}, &render.EndOp{},
			&render.RectOp{X: 10, Y: 50, W: 60, H: 10, Style: render.Style{Fill: black}}},
			[][2]int{{20, 20}, {60, 55}}, [][2]int{{40, 20}}},
		{"dashes", []render.Op{&render.PathOp{Path: render.Path{{Kind: render.MoveTo, P: [3]render.Point{{X: 0, Y: 40}}}, {Kind: render.LineTo, P: [3]render.Point{{X: 80, Y: 40}}}},
			Style: render.Style{Stroke: black, StrokeWidth: 2, Dash: []float64{10, 10}}}},
			[][2]int{{5, 40}, {25, 40}}, [][2]int{{15, 40}, {35, 40}}},
		{"huge coordinates are clipped, not looped over", []render.Op{&render.RectOp{X: -1e12, Y: 30, W: 2e12, H: 10, Style: render.Style{Fill: black}},
			&render.PathOp{Path: render.Path{{Kind: render.MoveTo, P: [3]render.Point{{X: -1e15, Y: -1e15}}}, {Kind: render.LineTo, P: [3]render.Point{{X: 1e15, Y: 1e15}}}}, Style: render.Style{Stroke: black, StrokeWidth: 2}}},
			[][2]int{{5, 35}, {70, 35}, {60, 60}}, [][2]int{{5, 60}}},
		{"NaN is skipped", []render.Op{&render.RectOp{X: math.NaN(), Y: 0, W: 10, H: 10, Style: render.Style{Fill: black}},
			&render.CircleOp{CX: math.Inf(1), CY: 5, R: 5, Style: render.Style{Fill: black}},
			&render.PathOp{Path: render.Path{{Kind: render.MoveTo, P: [3]render.Point{{X: math.NaN(), Y: 0}}}, {Kind: render.LineTo, P: [3]render.Point{{X: 10, Y: 10}}}, {Kind: render.LineTo, P: [3]render.Point{{X: 0, Y: 10}}}}, Style: render.Style{Fill: black}}},
			nil, [][2]int{{5, 5}}},
		{"unbalanced End", []render.Op{&render.EndOp{}, &render.EndOp{}, &render.RectOp{X: 0, Y: 0, W: 5, H: 5, Style: render.Style{Fill: black}}},
			[][2]int{{2, 2}}, nil},
	}
	for _, tc := range tests {
		start := time.Now()
		img := Draw(scene(80, 80, tc.op...), 1)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", tc.name, d)
		}
		for _, p := range tc.ink {
			if at(img, p[0], p[1]) == white {
				t.Errorf("%s: pixel %v not painted", tc.name, p)
			}
		}
		for _, p := range tc.bare {
			if c := at(img, p[0], p[1]); c != white {
				t.Errorf("%s: pixel %v painted %v", tc.name, p, c)
			}
		}
	}
}

// TestAlphaCompositing checks source-over: 50% black on white is mid grey,
// and two 50% layers give 75%.
func TestAlphaCompositing(t *testing.T) {
	half := black.Alpha(0.5)
	img := Draw(scene(20, 10,
		&render.RectOp{X: 0, Y: 0, W: 20, H: 10, Style: render.Style{Fill: half}},
		&render.RectOp{X: 10, Y: 0, W: 10, H: 10, Style: render.Style{Fill: half}}), 1)
	if c := at(img, 5, 5); c.R < 124 || c.R > 131 || c.A != 255 {
		t.Errorf("50%% over white = %v, want ~128", c)
	}
	if c := at(img, 15, 5); c.R < 60 || c.R > 68 {
		t.Errorf("two 50%% layers = %v, want ~64", c)
	}
	// A transparent background stays transparent where nothing is drawn.
	sc := &render.Scene{Width: 4, Height: 4}
	if c := Draw(sc, 1).RGBAAt(1, 1); c.A != 0 {
		t.Errorf("transparent background painted %v", c)
	}
}

// TestText checks that text is drawn where its anchor says, in its colour,
// and that rotated text is drawn along its rotation.
func TestText(t *testing.T) {
	f := render.Font{Size: 20}
	w := render.TextWidth("HHHH", f)
	ink := func(img *image.RGBA, r image.Rectangle) int { return countNear(img, r, blue, 60) }
	tests := []struct {
		name string
		op   render.TextOp
		in   image.Rectangle // holds most of the ink
		out  image.Rectangle // holds none
	}{
		{"start", render.TextOp{X: 20, Y: 50, Text: "HHHH", Font: f, Color: blue},
			image.Rect(20, 35, 20+int(w), 51), image.Rect(0, 0, 19, 100)},
		{"end", render.TextOp{X: 100, Y: 50, Text: "HHHH", Font: f, Color: blue, Anchor: render.AnchorEnd},
			image.Rect(100-int(w), 35, 100, 51), image.Rect(101, 0, 200, 100)},
		{"middle, top baseline", render.TextOp{X: 100, Y: 20, Text: "HHHH", Font: f, Color: blue, Anchor: render.AnchorMiddle, Baseline: render.BaselineTop},
			image.Rect(100-int(w/2), 20, 100+int(w/2), 40), image.Rect(0, 0, 200, 19)},
		{"rotated -90", render.TextOp{X: 50, Y: 90, Text: "HHHH", Font: f, Color: blue, Rotate: -90},
			image.Rect(35, 90-int(w), 51, 90), image.Rect(52, 0, 200, 100)},
		{"bold", render.TextOp{X: 20, Y: 50, Text: "HHHH", Font: render.Font{Size: 20, Bold: true}, Color: blue},
			image.Rect(20, 35, 25+int(w), 51), image.Rect(0, 0, 19, 100)},
	}
	for _, tc := range tests {
		op := tc.op
		img := Draw(scene(200, 100, &op), 1)
		total := ink(img, img.Bounds())
		if total < 100 {
			t.Errorf("%s: only %d text pixels", tc.name, total)
			continue
		}
		if in := ink(img, tc.in); in < total*9/10 {
			t.Errorf("%s: %d of %d text pixels inside %v", tc.name, in, total, tc.in)
		}
		if out := ink(img, tc.out); out > 0 {
			t.Errorf("%s: %d text pixels in %v", tc.name, out, tc.out)
		}
	}
}

// TestScaleAndLimits checks high-DPI scaling and the size cap.
func TestScaleAndLimits(t *testing.T) {
	sc := scene(100, 50, &render.RectOp{X: 10, Y: 10, W: 10, H: 10, Style: render.Style{Fill: black}})
	img := Draw(sc, 2)
	if img.Bounds().Dx() != 200 || img.Bounds().Dy() != 100 {
		t.Errorf("scale 2: %v", img.Bounds())
	}
	if at(img, 39, 39) == white || at(img, 41, 41) != white {
		t.Error("scale 2: rect not doubled")
	}
	for _, s := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if b := Draw(sc, s).Bounds(); b.Dx() != 100 {
			t.Errorf("scale %g: %v", s, b)
		}
	}
	if b := Draw(&render.Scene{Width: 1e9, Height: 2}, 1).Bounds(); b.Dx() != maxPixels {
		t.Errorf("huge scene: %v", b)
	}
	if b := Draw(nil, 1).Bounds(); b.Dx() != 1 {
		t.Errorf("nil scene: %v", b)
	}
}
