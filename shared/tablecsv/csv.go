// Package tablecsv writes a query result as CSV that spreadsheets open as
// data: a text cell that a spreadsheet would read as a formula (OWASP
// "CSV injection") is written as text. It runs in the browser (a chart's
// CSV export) as on the server, so it imports nothing server-only.
package tablecsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
)

// Write writes r's column names and then its rows, one line each, with
// CRLF line ends (RFC 4180). Numbers are written in full precision and
// never quoted; booleans as true/false; nulls as empty cells.
func Write(w io.Writer, r *api.Result) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		head[i] = Cell(c.Name)
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	rec := make([]string, len(r.Columns))
	for _, row := range r.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = value(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

func value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return Cell(x)
	case []byte:
		return Cell(string(x))
	}
	return Cell(fmt.Sprint(v))
}

// Cell makes a text value safe as a cell: one that starts with =, +, -,
// @, a tab or a carriage return would be a formula in Excel, LibreOffice
// and Google Sheets, so it gets a leading apostrophe, which they show as
// text. (Numbers are not text and keep their sign.)
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
