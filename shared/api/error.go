package api

// Error is the one JSON error body every endpoint returns.
//
// Code repeats the HTTP status so that clients which only see the body
// (logs, queues) still know it; Error is a stable machine-readable slug
// ("not_found", "validation_failed", …) to branch on; Message is for people.
// Fields lists per-field problems for validation failures.
type Error struct {
	Code    int          `json:"code"`
	Error   string       `json:"error"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
	// RequestID is the request's X-Request-ID, also in the server's log
	// lines and the audit log: quote it when reporting a problem.
	RequestID string `json:"request_id,omitempty"`
}

// FieldError is one problem with one field of a request. Path is a JSON
// path into the request body, such as "encodings.x" or "params[2].type".
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}
