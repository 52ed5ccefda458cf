// Package datasource manages the databases users query: their CRUD API,
// their credentials (sealed at rest, never returned), the checks that keep
// them from reaching places they should not (SSRF, files outside the
// datasets directory), and one connection pool per data source.
package datasource
