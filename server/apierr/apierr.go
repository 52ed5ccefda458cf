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

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/shared/api"
)

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
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusRequestHeaderFieldsTooLarge:
		return "headers_too_large"
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
