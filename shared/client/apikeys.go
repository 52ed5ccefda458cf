package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// CreateAPIKey creates an API key; the key and secret are in the result
// only this once. Key management needs a user session, never a key.
func (c *Client) CreateAPIKey(ctx context.Context, in api.APIKeyInput) (*api.APIKeyCreated, error) {
	var out api.APIKeyCreated
	return &out, c.Do(ctx, "POST", "/api/apikeys", nil, in, &out)
}

// APIKeys lists the caller's API keys, revoked ones included; never
// their keys or secrets.
func (c *Client) APIKeys(ctx context.Context) ([]api.APIKey, error) {
	var out []api.APIKey
	return out, c.Do(ctx, "GET", "/api/apikeys", nil, nil, &out)
}

// RevokeAPIKey revokes an API key, at once on every instance.
func (c *Client) RevokeAPIKey(ctx context.Context, keyID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/apikeys/%d", keyID), nil, nil, nil)
}

// AuditFilter selects audit entries; zero fields select everything.
type AuditFilter struct {
	KeyID  int64
	Method string
	// Status is the response status.
	Status int
	// Path matches paths that start with it.
	Path string
	// Reason selects refusals for one reason (rate_limited, forbidden, …).
	Reason string
	// Refused, when set, selects refused (true) or answered (false) calls.
	Refused *bool
	// From and To bound the entries' times: From ≤ t < To.
	From, To time.Time
	// BeforeID selects entries older than this id: the next page after
	// the last entry of one.
	BeforeID int64
	// Limit caps the answer (the server's default is 100, at most 1000).
	Limit int
}

// values is f as the query string of GET /api/audit.
func (f AuditFilter) values() url.Values {
	q := url.Values{}
	set := func(name string, v int64) {
		if v != 0 {
			q.Set(name, strconv.FormatInt(v, 10))
		}
	}
	set("key_id", f.KeyID)
	set("status", int64(f.Status))
	set("before_id", f.BeforeID)
	set("limit", int64(f.Limit))
	for name, v := range map[string]string{"method": f.Method, "path": f.Path, "reason": f.Reason} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.Refused != nil {
		q.Set("refused", strconv.FormatBool(*f.Refused))
	}
	for name, t := range map[string]time.Time{"from": f.From, "to": f.To} {
		if !t.IsZero() {
			q.Set(name, t.UTC().Format(time.RFC3339Nano))
		}
	}
	return q
}

// AuditEntries lists the audit log of the caller's API keys, newest
// first (admins also see calls with unknown keys). It needs a session.
func (c *Client) AuditEntries(ctx context.Context, f AuditFilter) ([]api.AuditEntry, error) {
	var out []api.AuditEntry
	return out, c.Do(ctx, "GET", "/api/audit", f.values(), nil, &out)
}
