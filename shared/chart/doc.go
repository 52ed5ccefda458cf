// Package chart is Gobi's one chart model: the spec that says what to draw
// (type, data, encodings, axes, legend, colours, formats), the catalogue of
// chart types with their encodings, the validation both the server and
// the WebAssembly client run on it, and Shape, which cuts a result down to
// what the chart draws (encoded columns, sorted, limited, downsampled).
package chart
