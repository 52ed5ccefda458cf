// Package three draws the 3D chart types in the browser with g3n
// (github.com/g3n/engine v0.2.0) in a WebGL2 canvas: bars, point clouds,
// bubbles and surfaces with lighting, axes with DOM labels, orbit, zoom and
// pan with mouse, wheel, touch and keys, and hover tooltips. The layout,
// the camera and the picking come from render/plot3d; this package only
// uploads its buffers and wires the DOM.
//
// # One WebGL context per chart, no g3n app
//
// g3n's app.App() is a singleton that takes the canvas with id
// "g3n-canvas" and one context per page, and its camera.OrbitControl
// listens on that app's window through gui.Manager(). A dashboard shows
// several 3D charts, so neither is used. gls.New accepts any WebGL
// context, and renderer.NewRenderer any *gls.GLS, so each View creates its
// own canvas inside its container, its own "webgl2" context, GLS, renderer
// and scene, and draws with a camera adapter over plot3d.Camera. Views
// share nothing, so disposing one never disturbs another. Browsers cap live
// WebGL contexts (16 in Chromium); past the cap the oldest context is lost,
// and the View shows a note until the browser restores it, then rebuilds.
// A single shared context drawing every chart through scissored viewports
// would lift the cap but forces every chart to share one canvas's
// position, stacking and scrolling; dashboards have far fewer than 16 3D
// charts.
//
// # Batched geometry and custom shaders
//
// g3n's stock shaders take no per-vertex colour with lighting, and its
// point shader has one size and colour per material. Two programs are
// added to each renderer: "gobi_mesh" (Phong lighting from g3n's light
// uniforms and phong_model chunk, colour per vertex) for bars and surfaces,
// and "gobi_points" (a point sprite shaded as a lit sphere, colour and
// radius per vertex) for clouds. A cloud of any size is one graphic.Points
// over three VBOs, drawn with one drawArrays call; every bar is in one
// mesh. WebGL has no polygon mode, so the surface's wireframe is a
// graphic.Lines of the grid edges.
//
// # Rendering on demand
//
// A View draws in a requestAnimationFrame callback only when something
// changed (first draw, resize, a drag, a wheel step, Spin); an idle chart
// costs no CPU. After its first frame the container gets data-ready="1",
// and data-frames counts the frames drawn, for tests.
//
// The browser-only files carry the js && wasm build tag; browser_test.go
// (host) builds internal/harness to WebAssembly and checks the pixels in
// headless Chromium through the threetest package.
package three
