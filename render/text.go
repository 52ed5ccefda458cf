package render

import (
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontData returns the TTF bytes every back-end draws with.
func FontData(bold bool) []byte {
	if bold {
		return gobold.TTF
	}
	return goregular.TTF
}

var (
	fontsOnce sync.Once
	fonts     [2]*sfnt.Font
)

// ParsedFont returns the parsed Go Regular (or Bold) font.
func ParsedFont(bold bool) *sfnt.Font {
	fontsOnce.Do(func() {
		for i, b := range [][]byte{goregular.TTF, gobold.TTF} {
			f, err := opentype.Parse(b)
			if err != nil {
				panic(err) // embedded, known-good data
			}
			fonts[i] = f
		}
	})
	if bold {
		return fonts[1]
	}
	return fonts[0]
}

// unitsPerEm-relative advance widths are cached per rune; layout measures
// thousands of labels.
var advances sync.Map // key: rune<<1 | bold → float64 (em fraction)

// TextWidth is the advance width of s at f, in pixels.
func TextWidth(s string, f Font) float64 {
	var w float64
	b := 0
	if f.Bold {
		b = 1
	}
	for _, r := range s {
		key := int64(r)<<1 | int64(b)
		if v, ok := advances.Load(key); ok {
			w += v.(float64)
			continue
		}
		v := advance(r, f.Bold)
		advances.Store(key, v)
		w += v
	}
	return w * f.Size
}

func advance(r rune, bold bool) float64 {
	fnt := ParsedFont(bold)
	var buf sfnt.Buffer
	upem := fixed.Int26_6(fnt.UnitsPerEm())
	gi, err := fnt.GlyphIndex(&buf, r)
	if err != nil || gi == 0 {
		gi, _ = fnt.GlyphIndex(&buf, '?')
	}
	adv, err := fnt.GlyphAdvance(&buf, gi, upem, font.HintingNone)
	if err != nil {
		return 0.5
	}
	return float64(adv) / float64(upem)
}

// Ascent and Descent are the font's vertical metrics as fractions of the
// size (Go Regular: about 0.93 and 0.21).
var Ascent, Descent = func() (float64, float64) {
	fnt := ParsedFont(false)
	var buf sfnt.Buffer
	upem := fixed.Int26_6(fnt.UnitsPerEm())
	m, err := fnt.Metrics(&buf, upem, font.HintingNone)
	if err != nil {
		return 0.9, 0.2
	}
	return float64(m.Ascent) / float64(upem), float64(m.Descent) / float64(upem)
}()

// Truncate shortens s with an ellipsis so it fits in max pixels.
func Truncate(s string, f Font, max float64) string {
	if TextWidth(s, f) <= max {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && TextWidth(string(rs)+"…", f) > max {
		rs = rs[:len(rs)-1]
	}
	if len(rs) == 0 {
		return ""
	}
	return string(rs) + "…"
}
