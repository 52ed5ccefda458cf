//go:build js && wasm

package three

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"syscall/js"

	"github.com/g3n/engine/gls"
	renderer "github.com/gobi-bi/gobi/wasm/three/internal/g3nrender"

	"github.com/gobi-bi/gobi/render/plot3d"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// View is one 3D chart mounted in a container element. It owns a canvas, a
// WebGL2 context and a g3n renderer of its own, so several views share a
// page without sharing state. Use it from the browser's event loop only
// (as every syscall/js callback runs).
type View struct {
	container, canvas js.Value
	model             *plot3d.Model
	cam               plot3d.Camera
	over              *overlay

	gl    js.Value
	gs    *gls.GLS
	rend  *renderer.Renderer
	scene *scene
	bg    [3]float32

	dpr      float64
	cssW     float64
	cssH     float64
	moved    bool // the user moved the camera: keep it on resize
	pending  bool // a frame is requested
	rafID    int
	frameFn  js.Func
	spinning bool
	lastSpin float64
	lost     bool // the browser took the WebGL context away
	disposed bool

	frames  int
	lastMS  float64
	totalMS float64

	// Level of detail for big clouds while the camera moves (see frame).
	lod             bool
	budget          int     // points drawn while moving
	drawn           int     // points drawn in the last frame
	lastMotion      float64 // when the user last moved the camera
	lastMotionFrame float64 // when the last frame in motion started
	requestedAt     float64 // when the pending frame was requested
	settleTimer     js.Value
	settleFn        js.Func

	in       input
	handlers []handler
	// focused: the wheel and touch go to the camera (see focus.go).
	focused bool
	// snaps wait for the next frame's pixels (see Snapshot).
	snaps []func(dataURL string)
}

// handler is a DOM listener to remove on Dispose.
type handler struct {
	target js.Value
	event  string
	fn     js.Func
}

var perf = js.Global().Get("performance")

func now() float64 { return perf.Call("now").Float() }

// Mount lays out spec with res (spec.Data when res is nil) and draws it in
// a canvas it adds to container, sized to the container's box × the
// device pixel ratio. The first frame is drawn on the next animation
// frame; the container then gets data-ready="1". On error the container
// is left as it was and the caller shows the message (ErrNoWebGL2 reads
// as a sentence for users).
func Mount(container js.Value, spec *chart.Spec, res *api.Result) (v *View, err error) {
	if !Supported() {
		return nil, ErrNoWebGL2
	}
	m, err := plot3d.Build(spec, res)
	if err != nil {
		return nil, err
	}
	v = &View{container: container, model: m, lod: true}
	if m.Points != nil {
		v.budget = m.Points.Len()
	}
	defer func() {
		// g3n panics on GL failures it does not expect; a chart must
		// fail alone, not take the page's Go program down.
		if p := recover(); p != nil {
			err = fmt.Errorf("3D chart: %v", p)
		}
		if err != nil {
			v.Dispose()
			v = nil
		}
	}()
	if container.Get("style").Get("position").String() == "" &&
		js.Global().Call("getComputedStyle", container).Get("position").String() == "static" {
		container.Get("style").Set("position", "relative")
	}
	v.canvas = el("canvas", "position:absolute;left:0;top:0;display:block;touch-action:pan-x pan-y pinch-zoom;outline:none;cursor:grab")
	v.canvas.Set("className", "gobi-3d-canvas")
	v.canvas.Set("tabIndex", 0)
	v.canvas.Call("setAttribute", "role", "img")
	v.canvas.Call("setAttribute", "aria-label", ariaLabel(m))
	v.over = newOverlay(m)
	container.Call("appendChild", v.canvas)
	container.Call("appendChild", v.over.root)
	v.bg = [3]float32{float32(m.Theme.Background.R) / 255, float32(m.Theme.Background.G) / 255, float32(m.Theme.Background.B) / 255}

	v.gl = v.canvas.Call("getContext", "webgl2", map[string]any{
		"antialias": !software, "alpha": false, "premultipliedAlpha": false, "powerPreference": "high-performance"})
	if v.gl.IsNull() || v.gl.IsUndefined() {
		return nil, ErrNoWebGL2
	}
	if err := v.initGL(); err != nil {
		return nil, err
	}
	v.frameFn = js.FuncOf(func(js.Value, []js.Value) any {
		v.pending = false
		defer v.contain()
		v.frame()
		return nil
	})
	v.settleFn = js.FuncOf(func(js.Value, []js.Value) any {
		v.settleTimer = js.Undefined()
		v.requestFrame() // the camera rested: draw every point
		return nil
	})
	v.size()
	v.cam = plotCamera(v)
	v.listen()
	v.requestFrame()
	return v, nil
}

// plotCamera is the default view for the canvas's current size.
func plotCamera(v *View) plot3d.Camera {
	return plot3d.NewCamera(float32(v.canvas.Get("width").Int()), float32(v.canvas.Get("height").Int()))
}

func ariaLabel(m *plot3d.Model) string {
	s := "3D chart"
	if m.Title != "" {
		s += ": " + m.Title
	}
	return s + ". Click to interact, then drag to turn, wheel or pinch to zoom, right-drag or two fingers to pan, double-click to reset; Esc releases the wheel to the page."
}

// initGL builds everything tied to the context: on Mount, and again when
// the browser restores a lost context.
func (v *View) initGL() error {
	gs, err := gls.New(v.gl)
	if err != nil {
		return fmt.Errorf("3D chart: %w", err)
	}
	r := renderer.NewRenderer(gs)
	if err := addShaders(r); err != nil {
		return fmt.Errorf("3D chart: shaders: %w", err)
	}
	v.gs, v.rend, v.scene = gs, r, newScene(v.model)
	return nil
}

// size matches the canvas's pixels to the container's box × the device
// pixel ratio (the drawing buffer otherwise ignores the ratio and blurs).
// A container without a height gets a 4:3 one.
func (v *View) size() {
	v.dpr = js.Global().Get("devicePixelRatio").Float()
	if v.dpr <= 0 || math.IsNaN(v.dpr) {
		v.dpr = 1
	}
	w, h := v.container.Get("clientWidth").Float(), v.container.Get("clientHeight").Float()
	if w <= 0 {
		w = 480
	}
	if h <= 0 {
		h = math.Round(w * 0.75)
		v.container.Get("style").Set("minHeight", fmt.Sprintf("%.0fpx", h))
	}
	v.cssW, v.cssH = w, h
	st := v.canvas.Get("style")
	st.Set("width", fmt.Sprintf("%.0fpx", w))
	st.Set("height", fmt.Sprintf("%.0fpx", h))
	v.canvas.Set("width", int(math.Round(w*v.dpr)))
	v.canvas.Set("height", int(math.Round(h*v.dpr)))
}

// Resize follows the container's new size; call it from a ResizeObserver
// or on devicePixelRatio changes. The camera is refitted unless the user
// has moved it.
func (v *View) Resize() {
	if v == nil || v.disposed {
		return
	}
	v.size()
	v.cam.Width, v.cam.Height = float32(v.canvas.Get("width").Int()), float32(v.canvas.Get("height").Int())
	if !v.moved {
		v.cam.Fit()
	}
	v.requestFrame()
}

// Stats reports the frames drawn, and the time the last frame and the
// average frame took on the main thread (scene traversal and WebGL calls;
// the GPU's raster work runs in another process and shows in the frame
// rate instead).
func (v *View) Stats() (frames int, lastFrameMS, avgFrameMS float64) {
	if v == nil || v.frames == 0 {
		return 0, 0, 0
	}
	return v.frames, v.lastMS, v.totalMS / float64(v.frames)
}

// Spin turns the camera around the chart continuously (about a turn in ten
// seconds) until called with false: for kiosks, and to measure frame
// rates.
func (v *View) Spin(on bool) {
	if v == nil || v.disposed {
		return
	}
	v.spinning, v.lastSpin = on, 0
	v.requestFrame()
}

func (v *View) requestFrame() {
	if v.pending || v.disposed || v.lost {
		return
	}
	v.pending = true
	v.requestedAt = now()
	v.rafID = js.Global().Call("requestAnimationFrame", v.frameFn).Int()
}

// Level of detail: while the camera moves, a cloud whose frames come
// slower than lodTargetMS draws a uniform sample of itself (a prefix of a
// random sample of up to sampleMax points, see plot3d.Points.Sample), sized
// from the last frame interval; lodSettleMS after the motion stops it
// draws every point again. On a GPU the budget stays at
// the whole cloud; under a software rasteriser it keeps dragging fluid.
const (
	lodTargetMS = 33
	lodSettleMS = 160
	lodMin      = 10_000
)

// motion records a camera move by the user and asks for a frame.
func (v *View) motion() {
	v.moved = true
	v.lastMotion = now()
	v.requestFrame()
}

// frame draws once; it runs in a requestAnimationFrame callback, so the
// drawing buffer is composited as drawn.
func (v *View) frame() {
	if v.disposed || v.lost {
		return
	}
	start := now()
	if v.spinning {
		if v.lastSpin > 0 {
			v.cam.Yaw -= float32((start - v.lastSpin) / 1000 * 0.6)
		}
		v.lastSpin = start
	}
	moving := v.spinning || start-v.lastMotion < lodSettleMS
	count := 0 // all
	if moving && v.lod && v.budget > 0 {
		// The interval since the last frame in motion, unless the user
		// paused: then from the request (less a display frame).
		if dt := start - max(v.lastMotionFrame, v.requestedAt-16.7); v.lastMotionFrame > 0 && dt > 0 {
			f := min(max(lodTargetMS/dt, 0.25), 1.25)
			v.budget = min(max(int(float64(v.budget)*f), lodMin), v.model.Points.Len())
		}
		v.lastMotionFrame = start
		count = v.budget
	} else {
		v.lastMotionFrame = 0
	}
	v.drawn = v.scene.drawPoints(count)
	w, h := v.canvas.Get("width").Int(), v.canvas.Get("height").Int()
	v.scene.update(&v.cam)
	v.gs.Viewport(0, 0, int32(w), int32(h))
	v.gs.ClearColor(v.bg[0], v.bg[1], v.bg[2], 1)
	v.gs.Clear(gls.COLOR_BUFFER_BIT | gls.DEPTH_BUFFER_BIT)
	if err := v.rend.Render(v.scene.root, camera{&v.cam}); err != nil {
		v.fail(err)
		return
	}
	// Category labels of many bars would overlap: keep those with room.
	px := float32(12 * v.dpr) // the overlay's font, in device pixels
	v.over.place(plot3d.Thin(v.model.Labels(&v.cam), func(l plot3d.Label) (float32, float32) {
		return plot3d.TextBox(l.Text, px)
	}), v.dpr)
	v.takeSnaps()
	ms := now() - start
	v.frames++
	v.lastMS, v.totalMS = ms, v.totalMS+ms
	v.container.Call("setAttribute", "data-frames", strconv.Itoa(v.frames))
	if v.frames == 1 {
		v.container.Call("setAttribute", "data-ready", "1")
	}
	switch {
	case v.spinning:
		v.requestFrame()
	case moving && v.model.Points != nil && v.drawn < v.model.Points.Len() && !v.settleTimer.Truthy():
		v.settleTimer = js.Global().Call("setTimeout", v.settleFn, lodSettleMS+10)
	}
}

// SetLOD turns the level of detail of big clouds on (the default) or off:
// off, every frame draws every point, however long it takes.
func (v *View) SetLOD(on bool) {
	if v != nil {
		v.lod = on
	}
}

// Drawn is the number of points the last frame drew (0 for charts that
// are not clouds): below the cloud's size while the camera moves under
// level of detail.
func (v *View) Drawn() int {
	if v == nil {
		return 0
	}
	return v.drawn
}

// contain turns a panic in a callback (g3n panics on GL states it does not
// expect) into this chart's failure: a panic escaping a syscall/js
// callback would end the Go program and every chart on the page.
func (v *View) contain() {
	if p := recover(); p != nil {
		v.fail(fmt.Errorf("%v", p))
	}
}

// fail stops drawing and says why in the chart's place.
func (v *View) fail(err error) {
	v.lost = true
	v.over.setNote("This 3D chart could not be drawn: " + err.Error())
	v.container.Call("setAttribute", "data-error", err.Error())
}

// Dispose stops drawing, removes the listeners, frees the GPU buffers and
// the context (so it no longer counts against the browser's limit) and
// removes what Mount added to the container.
func (v *View) Dispose() {
	if v == nil || v.disposed {
		return
	}
	v.disposed = true
	if v.pending {
		js.Global().Call("cancelAnimationFrame", v.rafID)
	}
	v.unlisten()
	if v.settleTimer.Truthy() {
		js.Global().Call("clearTimeout", v.settleTimer)
	}
	for _, f := range []js.Func{v.frameFn, v.settleFn} {
		if f.Truthy() {
			f.Release()
		}
	}
	if v.scene != nil && !v.lost {
		func() {
			defer func() { _ = recover() }() // a lost context may refuse deletes
			v.scene.root.DisposeChildren(true)
		}()
	}
	if v.gl.Truthy() {
		loseContext(v.gl)
	}
	for _, e := range []js.Value{v.canvas, v.over.rootOrUndefined()} {
		if e.Truthy() && e.Get("parentNode").Truthy() {
			e.Get("parentNode").Call("removeChild", e)
		}
	}
}

func (o *overlay) rootOrUndefined() js.Value {
	if o == nil {
		return js.Undefined()
	}
	return o.root
}

// errLost is reported while the browser has taken the context away.
var errLost = errors.New("the browser reclaimed this chart's graphics context (too many 3D charts open?); it comes back when the browser restores it")
