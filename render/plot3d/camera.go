package plot3d

import "math"

// Camera is an orbit camera around a target, z up. The view draws with its
// matrices, places the DOM labels with Project and picks with Ray, so
// pixels, labels and hits agree. Sizes are device pixels, y down.
type Camera struct {
	Target   Vec3
	Distance float32
	// Yaw turns around z from +x; Pitch lifts the eye above the floor
	// (radians, kept inside ±MaxPitch).
	Yaw, Pitch float32
	// FovY is the vertical field of view in radians.
	FovY float32
	// Width and Height are the viewport in pixels.
	Width, Height float32
}

// Orbit limits.
const (
	MaxPitch    = 89 * math.Pi / 180
	MinDistance = 0.3
	MaxDistance = 20
)

// Ray is a half-line from Origin along Dir (unit length).
type Ray struct {
	Origin, Dir Vec3
}

// At is the point at distance t along the ray.
func (r Ray) At(t float32) Vec3 { return r.Origin.Add(r.Dir.Scale(t)) }

// NewCamera looks at the middle of the unit cube from the front right and
// above (azimuth −60°, elevation 25°, as matplotlib's default view), far
// enough for the whole cube to fit a viewport of w×h pixels.
func NewCamera(w, h float32) Camera {
	c := Camera{Target: Vec3{0.5, 0.5, 0.45}, Yaw: -60 * math.Pi / 180, Pitch: 25 * math.Pi / 180,
		FovY: 30 * math.Pi / 180, Width: w, Height: h}
	c.Fit()
	return c
}

// Fit sets Distance so the cube's bounding sphere fits the narrower field of
// view, with a margin for the axis labels.
func (c *Camera) Fit() {
	const r = 0.8660254 * 1.18 // half the cube's diagonal, plus room for labels
	half := float64(c.FovY) / 2
	if a := c.aspect(); a < 1 {
		half = math.Atan(math.Tan(half) * float64(a))
	}
	c.Distance = clamp32(float32(r/math.Sin(half)), MinDistance, MaxDistance)
}

func (c *Camera) aspect() float32 {
	if c.Width <= 0 || c.Height <= 0 {
		return 1
	}
	return c.Width / c.Height
}

// Eye is the camera position.
func (c *Camera) Eye() Vec3 {
	cp, sp := math.Cos(float64(c.Pitch)), math.Sin(float64(c.Pitch))
	cy, sy := math.Cos(float64(c.Yaw)), math.Sin(float64(c.Yaw))
	return c.Target.Add(Vec3{float32(cp * cy), float32(cp * sy), float32(sp)}.Scale(c.Distance))
}

// Up is the world up direction (z).
func (c *Camera) Up() Vec3 { return Vec3{0, 0, 1} }

// View is the world-to-camera matrix.
func (c *Camera) View() Mat4 { return lookAt(c.Eye(), c.Target, c.Up()) }

// Near and far planes follow the distance so depth precision stays useful
// at every zoom.
func (c *Camera) planes() (near, far float32) {
	near = c.Distance - 2
	if near < 0.01 {
		near = 0.01
	}
	return near, c.Distance + 3
}

// Proj is the perspective projection matrix.
func (c *Camera) Proj() Mat4 {
	n, f := c.planes()
	return perspective(c.FovY, c.aspect(), n, f)
}

// Project returns the pixel position of p (y down) and whether p is in
// front of the camera.
func (c *Camera) Project(p Vec3) (x, y float32, ok bool) {
	m := c.Proj().Mul(c.View())
	cx, cy, _, cw := m.Apply(p)
	if cw <= 1e-6 {
		return 0, 0, false
	}
	return (cx/cw*0.5 + 0.5) * c.Width, (0.5 - cy/cw*0.5) * c.Height, true
}

// Ray is the ray from the eye through pixel (x, y).
func (c *Camera) Ray(x, y float32) Ray {
	eye := c.Eye()
	f := c.Target.Sub(eye).Norm()
	s := f.Cross(c.Up()).Norm()
	u := s.Cross(f)
	t := float32(math.Tan(float64(c.FovY) / 2))
	nx := (2*x/c.Width - 1) * t * c.aspect()
	ny := (1 - 2*y/c.Height) * t
	return Ray{Origin: eye, Dir: f.Add(s.Scale(nx)).Add(u.Scale(ny)).Norm()}
}

// PointScale is the size in pixels of one model unit at distance one: a
// sphere of radius r at view depth d covers 2·r·PointScale/d pixels.
func (c *Camera) PointScale() float32 {
	return c.Height / (2 * float32(math.Tan(float64(c.FovY)/2)))
}

// PixelSize is the model length one pixel covers at the target's depth,
// for a picking slack of a few pixels.
func (c *Camera) PixelSize() float32 { return c.Distance / c.PointScale() }

// Orbit turns the camera by a drag of (dx, dy) pixels: a drag across the
// viewport's height turns half a turn.
func (c *Camera) Orbit(dx, dy float32) {
	k := float32(math.Pi) / max(c.Height, 1)
	c.Yaw -= dx * k
	c.Pitch = clamp32(c.Pitch+dy*k, -MaxPitch, MaxPitch)
	c.Yaw = float32(math.Remainder(float64(c.Yaw), 2*math.Pi))
}

// Zoom multiplies the distance by f (below 1 zooms in).
func (c *Camera) Zoom(f float32) {
	if f > 0 {
		c.Distance = clamp32(c.Distance*f, MinDistance, MaxDistance)
	}
}

// Pan moves the target with a drag of (dx, dy) pixels, so the point under
// the cursor at the target's depth follows it.
func (c *Camera) Pan(dx, dy float32) {
	eye := c.Eye()
	f := c.Target.Sub(eye).Norm()
	s := f.Cross(c.Up()).Norm()
	u := s.Cross(f)
	px := c.PixelSize()
	c.Target = c.Target.Add(s.Scale(-dx * px)).Add(u.Scale(dy * px))
	for i := range c.Target {
		c.Target[i] = clamp32(c.Target[i], -1, 2) // never lose the chart
	}
}
