// Package chart is Gobi's one chart model: the spec that says what to draw
// (type, data, encodings, axes, legend, colours, formats), the catalogue of
// chart types with their encodings, and the validation both the server and
// the WebAssembly client run on it.
package chart
