package sqlparam

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// MaxListItems caps a list parameter, which becomes one placeholder per
// item; drivers allow at most 65535.
const MaxListItems = 1000

// convert turns a decoded JSON value into the driver argument for def:
// a scalar, or a []any of scalars for a list.
func convert(def api.ParamDef, v any) (any, error) {
	if def.Type != api.ParamList {
		return scalar(def.Type, v)
	}
	items, ok := asList(v)
	if !ok {
		return nil, fmt.Errorf("must be a list, not %s", describe(v))
	}
	if len(items) == 0 {
		return nil, errors.New("must not be an empty list")
	}
	if len(items) > MaxListItems {
		return nil, fmt.Errorf("has %d items; at most %d are allowed", len(items), MaxListItems)
	}
	itemType := def.ItemType
	if itemType == "" {
		itemType = api.ParamString
	}
	out := make([]any, len(items))
	for i, item := range items {
		if item == nil {
			return nil, fmt.Errorf("item %d is null", i+1)
		}
		c, err := scalar(itemType, item)
		if err != nil {
			return nil, fmt.Errorf("item %d %w", i+1, err)
		}
		out[i] = c
	}
	return out, nil
}

func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []float64:
		out := make([]any, len(l))
		for i, f := range l {
			out[i] = f
		}
		return out, true
	}
	return nil, false
}

func scalar(t api.ParamType, v any) (any, error) {
	switch t {
	case api.ParamString:
		return toString(v)
	case api.ParamNumber:
		return toNumber(v)
	case api.ParamDate:
		return toDate(v)
	}
	return nil, fmt.Errorf("has unknown type %q", t)
}

func toString(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	}
	return nil, fmt.Errorf("must be text, not %s", describe(v))
}

func toNumber(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return fromFloat(x)
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case json.Number:
		return parseNumber(x.String())
	case string:
		return parseNumber(strings.TrimSpace(x))
	}
	return nil, fmt.Errorf("must be a number, not %s", describe(v))
}

// parseNumber accepts plain decimal notation only: no hex, no Inf or NaN.
func parseNumber(s string) (any, error) {
	if !isDecimal(s) {
		return nil, fmt.Errorf("must be a number, not %q", s)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("must be a number in range, not %q", s)
	}
	return fromFloat(f)
}

// fromFloat returns integral values as int64, so that drivers bind
// integers to integer columns, and refuses NaN and infinities.
func fromFloat(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errors.New("must be a finite number")
	}
	if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
		return int64(f), nil
	}
	return f, nil
}

func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := i
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
		if i == exp {
			return false
		}
	}
	return i == len(s)
}

func toDate(v any) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
		return nil, fmt.Errorf("must be a date like 2024-01-31 or an RFC 3339 timestamp like 2024-01-31T12:00:00Z, not %q", x)
	}
	return nil, fmt.Errorf("must be a date like 2024-01-31, not %s", describe(v))
}

// describe names a value's JSON type for messages.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return fmt.Sprintf("text %q", x)
	case float64, json.Number, int, int64:
		return fmt.Sprintf("the number %v", x)
	case []any, []string, []float64:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}
