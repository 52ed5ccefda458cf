package render

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gobi-bi/gobi/render/geo"
	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { register(chart.Geo, drawGeo) }

// drawGeo draws a base map (options.map: "world" in Equal Earth, or
// "us-states" in Albers USA) as a choropleth of region + value on the
// viridis scale with a colour legend, regions without data in a neutral
// grey, and/or points at lat + lon sized by size (or value). The map must
// have been registered with geo.RegisterMap; region values are matched by
// ISO code or name.
func drawGeo(f *frame) error {
	name := f.spec.Options.Map
	if name == "" {
		name = "world"
	}
	m, err := geo.Get(name)
	if err != nil {
		return err
	}
	regions := f.data.Has(chart.Region)
	points := f.data.Has(chart.Lat) && f.data.Has(chart.Lon)
	if !regions && !points {
		return errors.New("a geo chart needs encoding.region (with encoding.value) or encoding.lat and encoding.lon")
	}
	var vals map[int]float64
	rows := map[int]int{}
	e := newExtent()
	if regions {
		vals = f.regionValues(m, rows)
		for _, v := range vals {
			e.add(v)
		}
		if !e.empty() && f.data.Has(chart.Value) {
			f.colorLegend(e.lo, e.hi, f.numberPattern(chart.Value))
		}
	}
	pl := f.plot
	if pl.W < 10 || pl.H < 10 {
		f.emptyState("Too small to draw")
		return nil
	}
	fit := geo.Fit(geo.ForMap(name, m), m, pl.X, pl.Y, pl.W, pl.H)
	if o := fit.Outline(); len(o) > 2 {
		var p Path
		for i, q := range o {
			if i == 0 {
				p.Move(q[0], q[1])
			} else {
				p.Line(q[0], q[1])
			}
		}
		p.Close()
		f.c.Path(p, Style{Fill: Lerp(f.theme.Background, f.theme.Grid, 0.45), Stroke: f.theme.Grid, StrokeWidth: 1})
	}
	noData := Lerp(f.theme.Background, f.theme.MutedText, 0.28)
	border := Style{Stroke: f.theme.Background, StrokeWidth: 0.5}
	for i, ft := range m.Features {
		p := featurePath(fit, ft)
		if len(p) == 0 {
			continue
		}
		v, has := vals[i]
		if !has {
			st := border
			st.Fill = noData
			f.c.Path(p, st)
			continue
		}
		t := 0.5
		if e.hi > e.lo {
			t = (v - e.lo) / (e.hi - e.lo)
		}
		st := border
		st.Fill = Sequential(t)
		if !f.data.Has(chart.Value) {
			st.Fill = f.color(0)
		}
		tip := ft.Name
		if f.data.Has(chart.Value) {
			tip += ": " + f.formatValue(chart.Value, v)
		}
		f.mark(Meta{Series: 0, Index: rows[i], Tooltip: tip}, func() { f.c.Path(p, st) })
	}
	if points {
		f.geoPoints(fit, regions)
	}
	return nil
}

// regionValues matches each row's region to a feature and returns the
// values by feature index (rows of the same region add up) and, in rows,
// each feature's first row. Regions not on the map are named in a note.
func (f *frame) regionValues(m *geo.Map, rows map[int]int) map[int]float64 {
	d := f.data
	vals := map[int]float64{}
	var unknown []string
	seenUnknown := map[string]bool{}
	dup, missing := false, 0
	for row := 0; row < d.Len(); row++ {
		key := d.Str(chart.Region, row)
		if key == "" {
			continue
		}
		i, ok := m.Lookup(key)
		if !ok {
			if !seenUnknown[key] {
				seenUnknown[key] = true
				unknown = append(unknown, key)
			}
			continue
		}
		v := 1.0
		if d.Has(chart.Value) {
			var ok bool
			if v, ok = d.Num(chart.Value, row); !ok {
				missing++
				continue
			}
		}
		if _, seen := vals[i]; seen {
			dup = true
			vals[i] += v
			continue
		}
		vals[i] = v
		rows[i] = row
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		list := unknown
		if len(list) > 5 {
			list = append(list[:5:5], "…")
		}
		f.note(fmt.Sprintf("%s not on the map: %s", plural(len(unknown), "region"), strings.Join(list, ", ")))
	}
	if dup {
		f.note("values of the same region were added up")
	}
	if missing > 0 {
		f.note(plural(missing, "row") + " without a value left out")
	}
	return vals
}

// featurePath projects a feature's polygons into one path. Outlines are
// wound one way and holes the other, whatever the file's convention, so
// the nonzero fill rule every back-end uses leaves holes empty.
func featurePath(fit geo.Fitted, ft geo.Feature) Path {
	var p Path
	for _, pg := range ft.Polygons {
		for ri, ring := range pg {
			pts := make([]Point, 0, len(ring))
			for _, q := range ring {
				x, y, ok := fit.Point(q.Lon, q.Lat)
				if !ok {
					pts = pts[:0]
					break
				}
				pts = append(pts, Point{x, y})
			}
			if len(pts) < 3 {
				continue
			}
			area := 0.0
			for i := range pts {
				j := (i + 1) % len(pts)
				area += pts[i].X*pts[j].Y - pts[j].X*pts[i].Y
			}
			if (ri == 0) != (area > 0) {
				for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
					pts[i], pts[j] = pts[j], pts[i]
				}
			}
			p.Move(pts[0].X, pts[0].Y)
			for _, q := range pts[1:] {
				p.Line(q.X, q.Y)
			}
			p.Close()
		}
	}
	return p
}

// geoPoints draws a circle per row with lat and lon, its area by size
// (or by value when regions do not use it), on top of the map.
func (f *frame) geoPoints(fit geo.Fitted, regions bool) {
	d := f.data
	sch := f.pick(chart.Size)
	if sch == "" && !regions {
		sch = f.pick(chart.Value)
	}
	maxS := 0.0
	if sch != "" {
		for row := 0; row < d.Len(); row++ {
			if v, ok := d.Num(sch, row); ok {
				maxS = math.Max(maxS, math.Abs(v))
			}
		}
	}
	rMax := math.Max(6, math.Min(24, math.Min(f.plot.W, f.plot.H)/20))
	col := f.color(0)
	if regions {
		col = f.color(1)
	}
	off := 0
	lch := f.pick(chart.Label, chart.Category, chart.Region)
	for row := 0; row < d.Len(); row++ {
		lat, ok1 := d.Num(chart.Lat, row)
		lon, ok2 := d.Num(chart.Lon, row)
		if !ok1 || !ok2 || math.Abs(lat) > 90 || math.Abs(lon) > 360 {
			continue
		}
		x, y, ok := fit.Point(lon, lat)
		if !ok || !f.plot.Contains(x, y) {
			off++
			continue
		}
		r := 4.0
		tip := fmt.Sprintf("%.4g, %.4g", lat, lon)
		if lch != "" && d.Str(lch, row) != "" {
			tip = d.Str(lch, row)
		}
		if sch != "" {
			v, ok := d.Num(sch, row)
			if !ok {
				continue
			}
			if maxS > 0 {
				r = 2 + (rMax-2)*math.Sqrt(math.Abs(v)/maxS)
			}
			tip += ": " + f.formatValue(sch, v)
		}
		f.mark(Meta{Series: 1, Index: row, Tooltip: tip}, func() {
			f.c.Circle(x, y, r, Style{Fill: col.Alpha(0.7), Stroke: f.theme.Background, StrokeWidth: 1})
		})
	}
	if off > 0 {
		f.note(plural(off, "point") + " outside the map")
	}
}
