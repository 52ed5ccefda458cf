// Package render draws a validated chart spec into a Scene: a display list
// of drawing operations in pixel coordinates. Layout (scales, nice ticks,
// axes, legends, label placement, colours) happens once, here; back-ends
// only replay the operations, so a chart looks the same as SVG, as PNG and
// in the browser's Canvas 2D.
//
// Text is measured with the embedded Go Regular font metrics, the same
// font every back-end draws with, so label layout does not depend on the
// machine.
package render
