// Package raster draws a render.Scene into an RGBA image and encodes it as
// PNG, in pure Go (no cgo), for report attachments, chat previews and
// image exports.
//
// Every shape is flattened to polygons and filled with the anti-aliasing
// rasteriser of golang.org/x/image/vector; strokes are expanded into
// polygons (quads per segment, bevel or round joins, butt caps), text is
// drawn from the Go fonts' glyph outlines, so rotated labels need no
// special case. Compositing is source-over. The package is separate from
// render so that the browser build does not carry it.
package raster

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"github.com/gobi-bi/gobi/render"
	"golang.org/x/image/vector"
)

// Draw renders s at scale (2 = twice the pixels, for high-DPI screens and
// print); a scale ≤ 0 means 1.
func Draw(s *render.Scene, scale float64) *image.RGBA {
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		scale = 1
	}
	if s == nil {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	w := clampSide(s.Width * scale)
	h := clampSide(s.Height * scale)
	p := &painter{
		img:   image.NewRGBA(image.Rect(0, 0, w, h)),
		scale: scale,
		z:     &vector.Rasterizer{},
	}
	p.clips = []image.Rectangle{p.img.Bounds()}
	if !s.Background.IsNone() {
		p.fillRect(p.img.Bounds(), s.Background)
	}
	for _, op := range s.Ops {
		p.op(op)
	}
	return p.img
}

// EncodePNG renders s at scale and writes it as PNG.
func EncodePNG(w io.Writer, s *render.Scene, scale float64) error {
	img := Draw(s, scale)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("raster: encode png: %w", err)
	}
	return nil
}

// maxPixels bounds one side of the image (16k px), whatever the scene
// and scale ask for.
const maxPixels = 16384

func clampSide(v float64) int {
	if math.IsNaN(v) || v < 1 {
		return 1
	}
	return int(math.Min(math.Ceil(v), maxPixels))
}

// pt is a point in device pixels.
type pt struct{ x, y float64 }

// poly is a flattened subpath.
type poly struct {
	pts    []pt
	closed bool
}

type painter struct {
	img   *image.RGBA
	scale float64
	clips []image.Rectangle
	z     *vector.Rasterizer
	// scratch polygons reused across operations
	fillBuf   []poly
	strokeBuf []poly
}

func (p *painter) clip() image.Rectangle { return p.clips[len(p.clips)-1] }

func (p *painter) op(op render.Op) {
	switch o := op.(type) {
	case *render.RectOp:
		p.rect(o)
	case *render.CircleOp:
		p.circle(o)
	case *render.PathOp:
		polys := flatten(p.fillBuf[:0], o.Path, p.scale)
		p.fillBuf = polys
		if !o.Fill.IsNone() {
			p.fill(polys, o.Fill)
		}
		p.strokeScaled(polys, o.Style)
	case *render.TextOp:
		p.text(o)
	case *render.BeginOp:
		c := p.clip()
		if o.Clip != nil {
			r := o.Clip
			c = c.Intersect(image.Rect(
				int(math.Floor(r.X*p.scale)), int(math.Floor(r.Y*p.scale)),
				int(math.Ceil((r.X+r.W)*p.scale)), int(math.Ceil((r.Y+r.H)*p.scale))))
		}
		p.clips = append(p.clips, c)
	case *render.EndOp:
		if len(p.clips) > 1 {
			p.clips = p.clips[:len(p.clips)-1]
		}
	}
}

func (p *painter) rect(o *render.RectOp) {
	if !(o.W > 0 && o.H > 0) {
		return
	}
	s := p.scale
	x, y, w, h := o.X*s, o.Y*s, o.W*s, o.H*s
	rad := math.Min(o.Radius*s, math.Min(w, h)/2)
	var poly poly
	if rad > 0.5 {
		var path render.Path
		path.Arc(x+w-rad, y+rad, rad, -math.Pi/2, 0, true)
		path.Arc(x+w-rad, y+h-rad, rad, 0, math.Pi/2, false)
		path.Arc(x+rad, y+h-rad, rad, math.Pi/2, math.Pi, false)
		path.Arc(x+rad, y+rad, rad, math.Pi, 3*math.Pi/2, false)
		path.Close()
		polys := flatten(p.fillBuf[:0], path, 1)
		p.fillBuf = polys
		if !o.Fill.IsNone() {
			p.fill(polys, o.Fill)
		}
		p.strokeScaled(polys, o.Style)
		return
	}
	poly.pts = []pt{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}
	poly.closed = true
	polys := append(p.fillBuf[:0], poly)
	p.fillBuf = polys
	if !o.Fill.IsNone() {
		p.fill(polys, o.Fill)
	}
	p.strokeScaled(polys, o.Style)
}

func (p *painter) circle(o *render.CircleOp) {
	if !(o.R > 0) || !finite(o.CX) || !finite(o.CY) {
		return
	}
	s := p.scale
	cx, cy, r := o.CX*s, o.CY*s, o.R*s
	if !o.Fill.IsNone() {
		p.fill([]poly{circlePoly(cx, cy, r, false)}, o.Fill)
	}
	if !o.Stroke.IsNone() && o.StrokeWidth > 0 {
		hw := o.StrokeWidth * s / 2
		in := math.Max(r-hw, 0)
		ring := []poly{circlePoly(cx, cy, r+hw, false)}
		if in > 0 {
			ring = append(ring, circlePoly(cx, cy, in, true))
		}
		p.fill(ring, o.Stroke)
	}
}

// circlePoly approximates a circle with a polygon fine enough that no
// vertex is more than ~0.1 px off the curve.
func circlePoly(cx, cy, r float64, reverse bool) poly {
	n := int(math.Ceil(math.Pi / math.Sqrt(0.2/math.Max(r, 0.1))))
	n = max(8, min(n, 256))
	pts := make([]pt, n)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		if reverse {
			a = -a
		}
		pts[i] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return poly{pts: pts, closed: true}
}

// fill paints the union of polys (nonzero-like winding) in c.
func (p *painter) fill(polys []poly, c render.Color) {
	if c.IsNone() || len(polys) == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	bad := false
	for _, pl := range polys {
		for _, q := range pl.pts {
			if !finite(q.x) || !finite(q.y) {
				bad = true
				continue
			}
			minX, maxX = math.Min(minX, q.x), math.Max(maxX, q.x)
			minY, maxY = math.Min(minY, q.y), math.Max(maxY, q.y)
		}
	}
	if bad {
		// A NaN or infinite vertex would corrupt the rasteriser: drop
		// the polygons that have one.
		polys = dropNonFinite(polys)
	}
	if len(polys) == 0 || !(minX <= maxX && minY <= maxY) {
		return
	}
	clip := p.clip()
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(clip)
	if r.Empty() {
		return
	}
	// Far-off coordinates make the rasteriser walk every row between
	// them: clip such polygons to the visible rectangle first.
	const slack = 4096
	if minX < float64(r.Min.X-slack) || minY < float64(r.Min.Y-slack) || maxX > float64(r.Max.X+slack) || maxY > float64(r.Max.Y+slack) {
		polys = clipPolys(polys, float64(r.Min.X-1), float64(r.Min.Y-1), float64(r.Max.X+1), float64(r.Max.Y+1))
	}
	z := p.z
	z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for _, pl := range polys {
		if len(pl.pts) < 3 {
			continue
		}
		z.MoveTo(float32(pl.pts[0].x-ox), float32(pl.pts[0].y-oy))
		for _, q := range pl.pts[1:] {
			z.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		z.ClosePath()
	}
	z.Draw(p.img, r, image.NewUniform(color.NRGBA{c.R, c.G, c.B, c.A}), image.Point{})
}

// fillRect paints an integer rectangle (the background).
func (p *painter) fillRect(r image.Rectangle, c render.Color) {
	pix := p.img.Pix
	a := uint32(c.A)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := p.img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			if a == 255 {
				pix[i], pix[i+1], pix[i+2], pix[i+3] = c.R, c.G, c.B, 255
			} else {
				ia := 255 - a
				pix[i] = uint8((uint32(c.R)*a + uint32(pix[i])*ia) / 255)
				pix[i+1] = uint8((uint32(c.G)*a + uint32(pix[i+1])*ia) / 255)
				pix[i+2] = uint8((uint32(c.B)*a + uint32(pix[i+2])*ia) / 255)
				pix[i+3] = uint8(a + uint32(pix[i+3])*ia/255)
			}
			i += 4
		}
	}
}

func dropNonFinite(polys []poly) []poly {
	out := polys[:0:0]
	for _, pl := range polys {
		ok := true
		for _, q := range pl.pts {
			if !finite(q.x) || !finite(q.y) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, pl)
		}
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
