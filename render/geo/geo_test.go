package geo

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func loadAsset(t *testing.T, name string) *Map {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", "geo", AssetFile(name)))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		features  int
		polygons  int // of the first feature
		holes     int // of the first polygon
		wantError bool
	}{
		{"polygon feature", `{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`, 1, 1, 0, false},
		{"polygon with hole", `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[3,2],[3,3],[2,2]]]}`, 1, 1, 1, false},
		{"multipolygon", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a3":"ABC"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]],[[5.2,5.2],[5.5,5.2],[5.5,5.5],[5.2,5.2]]]]}}]}`, 1, 2, 0, false},
		{"geometry collection", `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`, 1, 1, 0, false},
		{"altitude ignored", `{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}`, 1, 1, 0, false},
		{"point only", `{"type":"Point","coordinates":[1,2]}`, 0, 0, 0, true},
		{"degenerate ring", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`, 0, 0, 0, true},
		{"bad latitude", `{"type":"Polygon","coordinates":[[[0,0],[1,100],[1,1],[0,0]]]}`, 0, 0, 0, true},
		{"short position", `{"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0,0]]]}`, 0, 0, 0, true},
		{"unknown geometry", `{"type":"Blob","coordinates":[]}`, 0, 0, 0, true},
		{"not json", `{"type":`, 0, 0, 0, true},
		{"no type", `{}`, 0, 0, 0, true},
		{"feature of wrong type", `{"type":"FeatureCollection","features":[{"type":"Polygon"}]}`, 0, 0, 0, true},
		{"bad coordinates", `{"type":"Polygon","coordinates":"x"}`, 0, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in))
			if tt.wantError {
				if err == nil || !errors.Is(err, ErrInvalidGeoJSON) {
					t.Fatalf("err = %v, want ErrInvalidGeoJSON", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Features) != tt.features {
				t.Fatalf("features = %d, want %d", len(m.Features), tt.features)
			}
			f := m.Features[0]
			if len(f.Polygons) != tt.polygons {
				t.Fatalf("polygons = %d, want %d", len(f.Polygons), tt.polygons)
			}
			if got := len(f.Polygons[0]) - 1; got != tt.holes {
				t.Fatalf("holes = %d, want %d", got, tt.holes)
			}
			for _, r := range f.Polygons[0] {
				if r[0] == r[len(r)-1] {
					t.Fatalf("ring kept its closing position: %v", r)
				}
			}
		})
	}
}

func TestLookupWorld(t *testing.T) {
	m := loadAsset(t, "world")
	tests := []struct{ key, want string }{
		{"DEU", "Germany"},
		{"deu", "Germany"},
		{"DE", "Germany"},
		{"Germany", "Germany"},
		{" germany ", "Germany"},
		{"276", "Germany"},
		{"USA", "United States of America"},
		{"BRA", "Brazil"},
		{"FRA", "France"},
		{"NOR", "Norway"},
		{"XKX", "Kosovo"},
		{"FJI", "Fiji"},
		{"Bosnia and Herzegovina", "Bosnia and Herz."},
		{"United States", "United States of America"},
		{"UK", "United Kingdom"},
		{"Congo", "Congo"},
		{"Democratic Republic of the Congo", "Dem. Rep. Congo"},
		{"Côte d'Ivoire", "Côte d'Ivoire"},
		{"Ivory Coast", "Côte d'Ivoire"},
	}
	for _, tt := range tests {
		i, ok := m.Lookup(tt.key)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.key)
			continue
		}
		if got := m.Features[i].Name; got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	for _, k := range []string{"", "ZZZ", "Atlantis"} {
		if _, ok := m.Lookup(k); ok {
			t.Errorf("Lookup(%q) found something", k)
		}
	}
}

func TestLookupUSStates(t *testing.T) {
	m := loadAsset(t, "us-states")
	if n := len(m.Features); n < 51 {
		t.Fatalf("%d states, want ≥ 51", n)
	}
	for key, want := range map[string]string{"CA": "California", "US-TX": "Texas", "new york": "New York", "06": "California", "DC": "District of Columbia"} {
		i, ok := m.Lookup(key)
		if !ok || m.Features[i].Name != want {
			t.Errorf("Lookup(%q) = %v %v, want %s", key, i, ok, want)
		}
	}
}

func TestProjectionCentre(t *testing.T) {
	m := loadAsset(t, "world")
	f := Fit(EqualEarth{}, m, 10, 20, 600, 400)
	x, y, ok := f.Point(0, 0)
	if !ok || math.Abs(x-310) > 1e-9 || math.Abs(y-220) > 1e-9 {
		t.Fatalf("(0,0) → (%g,%g), want the centre (310,220)", x, y)
	}
	// East is right, north is up.
	if xe, _, _ := f.Point(90, 0); xe <= x {
		t.Errorf("east maps left")
	}
	if _, yn, _ := f.Point(0, 45); yn >= y {
		t.Errorf("north maps down")
	}
	// The world fills the width (Equal Earth is about 2:1).
	xw, _, _ := f.Point(-180, 0)
	xe, _, _ := f.Point(180, 0)
	if math.Abs(xe-xw-600) > 1e-6 {
		t.Errorf("width = %g, want 600", xe-xw)
	}
}

func TestFeaturesInsideRect(t *testing.T) {
	tests := []struct {
		name string
		p    func(m *Map) Projection
	}{
		{"world", func(m *Map) Projection { return ForMap("world", m) }},
		{"us-states", func(m *Map) Projection { return ForMap("us-states", m) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loadAsset(t, tt.name)
			const X, Y, W, H = 50.0, 30.0, 500.0, 300.0
			f := Fit(tt.p(m), m, X, Y, W, H)
			drawn := 0
			for _, ft := range m.Features {
				for _, pg := range ft.Polygons {
					for _, r := range pg {
						for _, q := range r {
							x, y, ok := f.Point(q.Lon, q.Lat)
							if !ok {
								continue
							}
							drawn++
							if x < X-1e-6 || x > X+W+1e-6 || y < Y-1e-6 || y > Y+H+1e-6 {
								t.Fatalf("%s: (%g,%g) → (%g,%g) outside the rect", ft.Name, q.Lon, q.Lat, x, y)
							}
						}
					}
				}
			}
			if drawn == 0 {
				t.Fatal("nothing drawn")
			}
		})
	}
}

func TestAlbersUSAInsets(t *testing.T) {
	a := NewAlbersUSA()
	tests := []struct {
		name     string
		lon, lat float64
		ok       bool
	}{
		{"Kansas", -98, 38.5, true},
		{"Anchorage", -149.9, 61.2, true},
		{"Aleutians west of 180°", 173, 52.8, true},
		{"Honolulu", -157.9, 21.3, true},
		{"San Juan", -66.1, 18.4, true},
		{"Guam", 144.8, 13.4, false},
		{"Paris", 2.35, 48.85, false},
	}
	for _, tt := range tests {
		_, _, ok := a.Project(tt.lon, tt.lat)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
		}
	}
	// Alaska and Hawaii sit south-west of the lower 48's centre.
	kx, ky, _ := a.Project(-98, 38.5)
	for _, p := range [][2]float64{{-149.9, 61.2}, {-157.9, 21.3}} {
		x, y, _ := a.Project(p[0], p[1])
		if x >= kx || y <= ky {
			t.Errorf("inset at (%g,%g) is not south-west of Kansas (%g,%g)", x, y, kx, ky)
		}
	}
}

func TestRegisterBuiltin(t *testing.T) {
	if err := RegisterBuiltin(os.DirFS(filepath.Join("..", "..", "assets")), "geo"); err != nil {
		t.Fatal(err)
	}
	for _, name := range BuiltinMaps {
		if _, err := Get(name); err != nil {
			t.Error(err)
		}
	}
	if err := RegisterBuiltin(os.DirFS(t.TempDir()), "geo"); err == nil {
		t.Error("registering from an empty folder succeeded")
	}
}

func TestRegistry(t *testing.T) {
	if _, err := Get("nowhere"); !errors.Is(err, ErrMapNotRegistered) {
		t.Fatalf("err = %v, want ErrMapNotRegistered", err)
	}
	if err := RegisterMap("bad", []byte("{")); err == nil {
		t.Fatal("registering invalid GeoJSON succeeded")
	}
	if err := RegisterMap("", []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`)); err == nil {
		t.Fatal("registering without a name succeeded")
	}
	if err := RegisterMap("square", []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`)); err != nil {
		t.Fatal(err)
	}
	if m, err := Get("square"); err != nil || len(m.Features) != 1 {
		t.Fatalf("Get = %v, %v", m, err)
	}
}

// FuzzParse checks that no input makes the parser panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"name":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]]]}}]}`))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err == nil {
			for _, ft := range m.Features {
				m.Lookup(ft.Name)
			}
			Fit(ForMap("custom", m), m, 0, 0, 100, 100)
		}
	})
}
