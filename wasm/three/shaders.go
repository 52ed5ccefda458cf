//go:build js && wasm

package three

import renderer "github.com/gobi-bi/gobi/wasm/three/internal/g3nrender"

// Program names given to material.SetShader.
const (
	progMesh   = "gobi_mesh"
	progPoints = "gobi_points"
)

// addShaders registers the two programs on top of g3n's defaults; they
// reuse g3n's chunks (attributes, material, lights, phong_model), so g3n's
// light nodes light them.
func addShaders(r *renderer.Renderer) error {
	if err := r.AddDefaultShaders(); err != nil {
		return err
	}
	r.AddShader(progMesh+"_vertex", meshVertex)
	r.AddShader(progMesh+"_fragment", meshFragment)
	r.AddProgram(progMesh, progMesh+"_vertex", progMesh+"_fragment")
	r.AddShader(progPoints+"_vertex", pointsVertex)
	r.AddShader(progPoints+"_fragment", pointsFragment)
	r.AddProgram(progPoints, progPoints+"_vertex", progPoints+"_fragment")
	return nil
}

// meshVertex passes the view-space position, normal and vertex colour.
const meshVertex = `
#include <attributes>
uniform mat4 ModelViewMatrix;
uniform mat3 NormalMatrix;
uniform mat4 MVP;
out vec4 Position;
out vec3 Normal;
out vec3 Color;
void main() {
    Position = ModelViewMatrix * vec4(VertexPosition, 1.0);
    Normal = normalize(NormalMatrix * VertexNormal);
    Color = VertexColor;
    gl_Position = MVP * vec4(VertexPosition, 1.0);
}
`

// meshFragment is g3n's Phong model with the vertex colour as ambient and
// diffuse colour. Back faces (the underside of a surface) flip their
// normal; the derivative test is the one g3n's standard shader uses.
const meshFragment = `
precision highp float;
in vec4 Position;
in vec3 Normal;
in vec3 Color;
#include <lights>
#include <material>
#include <phong_model>
out vec4 FragColor;
void main() {
    vec3 n = normalize(Normal);
    vec3 faceNormal = normalize(cross(dFdx(Position.xyz), dFdy(Position.xyz)));
    if (dot(n, faceNormal) < 0.0) {
        n = -n;
    }
    vec3 camDir = normalize(-Position.xyz);
    vec3 ambdiff, spec;
    phongModel(Position, n, camDir, Color, Color, ambdiff, spec);
    FragColor = vec4(min(ambdiff + spec, vec3(1.0)), 1.0);
}
`

// pointsVertex sizes each sprite to cover its sphere: MatPointSize holds
// the camera's pixels per unit at distance one.
const pointsVertex = `
#include <attributes>
in float VertexRadius;
uniform mat4 MVP;
uniform mat4 MV;
#include <material>
out vec3 Color;
void main() {
    vec4 posMV = MV * vec4(VertexPosition, 1.0);
    gl_Position = MVP * vec4(VertexPosition, 1.0);
    gl_PointSize = max(2.0 * VertexRadius * MatPointSize / max(-posMV.z, 0.0001), 2.0);
    Color = VertexColor;
}
`

// pointsFragment shades the sprite as a sphere: the normal comes from the
// position inside the sprite, lit by g3n's ambient and directional lights,
// with a small highlight and a darker rim so touching points stay apart.
const pointsFragment = `
precision highp float;
in vec3 Color;
#include <lights>
#include <material>
out vec4 FragColor;
void main() {
    vec2 c = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(c, c);
    if (r2 > 1.0) {
        discard;
    }
    vec3 n = vec3(c.x, -c.y, sqrt(1.0 - r2));
    vec3 light = vec3(0.0);
    vec3 spec = vec3(0.0);
#if AMB_LIGHTS>0
    for (int i = 0; i < AMB_LIGHTS; ++i) {
        light += AmbientLightColor[i];
    }
#endif
#if DIR_LIGHTS>0
    for (int i = 0; i < DIR_LIGHTS; ++i) {
        vec3 l = normalize(DirLightPosition(i));
        float d = dot(l, n);
        if (d > 0.0) {
            light += DirLightColor(i) * d;
            spec += DirLightColor(i) * MatSpecularColor * pow(max(dot(reflect(-l, n), vec3(0.0, 0.0, 1.0)), 0.0), MatShininess);
        }
    }
#endif
    float rim = 1.0 - 0.3 * smoothstep(0.7, 1.0, r2);
    FragColor = vec4(min(Color * light * rim + spec, vec3(1.0)), 1.0);
}
`
