package plot3d

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func TestBuildSamples(t *testing.T) {
	tests := []struct {
		typ                 chart.Type
		points, boxes       int
		surfaceVerts, tris  int
		legend              int
		titleX, titleZ      string
		minTicks, maxTicks  int
		wantLegendFirstName string
	}{
		{typ: chart.Scatter3D, points: 36, legend: 3, titleX: "x", titleZ: "z", minTicks: 3, maxTicks: 12, wantLegendFirstName: "cluster A"},
		{typ: chart.Bubble3D, points: 15, legend: 4, titleX: "gdp_k", titleZ: "co2_t", minTicks: 3, maxTicks: 12, wantLegendFirstName: "Americas"},
		{typ: chart.Bar3D, boxes: 16, titleX: "product", titleZ: "units", minTicks: 3, maxTicks: 12},
		{typ: chart.Surface3D, surfaceVerts: 25, tris: 32, titleX: "x", titleZ: "z", minTicks: 3, maxTicks: 12},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ), func(t *testing.T) {
			s, res := chart.Sample(tc.typ)
			m, err := Build(&s, res)
			if err != nil {
				t.Fatal(err)
			}
			if m.Note != "" {
				t.Errorf("note %q, want none", m.Note)
			}
			if got := m.Axes[0].Title; got != tc.titleX {
				t.Errorf("x title %q, want %q", got, tc.titleX)
			}
			if got := m.Axes[2].Title; got != tc.titleZ {
				t.Errorf("z title %q, want %q", got, tc.titleZ)
			}
			for k, a := range m.Axes {
				if len(a.Ticks) < tc.minTicks || len(a.Ticks) > tc.maxTicks {
					t.Errorf("axis %d: %d ticks, want %d–%d", k, len(a.Ticks), tc.minTicks, tc.maxTicks)
				}
				for _, tk := range a.Ticks {
					if tk.Label == "" || tk.Pos < -1e-4 || tk.Pos > 1+1e-4 {
						t.Errorf("axis %d: bad tick %+v", k, tk)
					}
				}
			}
			if len(m.Legend) != tc.legend {
				t.Errorf("%d legend items, want %d", len(m.Legend), tc.legend)
			} else if tc.legend > 0 && m.Legend[0].Name != tc.wantLegendFirstName {
				t.Errorf("first legend item %q, want %q", m.Legend[0].Name, tc.wantLegendFirstName)
			}
			switch {
			case tc.points > 0:
				p := m.Points
				if p == nil || p.Len() != tc.points || len(p.Pos) != 3*tc.points || len(p.Color) != 3*tc.points || len(p.Row) != tc.points {
					t.Fatalf("points: %+v, want %d", p, tc.points)
				}
				inCube(t, p.Pos)
				inUnit(t, p.Color)
				for i, r := range p.Radius {
					if r <= 0 || r > bubbleRadiusMax || r > p.MaxRadius {
						t.Errorf("radius %d = %g", i, r)
					}
				}
			case tc.boxes > 0:
				if m.Bars == nil || len(m.Bars.Boxes) != tc.boxes {
					t.Fatalf("bars: %+v, want %d", m.Bars, tc.boxes)
				}
				for _, b := range m.Bars.Boxes {
					inCube(t, append(b.Min[:], b.Max[:]...))
					if b.Max[2] <= b.Min[2] || b.Max[0] <= b.Min[0] || b.Max[1] <= b.Min[1] {
						t.Errorf("empty box %+v", b)
					}
				}
			default:
				sf := m.Surface
				if sf == nil || sf.Mesh.Vertices() != tc.surfaceVerts || len(sf.Mesh.Index) != 3*tc.tris {
					t.Fatalf("surface: %d vertices, %d indices; want %d, %d", sf.Mesh.Vertices(), len(sf.Mesh.Index), tc.surfaceVerts, 3*tc.tris)
				}
				inCube(t, sf.Mesh.Pos)
				inUnit(t, sf.Mesh.Color)
				if len(sf.Mesh.Normal) != len(sf.Mesh.Pos) {
					t.Errorf("%d normals for %d positions", len(sf.Mesh.Normal), len(sf.Mesh.Pos))
				}
			}
			if m.Frame.Len() < 24 || len(m.Frame.Color) != len(m.Frame.Pos) {
				t.Errorf("frame has %d vertices", m.Frame.Len())
			}
			for w, l := range m.Walls {
				if l.Len() == 0 {
					t.Errorf("wall %d has no grid", w)
				}
				inCube(t, l.Pos)
			}
		})
	}
}

func inCube(t *testing.T, xs []float32) {
	t.Helper()
	for i, v := range xs {
		if v < -1e-5 || v > 1+1e-5 || math.IsNaN(float64(v)) {
			t.Fatalf("coordinate %d = %g outside the unit cube", i, v)
		}
	}
}

func inUnit(t *testing.T, xs []float32) { inCube(t, xs) }

func TestBuildErrors(t *testing.T) {
	scatter, res := chart.Sample(chart.Scatter3D)
	bar2d, bres := chart.Sample(chart.Bar)
	missingCol := scatter
	missingCol.Encoding = map[chart.Channel]chart.Field{chart.X: {Columns: []string{"nope"}}, chart.Y: {Columns: []string{"y"}}, chart.Z: {Columns: []string{"z"}}}
	missingCh := scatter
	missingCh.Encoding = map[chart.Channel]chart.Field{chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}}
	tests := []struct {
		name    string
		spec    *chart.Spec
		res     *api.Result
		want    string
		wantErr error
	}{
		{"nil spec", nil, nil, "no chart spec", nil},
		{"2D type", &bar2d, bres, "not a 3D", ErrNot3D},
		{"missing column", &missingCol, res, `no column "nope"`, nil},
		{"missing channel", &missingCh, res, "needs encoding.z", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(tc.spec, tc.res)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.wantErr)
			}
		})
	}
}

func TestBuildNoData(t *testing.T) {
	for _, typ := range []chart.Type{chart.Scatter3D, chart.Bubble3D, chart.Bar3D, chart.Surface3D} {
		s, res := chart.Sample(typ)
		empty := &api.Result{Columns: res.Columns}
		m, err := Build(&s, empty)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if m.Note != "No data" || m.Points != nil || m.Bars != nil || m.Surface != nil {
			t.Errorf("%s: note %q, marks %v %v %v", typ, m.Note, m.Points, m.Bars, m.Surface)
		}
		if m.Frame.Len() == 0 {
			t.Errorf("%s: no frame", typ)
		}
	}
}

// Rows with an empty or non-numeric coordinate are skipped, and Row still
// points at the source row.
func TestPointsSkipBadRows(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat}, {Name: "z", Type: api.TypeFloat}},
		Rows: [][]any{{1.0, 2.0, 3.0}, {nil, 1.0, 1.0}, {"abc", 1.0, 1.0}, {4.0, 5.0, 6.0}, {math.NaN(), 1.0, 1.0}}}
	s := chart.Spec{Type: chart.Scatter3D, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}, chart.Z: {Columns: []string{"z"}}}}
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Points.Row; !reflect.DeepEqual(got, []int32{0, 3}) {
		t.Errorf("rows %v, want [0 3]", got)
	}
	if m.Legend != nil {
		t.Errorf("legend %v without a series", m.Legend)
	}
}

// A cloud above options.max_points is sampled, and says so.
func TestPointsSampled(t *testing.T) {
	s, res := cloud(5000)
	s.Options.MaxPoints = 1000
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Points.Len(); n != 1000 {
		t.Errorf("%d points, want 1000", n)
	}
	if !strings.Contains(m.Note, "1,000 of 5,000") {
		t.Errorf("note %q", m.Note)
	}
	if len(m.Result.Rows) != 1000 {
		t.Errorf("result has %d rows", len(m.Result.Rows))
	}
}

// A sample's prefixes are fair: about half from each half of the rows and
// half from each series (rows alternate series); points keep their data.
func TestPointsSample(t *testing.T) {
	const n = 100_000
	s, res := cloud(n)
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Points
	if p.Sample(n) != p || p.Sample(2*n) != p {
		t.Error("a sample of every point is not the cloud itself")
	}
	sm := p.Sample(20_000)
	if sm.Len() != 20_000 || len(sm.Pos) != 60_000 || len(sm.Color) != 60_000 || len(sm.Row) != 20_000 {
		t.Fatalf("sample of %d points", sm.Len())
	}
	seen := map[int32]bool{}
	for i, r := range sm.Row {
		if seen[r] {
			t.Fatalf("row %d sampled twice", r)
		}
		seen[r] = true
		for k := 0; k < 3; k++ {
			if sm.Pos[3*i+k] != p.Pos[3*int(r)+k] || sm.Color[3*i+k] != p.Color[3*int(r)+k] {
				t.Fatalf("sampled point %d does not match row %d", i, r)
			}
		}
	}
	for _, k := range []int{1000, 20_000} {
		late, odd := 0, 0
		for _, r := range sm.Row[:k] {
			if r >= n/2 {
				late++
			}
			odd += int(r) % 2
		}
		for name, c := range map[string]int{"second half": late, "second series": odd} {
			if c < k*4/10 || c > k*6/10 {
				t.Errorf("%d of the first %d sampled are from the %s", c, k, name)
			}
		}
	}
}

func TestBubbleRadiiFollowArea(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "x"}, {Name: "y"}, {Name: "z"}, {Name: "s"}},
		Rows: [][]any{{1.0, 1.0, 1.0, 100.0}, {2.0, 2.0, 2.0, 25.0}, {3.0, 3.0, 3.0, -5.0}, {4.0, 4.0, 4.0, nil}}}
	s := chart.Spec{Type: chart.Bubble3D, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}, chart.Z: {Columns: []string{"z"}}, chart.Size: {Columns: []string{"s"}}}}
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	r := m.Points.Radius
	if math.Abs(float64(r[0]/r[1])-2) > 1e-4 {
		t.Errorf("radius ratio %g, want 2 (area ∝ size)", r[0]/r[1])
	}
	lo, _ := bubbleRange(4)
	if r[2] != lo || r[3] != lo {
		t.Errorf("negative/empty sizes got %g %g, want the smallest %g", r[2], r[3], lo)
	}
}

func TestSurfaceWireframeAndHoles(t *testing.T) {
	tests := []struct {
		name      string
		wireframe bool
		drop      int // rows removed from the 5×5 sample
		tris      int
		segments  int
	}{
		{"filled", false, 0, 32, 0},
		{"wireframe", true, 0, 32, 40},
		{"hole in a corner", false, 1, 30, 0},           // node (0,0): one cell (two triangles) open
		{"hole in a corner, wire", true, 1, 30, 40 - 2}, // and its two edges gone
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, res := chart.Sample(chart.Surface3D)
			s.Options.Wireframe = tc.wireframe
			res.Rows = res.Rows[tc.drop:]
			m, err := Build(&s, res)
			if err != nil {
				t.Fatal(err)
			}
			sf := m.Surface
			if got := len(sf.Mesh.Index) / 3; got != tc.tris {
				t.Errorf("%d triangles, want %d", got, tc.tris)
			}
			if got := sf.Wire.Len() / 2; got != tc.segments {
				t.Errorf("%d wire segments, want %d", got, tc.segments)
			}
			if sf.Wireframe != tc.wireframe {
				t.Errorf("Wireframe = %v", sf.Wireframe)
			}
			if tc.drop > 0 && sf.Row[0] != -1 {
				t.Errorf("missing node has row %d", sf.Row[0])
			}
		})
	}
}

// The surface is coloured by height: the highest node is the last
// viridis colour (yellow), the lowest the first (purple).
func TestSurfaceColouredByHeight(t *testing.T) {
	s, res := chart.Sample(chart.Surface3D)
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	mesh := m.Surface.Mesh
	hi, lo := 0, 0
	for i := 0; i < mesh.Vertices(); i++ {
		if mesh.Pos[3*i+2] > mesh.Pos[3*hi+2] {
			hi = i
		}
		if mesh.Pos[3*i+2] < mesh.Pos[3*lo+2] {
			lo = i
		}
	}
	if c := mesh.Color[3*hi : 3*hi+3]; c[0] < 0.9 || c[2] > 0.3 {
		t.Errorf("top colour %v, want yellow", c)
	}
	if c := mesh.Color[3*lo : 3*lo+3]; c[0] > 0.4 || c[2] < 0.3 {
		t.Errorf("bottom colour %v, want purple", c)
	}
	// Normals of a smooth surface point up.
	for i := 0; i < mesh.Vertices(); i++ {
		if mesh.Normal[3*i+2] <= 0 {
			t.Fatalf("normal %d points down: %v", i, mesh.Normal[3*i:3*i+3])
		}
	}
}

func TestSurfaceNeedsAGrid(t *testing.T) {
	s, res := chart.Sample(chart.Surface3D)
	res.Rows = res.Rows[:5] // x = 0 only: a line
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	if m.Surface != nil || !strings.Contains(m.Note, "two x and two y") {
		t.Errorf("surface %v, note %q", m.Surface, m.Note)
	}
}

func TestBarsStandOnZero(t *testing.T) {
	res := &api.Result{Columns: []api.Column{{Name: "a", Type: api.TypeString}, {Name: "b", Type: api.TypeString}, {Name: "v", Type: api.TypeFloat}},
		Rows: [][]any{{"p", "q", 10.0}, {"p", "r", -5.0}, {"s", "q", 3.0}, {"s", "q", 4.0}}}
	s := chart.Spec{Type: chart.Bar3D, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"a"}}, chart.Y: {Columns: []string{"b"}}, chart.Z: {Columns: []string{"v"}}}}
	m, err := Build(&s, res)
	if err != nil {
		t.Fatal(err)
	}
	bx := m.Bars.Boxes
	if len(bx) != 3 {
		t.Fatalf("%d bars, want 3 (two rows summed)", len(bx))
	}
	zero := bx[0].Min[2]
	if bx[1].Max[2] != zero {
		t.Errorf("negative bar tops at %g, want zero at %g", bx[1].Max[2], zero)
	}
	h := func(b Box) float32 { return b.Max[2] - b.Min[2] }
	if r := h(bx[0]) / h(bx[2]); math.Abs(float64(r)-10.0/7) > 1e-4 {
		t.Errorf("height ratio %g, want 10/7", r)
	}
}

func TestBarMeshWinding(t *testing.T) {
	b := Bars{Boxes: []Box{{Min: Vec3{0.1, 0.2, 0}, Max: Vec3{0.3, 0.5, 0.8}, Color: RGB{1, 0, 0}}}}
	mesh := b.Mesh()
	if mesh.Vertices() != 24 || len(mesh.Index) != 36 {
		t.Fatalf("%d vertices, %d indices", mesh.Vertices(), len(mesh.Index))
	}
	at := func(i uint32) Vec3 { return Vec3{mesh.Pos[3*i], mesh.Pos[3*i+1], mesh.Pos[3*i+2]} }
	for tri := 0; tri < 12; tri++ {
		a, b, c := mesh.Index[3*tri], mesh.Index[3*tri+1], mesh.Index[3*tri+2]
		n := at(b).Sub(at(a)).Cross(at(c).Sub(at(a))).Norm()
		want := Vec3{mesh.Normal[3*a], mesh.Normal[3*a+1], mesh.Normal[3*a+2]}
		if n.Dot(want) < 0.999 {
			t.Errorf("triangle %d faces %v, its normal is %v", tri, n, want)
		}
	}
}

func TestValueAxis(t *testing.T) {
	tests := []struct {
		lo, hi  float64
		pattern string
		want    []string
	}{
		{0, 100, "", []string{"0", "20", "40", "60", "80", "100"}},
		{0.12, 0.87, "", []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-3, 7, "", []string{"−4", "−2", "0", "2", "4", "6", "8"}},
		{5, 5, "", []string{"4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"}},
		{1200, 98000, "0a", []string{"0", "20k", "40k", "60k", "80k", "100k"}},
		{math.NaN(), 1, "", []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
	}
	for _, tc := range tests {
		s, ticks, grid := valueAxis(tc.lo, tc.hi, tc.pattern)
		var got []string
		for _, tk := range ticks {
			got = append(got, tk.Label)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("valueAxis(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
		if len(grid) != len(ticks) || ticks[0].Pos != 0 || math.Abs(float64(ticks[len(ticks)-1].Pos)-1) > 1e-6 {
			t.Errorf("valueAxis(%g, %g): ticks %v do not span the domain %v", tc.lo, tc.hi, ticks, s)
		}
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		name   string
		typ    api.ColumnType
		values []any
		want   []string
		pos    []float32 // point-axis positions
	}{
		{"text keeps order", api.TypeString, []any{"b", "a", "b", "c", nil}, []string{"b", "a", "c"}, []float32{0, 0.5, 1}},
		{"numbers sorted, spaced by value", api.TypeInt, []any{int64(10), int64(0), int64(30)}, []string{"0", "10", "30"}, []float32{0, 1.0 / 3, 1}},
		{"times sorted", api.TypeTime, []any{"2024-03-01", "2024-01-01", "2024-02-01"}, []string{"2024-01-01", "2024-02-01", "2024-03-01"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &api.Result{Columns: []api.Column{{Name: "c", Type: tc.typ}}}
			for _, v := range tc.values {
				res.Rows = append(res.Rows, []any{v})
			}
			s := &chart.Spec{Encoding: map[chart.Channel]chart.Field{chart.X: {Columns: []string{"c"}}}}
			d, err := chart.Bind(s, res)
			if err != nil {
				t.Fatal(err)
			}
			c := collectCategories(d, chart.X, "", "")
			if !reflect.DeepEqual(c.labels, tc.want) {
				t.Errorf("labels %v, want %v", c.labels, tc.want)
			}
			if tc.pos != nil {
				pos, _, _ := pointAxis(c, "")
				for i := range pos {
					if math.Abs(float64(pos[i]-tc.pos[i])) > 1e-6 {
						t.Errorf("positions %v, want %v", pos, tc.pos)
						break
					}
				}
			}
		})
	}
}

func TestTooltip(t *testing.T) {
	tests := []struct {
		typ  chart.Type
		row  int
		want []string
	}{
		{chart.Bubble3D, 0, []string{"United States", "continent: Americas", "gdp_k: 80.4", "life_expectancy: 77.5", "co2_t: 14.9", "population_m: 335"}},
		{chart.Bar3D, 0, []string{"product: Laptops", "quarter: Q1", "units: "}},
		{chart.Surface3D, 7, []string{"x: 1", "y: 2", "z: "}},
	}
	for _, tc := range tests {
		s, res := chart.Sample(tc.typ)
		m, err := Build(&s, res)
		if err != nil {
			t.Fatal(err)
		}
		got := m.Tooltip(tc.row)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s tooltip %q lacks %q", tc.typ, got, w)
			}
		}
		if m.Tooltip(-1) != "" || m.Tooltip(len(res.Rows)) != "" {
			t.Errorf("%s: tooltip for a row out of range", tc.typ)
		}
	}
}

func TestBackWalls(t *testing.T) {
	if got := BackWalls(Vec3{2, -1, 1}); got != [4]bool{true, false, false, true} {
		t.Errorf("BackWalls = %v", got)
	}
}

// cloud is an n-point scatter3d with two series.
func cloud(n int) (chart.Spec, *api.Result) {
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat},
		{Name: "z", Type: api.TypeFloat}, {Name: "g", Type: api.TypeString}}, Rows: make([][]any, n)}
	groups := []any{"a", "b"}
	for i := range res.Rows {
		f := float64(i)
		res.Rows[i] = []any{math.Sin(f * 0.37), math.Cos(f * 0.11), math.Sin(f*0.05) * math.Cos(f*0.013), groups[i%2]}
	}
	s := chart.Spec{Type: chart.Scatter3D, Encoding: map[chart.Channel]chart.Field{
		chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}}, chart.Z: {Columns: []string{"z"}}, chart.Series: {Columns: []string{"g"}}},
		Options: chart.Options{MaxPoints: chart.MaxMaxPoints}}
	return s, res
}
