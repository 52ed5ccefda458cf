package plot3d

import (
	"errors"
	"fmt"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// ErrNot3D is returned by Build for a chart type outside the 3D family;
// callers draw those with render instead.
var ErrNot3D = errors.New("not a 3D chart type")

// Model is one 3D chart laid out in the unit cube, ready to upload. Exactly
// one of Points, Bars and Surface is set (none when there is nothing to
// draw; Note then says why).
type Model struct {
	Type            chart.Type
	Title, Subtitle string
	Theme           render.Theme
	// Axes are x, y and z; z is the height.
	Axes   [3]Axis
	Legend []LegendItem
	// Frame holds the cube's edges and the floor grid; Walls the grid of
	// the four side walls (x=0, x=1, y=0, y=1), of which the view shows
	// the two behind the data (see BackWalls).
	Frame Lines
	Walls [4]Lines

	Points  *Points
	Bars    *Bars
	Surface *Surface

	// Note is a short remark for the reader: "No data", or that a large
	// cloud was sampled.
	Note string
	// Result holds the rows drawn (after shaping); Hit.Row indexes it.
	Result *api.Result

	spec *chart.Spec
	data *chart.Data
}

// Axis is one axis of the cube: its title and labelled ticks.
type Axis struct {
	Title string
	// Ticks are the labelled positions along the axis, in [0, 1].
	Ticks []Tick
	// Grid are the positions of grid lines: the ticks on a value axis, the
	// gaps between bands on a category axis.
	Grid []float32
}

// Tick is a labelled position along an axis, in [0, 1].
type Tick struct {
	Pos   float32
	Label string
}

// LegendItem names a series and its colour.
type LegendItem struct {
	Name  string
	Color render.Color
}

// Lines is a set of line segments: vertices 2i and 2i+1 are the ends of
// segment i; Pos holds xyz and Color rgb per vertex.
type Lines struct {
	Pos, Color []float32
}

// Len is the number of vertices.
func (l *Lines) Len() int { return len(l.Pos) / 3 }

func (l *Lines) add(a, b Vec3, c RGB) {
	l.Pos = append(l.Pos, a[0], a[1], a[2], b[0], b[1], b[2])
	l.Color = append(l.Color, c[0], c[1], c[2], c[0], c[1], c[2])
}

// Mesh is an indexed triangle mesh: Pos, Normal and Color hold three
// floats per vertex and Index three vertices per triangle, counter-clockwise
// seen from the outside.
type Mesh struct {
	Pos, Normal, Color []float32
	Index              []uint32
}

// Vertices is the number of vertices.
func (m *Mesh) Vertices() int { return len(m.Pos) / 3 }

// Points is a cloud of spheres (scatter3d, bubble3d) in flat buffers, one
// entry per drawn row, uploaded as one buffer per attribute.
type Points struct {
	Pos    []float32 // xyz per point
	Color  []float32 // rgb per point
	Radius []float32 // sphere radius per point, model units
	// Row is the index in Model.Result of each point.
	Row []int32
	// MaxRadius is the largest radius, for picking bounds.
	MaxRadius float32
}

// Len is the number of points.
func (p *Points) Len() int { return len(p.Radius) }

// Box is one bar of a bar3d chart.
type Box struct {
	Min, Max Vec3
	Color    RGB
	// Row is the index in Model.Result of the bar's (first) row.
	Row int
}

// Bars are the boxes of a bar3d chart.
type Bars struct {
	Boxes []Box
}

// Surface is a surface over a grid of NX×NY vertices, vertex i·NY+j at the
// i-th x and j-th y value. Cells with a missing corner are left open.
type Surface struct {
	NX, NY int
	Mesh   Mesh
	// Wireframe is options.wireframe: draw Wire (the grid lines, coloured
	// by height) instead of the filled Mesh. The mesh is still built, for
	// picking.
	Wireframe bool
	Wire      Lines
	// Row is the index in Model.Result of each vertex, -1 where the grid
	// has no value.
	Row []int32
}

// Build lays out spec with the rows of res (spec.Data when res is nil).
// Rows are first shaped as every renderer shapes them (chart.Shape: sort,
// limit, and sampling of clouds above options.max_points or
// chart.MaxScatterPoints); rows with a missing coordinate are skipped.
// An encoding that names a missing column is an error; no drawable rows is
// a Model with Note "No data".
func Build(spec *chart.Spec, res *api.Result) (*Model, error) {
	if spec == nil {
		return nil, errors.New("plot3d: no chart spec")
	}
	ti, ok := chart.Info(spec.Type)
	if !ok || ti.Dim != 3 {
		return nil, fmt.Errorf("plot3d: chart type %q: %w", spec.Type, ErrNot3D)
	}
	if res == nil {
		res = spec.Data
	}
	if res == nil {
		res = &api.Result{}
	}
	total := len(res.Rows)
	res, err := shape(spec, res)
	if err != nil {
		return nil, fmt.Errorf("plot3d: %w", err)
	}
	d, err := chart.Bind(spec, res)
	if err != nil {
		return nil, fmt.Errorf("plot3d: %w", err)
	}
	for _, e := range ti.Required {
		if !d.Has(e.Channel) {
			return nil, fmt.Errorf("plot3d: %s needs encoding.%s (%s)", spec.Type, e.Channel, e.Description)
		}
	}
	m := &Model{Type: spec.Type, Title: spec.Title, Subtitle: spec.Subtitle, Theme: render.ThemeNamed(spec.Theme),
		Result: res, spec: spec, data: d}
	m.Axes[0].Title = axisTitle(spec.XAxis.Title, d, chart.X)
	m.Axes[1].Title = axisTitle(spec.YAxis.Title, d, chart.Y)
	m.Axes[2].Title = axisTitle("", d, chart.Z)
	switch spec.Type {
	case chart.Scatter3D, chart.Bubble3D:
		m.buildPoints()
	case chart.Bar3D:
		m.buildBars()
	case chart.Surface3D:
		m.buildSurface()
	}
	if m.Points == nil && m.Bars == nil && m.Surface == nil {
		if m.Note == "" {
			m.Note = "No data"
		}
	} else if len(res.Rows) < total {
		m.Note = fmt.Sprintf("Showing %s of %s rows (sampled)", render.FormatNumber(float64(len(res.Rows)), "0,0"),
			render.FormatNumber(float64(total), "0,0"))
	}
	m.buildFrame()
	return m, nil
}

// shape applies chart.Shape only when it changes something, so a million
// points already within budget are not copied.
func shape(s *chart.Spec, res *api.Result) (*api.Result, error) {
	need := s.Sort != nil || s.Limit > 0
	if s.Type == chart.Scatter3D || s.Type == chart.Bubble3D {
		budget := s.Options.MaxPoints
		if budget <= 0 {
			budget = chart.MaxScatterPoints
		}
		need = need || len(res.Rows) > budget
	}
	if !need {
		return res, nil
	}
	return chart.Shape(s, res, 0)
}

func axisTitle(title string, d *chart.Data, ch chart.Channel) string {
	if title != "" {
		return title
	}
	if d.Has(ch) {
		return d.Name(ch, 0)
	}
	return ""
}

// palette is spec.Colors when set (bad entries skipped), else the named
// palette.
func palette(s *chart.Spec) []render.Color {
	var cs []render.Color
	for _, h := range s.Colors {
		if c, err := render.ParseHex(h); err == nil {
			cs = append(cs, c)
		}
	}
	if len(cs) > 0 {
		return cs
	}
	return render.Palette(s.Palette)
}

// numberPattern is the field's format, else the spec's number format.
func (m *Model) numberPattern(ch chart.Channel) string {
	if f, ok := m.spec.Encoding[ch]; ok && f.Format != "" {
		return f.Format
	}
	return m.spec.Format.Number
}

func rgb(c render.Color) RGB {
	return RGB{float32(c.R) / 255, float32(c.G) / 255, float32(c.B) / 255}
}

// buildFrame draws the cube's edges, the floor grid and the wall grids.
func (m *Model) buildFrame() {
	edge, grid := rgb(m.Theme.Axis), rgb(m.Theme.Grid)
	c := [8]Vec3{}
	for i := range c {
		c[i] = Vec3{float32(i & 1), float32(i >> 1 & 1), float32(i >> 2 & 1)}
	}
	for _, e := range [12][2]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}} {
		m.Frame.add(c[e[0]], c[e[1]], edge)
	}
	for _, x := range m.Axes[0].Grid {
		m.Frame.add(Vec3{x, 0, 0}, Vec3{x, 1, 0}, grid)
	}
	for _, y := range m.Axes[1].Grid {
		m.Frame.add(Vec3{0, y, 0}, Vec3{1, y, 0}, grid)
	}
	for w := 0; w < 4; w++ {
		fixed := float32(w & 1) // 0 or 1
		along := 1 - w/2        // walls 0,1 are x=const (run along y); 2,3 are y=const
		at := func(u, z float32) Vec3 {
			if along == 1 {
				return Vec3{fixed, u, z}
			}
			return Vec3{u, fixed, z}
		}
		for _, z := range m.Axes[2].Grid {
			m.Walls[w].add(at(0, z), at(1, z), grid)
		}
		for _, u := range m.Axes[along].Grid {
			m.Walls[w].add(at(u, 0), at(u, 1), grid)
		}
	}
}

// BackWalls reports which walls (x=0, x=1, y=0, y=1) are behind the data
// seen from eye: those worth a grid.
func BackWalls(eye Vec3) [4]bool {
	return [4]bool{eye[0] > 0.5, eye[0] < 0.5, eye[1] > 0.5, eye[1] < 0.5}
}
