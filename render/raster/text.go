package raster

import (
	"math"
	"sync"

	"github.com/gobi-bi/gobi/render"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// glyph is a glyph outline flattened at em size 1 (y down), with its
// advance in ems.
type glyph struct {
	polys   []poly
	advance float64
}

// glyphEm is the pixel size outlines are flattened at before scaling;
// large enough that curves stay smooth up to ~100 px text.
const glyphEm = 256

var glyphs sync.Map // key: rune<<1 | bold → *glyph

func loadGlyph(r rune, bold bool) *glyph {
	key := int64(r) << 1
	if bold {
		key |= 1
	}
	if g, ok := glyphs.Load(key); ok {
		return g.(*glyph)
	}
	g := buildGlyph(r, bold)
	glyphs.Store(key, g)
	return g
}

func buildGlyph(r rune, bold bool) *glyph {
	f := render.ParsedFont(bold)
	var buf sfnt.Buffer
	g := &glyph{advance: render.TextWidth(string(r), render.Font{Size: 1, Bold: bold})}
	gi, err := f.GlyphIndex(&buf, r)
	if err != nil || gi == 0 {
		gi, _ = f.GlyphIndex(&buf, '?')
	}
	segs, err := f.LoadGlyph(&buf, gi, fixed.I(glyphEm), nil)
	if err != nil {
		return g
	}
	const k = 1.0 / 64 / glyphEm
	var path render.Path
	for _, s := range segs {
		a := s.Args
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			path.Move(float64(a[0].X)*k, float64(a[0].Y)*k)
		case sfnt.SegmentOpLineTo:
			path.Line(float64(a[0].X)*k, float64(a[0].Y)*k)
		case sfnt.SegmentOpQuadTo:
			// Elevate the quadratic to a cubic from the current point.
			var p0 render.Point
			if n := len(path); n > 0 {
				last := path[n-1]
				p0 = last.P[0]
				if last.Kind == render.CubicTo {
					p0 = last.P[2]
				}
			}
			c := render.Point{X: float64(a[0].X) * k, Y: float64(a[0].Y) * k}
			e := render.Point{X: float64(a[1].X) * k, Y: float64(a[1].Y) * k}
			path.Cubic(p0.X+2.0/3*(c.X-p0.X), p0.Y+2.0/3*(c.Y-p0.Y), e.X+2.0/3*(c.X-e.X), e.Y+2.0/3*(c.Y-e.Y), e.X, e.Y)
		case sfnt.SegmentOpCubeTo:
			path.Cubic(float64(a[0].X)*k, float64(a[0].Y)*k, float64(a[1].X)*k, float64(a[1].Y)*k, float64(a[2].X)*k, float64(a[2].Y)*k)
		}
	}
	// Flatten at glyphEm pixels per em, then keep em units.
	polys := flatten(nil, path, glyphEm)
	for _, pl := range polys {
		for i := range pl.pts {
			pl.pts[i].x /= glyphEm
			pl.pts[i].y /= glyphEm
		}
	}
	g.polys = polys
	return g
}

// text draws a TextOp: glyph outlines placed along the baseline, rotated
// about the op's point, filled like any polygon.
func (p *painter) text(t *render.TextOp) {
	if t.Text == "" || t.Color.IsNone() || !(t.Font.Size > 0) || !finite(t.X) || !finite(t.Y) {
		return
	}
	size := t.Font.Size
	var x0 float64
	switch t.Anchor {
	case render.AnchorMiddle:
		x0 = -render.TextWidth(t.Text, t.Font) / 2
	case render.AnchorEnd:
		x0 = -render.TextWidth(t.Text, t.Font)
	}
	y0 := render.BaselineOffset(t.Baseline, size)
	sin, cos := math.Sincos(t.Rotate * math.Pi / 180)
	s := p.scale
	ox, oy := t.X*s, t.Y*s
	var polys []poly
	pen := x0
	for _, r := range t.Text {
		g := loadGlyph(r, t.Font.Bold)
		for _, pl := range g.polys {
			pts := make([]pt, len(pl.pts))
			for i, q := range pl.pts {
				lx, ly := pen+q.x*size, y0+q.y*size
				pts[i] = pt{ox + (lx*cos-ly*sin)*s, oy + (lx*sin+ly*cos)*s}
			}
			polys = append(polys, poly{pts: pts, closed: true})
		}
		pen += g.advance * size
	}
	p.fill(polys, t.Color)
}
