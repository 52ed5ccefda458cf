package api

// ShareKind is what a share grants access to.
type ShareKind string

// The kinds of shareable resources. Data sources are never shared: a
// shared item's queries run as its owner.
const (
	ShareDashboard ShareKind = "dashboard"
	ShareChart     ShareKind = "chart"
	ShareQuery     ShareKind = "query"
)

// ShareRole is what a share allows.
type ShareRole string

// The roles a share grants. A viewer may read and run the item; an
// editor may also replace it (not delete it, not share it).
const (
	ShareViewer ShareRole = "viewer"
	ShareEditor ShareRole = "editor"
)

// Access is the caller's relation to a dashboard, chart or query, as
// lists and reads report it.
type Access string

// The access levels, from most to least.
const (
	AccessOwner  Access = "owner"
	AccessEditor Access = "editor"
	AccessViewer Access = "viewer"
)

// MaxShares bounds one item's share list.
const MaxShares = 200

// Share grants one user (UserID) or every user (Everyone) a role on an
// item. Username is filled in on reads.
type Share struct {
	UserID   int64     `json:"user_id,omitempty" doc:"The user the item is shared with; 0 with everyone set."`
	Everyone bool      `json:"everyone,omitempty" doc:"Shared with every user."`
	Role     ShareRole `json:"role" enum:"viewer,editor"`
	Username string    `json:"username,omitempty" doc:"The user's name (answers only)."`
}

// MaxDirectory bounds the user directory's answer.
const MaxDirectory = 1000

// DirectoryUser is a user as any signed-in user may see them, to share
// with: no role, no dates.
type DirectoryUser struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
}
