package api_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// jsonTexts are strings that exercise every escape encoding/json writes.
var jsonTexts = []string{
	"", "plain", `"quoted" \back\`, "<a href='x'>&amp;</a>", "tab\tnl\nret\rbs\bff\f",
	"\x00\x01\x1f\x7f", "é, 日本, 🙂", "bad \xff\xfe utf-8 \xe2\x82", "\u2028 and \u2029",
	strings.Repeat("&", 100), "\xed\xa0\x80 surrogate",
}

// TestResultJSON: EncodeJSON and JSONLen agree with encoding/json byte
// for byte on every value type a result holds.
func TestResultJSON(t *testing.T) {
	row := []any{nil, true, false, int64(0), int64(-42), int64(math.MaxInt64), int64(math.MinInt64),
		0.0, -1.5, 1e-7, 1e21, 123456789.125, 1e-300, math.MaxFloat64, []byte("\x00\xffbytes"), []byte{}, []byte(nil),
		json.Number("12.5")}
	for _, s := range jsonTexts {
		row = append(row, s)
	}
	results := []*api.Result{
		nil,
		{},
		{Columns: []api.Column{{Name: "a<&>\u2028", Type: api.TypeString}, {Name: "b", Type: api.TypeInt}},
			Rows: [][]any{row, nil, {}}, RowCount: 3, Truncated: true, DurationMS: 1.25, Cached: true, TruncatedReason: "bytes"},
		{Columns: []api.Column{}, Rows: [][]any{}, DurationMS: 1e-9},
	}
	for i, r := range results {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.EncodeJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("result %d:\n got %s\nwant %s", i, got, want)
		}
		if n := r.JSONLen(); n != len(want) || cap(got) != len(want) {
			t.Errorf("result %d: JSONLen %d, buffer cap %d, encoded %d", i, n, cap(got), len(want))
		}
	}
	if _, err := (&api.Result{Rows: [][]any{{math.NaN()}}}).EncodeJSON(); err == nil {
		t.Error("NaN encoded")
	}
}

func FuzzTextJSONLen(f *testing.F) {
	for _, s := range jsonTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if n := api.TextJSONLen(s); n != len(want) {
			t.Fatalf("TextJSONLen(%q) = %d, encoding/json writes %d bytes", s, n, len(want))
		}
		if n := api.TextJSONLen([]byte(s)); n != len(want) {
			t.Fatalf("TextJSONLen([]byte(%q)) = %d, want %d", s, n, len(want))
		}
		got, err := (&api.Result{Rows: [][]any{{s}}}).EncodeJSON()
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := json.Marshal(&api.Result{Rows: [][]any{{s}}}); !bytes.Equal(got, w) {
			t.Fatalf("%q: got %s, want %s", s, got, w)
		}
	})
}
