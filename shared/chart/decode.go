package chart

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/gobi-bi/gobi/shared/api"
)

// Input limits of Decode. A spec is a small document; its inline data is
// meant for samples and small tables, not for bulk upload.
const (
	MaxSpecBytes = 1 << 20
	MaxSpecDepth = 32
	// maxDecodeProblems stops a hostile spec from producing an endless
	// list of problems.
	maxDecodeProblems = 100
)

// Errors of Decode for input that is not a spec document at all.
var (
	ErrNotJSON  = errors.New("chart spec is not valid JSON")
	ErrTooLarge = fmt.Errorf("chart spec is larger than %d bytes", MaxSpecBytes)
	ErrTooDeep  = fmt.Errorf("chart spec nests deeper than %d levels", MaxSpecDepth)
)

// Decode reads a spec strictly and validates it. Unknown fields, values of
// the wrong JSON type and everything Validate finds come back as field
// errors with their JSON paths, all at once, so an editor can mark every
// mistake. The error is only for input that is not JSON, too large or too
// deeply nested (wrapping ErrNotJSON, ErrTooLarge or ErrTooDeep); when it
// is nil the spec is never nil, though it may be incomplete when there
// are field errors.
func Decode(b []byte) (*Spec, []api.FieldError, error) {
	if len(b) > MaxSpecBytes {
		return nil, nil, ErrTooLarge
	}
	if err := checkDepth(b); err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(b, new(json.RawMessage)); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrNotJSON, err)
	}
	s := new(Spec)
	d := decoder{}
	raw := bytes.TrimSpace(b)
	if len(raw) == 0 || raw[0] != '{' {
		d.add("", "a chart spec must be a JSON object")
		return s, d.problems, nil
	}
	d.value(raw, reflect.ValueOf(s).Elem(), "")
	for _, f := range Validate(s) {
		if !d.covers(f.Path) {
			d.problems = append(d.problems, f)
		}
	}
	if len(d.problems) > maxDecodeProblems {
		d.problems = append(d.problems[:maxDecodeProblems], api.FieldError{Message: "too many problems; fix these first"})
	}
	if len(d.problems) == 0 {
		return s, nil, nil
	}
	return s, d.problems, nil
}

// checkDepth rejects documents nested deeper than MaxSpecDepth before any
// decoding, skipping brackets inside strings.
func checkDepth(b []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > MaxSpecDepth {
				return ErrTooDeep
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// decoder fills Go values from JSON with exact field names, recording a
// problem per bad field instead of stopping at the first one as
// encoding/json does.
type decoder struct {
	problems []api.FieldError
	bad      []string // paths with a decoding problem
}

func (d *decoder) add(path, format string, args ...any) {
	d.problems = append(d.problems, api.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	d.bad = append(d.bad, path)
}

// covers reports whether path is at or below a path that already failed
// to decode, so Validate does not repeat the complaint.
func (d *decoder) covers(path string) bool {
	for _, b := range d.bad {
		if b == "" || path == b || strings.HasPrefix(path, b+".") || strings.HasPrefix(path, b+"[") {
			return true
		}
	}
	return false
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// value decodes raw (valid JSON) into v (settable) at path.
func (d *decoder) value(raw []byte, v reflect.Value, path string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || len(d.problems) > maxDecodeProblems {
		return
	}
	null := string(raw) == "null"
	if v.Kind() != reflect.Pointer && v.Addr().Type().Implements(unmarshalerType) {
		if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
			d.add(path, "%s", describe(err))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if null {
			v.SetZero()
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(raw, v.Elem(), path)
	case reflect.Struct:
		if null {
			return
		}
		d.object(raw, path, func(key string, val []byte, kp string) {
			i, ok := fieldIndex(v.Type())[key]
			if !ok {
				d.add(kp, "unknown field%s", suggest(key, fieldIndex(v.Type())))
				return
			}
			d.value(val, v.Field(i), kp)
		})
	case reflect.Map:
		if null {
			v.SetZero()
			return
		}
		if v.Type().Elem().Kind() == reflect.Interface {
			d.plain(raw, v, path)
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		d.object(raw, path, func(key string, val []byte, kp string) {
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(val, e, kp)
			v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), e)
		})
	case reflect.Slice:
		if null || v.Type().Elem().Kind() == reflect.Interface || v.Type().Elem().Kind() == reflect.Slice {
			d.plain(raw, v, path) // rows of any: nothing can be of the wrong type
			return
		}
		var items []json.RawMessage
		if raw[0] != '[' {
			d.add(path, "must be a list")
			return
		}
		if err := json.Unmarshal(raw, &items); err != nil {
			d.add(path, "%s", describe(err))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, it := range items {
			d.value(it, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	default:
		d.plain(raw, v, path)
	}
}

// plain decodes raw with encoding/json, turning a type error into a
// problem at path.
func (d *decoder) plain(raw []byte, v reflect.Value, path string) {
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		d.add(path, "%s", describe(err))
	}
}

// object calls f for each member of the JSON object raw, in document
// order; a repeated key is a problem rather than a silent overwrite.
func (d *decoder) object(raw []byte, path string, f func(key string, val []byte, keyPath string)) {
	if raw[0] != '{' {
		d.add(path, "must be an object")
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		d.add(path, "%s", describe(err))
		return
	}
	var seen []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			d.add(path, "%s", describe(err))
			return
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			d.add(path, "%s", describe(err))
			return
		}
		kp := key
		if path != "" {
			kp = path + "." + key
		}
		if slices.Contains(seen, key) {
			d.add(kp, "appears twice")
			continue
		}
		seen = append(seen, key)
		f(key, val, kp)
	}
}

// fieldIndex maps the JSON names of a struct's fields to their index.
func fieldIndex(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = i
	}
	fieldCache.Store(t, m)
	return m
}

var fieldCache sync.Map // reflect.Type → map[string]int

// suggest proposes the known field closest to a misspelt key.
func suggest(key string, known map[string]int) string {
	norm := func(s string) string { return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s)) }
	best, bestD := "", 3
	for k := range known {
		if dist := editDistance(norm(key), norm(k)); dist < bestD || (dist == bestD && k < best) {
			best, bestD = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance, for short field names only.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// describe turns an encoding/json error into words for people.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return Mismatch(te)
	}
	return err.Error()
}

// Mismatch words a JSON type mismatch for people: "must be a whole
// number, not a string". The server's request decoder says it the same way.
func Mismatch(te *json.UnmarshalTypeError) string {
	return fmt.Sprintf("must be %s, not %s", typeWordsGo(te.Type), jsonWords(te.Value))
}

// jsonWords names the JSON value encoding/json found ("number 1.5").
func jsonWords(v string) string {
	switch v {
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return strings.TrimPrefix(v, "number ")
}

func typeWordsGo(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return typeWordsGo(t.Elem())
	}
	return t.String()
}
