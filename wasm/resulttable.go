//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/tablecsv"
)

// resultTable shows up to max rows of a result, formatted by the
// column types the server reports: numbers right-aligned with thousands
// separators, times as dates (and times when they have one), nulls
// marked. The note above it says how many rows are shown of how many
// were fetched, and when the server cut the result at a limit.
func resultTable(res *api.Result, max int) js.Value {
	wrap := el("div", "class", "table-wrap")
	add(wrap, withText(el("p", "class", "muted", "id", "result-note"), resultNote(res, max)))
	t := el("table", "class", "result-table")
	head := el("tr")
	for _, c := range res.Columns {
		th := withText(el("th", "title", string(c.Type)), c.Name)
		if numeric(c.Type) {
			th.Set("className", "num")
		}
		add(head, th)
	}
	add(t, add(el("thead"), head))
	body := el("tbody")
	for i, r := range res.Rows {
		if i >= max {
			break
		}
		tr := el("tr")
		for j, v := range r {
			typ := api.TypeString
			if j < len(res.Columns) {
				typ = res.Columns[j].Type
			}
			text, class := formatCell(typ, v)
			td := withText(el("td"), text)
			if class != "" {
				td.Set("className", class)
			}
			add(tr, td)
		}
		add(body, tr)
	}
	add(wrap, add(t, body))
	return wrap
}

// resultNote is "Showing N of M rows fetched", with the reason when
// the server stopped at a limit.
func resultNote(res *api.Result, max int) string {
	fetched := len(res.Rows)
	note := fmt.Sprintf("Showing %s of %s rows fetched", group(int64(min(fetched, max))), group(int64(fetched)))
	if res.Truncated {
		switch res.TruncatedReason {
		case "bytes":
			note += "; the server stopped at its result size limit, there are more rows"
		default:
			note += fmt.Sprintf("; the server stopped at its row limit of %s rows, there are more", group(int64(fetched)))
		}
	}
	note += fmt.Sprintf(" · %.1f ms", res.DurationMS)
	if res.Cached {
		note += " · cached"
	}
	return note
}

func numeric(t api.ColumnType) bool { return t == api.TypeInt || t == api.TypeFloat }

// formatCell is a value's text and the cell's CSS class.
func formatCell(t api.ColumnType, v any) (string, string) {
	if v == nil {
		return "NULL", "null"
	}
	switch t {
	case api.TypeInt, api.TypeFloat:
		if f, ok := v.(float64); ok {
			return formatNumber(f), "num"
		}
		if s, ok := v.(string); ok {
			// Big decimals come as text: group their integer part.
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return groupDecimal(s), "num"
			}
		}
	case api.TypeTime:
		if s, ok := v.(string); ok {
			if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return formatTime(tm), "time"
			}
		}
	case api.TypeBytes:
		if s, ok := v.(string); ok {
			return fmt.Sprintf("(%d bytes)", len(s)*3/4), "muted"
		}
	}
	return chart.ToString(v), ""
}

// formatTime shows a date alone when the time is midnight UTC (a DATE
// column), else date and time to the second.
func formatTime(tm time.Time) string {
	if tm.Hour() == 0 && tm.Minute() == 0 && tm.Second() == 0 && tm.Nanosecond() == 0 {
		return tm.Format("2006-01-02")
	}
	return tm.Format("2006-01-02 15:04:05")
}

// formatNumber groups thousands and keeps at most 6 decimals (no
// trailing zeros).
func formatNumber(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if math.Abs(f) >= 1e21 {
		return strconv.FormatFloat(f, 'g', 6, 64)
	}
	s := strconv.FormatFloat(f, 'f', 6, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return groupDecimal(s)
}

// groupDecimal puts thousands separators into a decimal's integer part.
func groupDecimal(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

func group(n int64) string { return groupDecimal(strconv.FormatInt(n, 10)) }

// downloadCSV saves the fetched rows of res as a CSV file named for the
// query, made in the browser from a Blob (no second run), with the chart
// export's writer (formula-safe cells, RFC 4180).
func downloadCSV(res *api.Result, name string) error {
	var b strings.Builder
	if err := tablecsv.Write(&b, res); err != nil {
		return err
	}
	blob := global.Get("Blob").New([]any{b.String()}, map[string]any{"type": "text/csv;charset=utf-8"})
	saveURL(global.Get("URL").Call("createObjectURL", blob).String(), tablecsv.FileName(name), true)
	return nil
}
