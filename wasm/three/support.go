//go:build js && wasm

package three

import (
	"errors"
	"strings"
	"syscall/js"
)

// ErrNoWebGL2 is returned by Mount when the browser offers no WebGL2
// context; its text is fit to show to users in the chart's place.
var ErrNoWebGL2 = errors.New("3D charts need WebGL 2, which this browser does not offer (or it is turned off)")

var probed, supported, software bool

// Supported reports whether the browser can give a WebGL2 context. Probe it
// before Mount: g3n itself compares a null context with undefined and
// panics far from the cause. The probe's context is released at once so
// it does not count against the browser's context limit. The answer is
// cached.
func Supported() bool {
	if probed {
		return supported
	}
	probed = true
	doc := js.Global().Get("document")
	if js.Global().Get("WebGL2RenderingContext").IsUndefined() || doc.IsUndefined() {
		return false
	}
	c := doc.Call("createElement", "canvas")
	gl := c.Call("getContext", "webgl2")
	supported = !gl.IsNull() && !gl.IsUndefined()
	if supported {
		software = softwareRenderer(gl)
		loseContext(gl)
	}
	return supported
}

// softwareRenderer reports a CPU rasteriser (SwiftShader, llvmpipe), where
// multisampling halves the frame rate: views then draw without it.
func softwareRenderer(gl js.Value) bool {
	ext := gl.Call("getExtension", "WEBGL_debug_renderer_info")
	if ext.IsNull() || ext.IsUndefined() {
		return false
	}
	name := strings.ToLower(gl.Call("getParameter", ext.Get("UNMASKED_RENDERER_WEBGL")).String())
	for _, s := range []string{"swiftshader", "llvmpipe", "software"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// loseContext frees a context now rather than at garbage collection.
func loseContext(gl js.Value) {
	if ext := gl.Call("getExtension", "WEBGL_lose_context"); !ext.IsNull() && !ext.IsUndefined() {
		ext.Call("loseContext")
	}
}
