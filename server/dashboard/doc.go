// Package dashboard stores dashboards and serves them: charts placed as
// tiles on a 12-column grid, with dashboard-wide parameters that the
// client passes to each chart's data request.
//
// The grid rules and their validation live in shared/dashboard, so the
// browser checks a layout with the very same code. This package adds what
// only the server can check: that every chart placed exists and is one
// the dashboard's owner may see.
package dashboard
