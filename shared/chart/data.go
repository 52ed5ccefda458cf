package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Data is a query result bound to a spec's encodings: drawers read values
// by channel instead of by column position.
type Data struct {
	Res  *api.Result
	spec *Spec
	idx  map[Channel][]int
}

// Bind resolves every encoded column in res. A missing column is an error
// naming the channel and the columns that exist.
func Bind(s *Spec, res *api.Result) (*Data, error) {
	if res == nil {
		return nil, fmt.Errorf("no data")
	}
	pos := make(map[string]int, len(res.Columns))
	for i, c := range res.Columns {
		pos[c.Name] = i
	}
	d := &Data{Res: res, spec: s, idx: make(map[Channel][]int, len(s.Encoding))}
	for ch, f := range s.Encoding {
		for _, name := range f.Columns {
			i, ok := pos[name]
			if !ok {
				return nil, fmt.Errorf("encoding.%s: no column %q in the data (columns: %s)", ch, name, columnNames(res))
			}
			d.idx[ch] = append(d.idx[ch], i)
		}
	}
	return d, nil
}

func columnNames(res *api.Result) string {
	s := ""
	for i, c := range res.Columns {
		if i > 0 {
			s += ", "
		}
		s += c.Name
	}
	return s
}

// Len is the number of rows.
func (d *Data) Len() int { return len(d.Res.Rows) }

// Has reports whether channel ch is encoded.
func (d *Data) Has(ch Channel) bool { return len(d.idx[ch]) > 0 }

// Count is the number of columns encoded on ch.
func (d *Data) Count(ch Channel) int { return len(d.idx[ch]) }

// Name is the display name of the k-th column of ch: the field's label
// when it has one column and a label, else the column name.
func (d *Data) Name(ch Channel, k int) string {
	f := d.spec.Encoding[ch]
	if f.Label != "" && len(f.Columns) == 1 {
		return f.Label
	}
	if k < len(f.Columns) {
		return f.Columns[k]
	}
	return string(ch)
}

// Type is the column type of the k-th column of ch.
func (d *Data) Type(ch Channel, k int) api.ColumnType {
	if k >= len(d.idx[ch]) {
		return api.TypeNull
	}
	return d.Res.Columns[d.idx[ch][k]].Type
}

func (d *Data) cell(ch Channel, k, row int) any {
	ix := d.idx[ch]
	if k >= len(ix) || row < 0 || row >= len(d.Res.Rows) {
		return nil
	}
	r := d.Res.Rows[row]
	if ix[k] >= len(r) {
		return nil
	}
	return r[ix[k]]
}

// Str is the row's value of ch as text ("" for null).
func (d *Data) Str(ch Channel, row int) string { return d.StrAt(ch, 0, row) }

// StrAt is the k-th column's value of ch as text.
func (d *Data) StrAt(ch Channel, k, row int) string { return ToString(d.cell(ch, k, row)) }

// Num is the row's value of ch as a number; ok is false for null and
// non-numeric values.
func (d *Data) Num(ch Channel, row int) (float64, bool) { return d.NumAt(ch, 0, row) }

// NumAt is the k-th column's value of ch as a number.
func (d *Data) NumAt(ch Channel, k, row int) (float64, bool) { return ToFloat(d.cell(ch, k, row)) }

// Time is the row's value of ch as a time.
func (d *Data) Time(ch Channel, row int) (time.Time, bool) { return ToTime(d.cell(ch, 0, row)) }

// ToString formats a result value as text.
func ToString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// ToFloat converts a result value to a number.
func ToFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	case time.Time:
		return float64(x.UnixMilli()), true
	}
	return 0, false
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "2006-01"}

// ToTime converts a result value (RFC 3339 or date text, or a time) to a
// time.
func ToTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
