// Package resultcsv writes a query result as CSV (RFC 4180) for a
// download made in the browser: a header row of column names, one record
// per row, CRLF line ends, fields quoted when they hold a comma, a quote
// or a line break. Text that a spreadsheet would run as a formula (it
// starts with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe, so opening the file never evaluates a cell; numbers of
// numeric columns are written as they are.
package resultcsv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
)

// Encode returns res as CSV.
func Encode(res *api.Result) []byte {
	var b strings.Builder
	for i, c := range res.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		field(&b, safe(c.Name))
	}
	b.WriteString("\r\n")
	for _, row := range res.Rows {
		for i, v := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			field(&b, cell(v))
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// cell is one value as text: numbers in full, null as an empty field.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return safe(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case []byte:
		return safe(string(x))
	}
	return safe(fmt.Sprint(v))
}

// safe prefixes text a spreadsheet would take as a formula.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// field writes s, quoted when RFC 4180 needs it.
func field(b *strings.Builder, s string) {
	if !strings.ContainsAny(s, ",\"\r\n") {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

// FileName is the download's name for a query named name: letters,
// digits, '-', '_' and '.' kept, runs of anything else made one '-',
// at most 80 characters, "query" when nothing is left; ".csv" added.
func FileName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	s := strings.Trim(b.String(), "-.")
	if len(s) > 80 {
		s = strings.Trim(s[:80], "-.")
	}
	if s == "" {
		s = "query"
	}
	return s + ".csv"
}
