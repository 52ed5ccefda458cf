package render

import (
	"fmt"
	"math"
)

// Legend geometry.
const (
	legendRow    = 18.0  // height of one entry
	legendSwatch = 10.0  // swatch side
	legendGap    = 6.0   // swatch to text
	legendSpace  = 16.0  // between entries in a row
	legendMaxW   = 160.0 // longest name, right legend
	legendMaxWH  = 140.0 // longest name, top/bottom legend
	legendRows   = 3     // most rows in a top/bottom legend
)

// legendPosition is the spec's legend position, defaulting to the right
// on wide charts and the bottom on narrow ones.
func (f *frame) legendPosition() string {
	switch p := f.spec.Legend.Position; p {
	case "right", "bottom", "top", "none":
		if p == "right" && f.full.W < 360 {
			return "bottom"
		}
		return p
	}
	if f.full.W < 480 {
		return "bottom"
	}
	return "right"
}

// legend draws a legend of names in the series colours and takes its
// space from the plot area. It draws nothing for no names or position
// "none".
func (f *frame) legend(names []string) {
	cs := make([]Color, len(names))
	for i := range names {
		cs[i] = f.color(i)
	}
	f.legendColors(names, cs)
}

// legendColors is legend with explicit swatch colours.
func (f *frame) legendColors(names []string, colors []Color) {
	if len(names) == 0 {
		return
	}
	switch f.legendPosition() {
	case "none":
		return
	case "right":
		f.legendRight(names, colors)
	case "top":
		f.legendRowsAt(names, colors, true)
	default:
		f.legendRowsAt(names, colors, false)
	}
}

// legendEntry draws entry i as a group of kind "legend" with Series i,
// which the browser hit-tests to toggle the entry (Options.Hidden). A
// hidden entry is dimmed: a pale swatch and muted text.
func (f *frame) legendEntry(i int, x, y float64, name string, c Color, maxW float64) {
	text := f.theme.Text
	if f.isHidden(i) {
		c, text = Lerp(c, f.theme.Background, 0.7), f.theme.MutedText
	}
	f.c.Begin(&Meta{Kind: "legend", Series: i, Index: -1, Tooltip: name}, nil)
	f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: x, Y: y + (legendRow-legendSwatch)/2, W: legendSwatch, H: legendSwatch, Radius: 2, Style: Style{Fill: c}})
	f.text(x+legendSwatch+legendGap, y+legendRow/2, Truncate(name, fontLegend, maxW), fontLegend, text, AnchorStart, BaselineMiddle)
	f.c.End()
}

func (f *frame) legendRight(names []string, colors []Color) {
	maxW := math.Min(legendMaxW, f.full.W*0.25)
	tw := 0.0
	for _, n := range names {
		tw = math.Max(tw, TextWidth(n, fontLegend))
	}
	tw = math.Min(tw, maxW)
	more := fmt.Sprintf("+%d more", len(names))
	tw = math.Max(tw, math.Min(maxW, TextWidth(more, fontLegend)))
	w := legendSwatch + legendGap + tw
	x := f.plot.X + f.plot.W - w
	fit := int(f.plot.H / legendRow)
	shown := len(names)
	if shown > fit {
		shown = max(fit-1, 0)
	}
	y := f.plot.Y
	if shown == len(names) {
		// Centre a short legend vertically beside the plot.
		y += math.Max(0, (f.plot.H-float64(shown)*legendRow)/2)
	}
	for i := 0; i < shown; i++ {
		f.legendEntry(i, x, y+float64(i)*legendRow, names[i], colors[i%len(colors)], tw)
	}
	if shown < len(names) && fit > 0 {
		f.text(x, y+float64(shown)*legendRow+legendRow/2, fmt.Sprintf("+%d more", len(names)-shown), fontLegend, f.theme.MutedText, AnchorStart, BaselineMiddle)
	}
	f.shrink("right", w+pad*1.5)
}

// legendRowsAt lays entries out left to right, wrapping into at most
// legendRows rows, above (top) or below the plot.
func (f *frame) legendRowsAt(names []string, colors []Color, top bool) {
	maxW := math.Min(legendMaxWH, f.full.W*0.8)
	type placed struct {
		x   float64
		row int
		tw  float64
	}
	ps := make([]placed, 0, len(names))
	x, row := 0.0, 0
	width := f.plot.W
	moreW := legendSwatch + TextWidth(fmt.Sprintf("+%d more", len(names)), fontLegend)
	for i, n := range names {
		tw := math.Min(TextWidth(n, fontLegend), maxW)
		ew := legendSwatch + legendGap + tw
		if x > 0 && x+ew > width {
			row++
			x = 0
		}
		lastRow := row == legendRows-1
		if row >= legendRows || (lastRow && i < len(names)-1 && x+ew+legendSpace+moreW > width) {
			if row >= legendRows {
				row = legendRows - 1
			}
			break
		}
		ps = append(ps, placed{x, row, tw})
		x += ew + legendSpace
	}
	rows := 1
	if len(ps) > 0 {
		rows = ps[len(ps)-1].row + 1
	}
	h := float64(rows) * legendRow
	y0 := f.plot.Y
	if !top {
		y0 = f.plot.Y + f.plot.H - h
	}
	for i, p := range ps {
		f.legendEntry(i, f.plot.X+p.x, y0+float64(p.row)*legendRow, names[i], colors[i%len(colors)], p.tw)
	}
	if len(ps) < len(names) {
		lx := 0.0
		if len(ps) > 0 {
			last := ps[len(ps)-1]
			lx = last.x + legendSwatch + legendGap + last.tw + legendSpace
		}
		f.text(f.plot.X+lx, y0+float64(rows-1)*legendRow+legendRow/2, fmt.Sprintf("+%d more", len(names)-len(ps)), fontLegend, f.theme.MutedText, AnchorStart, BaselineMiddle)
	}
	if top {
		f.shrink("top", h+pad*0.75)
	} else {
		f.shrink("bottom", h+pad*0.75)
	}
}

// colorLegend draws a continuous colour scale from lo to hi (viridis) with
// a few nice ticks, labelled with pattern, and takes its space from the
// plot area: a vertical bar on the right, or a horizontal one at the
// bottom or top.
func (f *frame) colorLegend(lo, hi float64, pattern string) {
	pos := f.legendPosition()
	if pos == "none" || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return
	}
	if hi <= lo {
		hi = lo + 1
	}
	ticks, step := niceTicks(lo, hi, 5, false)
	if pattern == "" {
		pattern = autoNumberPattern(step, math.Max(math.Abs(lo), math.Abs(hi)))
	}
	const bar, steps = 12.0, 48
	f.c.Begin(&Meta{Kind: "legend", Series: -1, Index: -1, Tooltip: "colour scale"}, nil)
	defer f.c.End()
	if pos == "right" {
		lw := 0.0
		for _, t := range ticks {
			lw = math.Max(lw, TextWidth(FormatNumber(t, pattern), fontTick))
		}
		w := bar + 4 + lw
		x := f.plot.X + f.plot.W - w
		h := math.Min(f.plot.H, 220)
		y := f.plot.Y + (f.plot.H-h)/2
		for i := 0; i < steps; i++ {
			// Top is high; slices overlap by half a pixel to hide seams.
			y0 := y + h*float64(i)/steps
			f.c.Rect(x, y0, bar, h/steps+0.5, Style{Fill: Sequential(1 - (float64(i)+0.5)/steps)})
		}
		for _, t := range ticks {
			ty := y + h - (t-lo)/(hi-lo)*h
			f.text(x+bar+4, ty, FormatNumber(t, pattern), fontTick, f.theme.MutedText, AnchorStart, BaselineMiddle)
		}
		f.shrink("right", w+pad*1.5)
		return
	}
	w := math.Min(f.plot.W*0.6, 300)
	h := bar + 4 + fontTick.Size*1.2
	x := f.plot.X + (f.plot.W-w)/2
	y := f.plot.Y + f.plot.H - h
	if pos == "top" {
		y = f.plot.Y
	}
	for i := 0; i < steps; i++ {
		f.c.Rect(x+w*float64(i)/steps, y, w/steps+0.5, bar, Style{Fill: Sequential((float64(i) + 0.5) / steps)})
	}
	for _, t := range ticks {
		f.text(x+(t-lo)/(hi-lo)*w, y+bar+4, FormatNumber(t, pattern), fontTick, f.theme.MutedText, AnchorMiddle, BaselineTop)
	}
	if pos == "top" {
		f.shrink("top", h+pad*0.75)
	} else {
		f.shrink("bottom", h+pad*0.75)
	}
}
