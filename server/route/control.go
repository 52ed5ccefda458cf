package route

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gobi-bi/gobi/server/fault"
)

// singleLine names the JSON fields that are labels shown in lists and
// logs (and usernames, which are identities): they may not contain line
// breaks or tabs either.
var singleLine = map[string]bool{"name": true, "title": true, "username": true}

// ControlChar reports the first control character in s as "U+XXXX", or
// "". Tab, line feed and carriage return are allowed unless line is set
// (SQL, descriptions and free text need them); every other C0 control,
// DEL and the C1 range are refused everywhere: NUL in particular is
// rejected by PostgreSQL, stored by SQLite and silently cut by MariaDB,
// so "admin\x00" could otherwise mean three different things.
func ControlChar(s string, line bool) string {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if line {
				return fmt.Sprintf("U+%04X", r)
			}
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("U+%04X", r)
		case r == utf8.RuneError:
			return "U+FFFD (invalid UTF-8)"
		}
	}
	return ""
}

// CheckControl refuses the first string in v (a decoded value: structs,
// maps, slices, raw JSON) that carries a control character, naming its
// path under path, as Decode does for bodies; for JSON that arrives some
// other way, such as ?params={…}.
func CheckControl(v any, path string) error {
	return checkControl(reflect.ValueOf(v), path, false)
}

// checkControl walks a decoded request value and refuses the first string
// (or map key) with a control character, naming its path. line is set
// for struct fields named in singleLine.
func checkControl(v reflect.Value, path string, line bool) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkControl(v.Elem(), path, line)
		}
	case reflect.String:
		if v.Type() == reflect.TypeFor[json.Number]() {
			// Kept exact while the request is handled, but stored values
			// are read back as float64: one beyond its range (1e400) would
			// make every later read of the row fail.
			if _, err := strconv.ParseFloat(v.String(), 64); err != nil {
				return fault.BadRequest("%s holds the number %.40s, beyond the range of a 64-bit float", orBody(path), v.String())
			}
			return nil
		}
		if bad := ControlChar(v.String(), line); bad != "" {
			return fault.BadRequest("%s contains a control character (%s); remove it", orBody(path), bad)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-":
				continue
			case name == "" && f.Anonymous:
				if err := checkControl(v.Field(i), path, false); err != nil {
					return err
				}
				continue
			case name == "":
				name = f.Name
			}
			if err := checkControl(v.Field(i), join(path, name), singleLine[name]); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type() == reflect.TypeFor[json.RawMessage]() && v.Len() > 0 {
			// Decoded later by its own code (a chart spec): check it here.
			var raw any
			if json.Unmarshal(v.Bytes(), &raw) != nil {
				return nil // its decoder reports malformed JSON
			}
			return checkControl(reflect.ValueOf(raw), path, false)
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // bytes, sent as base64
		}
		for i := range v.Len() {
			if err := checkControl(v.Index(i), fmt.Sprintf("%s[%d]", path, i), line); err != nil {
				return err
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			k := it.Key()
			if k.Kind() == reflect.String {
				if bad := ControlChar(k.String(), true); bad != "" {
					return fault.BadRequest("a key in %s contains a control character (%s); remove it", orBody(path), bad)
				}
				if err := checkControl(it.Value(), join(path, k.String()), false); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orBody(path string) string {
	if path == "" {
		return "the body"
	}
	return "field " + path
}
