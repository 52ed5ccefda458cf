// Package apierr is the one place where errors become HTTP responses.
//
// Handlers return *Error values (or plain errors, which become a 500 whose
// cause is logged but never sent). Every response body is an api.Error.
package apierr

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/shared/api"
)

// Error is an error with a safe public message and an HTTP status. Cause,
// when set, is logged and unwrapped but never sent to the client.
type Error struct {
	Status  int
	Slug    string
	Message string
	Fields  []api.FieldError
	Cause   error
	// RetryAfter, when set, is sent as the Retry-After header (seconds).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Slug, e.Message, e.Cause)
	}
	return e.Slug + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// New returns an error with the given status, slug and message.
func New(status int, slug, format string, a ...any) *Error {
	return &Error{Status: status, Slug: slug, Message: fmt.Sprintf(format, a...)}
}

// BadRequest is for a request that cannot be decoded.
func BadRequest(format string, a ...any) *Error {
	return New(http.StatusBadRequest, "bad_request", format, a...)
}

// Unauthorized is for missing or invalid credentials.
func Unauthorized(format string, a ...any) *Error {
	return New(http.StatusUnauthorized, "unauthorized", format, a...)
}

// Forbidden is for an authenticated caller who may not do this.
func Forbidden(format string, a ...any) *Error {
	return New(http.StatusForbidden, "forbidden", format, a...)
}

// NotFound is for a resource that is missing or not the caller's: the two
// are not told apart, so ids of other users' resources leak nothing.
func NotFound(what string, id any) *Error {
	return New(http.StatusNotFound, "not_found", "%s %v not found", what, id)
}

// Conflict is for a uniqueness clash.
func Conflict(format string, a ...any) *Error {
	return New(http.StatusConflict, "conflict", format, a...)
}

// Invalid is a validation failure with per-field messages.
func Invalid(fields ...api.FieldError) *Error {
	msg := "the request is not valid"
	if len(fields) == 1 {
		msg = fields[0].Path + ": " + fields[0].Message
	}
	return &Error{Status: http.StatusUnprocessableEntity, Slug: "validation_failed", Message: msg, Fields: fields}
}

// Field is shorthand for one api.FieldError.
func Field(path, format string, a ...any) api.FieldError {
	return api.FieldError{Path: path, Message: fmt.Sprintf(format, a...)}
}

// Wrap attaches a public status and message to an internal cause.
func Wrap(status int, slug, msg string, cause error) *Error {
	return &Error{Status: status, Slug: slug, Message: msg, Cause: cause}
}

// Busy is for a server that is out of a bounded resource (memory for
// results, rendering slots) for now: 503 with Retry-After.
func Busy(retryAfter time.Duration, msg string, cause error) *Error {
	return &Error{Status: http.StatusServiceUnavailable, Slug: "busy", Message: msg, Cause: cause, RetryAfter: retryAfter}
}

// Handler is Fiber's ErrorHandler: it writes every error as an api.Error.
func Handler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		body := toBody(err)
		ctx := c.UserContext()
		body.RequestID = requestid.From(ctx)
		if e := (*Error)(nil); errors.As(err, &e) && e.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
		}
		switch {
		case body.Code == http.StatusServiceUnavailable:
			// Budgets and limits saying "not now" (busy, Redis down) are
			// expected under load: a warning, not an error per request.
			log.WarnContext(ctx, "request refused for now", "method", c.Method(), "path", c.Path(), "status", body.Code, "err", err)
		case body.Code >= 500:
			log.ErrorContext(ctx, "request failed", "method", c.Method(), "path", c.Path(), "status", body.Code, "err", err)
		}
		return c.Status(body.Code).JSON(body)
	}
}

// Status is the HTTP status Handler answers err with; the access log
// uses it to report what the client actually received.
func Status(err error) int { return toBody(err).Code }

func toBody(err error) api.Error {
	var e *Error
	if errors.As(err, &e) {
		return api.Error{Code: e.Status, Error: e.Slug, Message: e.Message, Fields: e.Fields}
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return api.Error{Code: fe.Code, Error: slugFor(fe.Code), Message: fe.Message}
	}
	return api.Error{Code: http.StatusInternalServerError, Error: "internal", Message: "internal server error"}
}

func slugFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusConflict:
		return "conflict"
	case http.StatusRequestEntityTooLarge:
		return "payload_too_large"
	case http.StatusUnprocessableEntity:
		return "validation_failed"
	case http.StatusTooManyRequests:
		return "rate_limited"
	}
	if status >= 500 {
		return "internal"
	}
	return "error"
}
