package geo

import "math"

// Projection maps positions in degrees to plane coordinates, y growing
// downwards (screen order). ok is false where the projection draws
// nothing, such as a territory outside Albers USA's insets.
type Projection interface {
	Project(lon, lat float64) (x, y float64, ok bool)
}

// outliner is a projection with an outline of the whole globe; a map in
// it is fitted to the outline, so the map's centre is the rectangle's.
type outliner interface {
	Outline() Ring
}

// ForMap picks the projection for a base map: Equal Earth for the world,
// Albers USA for US states, and for any other map an equirectangular
// projection corrected for the map's middle latitude.
func ForMap(name string, m *Map) Projection {
	switch name {
	case "world":
		return EqualEarth{}
	case "us-states":
		return NewAlbersUSA()
	}
	_, lat0, _, lat1 := m.Bounds()
	mid := 0.0
	if !math.IsInf(lat0, 0) && !math.IsInf(lat1, 0) {
		mid = (lat0 + lat1) / 2
	}
	return Equirectangular{Lat0: mid}
}

const rad = math.Pi / 180

// EqualEarth is the Equal Earth projection (Šavrič, Patterson and Jenny,
// 2018): equal-area, so a choropleth's big countries do not look more
// important than they are, with the familiar look of Robinson.
type EqualEarth struct{}

const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

// Project implements Projection.
func (EqualEarth) Project(lon, lat float64) (float64, float64, bool) {
	if math.IsNaN(lon) || math.IsNaN(lat) {
		return 0, 0, false
	}
	l := wrapLon(lon) * rad
	p := math.Max(-90, math.Min(90, lat)) * rad
	m := math.Sqrt(3) / 2
	t := math.Asin(m * math.Sin(p))
	t2 := t * t
	t6 := t2 * t2 * t2
	x := l * math.Cos(t) / (m * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y := t * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, -y, true
}

// Outline implements outliner: the ±180° meridians.
func (EqualEarth) Outline() Ring {
	var r Ring
	for lat := -90.0; lat <= 90; lat += 5 {
		r = append(r, LonLat{-180, lat})
	}
	for lat := 90.0; lat >= -90; lat -= 5 {
		r = append(r, LonLat{180, lat})
	}
	return r
}

// wrapLon brings a longitude into [-180, 180], keeping ±180 as given so
// features cut at the antimeridian keep their side.
func wrapLon(lon float64) float64 {
	for lon > 180 {
		lon -= 360
	}
	for lon < -180 {
		lon += 360
	}
	return lon
}

// Equirectangular is the plate carrée with longitudes shrunk by the
// cosine of Lat0, which keeps shapes near that latitude in proportion.
type Equirectangular struct{ Lat0 float64 }

// Project implements Projection.
func (e Equirectangular) Project(lon, lat float64) (float64, float64, bool) {
	if math.IsNaN(lon) || math.IsNaN(lat) {
		return 0, 0, false
	}
	return lon * rad * math.Cos(e.Lat0*rad), -lat * rad, true
}

// conic is an Albers conic equal-area projection centred on (lon0, lat0)
// in the projection's rotated frame, as d3's conicEqualArea with rotate
// and center; scale and offset place it in a composite.
type conic struct {
	lon0              float64 // central meridian
	n, c, r0          float64
	cx, cy            float64 // projected centre
	scale, offX, offY float64
}

func newConic(lon0, centerLon, centerLat, par1, par2, scale, offX, offY float64) conic {
	s1 := math.Sin(par1 * rad)
	n := (s1 + math.Sin(par2*rad)) / 2
	k := conic{lon0: lon0, n: n, c: 1 + s1*(2*n-s1), scale: scale, offX: offX, offY: offY}
	k.r0 = math.Sqrt(k.c) / n
	k.cx, k.cy = k.raw(centerLon*rad, centerLat*rad)
	return k
}

func (k conic) raw(l, p float64) (float64, float64) {
	r := math.Sqrt(math.Max(0, k.c-2*k.n*math.Sin(p))) / k.n
	return r * math.Sin(l*k.n), k.r0 - r*math.Cos(l*k.n)
}

func (k conic) project(lon, lat float64) (float64, float64) {
	x, y := k.raw(wrapLon(lon-k.lon0)*rad, lat*rad)
	return k.offX + k.scale*(x-k.cx), k.offY - k.scale*(y-k.cy)
}

// AlbersUSA is a composite for US states in the manner of d3's
// geoAlbersUsa: the lower 48 in an Albers projection, with Alaska (shrunk)
// and Hawaii as insets below the south-west and Puerto Rico with the
// Virgin Islands below the south-east. Guam, the Northern Mariana Islands
// and American Samoa are not drawn.
type AlbersUSA struct {
	lower48, alaska, hawaii, caribbean conic
}

// NewAlbersUSA returns the composite, with the lower 48's centre at the
// origin and a unit scale.
func NewAlbersUSA() AlbersUSA {
	return AlbersUSA{
		lower48:   newConic(-96, -0.6, 38.7, 29.5, 45.5, 1, 0, 0),
		alaska:    newConic(-154, -2, 58.5, 55, 65, 0.35, -0.307, 0.201),
		hawaii:    newConic(-157, -3, 19.9, 8, 18, 1, -0.205, 0.212),
		caribbean: newConic(-66, 0, 18, 8, 18, 1, 0.31, 0.224),
	}
}

// Project implements Projection, choosing the part by position.
func (a AlbersUSA) Project(lon, lat float64) (float64, float64, bool) {
	if math.IsNaN(lon) || math.IsNaN(lat) {
		return 0, 0, false
	}
	lon = wrapLon(lon)
	var x, y float64
	switch {
	case lat >= 50 && (lon <= -129 || lon >= 170):
		x, y = a.alaska.project(lon, lat)
	case lat >= 18 && lat <= 23 && lon >= -161 && lon <= -154:
		x, y = a.hawaii.project(lon, lat)
	case lat >= 17.5 && lat <= 18.8 && lon >= -68 && lon <= -64:
		x, y = a.caribbean.project(lon, lat)
	case lat >= 24 && lat <= 50 && lon >= -126 && lon <= -66:
		x, y = a.lower48.project(lon, lat)
	default:
		return 0, 0, false
	}
	return x, y, true
}

// Fitted is a projection scaled and centred to fill a rectangle.
type Fitted struct {
	P      Projection
	K      float64 // scale
	TX, TY float64 // translation after scaling
}

// Point projects a position to the rectangle's pixels.
func (f Fitted) Point(lon, lat float64) (float64, float64, bool) {
	x, y, ok := f.P.Project(lon, lat)
	if !ok {
		return 0, 0, false
	}
	return f.TX + f.K*x, f.TY + f.K*y, true
}

// Outline is the projected outline of the globe, or nil for projections
// without one.
func (f Fitted) Outline() [][2]float64 {
	o, ok := f.P.(outliner)
	if !ok {
		return nil
	}
	var out [][2]float64
	for _, q := range o.Outline() {
		if x, y, ok := f.Point(q.Lon, q.Lat); ok {
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

// Fit scales and centres p so that the globe's outline (or, without one,
// every drawable position of m) fills the rectangle at (x, y) of size
// w×h, keeping the aspect ratio.
func Fit(p Projection, m *Map, x, y, w, h float64) Fitted {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(lon, lat float64) {
		if px, py, ok := p.Project(lon, lat); ok {
			x0, x1 = math.Min(x0, px), math.Max(x1, px)
			y0, y1 = math.Min(y0, py), math.Max(y1, py)
		}
	}
	if o, ok := p.(outliner); ok {
		for _, q := range o.Outline() {
			add(q.Lon, q.Lat)
		}
	} else if m != nil {
		for _, f := range m.Features {
			for _, pg := range f.Polygons {
				for _, r := range pg {
					for _, q := range r {
						add(q.Lon, q.Lat)
					}
				}
			}
		}
	}
	if math.IsInf(x0, 0) || x1 <= x0 || y1 <= y0 || w <= 0 || h <= 0 {
		return Fitted{P: p, K: 1, TX: x + w/2, TY: y + h/2}
	}
	k := math.Min(w/(x1-x0), h/(y1-y0))
	return Fitted{P: p, K: k, TX: x + w/2 - k*(x0+x1)/2, TY: y + h/2 - k*(y0+y1)/2}
}
