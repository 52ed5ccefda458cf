// Package share lets the owner of a dashboard, chart or query share it
// with named users, or with every user, as viewer or editor.
//
// A share is a row in shares (kind, resource id, grantee or everyone,
// role). The dashboard, chart and query services ask this package, through
// a small interface each of them defines (Sharing), what the caller may do
// with an item they do not own: Role answers owner, editor, viewer or
// nothing. Nothing means 404, exactly as for a missing item, so unshared
// items stay invisible.
//
// A shared dashboard also makes the charts on it (of the same owner)
// viewable, and a viewable chart its query: through the item, not in the
// caller's lists. Shared items' queries run as their owner, with the
// owner's data sources, as embed links do; data sources themselves are
// never shared. Every check reads the table, so a revoked share stops
// working with the next request.
package share
