// Package dashboard holds what the server and the WebAssembly client both
// need to know about dashboards beyond their wire types (in shared/api):
// the grid rules and their validation, the check of parameter values
// against declarations, and the embed view that bundles a dashboard or a
// chart with everything an embedded page draws.
package dashboard
