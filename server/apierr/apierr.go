// Package apierr is the edge: the one place where errors become HTTP
// responses. Services return domain errors (package fault); this package
// maps their kinds to statuses and writes every error as an api.Error.
// Plain errors become a 500 whose cause is logged but never sent.
package apierr

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/shared/api"
)

// Error is the domain error; the constructors below are transitional
// shims over package fault, removed once every caller uses fault.
type Error = fault.Error

// New maps an HTTP status to a kind (transitional).
func New(status int, slug, format string, a ...any) *Error {
	return fault.New(kindFor(status), slug, format, a...)
}

// BadRequest is fault.BadRequest (transitional).
func BadRequest(format string, a ...any) *Error { return fault.BadRequest(format, a...) }

// Unauthorized is fault.Unauthorized (transitional).
func Unauthorized(format string, a ...any) *Error { return fault.Unauthorized(format, a...) }

// Forbidden is fault.Deny (transitional).
func Forbidden(format string, a ...any) *Error { return fault.Deny(format, a...) }

// NotFound is fault.Missing (transitional).
func NotFound(what string, id any) *Error { return fault.Missing(what, id) }

// Conflict is fault.Clash (transitional).
func Conflict(format string, a ...any) *Error { return fault.Clash(format, a...) }

// Invalid is fault.Fields (transitional).
func Invalid(fields ...api.FieldError) *Error { return fault.Fields(fields...) }

// Field is fault.Field (transitional).
func Field(path, format string, a ...any) api.FieldError { return fault.Field(path, format, a...) }

// Wrap maps an HTTP status to a kind (transitional).
func Wrap(status int, slug, msg string, cause error) *Error {
	return fault.Wrap(kindFor(status), slug, msg, cause)
}

// Busy is fault.Retry(fault.Busy, …) (transitional).
func Busy(retryAfter time.Duration, msg string, cause error) *Error {
	return fault.Retry(fault.Busy, retryAfter, msg, cause)
}

func kindFor(status int) fault.Kind {
	for k, s := range statuses {
		if s == status {
			return fault.Kind(k)
		}
	}
	return fault.Internal
}

// Handler is Fiber's ErrorHandler: it writes every error as an api.Error.
func Handler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		body := toBody(err)
		ctx := c.UserContext()
		body.RequestID = requestid.From(ctx)
		if e, ok := fault.As(err); ok && e.RetryAfter > 0 {
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

// statuses is the one mapping of domain error kinds to HTTP statuses.
var statuses = [...]int{
	fault.Internal:        http.StatusInternalServerError,
	fault.BadInput:        http.StatusBadRequest,
	fault.Invalid:         http.StatusUnprocessableEntity,
	fault.Unauthenticated: http.StatusUnauthorized,
	fault.Forbidden:       http.StatusForbidden,
	fault.NotFound:        http.StatusNotFound,
	fault.Conflict:        http.StatusConflict,
	fault.Gone:            http.StatusGone,
	fault.TooLarge:        http.StatusUnprocessableEntity,
	fault.ReadOnly:        http.StatusUnprocessableEntity,
	fault.RateLimited:     http.StatusTooManyRequests,
	fault.Canceled:        499, // the client closed the request (nginx's code)
	fault.Upstream:        http.StatusBadGateway,
	fault.Busy:            http.StatusServiceUnavailable,
	fault.Unavailable:     http.StatusServiceUnavailable,
	fault.Timeout:         http.StatusGatewayTimeout,
}

// StatusOf is the HTTP status of a kind.
func StatusOf(k fault.Kind) int {
	if int(k) < len(statuses) {
		return statuses[k]
	}
	return http.StatusInternalServerError
}

// Body is the status and JSON body err is answered with. Internal errors
// (plain errors, fault.Internal) show no message of their own: their
// cause is for the log.
func Body(err error) api.Error { return toBody(err) }

func toBody(err error) api.Error {
	if e, ok := fault.As(err); ok && e.Kind != fault.Internal {
		return api.Error{Code: StatusOf(e.Kind), Error: e.CodeOrDefault(), Message: e.Message, Fields: e.Fields}
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return api.Error{Code: fe.Code, Error: SlugFor(fe.Code), Message: fe.Message}
	}
	return api.Error{Code: http.StatusInternalServerError, Error: "internal", Message: "internal server error"}
}

// SlugFor is the error code of a status that has no domain error behind it.
func SlugFor(status int) string {
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
