package plot3d

// Label is an axis text placed on screen: the DOM draws it centred on
// (X, Y), so text stays crisp at every zoom and costs no texture.
type Label struct {
	Text string
	X, Y float32
	// Axis is 0, 1 or 2 (x, y, z); Title marks the axis title.
	Axis  int
	Title bool
}

// Offsets of labels outside the cube, in model units.
const (
	tickGap  = 0.07
	titleGap = 0.2
)

// Labels places every tick label and axis title for camera c. Each axis
// is labelled along the cube edge that faces the camera, so labels never
// sit behind the data: x along the floor edge nearer the eye, y likewise,
// z up the side corner that is further left on screen.
func (m *Model) Labels(c *Camera) []Label {
	eye := c.Eye()
	// The floor edges nearer the eye.
	yEdge, yOut := float32(0), float32(-1)
	if eye[1] > 0.5 {
		yEdge, yOut = 1, 1
	}
	xEdge, xOut := float32(0), float32(-1)
	if eye[0] > 0.5 {
		xEdge, xOut = 1, 1
	}
	// The z axis stands on one of the two floor corners next to the
	// nearest one: the one further left on screen.
	ca, cb := Vec3{xEdge, 1 - yEdge, 0}, Vec3{1 - xEdge, yEdge, 0}
	corner := ca
	xa, _, oka := c.Project(ca)
	xb, _, okb := c.Project(cb)
	if !oka || (okb && xb < xa) {
		corner = cb
	}
	zOut := Vec3{corner[0] - 0.5, corner[1] - 0.5, 0}.Norm()

	var out []Label
	add := func(p Vec3, text string, axis int, title bool) {
		if text == "" {
			return
		}
		if x, y, ok := c.Project(p); ok {
			out = append(out, Label{Text: text, X: x, Y: y, Axis: axis, Title: title})
		}
	}
	for _, t := range m.Axes[0].Ticks {
		add(Vec3{t.Pos, yEdge + yOut*tickGap, 0}, t.Label, 0, false)
	}
	add(Vec3{0.5, yEdge + yOut*titleGap, 0}, m.Axes[0].Title, 0, true)
	for _, t := range m.Axes[1].Ticks {
		add(Vec3{xEdge + xOut*tickGap, t.Pos, 0}, t.Label, 1, false)
	}
	add(Vec3{xEdge + xOut*titleGap, 0.5, 0}, m.Axes[1].Title, 1, true)
	for _, t := range m.Axes[2].Ticks {
		add(corner.Add(zOut.Scale(tickGap)).Add(Vec3{0, 0, t.Pos}), t.Label, 2, false)
	}
	add(corner.Add(Vec3{0, 0, 1.1}), m.Axes[2].Title, 2, true)
	return out
}
