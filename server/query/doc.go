// Package query stores saved SQL queries and runs them, and ad-hoc SQL
// from the editor, strictly read-only.
//
// A run goes: the shared SQL guard (precise messages, first line of
// defence) → named parameters bound as driver arguments → the result
// cache → server/readonly, where the database itself refuses writes →
// one execution record. Each step's failure has its own status and
// JSON error.
package query
