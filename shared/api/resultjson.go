package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// A Result is encoded here rather than by encoding/json, byte for byte as
// encoding/json would: encoding/json builds its output in a buffer grown
// by doubling, copies it out and keeps the grown buffer in a pool, so a
// 360 MB answer (60 MB of '&', six bytes each once escaped) peaks well
// over a gigabyte. EncodeJSON allocates the answer once, at its exact
// size, and JSONLen tells a memory budget that size before it exists.

// asciiJSONLen is the encoded length of each ASCII byte in a JSON string
// as encoding/json writes it (HTML escaping on): 1 for safe bytes, 2 for
// \" \\ \b \f \n \r \t, 6 for \u00XX (other control bytes, < > &).
var asciiJSONLen = func() (t [utf8.RuneSelf]uint8) {
	for b := range t {
		switch {
		case b == '"' || b == '\\' || b == '\b' || b == '\f' || b == '\n' || b == '\r' || b == '\t':
			t[b] = 2
		case b < 0x20 || b == '<' || b == '>' || b == '&':
			t[b] = 6
		default:
			t[b] = 1
		}
	}
	return t
}()

// TextJSONLen is the length of s as a JSON string, quotes included, as
// encoding/json writes it: HTML characters, control bytes, U+2028 and
// U+2029 escaped, invalid UTF-8 replaced by \ufffd.
func TextJSONLen[T []byte | string](s T) int {
	n := 2
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			n += int(asciiJSONLen[b])
			i++
			continue
		}
		c, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		switch {
		case c == utf8.RuneError && size == 1, c == '\u2028', c == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

const hexDigits = "0123456789abcdef"

// appendText appends s as a JSON string; see TextJSONLen.
func appendText[T []byte | string](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiJSONLen[b] == 1 {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			start = i + size
		case c == '\u2028', c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			start = i + size
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// ValueJSONLen is the encoded length of one row value.
func ValueJSONLen(v any) int {
	switch v := v.(type) {
	case nil:
		return 4
	case string:
		return TextJSONLen(v)
	case int64:
		return intLen(v)
	case float64:
		var buf [32]byte
		return len(appendFloat(buf[:0], v))
	case bool:
		if v {
			return 4
		}
		return 5
	case []byte:
		if v == nil {
			return 4
		}
		return base64.StdEncoding.EncodedLen(len(v)) + 2
	}
	b, err := json.Marshal(v)
	if err != nil {
		return 0 // AppendJSON reports it
	}
	return len(b)
}

// appendValue appends one row value as encoding/json would.
func appendValue(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendText(dst, v), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return dst, fmt.Errorf("api: unsupported value in JSON: %v", v)
		}
		return appendFloat(dst, v), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case []byte:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, v)
		return append(dst, '"'), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return dst, fmt.Errorf("api: encoding a %T: %w", v, err)
	}
	return append(dst, b...), nil
}

// intLen is the number of characters of v in decimal.
func intLen(v int64) int {
	n := 1
	if v < 0 {
		n++
		if v == math.MinInt64 {
			return 20
		}
		v = -v
	}
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// appendFloat writes f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9, as in encoding/json.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// JSON field names of a Result, in encoding/json's order.
const (
	jsonColumns   = `{"columns":`
	jsonRows      = `,"rows":`
	jsonRowCount  = `,"row_count":`
	jsonTruncated = `,"truncated":`
	jsonDuration  = `,"duration_ms":`
	jsonCached    = `,"cached":true`
	jsonReason    = `,"truncated_reason":`
)

// RowsJSONLen is the encoded length of rows as a JSON array.
func RowsJSONLen(rows [][]any) int {
	if rows == nil {
		return 4
	}
	n := 2 + max(len(rows)-1, 0)
	for _, row := range rows {
		if row == nil {
			n += 4
			continue
		}
		n += 2 + max(len(row)-1, 0)
		for _, v := range row {
			n += ValueJSONLen(v)
		}
	}
	return n
}

// JSONLen is the exact length of r's JSON encoding.
func (r *Result) JSONLen() int {
	if r == nil {
		return 4
	}
	n := len(jsonColumns) + len(jsonRows) + RowsJSONLen(r.Rows) + len(jsonRowCount) + intLen(int64(r.RowCount)) +
		len(jsonTruncated) + ValueJSONLen(r.Truncated) + len(jsonDuration) + ValueJSONLen(r.DurationMS) + 1
	if r.Columns == nil {
		n += 4
	} else {
		n += 2 + max(len(r.Columns)-1, 0)
		for _, c := range r.Columns {
			n += len(`{"name":,"type":}`) + TextJSONLen(c.Name) + TextJSONLen(string(c.Type))
		}
	}
	if r.Cached {
		n += len(jsonCached)
	}
	if r.TruncatedReason != "" {
		n += len(jsonReason) + TextJSONLen(r.TruncatedReason)
	}
	return n
}

// AppendJSON appends r encoded as encoding/json would encode it.
func (r *Result) AppendJSON(b []byte) ([]byte, error) {
	if r == nil {
		return append(b, "null"...), nil
	}
	b = append(b, jsonColumns...)
	if r.Columns == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range r.Columns {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendText(b, c.Name)
			b = append(b, `,"type":`...)
			b = appendText(b, string(c.Type))
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, jsonRows...)
	b, err := appendRows(b, r.Rows)
	if err != nil {
		return b, err
	}
	b = append(b, jsonRowCount...)
	b = strconv.AppendInt(b, int64(r.RowCount), 10)
	b = append(b, jsonTruncated...)
	b = strconv.AppendBool(b, r.Truncated)
	b = append(b, jsonDuration...)
	if b, err = appendValue(b, r.DurationMS); err != nil {
		return b, err
	}
	if r.Cached {
		b = append(b, jsonCached...)
	}
	if r.TruncatedReason != "" {
		b = append(b, jsonReason...)
		b = appendText(b, r.TruncatedReason)
	}
	return append(b, '}'), nil
}

func appendRows(b []byte, rows [][]any) ([]byte, error) {
	if rows == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, row := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		if row == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, v); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// EncodeJSON returns r's JSON encoding in one allocation of its exact
// size; the HTTP layer uses it instead of encoding/json for results.
func (r *Result) EncodeJSON() ([]byte, error) {
	return r.AppendJSON(make([]byte, 0, r.JSONLen()))
}
