// Package api holds the request and response types of Gobi's REST API.
//
// Both the server and the WebAssembly client compile this package, so the
// wire format is defined once. It imports nothing server-only.
package api
