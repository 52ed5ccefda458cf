// Package sqlparam binds Gobi's named query parameters (:region) to the
// driver placeholders of each dialect.
//
// Saved queries declare their parameters (api.ParamDef) so that
// dashboards can offer the right input and so that a value is always sent
// to the database as a bound argument, never spliced into the SQL text.
// Bind rewrites each :name into $1, $2, … (PostgreSQL) or ? (MySQL,
// SQLite), converts the JSON value to the declared type, and expands a
// list parameter inside IN (:regions) into one placeholder per item.
//
// Parameters are found with package sqllex, so ':x' in a string, -- :x in
// a comment and the PostgreSQL cast a::int are left alone.
package sqlparam
