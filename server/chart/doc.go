// Package chart stores saved charts and serves them: CRUD, the chart-type
// catalogue, the chart's data (its query run read-only, validated against
// the spec and shaped for drawing), and server-side SVG and PNG renders.
//
// The spec model and its validation live in shared/chart, so the browser
// client validates with the very same code.
package chart
