// Package embed makes charts and dashboards viewable inside other sites'
// iframes, without a login, through signed, expiring, revocable links.
//
// A link is a row in embed_links (owner, item, locked parameter values,
// expiry, revocation) and a token that names the row: a JWT signed with
// HS256 under a key of its own, derived with HKDF from the server's JWT
// secret, with the audience "gobi-embed". Session tokens carry the
// audience "gobi-api" under another key, so neither kind verifies as the
// other. The token is shown once, at creation; only its link id is stored.
//
// The token reaches the server in two ways only: in the path of the page
// (/embed/<token>, served chrome-less for an iframe) and in the header
// "Authorization: Embed <token>" on the few data endpoints the page calls.
// It grants read access to its one item (for a dashboard: the dashboard
// and the charts on it), with the data run as the link's owner and the
// locked parameters overriding whatever the page sends.
package embed
