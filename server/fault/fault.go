// Package fault holds the domain errors Gobi's services return: a kind
// that callers branch on (errors.Is(err, fault.ErrNotFound)), a stable
// machine code, a message that is safe to show, field paths for
// validation failures, and the internal cause, which is logged but never
// shown. Nothing here knows about HTTP: the edge (server/apierr) maps a
// kind to a status, and a scheduler or webhook worker that calls the same
// services gets the same errors an HTTP caller does.
package fault

import (
	"errors"
	"fmt"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Kind is what went wrong, in terms a caller can act on.
type Kind uint8

// The kinds. Internal is the zero value: an error without a kind is a bug
// or an outage, never the caller's fault, and its cause is never shown.
const (
	Internal        Kind = iota
	BadInput             // the request cannot be read (malformed JSON, a non-numeric id)
	Invalid              // the request was read but is not acceptable; Fields say where
	Unauthenticated      // credentials are missing, wrong or expired
	Forbidden            // the caller is known but may not do this
	NotFound             // missing, or not the caller's: the two are not told apart
	Conflict             // clashes with the current state (a taken name, the last admin)
	Gone                 // existed, but is no more (an expired embed link)
	TooLarge             // over a size budget (a query result, a value)
	ReadOnly             // the data source refused a write: queries are read-only
	RateLimited          // over a rate limit; RetryAfter says when to come back
	Canceled             // the caller went away, or canceled
	Upstream             // a data source failed or could not be reached
	Busy                 // a bounded resource is full for now; RetryAfter says when to retry
	Unavailable          // a dependency (Redis, the audit log) is down
	Timeout              // stopped after its time limit
)

var kindCodes = [...]string{
	Internal:        "internal",
	BadInput:        "bad_request",
	Invalid:         "validation_failed",
	Unauthenticated: "unauthorized",
	Forbidden:       "forbidden",
	NotFound:        "not_found",
	Conflict:        "conflict",
	Gone:            "gone",
	TooLarge:        "too_large",
	ReadOnly:        "read_only",
	RateLimited:     "rate_limited",
	Canceled:        "canceled",
	Upstream:        "upstream_error",
	Busy:            "busy",
	Unavailable:     "unavailable",
	Timeout:         "timeout",
}

// Kinds lists every kind, for tables that must cover them all.
func Kinds() []Kind {
	out := make([]Kind, len(kindCodes))
	for i := range kindCodes {
		out[i] = Kind(i)
	}
	return out
}

// Code is the kind's default machine code.
func (k Kind) Code() string {
	if int(k) < len(kindCodes) {
		return kindCodes[k]
	}
	return "internal"
}

func (k Kind) String() string { return k.Code() }

// Error is a domain error. Construct it with the functions below.
type Error struct {
	Kind Kind
	// Code is the stable machine code clients branch on ("not_found",
	// "query_timeout", "datasource_privileged"); the kind's default when
	// empty.
	Code string
	// Message is for people and safe to show to the caller.
	Message string
	// Fields lists per-field problems (Invalid).
	Fields []api.FieldError
	// Cause is logged and unwrapped, never shown.
	Cause error
	// RetryAfter, for Busy, RateLimited and Unavailable, is when to retry.
	RetryAfter time.Duration

	sentinel bool
}

func (e *Error) Error() string {
	s := e.CodeOrDefault()
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// Is makes errors.Is(err, fault.ErrNotFound) true for every NotFound
// error, and errors.Is(err, e) true for e itself.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Kind == e.Kind
}

// CodeOrDefault is Code, or the kind's default.
func (e *Error) CodeOrDefault() string {
	if e.Code != "" {
		return e.Code
	}
	return e.Kind.Code()
}

func sentinel(k Kind) *Error { return &Error{Kind: k, sentinel: true} }

// Sentinels to compare with errors.Is: each matches every error of its kind.
var (
	ErrInternal        = sentinel(Internal)
	ErrBadInput        = sentinel(BadInput)
	ErrInvalid         = sentinel(Invalid)
	ErrUnauthenticated = sentinel(Unauthenticated)
	ErrForbidden       = sentinel(Forbidden)
	ErrNotFound        = sentinel(NotFound)
	ErrConflict        = sentinel(Conflict)
	ErrGone            = sentinel(Gone)
	ErrTooLarge        = sentinel(TooLarge)
	ErrReadOnly        = sentinel(ReadOnly)
	ErrRateLimited     = sentinel(RateLimited)
	ErrCanceled        = sentinel(Canceled)
	ErrUpstream        = sentinel(Upstream)
	ErrBusy            = sentinel(Busy)
	ErrUnavailable     = sentinel(Unavailable)
	ErrTimeout         = sentinel(Timeout)
)

// KindOf is the kind of the first *Error in err's chain; Internal when
// there is none.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return Internal
}

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) && !e.sentinel {
		return e, true
	}
	return nil, false
}

// New returns an error of kind k with a code (the kind's default when
// empty) and a formatted message.
func New(k Kind, code, format string, a ...any) *Error {
	return &Error{Kind: k, Code: code, Message: fmt.Sprintf(format, a...)}
}

// Wrap attaches a kind, code and public message to an internal cause.
func Wrap(k Kind, code, msg string, cause error) *Error {
	return &Error{Kind: k, Code: code, Message: msg, Cause: cause}
}

// BadRequest is for a request that cannot be read.
func BadRequest(format string, a ...any) *Error { return New(BadInput, "", format, a...) }

// Unauthorized is for missing or invalid credentials.
func Unauthorized(format string, a ...any) *Error { return New(Unauthenticated, "", format, a...) }

// Deny is for a known caller who may not do this.
func Deny(format string, a ...any) *Error { return New(Forbidden, "", format, a...) }

// Missing is for a resource that is missing or not the caller's.
func Missing(what string, id any) *Error {
	return New(NotFound, "", "%s %v not found", what, id)
}

// With sets e's cause (a package's own sentinel, so that both
// errors.Is(err, chart.ErrNotFound) and errors.Is(err, fault.ErrNotFound)
// hold) and returns e.
func (e *Error) With(cause error) *Error {
	e.Cause = cause
	return e
}

// Clash is for a conflict with the current state.
func Clash(format string, a ...any) *Error { return New(Conflict, "", format, a...) }

// Fields is a validation failure with per-field messages; one field's
// message is the error's message.
func Fields(fields ...api.FieldError) *Error {
	msg := "the request is not valid"
	if len(fields) == 1 {
		msg = fields[0].Path + ": " + fields[0].Message
	}
	return &Error{Kind: Invalid, Message: msg, Fields: fields}
}

// Field is shorthand for one api.FieldError.
func Field(path, format string, a ...any) api.FieldError {
	return api.FieldError{Path: path, Message: fmt.Sprintf(format, a...)}
}

// Retry is an error of a "not now" kind (Busy, RateLimited,
// Unavailable) that tells the caller when to try again.
func Retry(k Kind, after time.Duration, msg string, cause error) *Error {
	return &Error{Kind: k, Message: msg, Cause: cause, RetryAfter: after}
}
