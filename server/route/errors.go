package route

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gobi-bi/gobi/server/apierr"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/requestid"
	"github.com/gobi-bi/gobi/shared/api"
)

// problem is an error response in Gobi's format (api.Error). huma writes
// it; its schema in the document is api.Error's.
type problem struct {
	body  api.Error
	retry time.Duration
}

func (p *problem) Error() string  { return p.body.Error + ": " + p.body.Message }
func (p *problem) GetStatus() int { return p.body.Code }

// MarshalJSON writes the api.Error.
func (p *problem) MarshalJSON() ([]byte, error) { return json.Marshal(p.body) }

// GetHeaders sends Retry-After with "not now" errors.
func (p *problem) GetHeaders() http.Header {
	if p.retry <= 0 {
		return nil
	}
	return http.Header{"Retry-After": {strconv.Itoa(int(math.Ceil(p.retry.Seconds())))}}
}

// Schema documents problem as api.Error.
func (p *problem) Schema(r huma.Registry) *huma.Schema {
	return r.Schema(reflect.TypeFor[api.Error](), true, "Error")
}

// fail records err as the request's outcome, logs what the caller cannot
// be told (5xx causes) and returns the response huma writes.
func (m *Mount) fail(ctx context.Context, o Op, err error) error {
	record(ctx, err)
	body := apierr.Body(err)
	body.RequestID = requestid.From(ctx)
	switch {
	case body.Code == http.StatusServiceUnavailable:
		m.log.WarnContext(ctx, "request refused for now", "operation", o.ID, "status", body.Code, "err", err)
	case body.Code >= 500:
		m.log.ErrorContext(ctx, "request failed", "operation", o.ID, "status", body.Code, "err", err)
	}
	p := &problem{body: body}
	if e, ok := fault.As(err); ok {
		p.retry = e.RetryAfter
	}
	return p
}

// The errors huma reports itself (a parameter that does not parse, a body
// that does not decode or is too large) get Gobi's format too.
func init() {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return humaProblem(status, msg, errs)
	}
	huma.NewErrorWithContext = func(hc huma.Context, status int, msg string, errs ...error) huma.StatusError {
		p := humaProblem(status, msg, errs)
		if hc != nil {
			p.body.RequestID = requestid.From(hc.Context())
		}
		return p
	}
}

// humaProblem words huma's errors the way Gobi's own are: a parameter
// that fails to parse or is out of range is a 400 naming it, a body that
// does not decode a 400 with the decoder's message.
func humaProblem(status int, msg string, errs []error) *problem {
	var fields []api.FieldError
	var parts []string
	params := len(errs) > 0
	for _, e := range errs {
		var d *huma.ErrorDetail
		if !errors.As(e, &d) {
			parts = append(parts, e.Error())
			params = false
			continue
		}
		where := d.Location
		if where == "body" && strings.HasPrefix(d.Message, huma.ErrUnknownContentType.Error()) {
			status = http.StatusUnsupportedMediaType
			parts = append(parts, d.Message+"; send the body as JSON with Content-Type: application/json")
			params = false
			continue
		}
		if where == "body" {
			parts = append(parts, d.Message) // the decoder's own words
			params = false
			continue
		}
		if !strings.HasPrefix(where, "path.") && !strings.HasPrefix(where, "query.") && !strings.HasPrefix(where, "header.") {
			params = false
		}
		name, msg := where[strings.IndexByte(where, '.')+1:], d.Message
		if m, ok := paramMessages[msg]; ok {
			msg = m
		}
		fields = append(fields, api.FieldError{Path: name, Message: msg})
		parts = append(parts, name+": "+msg)
	}
	if params || (status == http.StatusUnprocessableEntity && len(fields) == 0 && len(parts) > 0) {
		status = http.StatusBadRequest
	}
	if len(parts) > 0 {
		msg = strings.Join(parts, "; ")
	}
	return &problem{body: api.Error{Code: status, Error: apierr.SlugFor(status), Message: msg, Fields: fields}}
}

// paramMessages rewords huma's parse errors of parameters.
var paramMessages = map[string]string{
	"invalid integer": "must be an integer",
	"invalid number":  "must be a number",
	"invalid float":   "must be a number",
	"invalid boolean": "must be true or false",
}

// errorStatuses documents what an operation can answer besides success.
func errorStatuses(o Op, in reflect.Type) []int {
	s := []int{http.StatusBadRequest, http.StatusInternalServerError}
	switch o.Access {
	case Caller, Session:
		s = append(s, http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests, http.StatusServiceUnavailable)
	case Embed:
		s = append(s, http.StatusUnauthorized, http.StatusForbidden, http.StatusGone, http.StatusTooManyRequests)
	}
	if _, ok := in.FieldByName("ID"); ok {
		s = append(s, http.StatusNotFound)
	}
	if _, ok := in.FieldByName("Body"); ok {
		s = append(s, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	}
	s = append(s, o.Errors...)
	slices.Sort(s)
	return slices.Compact(s)
}

// The security schemes of the document.
var securitySchemes = map[string]*huma.SecurityScheme{
	"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "A user session: the token from POST /api/auth/login."},
	"apiKey": {Type: "apiKey", In: "header", Name: "Authorization",
		Description: "An API key: `Authorization: ApiKey gobi_…`. Its scopes (read, execute, write) decide what it may call."},
	"signedKey": {Type: "apiKey", In: "header", Name: "X-API-KEY",
		Description: "GOBI1 signed requests: the access key. Send with X-TIMESTAMP and X-SIGNATURE (see the README's Signed requests)."},
	"signedTimestamp": {Type: "apiKey", In: "header", Name: "X-TIMESTAMP",
		Description: "GOBI1 signed requests: the Unix time of signing, in seconds."},
	"signature": {Type: "apiKey", In: "header", Name: "X-SIGNATURE",
		Description: "GOBI1 signed requests: hex HMAC-SHA256, keyed by the access key's secret, of the canonical request."},
	"embed": {Type: "apiKey", In: "header", Name: "Authorization",
		Description: "An embed link's token: `Authorization: Embed <token>`; opens only what the link shows."},
}

var signed = map[string][]string{"signedKey": {}, "signedTimestamp": {}, "signature": {}}

var security = map[Access][]map[string][]string{
	Caller:  {{"bearer": {}}, {"apiKey": {}}, signed},
	Session: {{"bearer": {}}},
	Embed:   {{"embed": {}}},
	Public:  nil,
}

// schemaName names component schemas by their type, prefixed with their
// package outside shared/api (chart.Input is ChartInput), so two types of
// one name cannot collide.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	if pkg == "" || strings.HasSuffix(pkg, "/shared/api") {
		return name
	}
	base := pkg[strings.LastIndexByte(pkg, '/')+1:]
	if strings.HasPrefix(strings.ToLower(name), base) {
		return name
	}
	return strings.ToUpper(base[:1]) + base[1:] + name
}

// outcome is where the operation serving a request records its error, for
// the Fiber middleware around it (huma writes error responses itself, so
// c.Next() returns nil).
type outcome struct {
	mu  sync.Mutex
	err error
}

type outcomeKey struct{}

// WithOutcome returns ctx with room for the request's outcome; the
// listener's first middleware calls it.
func WithOutcome(ctx context.Context) context.Context {
	return context.WithValue(ctx, outcomeKey{}, &outcome{})
}

// Failure is the error the request's operation failed with, or nil.
func Failure(ctx context.Context) error {
	if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok {
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.err
	}
	return nil
}

func record(ctx context.Context, err error) {
	if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok {
		o.mu.Lock()
		o.err = err
		o.mu.Unlock()
	}
}
