package api

import "time"

// APIKey is an API key as listed: never the key or the signing secret.
type APIKey struct {
	ID      int64  `json:"id"`
	OwnerID int64  `json:"owner_id"`
	Name    string `json:"name"`
	// Prefix is the key's first characters ("gobi_AbC12…"), to recognise it.
	Prefix string `json:"prefix"`
	// AccessKey is the signed-request key id (X-API-KEY).
	AccessKey  string     `json:"access_key"`
	Rate       float64    `json:"rate"`
	Burst      int        `json:"burst"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`

	// Scopes are what the key may do (see Scope); a key made before
	// scopes existed has only ScopeRead.
	Scopes []Scope `json:"scopes"`
}

// Scope is one thing an API key may do. Scopes are independent: a key
// that runs queries and lists them needs both ScopeExecute and ScopeRead.
// No scope opens user management, key management or password changes:
// those need a user session.
type Scope string

// The scopes. The server's route table (server/apikey/scopes.go) says
// which endpoints each one opens.
const (
	// ScopeRead opens the GET endpoints of queries, charts (with their
	// data and renders), dashboards, data sources, embed links and stats.
	ScopeRead Scope = "read"
	// ScopeExecute opens running saved queries and ad-hoc SQL, which spend
	// the data source's resources.
	ScopeExecute Scope = "execute"
	// ScopeWrite opens creating, changing and deleting data sources,
	// queries, charts, dashboards and embed links.
	ScopeWrite Scope = "write"
)

// Scopes lists every scope, in their canonical order.
var Scopes = []Scope{ScopeRead, ScopeExecute, ScopeWrite}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool {
	for _, k := range Scopes {
		if s == k {
			return true
		}
	}
	return false
}

// APIKeyInput creates an API key. Rate (requests per second) and Burst
// default to the server's settings.
type APIKeyInput struct {
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// Scopes default to [ScopeRead]; unknown names are a 422.
	Scopes []Scope `json:"scopes,omitempty"`
	Rate   float64 `json:"rate,omitempty"`
	Burst  int     `json:"burst,omitempty"`
}

// APIKeyCreated is returned once, at creation: the only time the key and
// the signing secret are shown.
type APIKeyCreated struct {
	APIKey
	// Key is for "Authorization: ApiKey <key>".
	Key string `json:"key"`
	// AccessKeySecret signs requests (X-SIGNATURE) made with AccessKey.
	AccessKeySecret string `json:"access_key_secret"`
}

// AuditEntry is one recorded API-key request.
type AuditEntry struct {
	ID           int64     `json:"id"`
	KeyID        *int64    `json:"key_id,omitempty"`
	OwnerID      *int64    `json:"owner_id"` // null when the key presented is unknown
	Method       string    `json:"method"`
	Path         string    `json:"path"`
	Query        string    `json:"query,omitempty"`
	Status       int       `json:"status"`
	LatencyMS    float64   `json:"latency_ms"`
	ClientIP     string    `json:"client_ip"`
	RequestBody  string    `json:"request_body,omitempty"`
	ResponseBody string    `json:"response_body,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	// Reason says why the call was refused (rate_limited, bad_signature,
	// replay, revoked_key, unknown_key, forbidden, …); empty when answered.
	Reason string `json:"reason,omitempty"`
	// KeyPrefix is the public prefix of an unknown key that was presented.
	KeyPrefix string `json:"key_prefix,omitempty"`
	// RequestID is the request's X-Request-ID, as in the server's log.
	RequestID string `json:"request_id,omitempty"`
}
