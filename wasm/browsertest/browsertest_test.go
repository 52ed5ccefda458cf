//go:build !js

package browsertest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name     string
		paint    func(*image.RGBA)
		fg, cols int
	}{
		{"blank", func(*image.RGBA) {}, 0, 1},
		{"one bar", func(m *image.RGBA) {
			for y := 2; y < 8; y++ {
				m.Set(3, y, color.RGBA{47, 111, 222, 255})
			}
		}, 6, 2},
		{"anti-aliasing folds into one colour", func(m *image.RGBA) {
			m.Set(0, 0, color.RGBA{47, 111, 222, 255})
			m.Set(1, 0, color.RGBA{46, 110, 221, 255})
		}, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := image.NewRGBA(image.Rect(0, 0, 10, 10))
			for i := range m.Pix {
				m.Pix[i] = 255
			}
			tc.paint(m)
			var buf bytes.Buffer
			if err := png.Encode(&buf, m); err != nil {
				t.Fatal(err)
			}
			p, err := Analyze(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if p.Pixels != 100 || p.Foreground != tc.fg || p.Colors != tc.cols {
				t.Fatalf("got %+v, want foreground %d, colours %d", p, tc.fg, tc.cols)
			}
		})
	}
}
