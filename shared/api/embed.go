package api

import "time"

// EmbedKind is what an embed link shows.
type EmbedKind string

// The kinds of item an embed link can show.
const (
	EmbedChart     EmbedKind = "chart"
	EmbedDashboard EmbedKind = "dashboard"
)

// EmbedInput creates an embed link. ExpiresInSeconds defaults to 7 days
// and may not exceed a year. Params are locked values: they override
// whatever the embedding page sends.
type EmbedInput struct {
	Kind             EmbedKind      `json:"kind"`
	ID               int64          `json:"id"`
	ExpiresInSeconds int64          `json:"expires_in_seconds,omitempty"`
	Params           map[string]any `json:"params,omitempty"`
}

// EmbedLink is an embed link as listed: never its token.
type EmbedLink struct {
	ID        int64          `json:"id"`
	OwnerID   int64          `json:"owner_id"`
	Kind      EmbedKind      `json:"kind"`
	ItemID    int64          `json:"item_id"`
	Params    map[string]any `json:"params,omitempty"`
	ExpiresAt time.Time      `json:"expires_at"`
	RevokedAt *time.Time     `json:"revoked_at,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
}

// EmbedCreated is returned once, at creation: the only time the token is
// shown. URL is the page to put in an iframe ("/embed/<token>", relative
// to the server's address).
type EmbedCreated struct {
	EmbedLink
	Token string `json:"token"`
	URL   string `json:"url"`
}
