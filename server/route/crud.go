package route

import (
	"context"
	"net/http"
	"strings"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Resource is a service of owned resources. Every call is isolated by the
// principal: another user's resource is fault.NotFound, as a missing one.
type Resource[M, In any] interface {
	Get(ctx context.Context, p auth.Principal, id int64) (M, error)
	Create(ctx context.Context, p auth.Principal, in In) (M, error)
	Update(ctx context.Context, p auth.Principal, id int64, in In) (M, error)
	Delete(ctx context.Context, p auth.Principal, id int64) error
}

// Noun names a resource in operation ids and summaries.
type Noun struct {
	// One is the singular ("chart", "data source"); ids use it with
	// dashes ("get-data-source").
	One string
	// Path is the collection's path: /api/charts.
	Path string
	Tag  string
}

// CRUD declares the four operations on one resource of a collection:
// GET (read scope), POST to the collection (201), PUT and DELETE (write
// scope). view turns the stored model into its wire type. The GET is
// served on the external listener when external is set.
func CRUD[M, In, V any](n Noun, r Resource[M, In], view func(M) (V, error), external bool) []Op {
	id := strings.ReplaceAll(n.One, " ", "-")
	a := article(n.One)
	get := Get(n.Path+"/{id}", "get-"+id, func(ctx context.Context, p auth.Principal, in *ID) (V, error) {
		m, err := r.Get(ctx, p, in.ID)
		return viewed(m, err, view)
	}).Doc("Get " + a + " " + n.One).Needs(api.ScopeRead)
	if external {
		get = get.External()
	}
	return Table{
		get,
		Post(n.Path, "create-"+id, func(ctx context.Context, p auth.Principal, in *Body[In]) (V, error) {
			m, err := r.Create(ctx, p, in.Body)
			return viewed(m, err, view)
		}).Doc("Create " + a + " " + n.One).Needs(api.ScopeWrite).Returns(http.StatusCreated).Documents(http.StatusConflict),
		Put(n.Path+"/{id}", "update-"+id, func(ctx context.Context, p auth.Principal, in *IDBody[In]) (V, error) {
			m, err := r.Update(ctx, p, in.ID, in.Body)
			return viewed(m, err, view)
		}).Doc("Replace "+a+" "+n.One, "The body replaces every field: send the whole resource.").Needs(api.ScopeWrite).
			Documents(http.StatusConflict),
		Delete(n.Path+"/{id}", "delete-"+id, func(ctx context.Context, p auth.Principal, in *ID) (NoContent, error) {
			return NoContent{}, r.Delete(ctx, p, in.ID)
		}).Doc("Delete "+a+" "+n.One, "Refused (409) while other resources use it.").Needs(api.ScopeWrite).
			Documents(http.StatusConflict),
	}.Tagged(n.Tag)
}

// viewed applies view to a model when there is no error.
func viewed[M, V any](m M, err error, view func(M) (V, error)) (V, error) {
	if err != nil {
		var zero V
		return zero, err
	}
	return view(m)
}

// Tagged sets the tag of every operation of t.
func (t Table) Tagged(tag string) Table {
	for i := range t {
		t[i] = t[i].Tagged(tag)
	}
	return t
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// View adapts a model's View method to CRUD's view.
func View[M interface{ View() V }, V any](m M) (V, error) { return m.View(), nil }
