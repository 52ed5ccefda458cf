package sqlparam

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

// maxArgs is the most bound arguments the PostgreSQL and MySQL wire
// protocols can carry in one statement.
const maxArgs = 65535

// Names returns the distinct named parameters of src in order of first
// use, without colons. Editors use it to offer declarations for the
// parameters a query uses.
func Names(src string, d api.Dialect) ([]string, error) {
	toks, err := tokenize(src, d)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, t := range toks {
		if t.Kind == sqllex.Param && !slices.Contains(names, t.Name()) {
			names = append(names, t.Name())
		}
	}
	return names, nil
}

func tokenize(src string, d api.Dialect) ([]sqllex.Token, error) {
	toks, err := sqllex.Tokenize(src, d)
	if err != nil {
		return nil, &Error{Message: "cannot read the SQL: " + err.Error(), Err: err}
	}
	return toks, nil
}

// Bind rewrites the named parameters of src into d's placeholders and
// returns the statement with its driver arguments in order. Values are
// decoded JSON (string, float64, json.Number, bool, []any, nil) keyed by
// parameter name; each is converted to its declared type: string, number
// (int64 when integral, else float64), date (time.Time) or list, which
// must appear inside parentheses, as in IN (:regions), and becomes one
// placeholder per item. A missing or null value takes the default, else
// is an error if required, else binds SQL NULL.
//
// Errors are *Error: invalid declarations, a parameter used but not
// declared, a value for an undeclared name, a value of the wrong type,
// positional placeholders in src, or SQL that cannot be tokenized.
func Bind(src string, d api.Dialect, defs []api.ParamDef, values map[string]any) (stmt string, args []any, err error) {
	if err := ValidateDefs(defs); err != nil {
		return "", nil, err
	}
	b := binder{d: d, defs: make(map[string]api.ParamDef, len(defs)), values: values}
	for _, def := range defs {
		b.defs[def.Name] = def
	}
	if err := b.convertValues(); err != nil {
		return "", nil, err
	}
	toks, err := tokenize(src, d)
	if err != nil {
		return "", nil, err
	}
	var out strings.Builder
	out.Grow(len(src) + 16)
	var prev sqllex.Token // the previous significant token
	for i, t := range toks {
		switch t.Kind {
		case sqllex.Placeholder:
			return "", nil, &Error{Message: fmt.Sprintf(
				"positional placeholder %s at line %d, column %d is not supported; use named parameters like :name", t.Text, t.Line, t.Col)}
		case sqllex.Param:
			if i > 0 && d == api.Postgres && adjoins(toks[i-1]) {
				out.WriteByte(' ') // "x=:v" is fine, but "SELECT$1" would be one identifier
			}
			text, err := b.placeholders(t, prev)
			if err != nil {
				return "", nil, err
			}
			out.WriteString(text)
		default:
			out.WriteString(t.Text)
		}
		if t.Significant() {
			prev = t
		}
	}
	if len(b.args) > maxArgs {
		return "", nil, &Error{Message: fmt.Sprintf("the query needs %d bound values; at most %d are allowed", len(b.args), maxArgs)}
	}
	return out.String(), b.args, nil
}

func adjoins(t sqllex.Token) bool {
	return t.Kind == sqllex.Keyword || t.Kind == sqllex.Ident || t.Kind == sqllex.Number
}

type binder struct {
	d         api.Dialect
	defs      map[string]api.ParamDef
	values    map[string]any
	converted map[string]any    // converted given values
	resolved  map[string]any    // value per parameter used, after defaults
	pgText    map[string]string // PostgreSQL reuses $n for a repeated name
	args      []any
}

// convertValues checks every given value, used or not, in name order so
// that the first error reported does not depend on map order.
func (b *binder) convertValues() error {
	names := make([]string, 0, len(b.values))
	for name := range b.values {
		names = append(names, name)
	}
	slices.Sort(names)
	b.converted = make(map[string]any, len(names))
	for _, name := range names {
		def, ok := b.defs[name]
		if !ok {
			return &Error{Param: name, Message: fmt.Sprintf("parameter %s is not declared by this query", name)}
		}
		v := b.values[name]
		if v == nil {
			continue // null means "not given"
		}
		c, err := convert(def, v)
		if err != nil {
			return &Error{Param: name, Message: fmt.Sprintf("parameter %s %v", name, err), Err: err}
		}
		b.converted[name] = c
	}
	return nil
}

// resolve returns the converted value for a used parameter, falling back
// to its default, or nil for SQL NULL.
func (b *binder) resolve(t sqllex.Token) (any, error) {
	name := t.Name()
	if v, ok := b.resolved[name]; ok {
		return v, nil
	}
	def, ok := b.defs[name]
	if !ok {
		return nil, &Error{Param: name, Message: fmt.Sprintf(
			"parameter :%s is used at line %d, column %d but not declared", name, t.Line, t.Col)}
	}
	v, ok := b.converted[name]
	switch {
	case ok:
	case def.Default != nil:
		var err error
		if v, err = convert(def, def.Default); err != nil { // ValidateDefs has checked it
			return nil, &Error{Param: name, Message: fmt.Sprintf("parameter %s: default %v", name, err), Err: err}
		}
	case def.Required:
		return nil, &Error{Param: name, Message: fmt.Sprintf("parameter %s is required", name)}
	}
	if b.resolved == nil {
		b.resolved = map[string]any{}
	}
	b.resolved[name] = v
	return v, nil
}

// placeholders binds one use of a parameter and returns the text that
// replaces it.
func (b *binder) placeholders(t sqllex.Token, prev sqllex.Token) (string, error) {
	name := t.Name()
	if text, ok := b.pgText[name]; ok {
		return text, nil
	}
	v, err := b.resolve(t)
	if err != nil {
		return "", err
	}
	vals := []any{v}
	if b.defs[name].Type == api.ParamList {
		if prev.Kind != sqllex.Punct || (prev.Text != "(" && prev.Text != ",") {
			return "", &Error{Param: name, Message: fmt.Sprintf(
				"list parameter :%s must be used inside parentheses, as in IN (:%s)", name, name)}
		}
		if items, ok := v.([]any); ok {
			vals = items
		}
	}
	var text strings.Builder
	for i, item := range vals {
		if i > 0 {
			text.WriteString(", ")
		}
		b.args = append(b.args, driverValue(b.d, item))
		if b.d == api.Postgres {
			text.WriteString("$" + strconv.Itoa(len(b.args)))
		} else {
			text.WriteByte('?')
		}
	}
	if b.d == api.Postgres {
		if b.pgText == nil {
			b.pgText = map[string]string{}
		}
		b.pgText[name] = text.String()
	}
	return text.String(), nil
}

// driverValue adapts a converted value to the dialect. SQLite has no date
// type and its date functions read ISO 8601 text, so dates are bound as
// "2006-01-02" (or RFC 3339 when they carry a time of day), never in the
// driver's own time format.
func driverValue(d api.Dialect, v any) any {
	t, ok := v.(time.Time)
	if !ok || d != api.SQLite {
		return v
	}
	if t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}
