// Package plot3d lays out the 3D chart types (bar3d, scatter3d, surface3d,
// bubble3d) as a neutral model that any GPU back-end can upload as it is:
// flat float32 buffers of positions, normals and colours inside the unit
// cube [0,1]³ (z up), axis ticks with formatted labels, a legend, and a
// picker that turns a ray back into a row of the result and a tooltip.
//
// It imports no graphics library and no syscall/js, so the layout, the
// orbit camera and the picking are unit-tested on the host; wasm/three only
// uploads the buffers to g3n and wires the DOM. Keeping the camera here
// too means the pixels, the DOM labels and the hit test use one projection.
//
// Large clouds stay one buffer: a million points are three float32 slices
// (position, colour, radius) and an index of source rows, never a node per
// point.
package plot3d
