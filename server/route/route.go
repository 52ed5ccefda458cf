// Package route is Gobi's one table of API operations. Each endpoint is
// declared once, as an Op: method, path, who may call it, its input and
// output types (bodies from shared/api) and a function of (context,
// principal, input). One adapter, built on huma v2 and its Fiber adapter,
// parses path and query parameters, decodes bodies strictly, checks the
// caller's access, maps domain errors (package fault) to Gobi's JSON
// error format, and writes responses; the same declarations produce the
// OpenAPI 3.1 document, so it cannot drift from what is served.
package route

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Access says who may call an operation.
type Access uint8

const (
	// Caller is any authenticated caller: a user session, or an API key
	// (plain or signed) that holds the operation's scope.
	Caller Access = iota
	// Session is a user session only: API keys are refused, so a leaked
	// key cannot take over its owner's account, mint its successors or
	// read what other keys did.
	Session
	// Public needs no credentials (login, registration, the document).
	Public
	// Embed needs an embed token ("Authorization: Embed <token>") and
	// nothing else: never a session or a key.
	Embed
)

func (a Access) String() string {
	switch a {
	case Caller:
		return "caller"
	case Session:
		return "session"
	case Public:
		return "public"
	case Embed:
		return "embed"
	}
	return fmt.Sprintf("access(%d)", uint8(a))
}

// Func is an operation's implementation: no HTTP types, the same call a
// scheduler or worker would make. p is the zero Principal for Public and
// Embed operations.
type Func[I, O any] func(ctx context.Context, p auth.Principal, in *I) (O, error)

// Op is one endpoint. Build it with New and the methods below, which
// return a modified copy.
type Op struct {
	Method string
	// Path is the route in OpenAPI form: /api/charts/{id}.
	Path string
	// ID is the operationId: stable, kebab-case, used by SDKs and links.
	ID          string
	Summary     string
	Description string
	Tag         string
	Access      Access
	// Scope is the API key scope a Caller operation needs.
	Scope api.Scope
	// AdminOnly operations refuse callers without the admin role.
	AdminOnly bool
	// OnExternal operations are served on the external listener too.
	OnExternal bool
	// Status is the success status (200 unless set; 204 for NoContent).
	Status int
	// Guards are Fiber handlers that run before the operation (login
	// throttling, embed tokens, response headers); each calls c.Next().
	Guards []fiber.Handler
	// MediaType is the response's content type when it is not JSON
	// (Blob outputs).
	MediaType string
	// Errors lists the error statuses documented beyond those every
	// operation of its access can answer.
	Errors []int

	register func(a huma.API, o Op, m *Mount)
	in, out  string // type names, for tests and messages
}

// New declares an operation served by fn.
func New[I, O any](method, path, id string, fn Func[I, O]) Op {
	return Op{Method: method, Path: path, ID: id,
		register: func(a huma.API, o Op, m *Mount) { register(a, o, m, fn) },
		in:       fmt.Sprintf("%T", *new(I)), out: fmt.Sprintf("%T", *new(O))}
}

// Get, Post, Put and Delete are New with the method filled in.
func Get[I, O any](path, id string, fn Func[I, O]) Op { return New(http.MethodGet, path, id, fn) }

// Post declares a POST operation.
func Post[I, O any](path, id string, fn Func[I, O]) Op { return New(http.MethodPost, path, id, fn) }

// Put declares a PUT operation.
func Put[I, O any](path, id string, fn Func[I, O]) Op { return New(http.MethodPut, path, id, fn) }

// Delete declares a DELETE operation.
func Delete[I, O any](path, id string, fn Func[I, O]) Op { return New(http.MethodDelete, path, id, fn) }

// Doc sets the summary (one line) and an optional longer description.
func (o Op) Doc(summary string, description ...string) Op {
	o.Summary, o.Description = summary, strings.Join(description, "\n\n")
	return o
}

// Tagged sets the group the operation is listed under.
func (o Op) Tagged(tag string) Op { o.Tag = tag; return o }

// Needs makes a Caller operation that API keys may call with scope s.
func (o Op) Needs(s api.Scope) Op { o.Access, o.Scope = Caller, s; return o }

// SessionOnly makes an operation that only user sessions may call.
func (o Op) SessionOnly() Op { o.Access, o.Scope = Session, ""; return o }

// Open makes an operation that needs no credentials.
func (o Op) Open() Op { o.Access, o.Scope = Public, ""; return o }

// EmbedToken makes an operation that only embed tokens may call.
func (o Op) EmbedToken() Op { o.Access, o.Scope = Embed, ""; return o }

// Admin makes the operation refuse callers without the admin role.
func (o Op) Admin() Op { o.AdminOnly = true; return o }

// External serves the operation on the external listener too.
func (o Op) External() Op { o.OnExternal = true; return o }

// Returns sets the success status.
func (o Op) Returns(status int) Op { o.Status = status; return o }

// Guard adds Fiber handlers that run before the operation.
func (o Op) Guard(h ...fiber.Handler) Op {
	o.Guards = append(o.Guards[:len(o.Guards):len(o.Guards)], h...)
	return o
}

// Header sets a response header on the operation's successful answers.
// Errors keep the listener's headers: a header set before the operation
// runs (Cache-Control: public) would also go out with an error meant for
// one caller.
func (o Op) Header(name, value string) Op {
	return o.Guard(func(c *fiber.Ctx) error {
		err := c.Next()
		if err == nil && c.Response().StatusCode() < http.StatusBadRequest {
			c.Set(name, value)
		}
		return err
	})
}

// Produces sets the media type of a Blob output.
func (o Op) Produces(mediaType string) Op { o.MediaType = mediaType; return o }

// Documents adds error statuses to the operation's document.
func (o Op) Documents(status ...int) Op {
	o.Errors = append(o.Errors[:len(o.Errors):len(o.Errors)], status...)
	return o
}

// FiberPath is the path as Fiber matches it: /api/charts/:id.
func (o Op) FiberPath() string {
	return strings.NewReplacer("{", ":", "}", "").Replace(o.Path)
}

// Table is every operation of the API.
type Table []Op

// Find returns the operation registered for a Fiber route (method and
// pattern as c.Route() reports them); HEAD is looked up as GET.
func (t Table) Find(method, fiberPath string) (Op, bool) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	for _, o := range t {
		if o.Method == method && o.FiberPath() == fiberPath {
			return o, true
		}
	}
	return Op{}, false
}

// Only is the operations of t with one of the accesses.
func (t Table) Only(access ...Access) Table {
	var out Table
	for _, o := range t {
		if slices.Contains(access, o.Access) {
			out = append(out, o)
		}
	}
	return out
}

// External is the subset served on the external listener.
func (t Table) External() Table {
	var out Table
	for _, o := range t {
		if o.OnExternal {
			out = append(out, o)
		}
	}
	return out
}

// Check reports the first mistake in the table: a duplicate route or
// operationId, a Caller operation without a scope, a missing summary, an
// external operation that is not a Caller's.
func (t Table) Check() error {
	routes, ids := map[string]bool{}, map[string]bool{}
	for _, o := range t {
		key := o.Method + " " + o.Path
		switch {
		case routes[key]:
			return fmt.Errorf("route: %s declared twice", key)
		case ids[o.ID] || o.ID == "":
			return fmt.Errorf("route: %s: operation id %q empty or taken", key, o.ID)
		case o.Access == Caller && !o.Scope.Valid():
			return fmt.Errorf("route: %s: a caller operation needs a key scope", key)
		case o.Summary == "" || o.Tag == "":
			return fmt.Errorf("route: %s: needs a summary and a tag", key)
		case o.Access == Embed && len(o.Guards) == 0:
			return fmt.Errorf("route: %s: an embed-token operation needs the guard that checks the token", key)
		case o.OnExternal && o.Access != Caller:
			return fmt.Errorf("route: %s: only caller operations can be external", key)
		case o.register == nil:
			return fmt.Errorf("route: %s: built without New", key)
		}
		routes[key], ids[o.ID] = true, true
	}
	return nil
}
