package render

import (
	"math"

	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Progress, drawProgress) }

// maxBars is the most progress bars drawn in a column.
const maxBars = 30

// drawProgress draws each row's progress from min to max: a rounded bar
// on a grey track with the caption above and the share at its end, or
// with options.circular a ring with the share in its middle. A target
// shows as a tick across the track.
func drawProgress(f *frame) error {
	limit := maxBars
	if f.spec.Options.Circular {
		limit = maxDials
	}
	gs, err := f.dials(limit, true)
	if err != nil {
		return err
	}
	if f.spec.Options.Circular {
		cells := gridCells(f.plot, len(gs))
		for i, g := range gs {
			f.drawRing(i, g, cells[i])
		}
		return nil
	}
	pl := f.plot
	rowH := math.Min(pl.H/float64(len(gs)), 64)
	y := pl.Y + (pl.H-rowH*float64(len(gs)))/2
	for i, g := range gs {
		f.drawProgressBar(i, g, Rect{pl.X, y + float64(i)*rowH, pl.W, rowH})
	}
	return nil
}

// progressText is what a progress mark says: the share of the scale, or
// the value itself when the format asks for something else.
func (f *frame) progressText(g dial) string {
	if !g.hasValue {
		return "–"
	}
	if f.numberPattern(chart.Value) != "" || g.min != 0 || g.max != 100 {
		share := FormatNumber((g.value-g.min)/(g.max-g.min), "0%")
		return f.formatValue(chart.Value, g.value) + " (" + share + ")"
	}
	return FormatNumber(g.value/100, "0%")
}

func (f *frame) drawProgressBar(i int, g dial, row Rect) {
	thick := math.Max(4, math.Min(18, row.H*0.32))
	capH := fontAxis.Size * 1.3
	if row.H < thick+capH+4 {
		capH = 0
	}
	top := row.Y + (row.H-thick-capH)/2 + capH
	text := f.progressText(g)
	tw := TextWidth(text, fontAxis)
	col := f.color(i)
	track := Rect{row.X, top, row.W, thick}
	if capH == 0 {
		// No room above: the value goes to the right of the bar.
		track.W = math.Max(0, row.W-tw-8)
	}
	f.mark(Meta{Series: i, Index: g.row, Tooltip: f.dialTooltip(g)}, func() {
		f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: track.X, Y: track.Y, W: track.W, H: track.H, Radius: thick / 2, Style: Style{Fill: f.theme.Grid}})
		if g.hasValue && g.frac(g.value) > 0 {
			w := math.Max(thick, track.W*g.frac(g.value))
			f.c.S.Ops = append(f.c.S.Ops, &RectOp{X: track.X, Y: track.Y, W: w, H: track.H, Radius: thick / 2, Style: Style{Fill: col}})
		}
		if finite(g.target) {
			x := track.X + track.W*g.frac(g.target)
			f.c.Line(x, track.Y-3, x, track.Y+track.H+3, Style{Stroke: f.theme.Text, StrokeWidth: 2})
		}
		if capH > 0 {
			base := track.Y - 5
			f.text(row.X+row.W, base, text, fontAxis, f.theme.Text, AnchorEnd, BaselineAlphabetic)
			if g.label != "" {
				f.text(row.X, base, Truncate(g.label, fontAxis, row.W-tw-12), fontAxis, f.theme.MutedText, AnchorStart, BaselineAlphabetic)
			}
		} else {
			f.text(row.X+row.W, track.Y+track.H/2, text, fontAxis, f.theme.Text, AnchorEnd, BaselineMiddle)
		}
	})
}

func (f *frame) drawRing(i int, g dial, cell Rect) {
	capH := 0.0
	if g.label != "" {
		capH = fontAxis.Size * 1.8
	}
	R := math.Min(cell.W-16, cell.H-capH-8) / 2
	if R < 10 {
		return
	}
	cx, cy := cell.X+cell.W/2, cell.Y+(cell.H-capH)/2
	thick := math.Max(4, R*0.16)
	col := f.color(i)
	f.mark(Meta{Series: i, Index: g.row, Tooltip: f.dialTooltip(g)}, func() {
		f.c.Path(sectorPath(cx, cy, R-thick, R, 0, 2*math.Pi), Style{Fill: f.theme.Grid})
		if g.hasValue {
			if fr := g.frac(g.value); fr > 0 {
				f.c.Path(roundedArc(cx, cy, R-thick/2, thick, 0, 2*math.Pi*fr), Style{Fill: col})
			}
		}
		if finite(g.target) {
			a := 2 * math.Pi * g.frac(g.target)
			x0, y0 := polarXY(cx, cy, R-thick-3, a)
			x1, y1 := polarXY(cx, cy, R+3, a)
			f.c.Line(x0, y0, x1, y1, Style{Stroke: f.theme.Text, StrokeWidth: 2})
		}
		text := "–"
		if g.hasValue {
			text = FormatNumber(g.frac(g.value), "0%")
			if f.numberPattern(chart.Value) != "" && (g.min != 0 || g.max != 100) {
				text = f.formatValue(chart.Value, g.value)
			}
		}
		vf := Font{Size: math.Max(10, math.Min(32, R/2.6)), Bold: true}
		f.text(cx, cy, Truncate(text, vf, 2*(R-thick)-6), vf, f.theme.Text, AnchorMiddle, BaselineMiddle)
		if g.label != "" {
			f.text(cx, cy+R+8, Truncate(g.label, fontAxis, cell.W-8), fontAxis, f.theme.MutedText, AnchorMiddle, BaselineTop)
		}
	})
}

// roundedArc is a thick arc with round ends, centred on radius r, from
// angle a0 to a1 (a full turn has no ends).
func roundedArc(cx, cy, r, thick, a0, a1 float64) Path {
	if a1-a0 >= 2*math.Pi-1e-9 {
		return sectorPath(cx, cy, r-thick/2, r+thick/2, a0, a1)
	}
	var p Path
	h := thick / 2
	p.Arc(cx, cy, r+h, a0-math.Pi/2, a1-math.Pi/2, true)
	ex, ey := polarXY(cx, cy, r, a1)
	// End cap: half a circle around the arc's end point.
	p.Arc(ex, ey, h, a1-math.Pi/2, a1+math.Pi/2, false)
	p.Arc(cx, cy, r-h, a1-math.Pi/2, a0-math.Pi/2, false)
	sx, sy := polarXY(cx, cy, r, a0)
	p.Arc(sx, sy, h, a0+math.Pi/2, a0+3*math.Pi/2, false)
	p.Close()
	return p
}
