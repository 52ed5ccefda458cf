package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
)

func TestAppendNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-1, "-1"}, {1.5, "1.5"}, {1.25, "1.25"}, {1.256, "1.26"}, {1.004, "1"},
		{-0.001, "0"}, {-0.5, "-0.5"}, {0.05, "0.05"}, {123456.789, "123456.79"},
		{math.NaN(), "0"}, {math.Inf(1), "0"}, {1e20, "100000000000000000000"},
	}
	for _, tc := range tests {
		if got := string(appendNum(nil, tc.v)); got != tc.want {
			t.Errorf("appendNum(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func parse(t *testing.T, doc []byte) []xml.StartElement {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, doc)
		}
		if s, ok := tok.(xml.StartElement); ok {
			out = append(out, s.Copy())
		}
	}
}

// TestEncodeElements checks each operation's element and attributes, and
// that hostile text stays well-formed XML.
func TestEncodeElements(t *testing.T) {
	var p render.Path
	p.Move(1, 2)
	p.Line(3, 4)
	p.Cubic(5, 6, 7, 8, 9, 10)
	p.Close()
	red := render.Color{R: 255, G: 0, B: 0, A: 255}
	sc := &render.Scene{Width: 100, Height: 50, Background: render.Color{R: 255, G: 255, B: 255, A: 255}, Ops: []render.Op{
		&render.BeginOp{Meta: &render.Meta{Kind: "mark", Series: 1, Index: 7, Tooltip: `a < b & "c" ' ` + "\x01\xff"}, Clip: &render.Rect{X: 1, Y: 2, W: 3, H: 4}},
		&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Radius: 1, Style: render.Style{Fill: red.Alpha(0.5)}},
		&render.PathOp{Path: p, Style: render.Style{Stroke: red, StrokeWidth: 2, Dash: []float64{3, 2}}},
		&render.CircleOp{CX: 5, CY: 5, R: 2, Style: render.Style{Fill: red}},
		&render.TextOp{X: 10, Y: 20, Text: "<Tom & Jerry>\x00", Font: render.Font{Size: 12, Bold: true}, Color: red, Anchor: render.AnchorEnd, Rotate: -45},
		&render.EndOp{},
		&render.BeginOp{Meta: &render.Meta{Kind: "series", Series: -1, Index: -1}}, // left open
	}}
	doc := Bytes(sc)
	els := parse(t, doc)
	names := ""
	for _, e := range els {
		names += e.Name.Local + " "
	}
	if want := "svg rect clipPath rect g title rect path circle text g "; names != want {
		t.Errorf("elements %q, want %q", names, want)
	}
	s := string(doc)
	for _, want := range []string{
		`width="100" height="50" viewBox="0 0 100 50"`,
		`font-family="Go, 'Go Regular', Arial, Helvetica, sans-serif"`,
		`data-kind="mark" data-series="1" data-index="7"`,
		`<title>a &lt; b &amp; &quot;c&quot; &apos; ` + "\uFFFD\uFFFD</title>",
		`fill="#ff0000" fill-opacity="0.5"`,
		`d="M1 2 L3 4 C5 6 7 8 9 10Z"`,
		`stroke-dasharray="3 2"`,
		`text-anchor="end"`,
		`font-weight="bold"`,
		`transform="rotate(-45 10 20)"`,
		`&lt;Tom &amp; Jerry&gt;` + "\uFFFD",
		`clip-path="url(#` + idPrefix(sc) + `1)"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if !bytes.Equal(doc, Bytes(sc)) {
		t.Error("output is not deterministic")
	}
}

// TestClipIDsDiffer checks that two different charts get different
// clip-path ids (they may share an HTML page).
func TestClipIDsDiffer(t *testing.T) {
	a := &render.Scene{Width: 10, Height: 10, Ops: []render.Op{&render.BeginOp{Clip: &render.Rect{W: 5, H: 5}}, &render.EndOp{}}}
	b := &render.Scene{Width: 10, Height: 10, Ops: []render.Op{&render.BeginOp{Clip: &render.Rect{W: 6, H: 5}}, &render.EndOp{}}}
	if idPrefix(a) == idPrefix(b) {
		t.Error("same clip ids for different charts")
	}
}

func TestEncodeNil(t *testing.T) {
	if err := Encode(io.Discard, nil); err == nil {
		t.Error("nil scene: no error")
	}
}
