package route

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
)

// NoContent is the output of operations that answer 204 without a body.
type NoContent struct{}

// Blob is a non-JSON response body (an SVG or PNG render); its media type
// is the operation's Produces.
type Blob []byte

// ID is the input of operations on one resource: /…/{id}.
type ID struct {
	ID int64 `path:"id" minimum:"1" doc:"The resource's id."`
}

// Body is the input of operations that take a JSON body and no parameters.
type Body[T any] struct {
	Body T
}

// IDBody is the input of operations on one resource that take a body.
type IDBody[T any] struct {
	ID   int64 `path:"id" minimum:"1" doc:"The resource's id."`
	Body T
}

// Mount serves operations on one Fiber app through one huma API.
type Mount struct {
	api    huma.API
	router *fiber.App
	log    *slog.Logger
	max    int64
	ops    Table
	// signedOnly documents signed requests as the only credentials.
	signedOnly bool
}

// Config describes an API being mounted.
type Config struct {
	Title, Version, Description string
	// MaxBody is the largest request body, in bytes (the Fiber app's
	// BodyLimit).
	MaxBody int
	Log     *slog.Logger
	// Schemas documents types whose JSON is not what their Go fields say
	// (custom MarshalJSON): each key's schema is that of its value, a type
	// that implements huma.SchemaProvider.
	Schemas map[reflect.Type]reflect.Type
	// SignedOnly is for a listener that accepts signed requests only (the
	// external one): its document offers no other credentials.
	SignedOnly bool
}

// NewMount prepares f to serve operations, documented by one OpenAPI 3.1
// document. huma's own routes (its document, docs page and schemas) are
// not mounted: Gobi serves the document itself (server/app).
func NewMount(f *fiber.App, c Config) *Mount {
	hc := huma.DefaultConfig(c.Title, c.Version)
	hc.Info.Description = c.Description
	hc.OpenAPIPath, hc.DocsPath, hc.SchemasPath = "", "", ""
	hc.CreateHooks = nil // no $schema fields or Link headers in responses
	hc.Formats = map[string]huma.Format{"application/json": jsonFormat, "json": jsonFormat}
	hc.FieldsOptionalByDefault = true // as encoding/json: absent is zero
	hc.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	for t, alias := range c.Schemas {
		hc.Components.Schemas.RegisterTypeAlias(t, alias)
	}
	hc.Components.SecuritySchemes = securitySchemes
	if c.SignedOnly {
		hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
		for name := range signed {
			hc.Components.SecuritySchemes[name] = securitySchemes[name]
		}
	}
	return &Mount{api: humafiber.NewWithGroup(f, withHead{f}, hc), router: f, log: c.Log, max: int64(c.MaxBody),
		signedOnly: c.SignedOnly}
}

// withHead registers every GET operation for HEAD too, as Fiber's own Get
// does (fasthttp sends the headers without the body).
type withHead struct{ *fiber.App }

// Add registers a route, and its HEAD twin for GET.
func (w withHead) Add(method, path string, handlers ...fiber.Handler) fiber.Router {
	if method == http.MethodGet {
		w.App.Add(http.MethodHead, path, handlers...)
	}
	return w.App.Add(method, path, handlers...)
}

// Add registers operations, in order, on the app: Fiber runs middleware
// and routes in registration order, so operations added before a Use
// do not pass through it.
func (m *Mount) Add(ops ...Op) {
	for _, o := range ops {
		guards := o.Guards
		if o.Access == Caller || o.Access == Session {
			// Access first: before the guards (the password guard) and
			// before huma parses the input, so a caller that may not call
			// the operation learns nothing from its validation. call
			// checks again.
			guards = append([]fiber.Handler{access(o)}, guards...)
		}
		if len(guards) > 0 {
			withHead{m.router}.Add(o.Method, o.FiberPath(), guards...)
		}
		o.register(m.api, o, m)
		m.ops = append(m.ops, o)
	}
}

// Ops is what has been added.
func (m *Mount) Ops() Table { return m.ops }

// OpenAPI is the document of what has been added.
func (m *Mount) OpenAPI() *huma.OpenAPI { return m.api.OpenAPI() }

func register[I, O any](a huma.API, o Op, m *Mount, fn Func[I, O]) {
	hop := huma.Operation{
		OperationID: o.ID, Method: o.Method, Path: o.Path, Summary: o.Summary, Description: o.Description,
		Tags: []string{o.Tag}, MaxBodyBytes: m.max, SkipValidateBody: true,
		Security: security[o.Access], Errors: errorStatuses(o, reflect.TypeFor[I]()),
		Extensions: map[string]any{"x-gobi-access": o.Access.String()},
	}
	if m.signedOnly && hop.Security != nil {
		hop.Security = []map[string][]string{signed}
	}
	if o.Scope != "" {
		hop.Extensions["x-gobi-scope"] = string(o.Scope)
	}
	if o.AdminOnly {
		hop.Extensions["x-gobi-admin"] = true
	}
	if o.OnExternal {
		hop.Extensions["x-gobi-external"] = true
	}
	if hop.DefaultStatus = o.Status; hop.DefaultStatus == 0 {
		hop.DefaultStatus = http.StatusOK
	}
	switch any(*new(O)).(type) {
	case NoContent:
		hop.DefaultStatus = http.StatusNoContent
		huma.Register(a, hop, func(ctx context.Context, in *I) (*struct{}, error) {
			_, err := m.call(ctx, o, in, func(ctx context.Context, p auth.Principal) (any, error) { return fn(ctx, p, in) })
			return nil, err
		})
	case Blob:
		hop.Responses = map[string]*huma.Response{statusKey(hop.DefaultStatus): {
			Description: "The rendered image.",
			Content:     map[string]*huma.MediaType{o.MediaType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}},
		}}
		huma.Register(a, hop, func(ctx context.Context, in *I) (*blobOutput, error) {
			out, err := m.call(ctx, o, in, func(ctx context.Context, p auth.Principal) (any, error) { return fn(ctx, p, in) })
			if err != nil {
				return nil, err
			}
			return &blobOutput{ContentType: o.MediaType, Body: out.(Blob)}, nil
		})
	default:
		huma.Register(a, hop, func(ctx context.Context, in *I) (*jsonOutput[O], error) {
			out, err := m.call(ctx, o, in, func(ctx context.Context, p auth.Principal) (any, error) { return fn(ctx, p, in) })
			if err != nil {
				return nil, err
			}
			return &jsonOutput[O]{Body: out.(O)}, nil
		})
	}
}

type jsonOutput[O any] struct{ Body O }

type blobOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

// call checks access and the body's text, runs the operation and turns
// its error into Gobi's error response.
func (m *Mount) call(ctx context.Context, o Op, in any, run func(context.Context, auth.Principal) (any, error)) (any, error) {
	p, _ := auth.FromContext(ctx)
	err := allow(o, p)
	if err == nil {
		err = checkBody(in)
	}
	var out any
	if err == nil {
		out, err = run(ctx, p)
	}
	if err != nil {
		return nil, m.fail(ctx, o, err)
	}
	return out, nil
}

// access refuses a caller the operation does not allow, as a Fiber
// handler in front of it.
func access(o Op) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := allow(o, auth.From(c)); err != nil {
			return err
		}
		return c.Next()
	}
}

// allow enforces the operation's access on an authenticated request. The
// listener's middleware has authenticated it (or refused it with 401);
// this decides whether this caller may call this operation.
func allow(o Op, p auth.Principal) error {
	switch o.Access {
	case Public, Embed:
		return nil
	}
	if p.UserID == 0 {
		// Mounted behind authentication, so never reached; refuse anyway.
		return fault.Unauthorized("authentication required: send Authorization: Bearer <token>")
	}
	if p.ViaKey() {
		switch {
		case o.Access == Session:
			return fault.Deny("%s %s needs a user session: API keys cannot manage users, passwords, API keys or the audit log",
				o.Method, o.FiberPath())
		case !p.HasScope(o.Scope):
			return fault.Deny("this API key lacks the %q scope that %s %s needs (it has: %s)",
				o.Scope, o.Method, o.FiberPath(), scopeList(p))
		}
	}
	if o.AdminOnly && !p.IsAdmin() {
		return fault.Deny("this action needs the admin role")
	}
	return nil
}

func scopeList(p auth.Principal) string {
	names := make([]string, len(p.KeyScopes))
	for i, s := range p.KeyScopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// checkBody refuses control characters in the decoded body (the path and
// query are checked by the listener's middleware).
func checkBody(in any) error {
	v := reflect.ValueOf(in).Elem()
	if f := v.FieldByName("Body"); f.IsValid() {
		return CheckControl(f.Interface(), "")
	}
	return nil
}

func statusKey(status int) string { return strconv.Itoa(status) }
