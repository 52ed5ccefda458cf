package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Funnel, drawFunnel) }

// maxStages is the most funnel stages drawn; past it stages would be
// slivers.
const maxStages = 50

// drawFunnel draws stages in data order (a funnel's order is the
// process's), each a trapezoid as wide as its value and narrowing to the
// next stage's width, centred on one axis, top to bottom or, with
// options.horizontal, left to right. Labels give the stage and, with
// options.show_labels, its value and share of the first stage.
func drawFunnel(f *frame) error {
	sl, err := f.pieSlices(maxStages, false)
	if err != nil {
		return errors.New("a funnel needs encoding.category (the stages) and encoding.value")
	}
	names := make([]string, len(sl))
	colors := make([]Color, len(sl))
	for i, s := range sl {
		names[i], colors[i] = s.name, s.color
	}
	// Stages switched off in the legend are left out; the rest close up.
	// orig maps a drawn stage back to its legend entry.
	var orig []int
	var shown []slice
	for i, s := range sl {
		if !f.isHidden(i) {
			orig, shown = append(orig, i), append(shown, s)
		}
	}
	sl = shown
	maxV, first := 0.0, 0.0
	for i, s := range sl {
		maxV = math.Max(maxV, s.value)
		if i == 0 {
			first = s.value
		}
	}
	if len(sl) == 0 || maxV <= 0 {
		f.noSlices(names, colors)
		return nil
	}
	f.legendColors(names, colors)
	pl := f.plot
	horizontal := f.spec.Options.Horizontal
	n := float64(len(sl))
	gap := 2.0
	along, across := pl.H, pl.W
	if horizontal {
		along, across = pl.W, pl.H
	}
	step := along / n
	if step-gap < 2 || across < 10 {
		f.emptyState("Too small to draw")
		return nil
	}
	lines := make([][]string, len(sl))
	shares := make([]string, len(sl))
	for i, s := range sl {
		if first > 0 {
			shares[i] = FormatNumber(s.value/first, "0.0%")
		}
		lines[i] = f.funnelLines(s, shares[i])
	}
	// Shapes take 90% of the width unless labels that do not fit inside
	// need room beside them.
	scale := across * 0.9
	widthAt := func(i int) (float64, float64) {
		w0 := math.Max(1, scale*sl[i].value/maxV)
		w1 := w0 * 0.85
		if i+1 < len(sl) {
			w1 = math.Min(w0, math.Max(1, scale*sl[i+1].value/maxV))
		}
		return w0, w1
	}
	if !horizontal {
		outside := 0.0
		for i := range sl {
			w0, w1 := widthAt(i)
			if need := linesWidth(lines[i]); need > (w0+w1)/2-8 {
				outside = math.Max(outside, need)
			}
		}
		if outside > 0 {
			scale = math.Max(across*0.4, math.Min(scale, across-2*(outside+12)))
		}
	}
	for i, s := range sl {
		w0, w1 := widthAt(i)
		a0, a1 := float64(i)*step, float64(i+1)*step-gap
		var p Path
		var cx, cy float64
		if horizontal {
			mid := pl.Y + pl.H/2
			p.Move(pl.X+a0, mid-w0/2)
			p.Line(pl.X+a1, mid-w1/2)
			p.Line(pl.X+a1, mid+w1/2)
			p.Line(pl.X+a0, mid+w0/2)
			cx, cy = pl.X+(a0+a1)/2, mid
		} else {
			mid := pl.X + pl.W/2
			p.Move(mid-w0/2, pl.Y+a0)
			p.Line(mid+w0/2, pl.Y+a0)
			p.Line(mid+w1/2, pl.Y+a1)
			p.Line(mid-w1/2, pl.Y+a1)
			cx, cy = mid, pl.Y+(a0+a1)/2
		}
		p.Close()
		tip := fmt.Sprintf("%s: %s", s.name, f.formatValue(chart.Value, s.value))
		if i > 0 && shares[i] != "" {
			tip += fmt.Sprintf(" (%s of %s)", shares[i], sl[0].name)
		}
		f.mark(Meta{Series: orig[i], Index: orig[i], Tooltip: tip}, func() {
			f.c.Path(p, Style{Fill: s.color})
			f.funnelLabel(lines[i], s.color, cx, cy, (w0+w1)/2, w0, step-gap, horizontal)
		})
	}
	return nil
}

// funnelLines are a stage's label lines: its name and, with
// options.show_labels, its value and share of the first stage.
func (f *frame) funnelLines(s slice, share string) []string {
	lines := []string{s.name}
	if f.spec.Options.ShowLabels {
		v := f.formatValue(chart.Value, s.value)
		if share != "" {
			v += " · " + share
		}
		lines = append(lines, v)
	}
	return lines
}

// linesWidth is the width of the widest label line (the first is bold).
func linesWidth(lines []string) float64 {
	w := 0.0
	for k, l := range lines {
		font := fontLabel
		font.Bold = k == 0
		w = math.Max(w, TextWidth(l, font))
	}
	return w
}

// funnelLabel writes a stage's lines centred inside it when they fit,
// else beside a vertical funnel's stage (horizontal funnels truncate).
func (f *frame) funnelLabel(lines []string, bg Color, cx, cy, w, wMax, thick float64, horizontal bool) {
	lh := fontLabel.Size * 1.25
	across, along := w-8, thick-4
	if horizontal {
		across, along = thick-6, w-4
	}
	x, a, col := cx, AnchorMiddle, f.contrast(bg)
	y := cy - float64(len(lines)-1)*lh/2
	switch {
	case !horizontal && (linesWidth(lines) > across || float64(len(lines))*lh > along):
		// Beside the stage.
		x, a, col = cx+wMax/2+10, AnchorStart, f.theme.Text
		across = f.plot.X + f.plot.W - x
		for len(lines) > 1 && float64(len(lines))*lh > along+lh {
			lines = lines[:len(lines)-1]
		}
		y = cy - float64(len(lines)-1)*lh/2
	case horizontal && float64(len(lines))*lh > along:
		// Above the stage.
		col = f.theme.Text
		y = cy - w/2 - 4 - float64(len(lines))*lh + lh/2
	}
	for k, l := range lines {
		font := fontLabel
		font.Bold = k == 0
		t := Truncate(l, font, across)
		if TextWidth(t, font) < 12 {
			continue
		}
		f.text(x, y+float64(k)*lh, t, font, col, a, BaselineMiddle)
	}
}
