// Package svg writes a render.Scene as a standalone SVG 1.1 document:
// the vector export of charts and the format of report attachments.
//
// Output is deterministic (same scene, same bytes), so it can be compared
// with golden files; coordinates carry at most two decimals. Groups keep
// the scene's metadata as data-* attributes and tooltips as <title>, so an
// SVG embedded in a page can still be hit-tested.
package svg

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/gobi-bi/gobi/render"
)

// FontFamily is the font stack of every text element: the Go font the
// layout was measured with, then common sans-serif fallbacks.
const FontFamily = "Go, 'Go Regular', Arial, Helvetica, sans-serif"

// Encode writes s as SVG to w.
func Encode(w io.Writer, s *render.Scene) error {
	if s == nil {
		return fmt.Errorf("svg: nil scene")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &encoder{w: bw, prefix: idPrefix(s)}
	e.scene(s)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("svg: write: %w", err)
	}
	return nil
}

// Bytes returns s as SVG.
func Bytes(s *render.Scene) []byte {
	var b bytes.Buffer
	_ = Encode(&b, s) // a bytes.Buffer does not fail
	return b.Bytes()
}

type encoder struct {
	w      *bufio.Writer
	buf    []byte // scratch for number formatting
	clips  int
	depth  int
	prefix string // of clip-path ids
}

// idPrefix makes clip-path ids unique to the drawing, so several SVGs
// inlined in one HTML report do not borrow each other's clip rectangles,
// and stays deterministic: a hash of the size, the texts and the clips.
func idPrefix(s *render.Scene) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%g %g %d", s.Width, s.Height, len(s.Ops))
	for _, op := range s.Ops {
		switch o := op.(type) {
		case *render.TextOp:
			io.WriteString(h, o.Text)
		case *render.BeginOp:
			if o.Clip != nil {
				fmt.Fprintf(h, "%g %g %g %g", o.Clip.X, o.Clip.Y, o.Clip.W, o.Clip.H)
			}
		}
	}
	return fmt.Sprintf("gobi-%08x-", h.Sum32())
}

func (e *encoder) str(s string) { e.w.WriteString(s) }

// num writes v with at most two decimals and no trailing zeros.
func (e *encoder) num(v float64) {
	e.buf = appendNum(e.buf[:0], v)
	e.w.Write(e.buf)
}

// appendNum formats v rounded to two decimals; non-finite values become 0
// so that a bad coordinate cannot make the document invalid.
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, '0')
	}
	r := math.Round(v * 100)
	if r == 0 {
		return append(b, '0')
	}
	if math.Abs(r) < 1e15 {
		i := int64(r)
		if i < 0 {
			b = append(b, '-')
			i = -i
		}
		b = strconv.AppendInt(b, i/100, 10)
		if frac := i % 100; frac != 0 {
			b = append(b, '.', byte('0'+frac/10))
			if frac%10 != 0 {
				b = append(b, byte('0'+frac%10))
			}
		}
		return b
	}
	return strconv.AppendFloat(b, r/100, 'f', -1, 64)
}

// attr writes ` name="v"` for a number.
func (e *encoder) attr(name string, v float64) {
	e.str(" ")
	e.str(name)
	e.str(`="`)
	e.num(v)
	e.str(`"`)
}

func (e *encoder) scene(s *render.Scene) {
	e.str(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	e.str(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1"`)
	e.attr("width", s.Width)
	e.attr("height", s.Height)
	e.str(` viewBox="0 0 `)
	e.num(s.Width)
	e.str(" ")
	e.num(s.Height)
	e.str(`" font-family="` + FontFamily + `">` + "\n")
	if !s.Background.IsNone() {
		e.str(`<rect x="0" y="0"`)
		e.attr("width", s.Width)
		e.attr("height", s.Height)
		e.paint("fill", s.Background)
		e.str("/>\n")
	}
	for _, op := range s.Ops {
		e.op(op)
	}
	for ; e.depth > 0; e.depth-- {
		e.str("</g>\n") // unbalanced Begin: close it so the XML stays valid
	}
	e.str("</svg>\n")
}

func (e *encoder) op(op render.Op) {
	switch o := op.(type) {
	case *render.RectOp:
		e.str("<rect")
		e.attr("x", o.X)
		e.attr("y", o.Y)
		e.attr("width", math.Max(0, o.W))
		e.attr("height", math.Max(0, o.H))
		if o.Radius > 0 {
			e.attr("rx", o.Radius)
		}
		e.style(o.Style)
		e.str("/>\n")
	case *render.CircleOp:
		e.str("<circle")
		e.attr("cx", o.CX)
		e.attr("cy", o.CY)
		e.attr("r", math.Max(0, o.R))
		e.style(o.Style)
		e.str("/>\n")
	case *render.PathOp:
		if len(o.Path) == 0 {
			return
		}
		e.str(`<path d="`)
		e.path(o.Path)
		e.str(`"`)
		e.style(o.Style)
		e.str("/>\n")
	case *render.TextOp:
		e.text(o)
	case *render.BeginOp:
		e.begin(o)
	case *render.EndOp:
		if e.depth > 0 {
			e.depth--
			e.str("</g>\n")
		}
	}
}

func (e *encoder) path(p render.Path) {
	b := e.buf[:0]
	for i, s := range p {
		if i > 0 && s.Kind != render.ClosePath {
			b = append(b, ' ')
		}
		switch s.Kind {
		case render.MoveTo:
			b = append(b, 'M')
			b = appendPt(b, s.P[0])
		case render.LineTo:
			b = append(b, 'L')
			b = appendPt(b, s.P[0])
		case render.CubicTo:
			b = append(b, 'C')
			b = appendPt(b, s.P[0])
			b = append(b, ' ')
			b = appendPt(b, s.P[1])
			b = append(b, ' ')
			b = appendPt(b, s.P[2])
		case render.ClosePath:
			b = append(b, 'Z')
		}
		if len(b) > 32<<10 {
			e.w.Write(b)
			b = b[:0]
		}
	}
	e.w.Write(b)
	e.buf = b[:0]
}

func appendPt(b []byte, p render.Point) []byte {
	b = appendNum(b, p.X)
	b = append(b, ' ')
	return appendNum(b, p.Y)
}

// paint writes a fill or stroke colour with its opacity.
func (e *encoder) paint(name string, c render.Color) {
	if c.IsNone() {
		e.str(" " + name + `="none"`)
		return
	}
	e.str(" " + name + `="` + c.Hex() + `"`)
	if c.A < 255 {
		e.attr(name+"-opacity", math.Round(c.Opacity()*100)/100)
	}
}

func (e *encoder) style(s render.Style) {
	e.paint("fill", s.Fill)
	if s.Stroke.IsNone() || s.StrokeWidth <= 0 {
		return
	}
	e.paint("stroke", s.Stroke)
	e.attr("stroke-width", s.StrokeWidth)
	e.str(` stroke-linejoin="round"`)
	if len(s.Dash) > 0 {
		e.str(` stroke-dasharray="`)
		for i, d := range s.Dash {
			if i > 0 {
				e.str(" ")
			}
			e.num(math.Max(0, d))
		}
		e.str(`"`)
	}
}

func (e *encoder) text(t *render.TextOp) {
	if t.Text == "" || t.Color.IsNone() {
		return
	}
	e.str("<text")
	e.attr("x", t.X)
	e.attr("y", t.Y+render.BaselineOffset(t.Baseline, t.Font.Size))
	e.attr("font-size", t.Font.Size)
	if t.Font.Bold {
		e.str(` font-weight="bold"`)
	}
	switch t.Anchor {
	case render.AnchorMiddle:
		e.str(` text-anchor="middle"`)
	case render.AnchorEnd:
		e.str(` text-anchor="end"`)
	}
	e.paint("fill", t.Color)
	if t.Rotate != 0 {
		e.str(` transform="rotate(`)
		e.num(t.Rotate)
		e.str(" ")
		e.num(t.X)
		e.str(" ")
		e.num(t.Y)
		e.str(`)"`)
	}
	e.str(">")
	e.escape(t.Text)
	e.str("</text>\n")
}

func (e *encoder) begin(b *render.BeginOp) {
	e.depth++
	clip := ""
	if c := b.Clip; c != nil {
		e.clips++
		clip = e.prefix + strconv.Itoa(e.clips)
		e.str(`<clipPath id="` + clip + `"><rect`)
		e.attr("x", c.X)
		e.attr("y", c.Y)
		e.attr("width", math.Max(0, c.W))
		e.attr("height", math.Max(0, c.H))
		e.str("/></clipPath>\n")
	}
	e.str("<g")
	if clip != "" {
		e.str(` clip-path="url(#` + clip + `)"`)
	}
	m := b.Meta
	if m != nil {
		if m.Kind != "" {
			e.str(` data-kind="`)
			e.escape(m.Kind)
			e.str(`"`)
		}
		if m.Series >= 0 {
			e.str(` data-series="` + strconv.Itoa(m.Series) + `"`)
		}
		if m.Index >= 0 {
			e.str(` data-index="` + strconv.Itoa(m.Index) + `"`)
		}
	}
	e.str(">")
	if m != nil && m.Tooltip != "" {
		e.str("<title>")
		e.escape(m.Tooltip)
		e.str("</title>")
	}
	e.str("\n")
}

// escape writes s as XML character data, also safe inside attribute
// values; characters XML 1.0 forbids become U+FFFD.
func (e *encoder) escape(s string) {
	last := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		var rep string
		switch {
		case r == '&':
			rep = "&amp;"
		case r == '<':
			rep = "&lt;"
		case r == '>':
			rep = "&gt;"
		case r == '"':
			rep = "&quot;"
		case r == '\'':
			rep = "&apos;"
		case r == '\n' || r == '\t':
			rep = ""
		case r < 0x20 || (r == utf8.RuneError && w == 1) || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			rep = "\uFFFD"
		default:
			i += w
			continue
		}
		if rep == "" {
			i += w
			continue
		}
		e.str(s[last:i])
		e.str(rep)
		i += w
		last = i
	}
	e.str(s[last:])
}
