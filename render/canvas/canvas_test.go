package canvas

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/shared/chart"
)

// recorder is a Context2D that writes down every call.
type recorder struct{ calls []string }

func (r *recorder) add(name string, args ...any) {
	parts := make([]string, len(args))
	for i, a := range args {
		if f, ok := a.(float64); ok {
			a = math.Round(f*1000) / 1000 // -0 and float noise out of the way
			if a == 0.0 {
				a = 0.0
			}
		}
		parts[i] = fmt.Sprint(a)
	}
	r.calls = append(r.calls, name+"("+strings.Join(parts, ",")+")")
}

func (r *recorder) Save()                                 { r.add("save") }
func (r *recorder) Restore()                              { r.add("restore") }
func (r *recorder) SetTransform(a, b, c, d, e, f float64) { r.add("setTransform", a, b, c, d, e, f) }
func (r *recorder) ClearRect(x, y, w, h float64)          { r.add("clearRect", x, y, w, h) }
func (r *recorder) BeginPath()                            { r.add("beginPath") }
func (r *recorder) MoveTo(x, y float64)                   { r.add("moveTo", x, y) }
func (r *recorder) LineTo(x, y float64)                   { r.add("lineTo", x, y) }
func (r *recorder) BezierCurveTo(a, b, c, d, e, f float64) {
	r.add("bezierCurveTo", a, b, c, d, e, f)
}
func (r *recorder) ClosePath()                      { r.add("closePath") }
func (r *recorder) Rect(x, y, w, h float64)         { r.add("rect", x, y, w, h) }
func (r *recorder) Arc(x, y, rad, a0, a1 float64)   { r.add("arc", x, y, rad, a0, a1) }
func (r *recorder) Fill()                           { r.add("fill") }
func (r *recorder) Stroke()                         { r.add("stroke") }
func (r *recorder) Clip()                           { r.add("clip") }
func (r *recorder) FillText(s string, x, y float64) { r.add("fillText", s, x, y) }
func (r *recorder) SetFillStyle(s string)           { r.add("fillStyle", s) }
func (r *recorder) SetStrokeStyle(s string)         { r.add("strokeStyle", s) }
func (r *recorder) SetLineWidth(w float64)          { r.add("lineWidth", w) }
func (r *recorder) SetLineDash(d []float64)         { r.add("lineDash", fmt.Sprint(d)) }
func (r *recorder) SetLineJoin(s string)            { r.add("lineJoin", s) }
func (r *recorder) SetFont(s string)                { r.add("font", s) }
func (r *recorder) SetTextAlign(s string)           { r.add("textAlign", s) }
func (r *recorder) SetTextBaseline(s string)        { r.add("textBaseline", s) }

var _ Context2D = (*recorder)(nil)

// prelude is what every Paint starts with on a 100×50 scene at dpr d.
func prelude(d float64) []string {
	r := &recorder{}
	r.SetTransform(1, 0, 0, 1, 0, 0)
	r.ClearRect(0, 0, math.Ceil(100*d), math.Ceil(50*d))
	r.SetTransform(d, 0, 0, d, 0, 0)
	r.SetLineJoin("round")
	r.SetTextBaseline("alphabetic")
	return r.calls
}

var (
	red  = render.Color{R: 255, A: 255}
	blue = render.Color{B: 255, A: 255}
	font = "12px " + FontFamily
)

func scene(ops ...render.Op) *render.Scene { return &render.Scene{Width: 100, Height: 50, Ops: ops} }

func path(build func(p *render.Path)) render.Path {
	var p render.Path
	build(&p)
	return p
}

// TestPaint checks the calls each kind of operation makes, after the
// prelude.
func TestPaint(t *testing.T) {
	clip := &render.Rect{X: 1, Y: 2, W: 30, H: 40}
	tests := []struct {
		name  string
		scene *render.Scene
		dpr   float64
		want  []string
	}{
		{"background", &render.Scene{Width: 100, Height: 50, Background: render.Color{R: 255, G: 255, B: 255, A: 255}}, 1,
			[]string{"fillStyle(#ffffff)", "beginPath()", "rect(0,0,100,50)", "fill()"}},
		{"filled rect", scene(&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}}), 1,
			[]string{"fillStyle(#ff0000)", "beginPath()", "rect(1,2,3,4)", "fill()"}},
		{"translucent fill is rgba", scene(&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red.Alpha(0.5)}}), 1,
			[]string{"fillStyle(rgba(255,0,0,0.502))", "beginPath()", "rect(1,2,3,4)", "fill()"}},
		{"stroked dashed rect", scene(&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Stroke: blue, StrokeWidth: 2, Dash: []float64{3, -1}}}), 1,
			[]string{"strokeStyle(#0000ff)", "lineWidth(2)", "lineDash([3 0])", "beginPath()", "rect(1,2,3,4)", "stroke()"}},
		{"rounded rect", scene(&render.RectOp{X: 0, Y: 0, W: 10, H: 4, Radius: 3, Style: render.Style{Fill: red}}), 1,
			[]string{"fillStyle(#ff0000)", "beginPath()", "moveTo(2,0)", "lineTo(8,0)", "arc(8,2,2,-1.571,0)", "lineTo(10,2)",
				"arc(8,2,2,0,1.571)", "lineTo(2,4)", "arc(2,2,2,1.571,3.142)", "lineTo(0,2)", "arc(2,2,2,3.142,4.712)", "closePath()", "fill()"}},
		{"transparent rect: nothing", scene(&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Stroke: blue}}), 1, nil},
		{"empty rect: nothing", scene(&render.RectOp{X: 1, Y: 2, W: 0, H: 4, Style: render.Style{Fill: red}}), 1, nil},
		{"circle", scene(&render.CircleOp{CX: 5, CY: 6, R: 2, Style: render.Style{Fill: red, Stroke: blue, StrokeWidth: 1}}), 1,
			[]string{"fillStyle(#ff0000)", "strokeStyle(#0000ff)", "lineWidth(1)", "lineDash([])", "beginPath()", "arc(5,6,2,0,6.283)", "fill()", "stroke()"}},
		{"path", scene(&render.PathOp{Path: path(func(p *render.Path) {
			p.Move(1, 1)
			p.Line(2, 2)
			p.Cubic(3, 3, 4, 4, 5, 5)
			p.Close()
		}), Style: render.Style{Stroke: red, StrokeWidth: 1.5}}), 1,
			[]string{"strokeStyle(#ff0000)", "lineWidth(1.5)", "lineDash([])", "beginPath()", "moveTo(1,1)", "lineTo(2,2)", "bezierCurveTo(3,3,4,4,5,5)", "closePath()", "stroke()"}},
		{"transparent path: nothing", scene(&render.PathOp{Path: path(func(p *render.Path) { p.Move(1, 1); p.Line(2, 2) })}), 1, nil},
		{"text anchored", scene(&render.TextOp{X: 10, Y: 20, Text: "hi", Font: render.Font{Size: 12}, Color: red, Anchor: render.AnchorEnd, Baseline: render.BaselineAlphabetic}), 1,
			[]string{"fillStyle(#ff0000)", "font(" + font + ")", "textAlign(right)", "fillText(hi,10,20)"}},
		{"text baseline top", scene(&render.TextOp{X: 10, Y: 20, Text: "hi", Font: render.Font{Size: 12, Bold: true}, Color: red, Baseline: render.BaselineTop}), 1,
			[]string{"fillStyle(#ff0000)", "font(bold " + font + ")", "textAlign(left)",
				fmt.Sprintf("fillText(hi,10,%g)", math.Round((20+render.Ascent*12)*1000)/1000)}},
		{"rotated text at dpr 2", scene(&render.TextOp{X: 10, Y: 20, Text: "y", Font: render.Font{Size: 12}, Color: red, Anchor: render.AnchorMiddle, Baseline: render.BaselineMiddle, Rotate: -90}), 2,
			[]string{"fillStyle(#ff0000)", "font(" + font + ")", "textAlign(center)", "setTransform(0,-2,2,0,20,40)",
				fmt.Sprintf("fillText(y,0,%g)", math.Round(render.BaselineOffset(render.BaselineMiddle, 12)*1000)/1000), "setTransform(2,0,0,2,0,0)"}},
		{"invisible text: nothing", scene(&render.TextOp{X: 10, Y: 20, Text: "hi", Font: render.Font{Size: 12}}), 1, nil},
		{"clip group", scene(&render.BeginOp{Clip: clip}, &render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}}, &render.EndOp{}), 1,
			[]string{"save()", "beginPath()", "rect(1,2,30,40)", "clip()", "fillStyle(#ff0000)", "beginPath()", "rect(1,2,3,4)", "fill()", "restore()"}},
		{"group without clip saves nothing", scene(&render.BeginOp{Meta: &render.Meta{Kind: "mark"}}, &render.EndOp{}), 1, nil},
		{"styles set once", scene(
			&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}},
			&render.RectOp{X: 5, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}}), 1,
			[]string{"fillStyle(#ff0000)", "beginPath()", "rect(1,2,3,4)", "fill()", "beginPath()", "rect(5,2,3,4)", "fill()"}},
		{"styles set again after a restore", scene(
			&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: blue}},
			&render.BeginOp{Clip: clip},
			&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}},
			&render.EndOp{},
			&render.RectOp{X: 1, Y: 2, W: 3, H: 4, Style: render.Style{Fill: red}}), 1,
			[]string{"fillStyle(#0000ff)", "beginPath()", "rect(1,2,3,4)", "fill()",
				"save()", "beginPath()", "rect(1,2,30,40)", "clip()", "fillStyle(#ff0000)", "beginPath()", "rect(1,2,3,4)", "fill()", "restore()",
				"fillStyle(#ff0000)", "beginPath()", "rect(1,2,3,4)", "fill()"}},
		{"unbalanced groups", scene(&render.EndOp{}, &render.BeginOp{Clip: clip}, &render.BeginOp{Clip: clip}, &render.EndOp{}), 1,
			[]string{"save()", "beginPath()", "rect(1,2,30,40)", "clip()", "save()", "beginPath()", "rect(1,2,30,40)", "clip()", "restore()", "restore()"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			Paint(r, tc.scene, tc.dpr)
			want := append(prelude(tc.dpr), tc.want...)
			if strings.Join(r.calls, "\n") != strings.Join(want, "\n") {
				t.Errorf("calls:\n  %s\nwant:\n  %s", strings.Join(r.calls, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// TestPaintDPR checks the scaling to device pixels, and that a bad ratio
// counts as 1.
func TestPaintDPR(t *testing.T) {
	for _, tc := range []struct{ dpr, want float64 }{{1, 1}, {2, 2}, {1.5, 1.5}, {0, 1}, {-2, 1}, {math.NaN(), 1}, {math.Inf(1), 1}} {
		r := &recorder{}
		Paint(r, scene(), tc.dpr)
		if got, want := strings.Join(r.calls, " "), strings.Join(prelude(tc.want), " "); got != want {
			t.Errorf("dpr %g: %s, want %s", tc.dpr, got, want)
		}
	}
}

// The geo sample draws on the maps shipped in assets/geo/.
func init() {
	if err := geo.RegisterBuiltin(os.DirFS("../../assets"), "geo"); err != nil {
		panic(err)
	}
}

// TestPaintCharts paints every sample chart: saves and restores balance
// (clip groups nest), no call gets a non-finite number, and every visible
// text is drawn once.
func TestPaintCharts(t *testing.T) {
	for _, ty := range render.Registered() {
		spec, res := chart.Sample(ty)
		sc, err := render.Draw(&spec, res, render.Options{Width: 640, Height: 400})
		if err != nil {
			t.Fatal(err)
		}
		r := &recorder{}
		Paint(r, sc, 2)
		depth, texts := 0, 0
		for _, c := range r.calls {
			switch {
			case c == "save()":
				depth++
			case c == "restore()":
				depth--
				if depth < 0 {
					t.Errorf("%s: restore without save", ty)
				}
			case strings.HasPrefix(c, "fillText("):
				texts++
			}
			if strings.Contains(c, "NaN") || strings.Contains(c, "Inf") {
				t.Errorf("%s: %s", ty, c)
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d saves left open", ty, depth)
		}
		want := 0
		for _, op := range sc.Ops {
			if tx, ok := op.(*render.TextOp); ok && tx.Text != "" && !tx.Color.IsNone() {
				want++
			}
		}
		if texts != want {
			t.Errorf("%s: %d texts drawn, want %d", ty, texts, want)
		}
	}
}

// TestFontFamily keeps the canvas's fonts those of the SVG export.
func TestFontFamily(t *testing.T) {
	if FontCSS() != svg.FontFamily {
		t.Errorf("FontCSS() = %q, SVG uses %q", FontCSS(), svg.FontFamily)
	}
}
