package sqlparam

import (
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// maxNameLen keeps names readable and well inside every driver's limits.
const maxNameLen = 64

// ValidateDefs checks a saved query's parameter declarations: names like
// identifiers ([A-Za-z_][A-Za-z0-9_]*), no duplicates, known types, an
// item type only on lists, and defaults of the declared type. It returns
// the first problem as an *Error.
func ValidateDefs(defs []api.ParamDef) error {
	seen := make(map[string]bool, len(defs))
	for i, def := range defs {
		if !validName(def.Name) {
			return &Error{Param: def.Name, Message: fmt.Sprintf(
				"params[%d]: name %q must start with a letter or underscore, contain only letters, digits and underscores, and be at most %d characters",
				i, def.Name, maxNameLen)}
		}
		if seen[def.Name] {
			return &Error{Param: def.Name, Message: fmt.Sprintf("parameter %s is declared twice", def.Name)}
		}
		seen[def.Name] = true
		if msg := checkType(def); msg != "" {
			return &Error{Param: def.Name, Message: fmt.Sprintf("parameter %s: %s", def.Name, msg)}
		}
		if msg := checkValues(def); msg != "" {
			return &Error{Param: def.Name, Message: fmt.Sprintf("parameter %s: %s", def.Name, msg)}
		}
		if def.Default != nil {
			if _, err := convert(def, def.Default); err != nil {
				return &Error{Param: def.Name, Message: fmt.Sprintf("parameter %s: default %v", def.Name, err), Err: err}
			}
		}
	}
	return nil
}

func checkType(def api.ParamDef) string {
	switch def.Type {
	case api.ParamString, api.ParamNumber, api.ParamDate:
		if def.ItemType != "" {
			return "item_type is only for list parameters"
		}
	case api.ParamList:
		switch def.ItemType {
		case "", api.ParamString, api.ParamNumber, api.ParamDate:
		default:
			return fmt.Sprintf("item_type must be string, number or date, not %q", def.ItemType)
		}
	case "":
		return "type is missing; use string, number, date or list"
	default:
		return fmt.Sprintf("unknown type %q; use string, number, date or list", def.Type)
	}
	return ""
}

// checkValues checks the choices of a string or list parameter.
func checkValues(def api.ParamDef) string {
	if len(def.Values) == 0 {
		return ""
	}
	if def.Type != api.ParamString && def.Type != api.ParamList {
		return "values are only for string and list parameters"
	}
	if len(def.Values) > MaxListItems {
		return fmt.Sprintf("has %d values; at most %d are allowed", len(def.Values), MaxListItems)
	}
	itemType := def.ItemType
	if def.Type == api.ParamString || itemType == "" {
		itemType = api.ParamString
	}
	for i, v := range def.Values {
		if v == nil {
			return fmt.Sprintf("value %d is null", i+1)
		}
		if _, err := scalar(itemType, v); err != nil {
			return fmt.Sprintf("value %d %v", i+1, err)
		}
	}
	return ""
}

func validName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
