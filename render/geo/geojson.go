package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// LonLat is a position in degrees.
type LonLat struct{ Lon, Lat float64 }

// Ring is a closed line of positions; the first ring of a polygon is its
// outline and the others are holes.
type Ring []LonLat

// Polygon is an outline with optional holes.
type Polygon []Ring

// Feature is one region of a map: a country or a state.
type Feature struct {
	// Name is the display name ("Germany", "California").
	Name string
	// Props are the feature's string properties (iso_a3, iso_a2, postal…).
	Props    map[string]string
	Polygons []Polygon
}

// Map is a parsed base map: its features and an index from codes and
// names to features.
type Map struct {
	Features []Feature
	index    map[string]int
}

// lookupKeys are the properties indexed for Lookup, in priority order:
// codes first, so a code never loses to a name that happens to equal it,
// and names before aliases ("Congo" is the Republic of the Congo, not an
// alias of the Democratic Republic). "aliases" holds "|"-separated names.
var lookupKeys = []string{"iso_a3", "iso_a2", "iso_n3", "postal", "iso_3166_2", "fips", "code", "id", "name", "name_long", "admin", "aliases"}

// Lookup finds the feature for a region value: an ISO 3166-1 alpha-3 or
// alpha-2 code, a numeric code, a postal or ISO 3166-2 code ("CA",
// "US-CA"), the name or another English name ("Bosnia and Herzegovina",
// "UK"), case-insensitively.
func (m *Map) Lookup(key string) (int, bool) {
	k := normKey(key)
	if k == "" {
		return 0, false
	}
	i, ok := m.index[k]
	return i, ok
}

func normKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Bounds is the extent of all features in degrees.
func (m *Map) Bounds() (minLon, minLat, maxLon, maxLat float64) {
	minLon, minLat, maxLon, maxLat = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, f := range m.Features {
		for _, p := range f.Polygons {
			for _, r := range p {
				for _, q := range r {
					minLon, maxLon = math.Min(minLon, q.Lon), math.Max(maxLon, q.Lon)
					minLat, maxLat = math.Min(minLat, q.Lat), math.Max(maxLat, q.Lat)
				}
			}
		}
	}
	return
}

// ErrInvalidGeoJSON is wrapped by every parse error.
var ErrInvalidGeoJSON = errors.New("invalid GeoJSON")

// Limits that keep a hostile file from using unbounded memory.
const (
	maxFeatures  = 20000
	maxPositions = 5_000_000
)

type rawObject struct {
	Type        string          `json:"type"`
	Features    []rawObject     `json:"features"`
	Geometry    *rawObject      `json:"geometry"`
	Geometries  []rawObject     `json:"geometries"`
	Properties  map[string]any  `json:"properties"`
	ID          any             `json:"id"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// Parse reads a GeoJSON FeatureCollection, Feature or geometry (RFC 7946).
// Polygon and MultiPolygon geometries, also inside a GeometryCollection,
// become the features' shapes; points and lines are ignored, as a base
// map has no use for them. Features without a polygon are dropped.
func Parse(data []byte) (*Map, error) {
	var root rawObject
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidGeoJSON, err)
	}
	var feats []rawObject
	switch root.Type {
	case "FeatureCollection":
		feats = root.Features
	case "Feature":
		feats = []rawObject{root}
	case "":
		return nil, fmt.Errorf("%w: no \"type\"", ErrInvalidGeoJSON)
	default:
		feats = []rawObject{{Type: "Feature", Geometry: &root}}
	}
	if len(feats) > maxFeatures {
		return nil, fmt.Errorf("%w: %d features, at most %d", ErrInvalidGeoJSON, len(feats), maxFeatures)
	}
	m := &Map{index: map[string]int{}}
	budget := maxPositions
	for i, rf := range feats {
		if rf.Type != "Feature" {
			return nil, fmt.Errorf("%w: features[%d] is a %q, not a Feature", ErrInvalidGeoJSON, i, rf.Type)
		}
		f := Feature{Props: map[string]string{}}
		for k, v := range rf.Properties {
			if s := propString(v); s != "" {
				f.Props[strings.ToLower(k)] = s
			}
		}
		if id := propString(rf.ID); id != "" {
			if _, ok := f.Props["id"]; !ok {
				f.Props["id"] = id
			}
		}
		f.Name = f.Props["name"]
		if rf.Geometry != nil {
			ps, err := polygons(rf.Geometry, &budget, 0)
			if err != nil {
				return nil, fmt.Errorf("%w: features[%d] (%s): %v", ErrInvalidGeoJSON, i, f.Name, err)
			}
			f.Polygons = ps
		}
		if len(f.Polygons) == 0 {
			continue
		}
		m.Features = append(m.Features, f)
	}
	if len(m.Features) == 0 {
		return nil, fmt.Errorf("%w: no polygon features", ErrInvalidGeoJSON)
	}
	for _, key := range lookupKeys {
		for i, f := range m.Features {
			vals := []string{f.Props[key]}
			if key == "aliases" {
				vals = strings.Split(f.Props[key], "|")
			}
			for _, v := range vals {
				k := normKey(v)
				if k == "" || k == "-99" {
					continue
				}
				if _, taken := m.index[k]; !taken {
					m.index[k] = i
				}
			}
		}
	}
	return m, nil
}

func propString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("%.0f", x)
		}
		return fmt.Sprint(x)
	}
	return ""
}

// polygons collects the polygons of a geometry.
func polygons(g *rawObject, budget *int, depth int) ([]Polygon, error) {
	switch g.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, fmt.Errorf("polygon coordinates: %v", err)
		}
		p, err := polygon(c, budget)
		if err != nil || p == nil {
			return nil, err
		}
		return []Polygon{p}, nil
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, fmt.Errorf("multipolygon coordinates: %v", err)
		}
		var out []Polygon
		for _, pc := range c {
			p, err := polygon(pc, budget)
			if err != nil {
				return nil, err
			}
			if p != nil {
				out = append(out, p)
			}
		}
		return out, nil
	case "GeometryCollection":
		if depth > 8 {
			return nil, errors.New("geometry collections nested too deep")
		}
		var out []Polygon
		for i := range g.Geometries {
			ps, err := polygons(&g.Geometries[i], budget, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
		}
		return out, nil
	case "Point", "MultiPoint", "LineString", "MultiLineString":
		return nil, nil
	}
	return nil, fmt.Errorf("unknown geometry type %q", g.Type)
}

// polygon converts rings of [lon, lat(, alt)] positions. Rings with fewer
// than three distinct positions are dropped; an outline so dropped drops
// the polygon.
func polygon(c [][][]float64, budget *int) (Polygon, error) {
	var p Polygon
	for i, rc := range c {
		*budget -= len(rc)
		if *budget < 0 {
			return nil, fmt.Errorf("more than %d positions", maxPositions)
		}
		r := make(Ring, 0, len(rc))
		for _, pos := range rc {
			if len(pos) < 2 {
				return nil, errors.New("a position needs longitude and latitude")
			}
			lon, lat := pos[0], pos[1]
			if math.IsNaN(lon) || math.IsNaN(lat) || math.Abs(lon) > 540 || math.Abs(lat) > 90 {
				return nil, fmt.Errorf("position [%g, %g] is out of range", lon, lat)
			}
			r = append(r, LonLat{lon, lat})
		}
		if len(r) > 1 && r[0] == r[len(r)-1] {
			r = r[:len(r)-1] // rings are closed implicitly here
		}
		if len(r) < 3 {
			if i == 0 {
				return nil, nil
			}
			continue
		}
		p = append(p, r)
	}
	return p, nil
}
