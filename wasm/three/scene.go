//go:build js && wasm

package three

import (
	"github.com/g3n/engine/core"
	"github.com/g3n/engine/geometry"
	"github.com/g3n/engine/gls"
	"github.com/g3n/engine/graphic"
	"github.com/g3n/engine/light"
	"github.com/g3n/engine/material"
	"github.com/g3n/engine/math32"

	"github.com/gobi-bi/gobi/render/plot3d"
)

// scene is the g3n side of a View: the node tree built from a
// plot3d.Model, with the handles that change per frame.
type scene struct {
	root     *core.Node
	walls    [4]*graphic.Lines
	pointMat *material.Point // nil unless the chart is a cloud
	cloud    *graphic.Points
	// sample is a random sample of a big cloud, drawn (or a prefix of
	// it) instead of the cloud while the camera moves; nil for small
	// clouds.
	sample  *graphic.Points
	cloudN  int
	sampleN int
	drawn   int // points the sample's material draws
	sun     *light.Directional
}

// sampleMax is the most points kept in the level-of-detail sample: half the
// cloud, up to this. Clouds up to 2·lodMin points are always drawn whole.
const sampleMax = 100_000

// newScene uploads nothing yet: g3n transfers each VBO on its first draw.
// The model's slices back the VBOs directly (math32.ArrayF32 is a
// []float32), so a million points are not copied on the Go side.
func newScene(m *plot3d.Model) *scene {
	s := &scene{root: core.NewNode()}
	white := &math32.Color{R: 1, G: 1, B: 1}
	s.root.Add(light.NewAmbient(white, 0.5))
	s.sun = light.NewDirectional(white, 0.65)
	s.root.Add(s.sun)

	s.root.Add(lines(&m.Frame))
	for i := range m.Walls {
		s.walls[i] = lines(&m.Walls[i])
		s.root.Add(s.walls[i])
	}
	switch {
	case m.Points != nil:
		s.pointMat = material.NewPoint(&math32.Color{R: 1, G: 1, B: 1})
		s.pointMat.SetShader(progPoints)
		s.pointMat.SetSpecularColor(&math32.Color{R: 0.35, G: 0.35, B: 0.35})
		s.pointMat.SetShininess(40)
		s.cloud, s.cloudN = s.points(m.Points), m.Points.Len()
		s.root.Add(s.cloud)
		if s.cloudN > 2*lodMin {
			sm := m.Points.Sample(min(s.cloudN/2, sampleMax))
			s.sample, s.sampleN, s.drawn = s.points(sm), sm.Len(), sm.Len()
			s.sample.SetVisible(false)
			s.root.Add(s.sample)
		}
	case m.Bars != nil:
		mesh := m.Bars.Mesh()
		s.root.Add(meshGraphic(&mesh, material.SideFront))
	case m.Surface != nil:
		if m.Surface.Wireframe {
			s.root.Add(lines(&m.Surface.Wire))
		} else {
			s.root.Add(meshGraphic(&m.Surface.Mesh, material.SideDouble))
		}
	}
	return s
}

func vbo(data []float32, attr gls.AttribType) *gls.VBO {
	return gls.NewVBO(math32.ArrayF32(data)).AddAttrib(attr)
}

// lines draws segments in their vertex colours, unlit (g3n's basic
// shader).
func lines(l *plot3d.Lines) *graphic.Lines {
	g := geometry.NewGeometry()
	g.AddVBO(vbo(l.Pos, gls.VertexPosition))
	g.AddVBO(vbo(l.Color, gls.VertexColor))
	gr := graphic.NewLines(g, material.NewBasic())
	gr.SetCullable(false)
	return gr
}

// meshGraphic draws a lit mesh in its vertex colours.
func meshGraphic(m *plot3d.Mesh, side material.Side) *graphic.Mesh {
	g := geometry.NewGeometry()
	g.AddVBO(vbo(m.Pos, gls.VertexPosition))
	g.AddVBO(vbo(m.Normal, gls.VertexNormal))
	g.AddVBO(vbo(m.Color, gls.VertexColor))
	g.SetIndices(math32.ArrayU32(m.Index))
	mat := material.NewStandard(&math32.Color{R: 1, G: 1, B: 1})
	mat.SetShader(progMesh)
	mat.SetSide(side)
	mat.SetSpecularColor(&math32.Color{R: 0.15, G: 0.15, B: 0.15})
	mat.SetShininess(24)
	gr := graphic.NewMesh(g, mat)
	gr.SetCullable(false)
	return gr
}

// points draws a cloud as one POINTS draw over three VBOs (position,
// colour, radius), with the scene's point material.
func (s *scene) points(p *plot3d.Points) *graphic.Points {
	g := geometry.NewGeometry()
	g.AddVBO(vbo(p.Pos, gls.VertexPosition))
	g.AddVBO(vbo(p.Color, gls.VertexColor))
	g.AddVBO(gls.NewVBO(math32.ArrayF32(p.Radius)).AddCustomAttrib("VertexRadius", 1))
	gr := graphic.NewPoints(g, s.pointMat)
	gr.SetCullable(false) // skips g3n's bounding box over every point
	return gr
}

// drawPoints draws k points: the whole cloud when k is 0 or covers it,
// else the first k points of the sample (a contiguous range, so a software
// rasteriser shades only those vertices). It returns how many are drawn;
// charts that are not clouds draw 0.
func (s *scene) drawPoints(k int) int {
	if s.cloud == nil {
		return 0
	}
	if k <= 0 || k >= s.cloudN || s.sample == nil {
		s.cloud.SetVisible(true)
		if s.sample != nil {
			s.sample.SetVisible(false)
		}
		return s.cloudN
	}
	k = min(k, s.sampleN)
	if k != s.drawn {
		s.sample.ClearMaterials()
		s.sample.AddMaterial(s.sample, s.pointMat, 0, k)
		s.drawn = k
	}
	s.cloud.SetVisible(false)
	s.sample.SetVisible(true)
	return k
}

// update sets what follows the camera: the wall grids behind the data,
// the sprite scale, and the light, which shines from over the viewer's
// shoulder so the side facing the reader is lit at every angle.
func (s *scene) update(c *plot3d.Camera) {
	eye := c.Eye()
	for i, back := range plot3d.BackWalls(eye) {
		s.walls[i].SetVisible(back)
	}
	if s.pointMat != nil {
		s.pointMat.SetSize(c.PointScale())
	}
	d := eye.Sub(c.Target).Norm().Add(plot3d.Vec3{0, 0, 0.8})
	s.sun.SetPosition(d[0], d[1], d[2])
}

// camera adapts plot3d.Camera to g3n's camera.ICamera: g3n draws with the
// very matrices the labels and the picking use.
type camera struct{ c *plot3d.Camera }

func (a camera) ViewMatrix(m *math32.Matrix4) { *m = math32.Matrix4(a.c.View()) }
func (a camera) ProjMatrix(m *math32.Matrix4) { *m = math32.Matrix4(a.c.Proj()) }
