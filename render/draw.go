package render

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Options are the drawing parameters that are not part of the chart: the
// size of the surface and a theme forced by the caller (a dark-mode export
// of a light chart).
type Options struct {
	// Width and Height are in pixels; zero picks 800×480.
	Width, Height float64
	// Theme, when set, overrides spec.Theme.
	Theme string
	// Hidden lists the legend entries (series, or slices of a pie or
	// funnel) the viewer switched off: their marks are not drawn and the
	// scales fit what is left, but the legend still lists them, dimmed,
	// so they can be switched back on. Colours do not shift.
	Hidden []int
	// XMin and XMax zoom line, area and scatter charts to a window of the
	// x axis, in data units (Unix milliseconds on a time axis, category
	// positions on a category axis; see PlotArea.XAt). Points outside are
	// left out, a line is cut exactly at the window's edges, and ticks are
	// chosen for the window. Either may be nil for an open end; other
	// chart types ignore them.
	XMin, XMax *float64
}

// Largest surface Draw accepts, so a request cannot ask a raster back-end
// for gigabytes.
const maxSide = 8000

// ErrBrowserOnly is returned for chart types that only the browser client
// draws (the 3D types); callers branch on it to answer "use the web app".
var ErrBrowserOnly = errors.New("drawn in the browser only")

// ErrUnknownType is returned for a type outside the catalogue.
var ErrUnknownType = errors.New("unknown chart type")

type drawFunc func(f *frame) error

var drawers = map[chart.Type]drawFunc{}

// register makes fn the drawer of chart type t; each type's file calls it
// from init.
func register(t chart.Type, fn drawFunc) { drawers[t] = fn }

// Registered lists the chart types this package draws, sorted; the rest
// of the catalogue is drawn by the browser only.
func Registered() []chart.Type {
	ts := make([]chart.Type, 0, len(drawers))
	for t := range drawers {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts
}

// Draw lays out spec with the rows of res (spec.Data when res is nil) into
// a Scene. The rows of cartesian charts are first shaped with
// chart.Shape (sort, limit, downsampling, scatter binning), so a chart
// drawn here shows the same points as in the browser. Zero rows draw a "No data" message rather
// than failing, so dashboards show an empty chart instead of an error.
func Draw(spec *chart.Spec, res *api.Result, o Options) (sc *Scene, err error) {
	if spec == nil {
		return nil, errors.New("render: no chart spec")
	}
	fn, ok := drawers[spec.Type]
	if !ok {
		if strings.HasSuffix(string(spec.Type), "3d") {
			return nil, fmt.Errorf("render: chart type %q is %w", spec.Type, ErrBrowserOnly)
		}
		return nil, fmt.Errorf("render: chart type %q: %w (or it is drawn in the browser only)", spec.Type, ErrUnknownType)
	}
	if res == nil {
		res = spec.Data
	}
	if res == nil {
		res = &api.Result{}
	}
	w, h := size(o.Width, 800), size(o.Height, 480)
	xmin, xmax := zoomWindow(spec.Type, o.XMin, o.XMax)
	if (xmin != nil || xmax != nil) && len(res.Rows) > 0 {
		// Cut to the window before shaping, so zooming in on a long
		// line shows detail rather than the downsampled overview.
		res = zoomRows(spec, res, xmin, xmax)
	}
	if ti, ok := chart.Info(spec.Type); ok && ti.Family == "cartesian" && len(res.Rows) > 0 {
		// Draw what every other renderer draws: sorted, limited, long
		// lines downsampled, huge scatters binned (shaping shaped data
		// changes nothing). Other families aggregate in their drawers.
		shaped, err := chart.Shape(spec, res, int(w))
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", spec.Type, err)
		}
		res = shaped
		if bs, ok := chart.BinnedSpec(spec, res); ok {
			spec = bs
		}
	}
	data, err := chart.Bind(spec, res)
	if err != nil && len(res.Rows) > 0 {
		return nil, fmt.Errorf("render %s: %w", spec.Type, err)
	}
	themeName := spec.Theme
	if o.Theme != "" {
		themeName = o.Theme
	}
	theme := ThemeNamed(themeName)
	colors, err := paletteFor(spec)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", spec.Type, err)
	}
	f := &frame{
		c: NewCanvas(w, h, theme.Background), spec: spec, data: data, theme: theme, colors: colors,
		full:   Rect{pad, pad, math.Max(0, w-2*pad), math.Max(0, h-2*pad)},
		hidden: hiddenSet(o.Hidden), xmin: xmin, xmax: xmax,
	}
	f.plot = f.full
	// A drawer bug must cost one chart, not the server: turn a panic
	// into an error naming the type.
	defer func() {
		if r := recover(); r != nil {
			sc, err = nil, fmt.Errorf("render %s: internal error: %v", spec.Type, r)
		}
	}()
	f.drawTitle()
	if data == nil || data.Len() == 0 {
		f.emptyState("No data")
		return f.c.S, nil
	}
	if err := fn(f); err != nil {
		return nil, fmt.Errorf("render %s: %w", spec.Type, err)
	}
	f.drawNotes()
	return f.c.S, nil
}

// size clamps a requested side to [16, maxSide], with def for zero.
func size(v, def float64) float64 {
	if v <= 0 || math.IsNaN(v) {
		return def
	}
	return math.Max(16, math.Min(maxSide, v))
}

// paletteFor resolves spec.Colors (explicit) or spec.Palette (named).
func paletteFor(spec *chart.Spec) ([]Color, error) {
	if len(spec.Colors) > 0 {
		cs := make([]Color, 0, len(spec.Colors))
		for i, s := range spec.Colors {
			c, err := ParseHex(s)
			if err != nil {
				return nil, fmt.Errorf("colors[%d]: %w", i, err)
			}
			cs = append(cs, c)
		}
		return cs, nil
	}
	if spec.Palette == "viridis" {
		// Spread along the map so neighbouring series differ most.
		ts := []float64{0.05, 0.55, 0.85, 0.3, 0.7, 0.15, 0.45, 1}
		cs := make([]Color, len(ts))
		for i, t := range ts {
			cs[i] = Sequential(t)
		}
		return cs, nil
	}
	return Palette(spec.Palette), nil
}

// BaselineOffset is how far below a TextOp's Y its alphabetic baseline
// lies, in the text's own (unrotated) frame, for a font of size px. Every
// back-end shifts text by it, so vertical alignment does not depend on how
// a viewer implements dominant-baseline.
func BaselineOffset(b Baseline, size float64) float64 {
	switch b {
	case BaselineTop:
		return Ascent * size
	case BaselineMiddle:
		return (Ascent - Descent) / 2 * size
	case BaselineBottom:
		return -Descent * size
	}
	return 0
}
