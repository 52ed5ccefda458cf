// Package demo builds the sample database and saved queries a fresh install
// shows, so that a new user sees working charts before connecting anything.
//
// The data is pseudo-random but deterministic (a fixed PCG seed and a fixed
// anchor date, never time.Now), so tests, screenshots and documentation
// agree from one run to the next. It is shaped to look real on charts:
// sales with seasonality, weekly rhythm and regional growth; stock prices as
// a random walk; an org tree; a smooth surface and 3D clusters; and small
// tables for Gantt, graph, word-cloud, waterfall and gauge charts.
package demo
