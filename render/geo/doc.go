// Package geo holds what the geo chart needs besides drawing: GeoJSON
// parsing, a registry of base maps, lookup of regions by ISO code or name,
// and map projections fitted to a rectangle.
//
// Base maps are registered at run time (RegisterMap) rather than embedded
// here, so the WebAssembly build of render stays small and fetches a map
// only when a chart shows one. The built-in maps live in assets/geo/.
package geo
