package plot3d

import "math"

// Vec3 is a point or direction in model space: the unit cube [0,1]³ with
// z up (x and y are the floor, z the height).
type Vec3 [3]float32

// RGB is a linear colour with channels in [0, 1], as GL takes it.
type RGB [3]float32

// Add returns a+b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

// Sub returns a-b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

// Scale returns a×s.
func (a Vec3) Scale(s float32) Vec3 { return Vec3{a[0] * s, a[1] * s, a[2] * s} }

// Dot is the dot product.
func (a Vec3) Dot(b Vec3) float32 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// Cross is the cross product a×b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// Len is the Euclidean length.
func (a Vec3) Len() float32 { return float32(math.Sqrt(float64(a.Dot(a)))) }

// Norm returns a scaled to length 1 (a itself when it is zero).
func (a Vec3) Norm() Vec3 {
	l := a.Len()
	if l == 0 {
		return a
	}
	return a.Scale(1 / l)
}

// Mat4 is a 4×4 matrix in column-major order, the layout GL uniforms and
// g3n's math32.Matrix4 use: element (row r, column c) is m[c*4+r].
type Mat4 [16]float32

// Mul returns a×b (b applied first).
func (a Mat4) Mul(b Mat4) Mat4 {
	var m Mat4
	for c := 0; c < 4; c++ {
		for r := 0; r < 4; r++ {
			var s float32
			for k := 0; k < 4; k++ {
				s += a[k*4+r] * b[c*4+k]
			}
			m[c*4+r] = s
		}
	}
	return m
}

// Apply transforms the point p (w = 1) and returns x, y, z and w before
// the perspective divide.
func (a Mat4) Apply(p Vec3) (x, y, z, w float32) {
	x = a[0]*p[0] + a[4]*p[1] + a[8]*p[2] + a[12]
	y = a[1]*p[0] + a[5]*p[1] + a[9]*p[2] + a[13]
	z = a[2]*p[0] + a[6]*p[1] + a[10]*p[2] + a[14]
	w = a[3]*p[0] + a[7]*p[1] + a[11]*p[2] + a[15]
	return x, y, z, w
}

// lookAt is the view matrix of an eye at eye looking at target.
func lookAt(eye, target, up Vec3) Mat4 {
	f := target.Sub(eye).Norm()
	s := f.Cross(up).Norm()
	u := s.Cross(f)
	return Mat4{
		s[0], u[0], -f[0], 0,
		s[1], u[1], -f[1], 0,
		s[2], u[2], -f[2], 0,
		-s.Dot(eye), -u.Dot(eye), f.Dot(eye), 1,
	}
}

// perspective is the GL projection matrix for a vertical field of view
// fovY (radians), as g3n's Matrix4.MakePerspective builds it.
func perspective(fovY, aspect, near, far float32) Mat4 {
	f := 1 / float32(math.Tan(float64(fovY)/2))
	return Mat4{
		f / aspect, 0, 0, 0,
		0, f, 0, 0,
		0, 0, (far + near) / (near - far), -1,
		0, 0, 2 * far * near / (near - far), 0,
	}
}

func clamp32(v, lo, hi float32) float32 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
