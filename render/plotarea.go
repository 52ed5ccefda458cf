package render

import "math"

// PlotArea is where a cartesian chart put its plot and what its x axis
// shows there: enough for the browser to turn a drag across the plot
// into Options.XMin and XMax without knowing how the axis was laid out.
type PlotArea struct {
	// Rect is the plot rectangle in scene pixels.
	Rect Rect
	// XMin and XMax are the x values at Rect's left and right edges:
	// numbers, Unix milliseconds (XTime), or category positions (XBand:
	// category i is centred on position i, its band spans i±0.5, and
	// positions count from the first category before zooming).
	XMin, XMax float64
	// XTime, XLog and XBand tell the kind of x axis; none set means a
	// linear number axis.
	XTime, XLog, XBand bool
}

// XAt returns the x value at horizontal pixel px, clamped to the plot:
// a drag that leaves the plot zooms to its edge.
func (p *PlotArea) XAt(px float64) float64 {
	t := 0.0
	if p.Rect.W > 0 {
		t = math.Max(0, math.Min(1, (px-p.Rect.X)/p.Rect.W))
	}
	if p.XLog && p.XMin > 0 && p.XMax > 0 {
		l0, l1 := math.Log10(p.XMin), math.Log10(p.XMax)
		return math.Pow(10, l0+t*(l1-l0))
	}
	return p.XMin + t*(p.XMax-p.XMin)
}

// plotArea describes the plane's plot rectangle and x domain.
func (p *plane) plotArea() *PlotArea {
	pa := &PlotArea{Rect: p.plot}
	switch x := p.x.(type) {
	case *linearScale:
		pa.XMin, pa.XMax = x.d0, x.d1
	case *timeScale:
		pa.XMin, pa.XMax, pa.XTime = x.d0, x.d1, true
	case *logScale:
		pa.XMin, pa.XMax, pa.XLog = x.d0, x.d1, true
	case *bandScale:
		// Invert Map at both ends of the range: centre of band i at
		// r0 + step·(outer + i) + bandwidth/2.
		pa.XBand = true
		st := x.step()
		lead := x.outer + (1-x.inner)/2
		pa.XMin, pa.XMax = -lead, -lead+float64(len(x.cats))
		if st != 0 {
			pa.XMax = (x.r1-x.r0)/st - lead
		}
		pa.XMin += p.xd.offset
		pa.XMax += p.xd.offset
	}
	return pa
}
