// Package downsample reduces big series to what a chart can show, so that
// a million-row result draws as fast as a thousand-row one and looks the
// same. The server shapes chart data with it and the WebAssembly client
// can run it again on data it already holds; both get the same points.
//
// LTTB keeps the visual shape of a line with few points; Bin2D turns a
// dense scatter into a grid of counts. Neither allocates in proportion to
// its input beyond its output.
package downsample
