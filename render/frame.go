package render

// A frame is what every chart drawer gets: the canvas, the spec, the bound
// data, the theme and palette, and the plot rectangle left after the title
// (and, once a drawer calls legend, the legend). Helpers for drawers:
//
//	f.c                        the Canvas (Rect, Path, Line, Circle, Text, Begin/End)
//	f.spec, f.data, f.theme    the spec, the bound data (chart.Data), the theme
//	f.plot                     the Rect still free for marks; legend/axes shrink it
//	f.color(i)                 the i-th series colour (spec.Colors, then the palette)
//	f.legend(names)            reserves space and draws a legend of swatches in f.color(i)
//	f.legendColors(names, cs)  the same with explicit colours
//	f.isHidden(i)              legend entry i is switched off (Options.Hidden): skip its marks
//	f.hideSeries(t)            blanks the hidden series of a pivoted table
//	f.colorLegend(lo, hi, p)   a continuous viridis legend (heatmap, treemap, geo)
//	f.numberPattern(ch)        the field's format, else spec.Format.Number
//	f.formatValue(ch, v)       v formatted for channel ch (tooltips, labels)
//	f.markLabel(ch, row, v)    a mark's label: the label channel's text, else formatValue
//	f.mark(m, draw)            wraps draw's ops in a Meta{Kind:"mark"} group
//	f.series(i, name, draw)    wraps draw's ops in a Meta{Kind:"series"} group
//	f.emptyState(msg)          a centred message instead of marks ("No data")
//	f.note(msg)                a small footnote (dropped values, downsampling)
//	f.text(x, y, s, font, col, anchor, baseline) one line of text
//	f.contrast(bg)             Text colour readable on a filled mark of colour bg
//	f.pick(chs...)             the first channel of chs that is encoded
//	f.shrink(side, px)         take space from the plot rectangle yourself
//	f.newPlane(xDef, yDef)     cartesian axes (scales, ticks, labels); then
//	                           p.drawGrid(), marks, p.drawAxes(); p.x/p.y.Map
//	niceTicks, newLinear…      scales and ticks (scale.go, ticks.go), FormatTime
//	ordinal                    numbers distinct strings in order of appearance
//	fontTick, fontLabel, fontTitle… the type scale used everywhere
//
// A drawer returns an error only for a spec it cannot draw (a missing
// channel); bad or missing data draws an empty state or is dropped with a
// note, never a panic.

import (
	"math"
	"strings"

	"github.com/gobi-bi/gobi/shared/chart"
)

// Type scale: every label in every chart uses one of these fonts.
var (
	fontTick     = Font{Size: 11}
	fontLabel    = Font{Size: 11}
	fontAxis     = Font{Size: 12}
	fontLegend   = Font{Size: 12}
	fontTitle    = Font{Size: 16, Bold: true}
	fontSubtitle = Font{Size: 12}
	fontNote     = Font{Size: 9}
	fontEmpty    = Font{Size: 14}
)

// pad is the outer margin of the chart and the gap between its blocks.
const pad = 12.0

type frame struct {
	c      *Canvas
	spec   *chart.Spec
	data   *chart.Data
	theme  Theme
	colors []Color
	// full is the whole chart inside the outer margin; plot is what is left.
	full  Rect
	plot  Rect
	notes []string
	// timePatterns caches the date format of time columns drawn as
	// categories.
	timePatterns map[chart.Channel]string
	// hidden holds the legend entries switched off (Options.Hidden).
	hidden map[int]bool
	// xmin and xmax are the zoom window of line, area and scatter charts
	// (Options.XMin, XMax); nil for an open end.
	xmin, xmax *float64
}

// color is the i-th series colour; the palette repeats past its end.
func (f *frame) color(i int) Color {
	if len(f.colors) == 0 {
		return f.theme.Text
	}
	if i < 0 {
		i = -i
	}
	return f.colors[i%len(f.colors)]
}

// numberPattern is the number format for channel ch: the field's own
// format, else the spec's default.
func (f *frame) numberPattern(ch chart.Channel) string {
	if fl, ok := f.spec.Encoding[ch]; ok && fl.Format != "" {
		return fl.Format
	}
	return f.spec.Format.Number
}

// formatValue formats v as channel ch's values are formatted.
func (f *frame) formatValue(ch chart.Channel, v float64) string {
	return FormatNumber(v, f.numberPattern(ch))
}

// markLabel is the text shown on a mark for options.show_labels: the
// label channel's text when it is encoded, else v formatted as channel
// ch's values.
func (f *frame) markLabel(ch chart.Channel, row int, v float64) string {
	if f.data.Has(chart.Label) && row >= 0 {
		return f.data.Str(chart.Label, row)
	}
	return f.formatValue(ch, v)
}

// mark draws a mark inside a group the browser uses for hit testing and
// tooltips. m.Kind is set to "mark".
func (f *frame) mark(m Meta, draw func()) {
	m.Kind = "mark"
	f.c.Begin(&m, nil)
	draw()
	f.c.End()
}

// series draws one series inside a group so the browser can toggle it
// from the legend.
func (f *frame) series(i int, name string, draw func()) {
	f.c.Begin(&Meta{Kind: "series", Series: i, Index: -1, Tooltip: name}, nil)
	draw()
	f.c.End()
}

// emptyState draws msg in the middle of the plot area instead of marks.
func (f *frame) emptyState(msg string) {
	r := f.plot
	if r.W <= 0 || r.H <= 0 {
		r = f.full
	}
	f.text(r.X+r.W/2, r.Y+r.H/2, Truncate(msg, fontEmpty, r.W), fontEmpty, f.theme.MutedText, AnchorMiddle, BaselineMiddle)
}

// note records a footnote, drawn small at the bottom left of the chart
// when the drawer is done: what was dropped or simplified, so a chart
// never hides data silently.
func (f *frame) note(msg string) {
	for _, n := range f.notes {
		if n == msg {
			return
		}
	}
	f.notes = append(f.notes, msg)
}

func (f *frame) drawNotes() {
	if len(f.notes) == 0 {
		return
	}
	s := Truncate(strings.Join(f.notes, " · "), fontNote, f.full.W)
	f.text(f.full.X, f.c.S.Height-3, s, fontNote, f.theme.MutedText, AnchorStart, BaselineAlphabetic)
}

// text draws one line of text.
func (f *frame) text(x, y float64, s string, font Font, col Color, a Anchor, b Baseline) {
	if s == "" {
		return
	}
	f.c.Text(TextOp{X: x, Y: y, Text: s, Font: font, Color: col, Anchor: a, Baseline: b})
}

// contrast is a text colour readable on bg: near-black or white,
// whichever has the higher WCAG contrast ratio with it (white wins below
// a luminance of about 0.21).
func (f *frame) contrast(bg Color) Color {
	if luminance(bg) > 0.21 {
		return Color{0x1d, 0x23, 0x30, 255}
	}
	return Color{255, 255, 255, 255}
}

// luminance is the WCAG relative luminance of c, in [0, 1].
func luminance(c Color) float64 {
	lin := func(u uint8) float64 {
		v := float64(u) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// pick is the first of chs that the spec encodes, or "" if none is.
func (f *frame) pick(chs ...chart.Channel) chart.Channel {
	for _, ch := range chs {
		if f.data.Has(ch) {
			return ch
		}
	}
	return ""
}

// shrink removes space from one side of the plot rectangle.
func (f *frame) shrink(side string, by float64) {
	switch side {
	case "top":
		f.plot.Y += by
		f.plot.H -= by
	case "bottom":
		f.plot.H -= by
	case "left":
		f.plot.X += by
		f.plot.W -= by
	case "right":
		f.plot.W -= by
	}
	if f.plot.W < 0 {
		f.plot.W = 0
	}
	if f.plot.H < 0 {
		f.plot.H = 0
	}
}
