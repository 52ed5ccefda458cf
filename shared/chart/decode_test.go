package chart

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	const ok = `{"type":"bar","query_id":3,"encoding":{"x":"month","y":["sales","cost"],"series":{"column":"region","label":"Region"}}}`
	tests := []struct {
		name   string
		in     string
		err    error  // want an error wrapping this
		path   string // want a problem at path ("" with phrase "" = none)
		phrase string
	}{
		{"valid", ok, nil, "", ""},
		{"valid with every section", `{"type":"line","title":"T","subtitle":"S","query_id":1,"params":{"r":"N","n":[1,2]},
			"encoding":{"x":{"columns":["t"],"format":"2006-01"},"y":"v"},"x_axis":{"title":"X","scale":"time","hidden":false,"grid":true},
			"y_axis":{"min":0,"max":10},"legend":{"position":"top"},"palette":"warm","colors":["#abc"],"theme":"dark",
			"format":{"number":"0.0a","date":"month"},"sort":{"by":"value","desc":true},"limit":5,
			"options":{"smooth":true,"max_points":500}}`, nil, "", ""},
		{"valid inline", `{"type":"pie","data":{"columns":[{"name":"c","type":"string"},{"name":"v","type":"int"}],"rows":[["a",1],["b",2]]},
			"encoding":{"category":"c","value":"v"}}`, nil, "", ""},
		{"not JSON", `{"type":`, ErrNotJSON, "", ""},
		{"garbage", `hello`, ErrNotJSON, "", ""},
		{"empty", ``, ErrNotJSON, "", ""},
		{"too deep", strings.Repeat("[", MaxSpecDepth+1) + strings.Repeat("]", MaxSpecDepth+1), ErrTooDeep, "", ""},
		{"deep brackets inside a string are fine", `{"type":"bar","title":"` + strings.Repeat("[", 100) + `","query_id":1,"encoding":{"x":"a","y":"b"}}`, nil, "", ""},
		{"too large", `{"title":"` + strings.Repeat("a", MaxSpecBytes) + `"}`, ErrTooLarge, "", ""},
		{"not an object", `[1,2]`, nil, "", "a chart spec must be a JSON object"},
		{"null", `null`, nil, "", "a chart spec must be a JSON object"},
		{"unknown top-level field", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"xaxis":{}}`, nil, "xaxis", `unknown field; did you mean "x_axis"?`},
		{"wrong case is unknown", `{"Type":"bar"}`, nil, "Type", `did you mean "type"?`},
		{"unknown nested field", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"options":{"donut":0.5,"dounut":1}}`, nil, "options.dounut", "unknown field"},
		{"unknown field in a field object", `{"type":"bar","query_id":1,"encoding":{"x":{"col":"a"},"y":"b"}}`, nil, "encoding.x", "unknown field"},
		{"unknown field in inline data", `{"type":"bar","data":{"columns":[],"rowz":[]},"encoding":{"x":"a","y":"b"}}`, nil, "data.rowz", "unknown field"},
		{"wrong type at top", `{"type":"bar","query_id":"7","encoding":{"x":"a","y":"b"}}`, nil, "query_id", "must be a whole number, not a string"},
		{"fraction for an integer", `{"type":"bar","query_id":1,"limit":2.5,"encoding":{"x":"a","y":"b"}}`, nil, "limit", "must be a whole number, not 2.5"},
		{"wrong type nested", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"options":{"donut":"big"}}`, nil, "options.donut", "must be a number, not a string"},
		{"wrong type in a list", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"colors":["#fff",3]}`, nil, "colors[1]", "must be a string, not a number"},
		{"object for a list", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"colors":{}}`, nil, "colors", "must be a list"},
		{"list for an object", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"legend":[]}`, nil, "legend", "must be an object"},
		{"number as a field", `{"type":"bar","query_id":1,"encoding":{"x":1,"y":"b"}}`, nil, "encoding.x", "a field must be a column name"},
		{"null field", `{"type":"bar","query_id":1,"encoding":{"x":null,"y":"b"}}`, nil, "encoding.x", "a field must be a column name"},
		{"wrong type in a data column", `{"type":"bar","data":{"columns":[{"name":"a","type":1}]},"encoding":{"x":"a","y":"a"}}`, nil, "data.columns[0].type", "must be a string"},
		{"duplicate key", `{"type":"bar","type":"pie","query_id":1,"encoding":{"x":"a","y":"b"}}`, nil, "type", "appears twice"},
		{"validation runs too", `{"type":"bar","query_id":1,"encoding":{"x":"a"}}`, nil, "encoding.y", "bar needs encoding.y"},
		{"null sections are absent", `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"sort":null,"data":null,"colors":null,"params":null}`, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs, err := Decode([]byte(tt.in))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || s == nil {
				t.Fatalf("err = %v, spec %v", err, s)
			}
			if tt.path == "" && tt.phrase == "" {
				if errs != nil {
					t.Fatalf("want no problems, got %v", errs)
				}
				return
			}
			if !hasProblem(errs, tt.path, tt.phrase) {
				t.Fatalf("want %s: %q, got %v", tt.path, tt.phrase, errs)
			}
		})
	}
}

func TestDecodeReportsEverythingOnce(t *testing.T) {
	_, errs, err := Decode([]byte(`{"type":5,"query_id":1,"encoding":{"x":"a","y":"b"},"colors":["#fff","nope"],"limit":-1,"zzz":1}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"type", "zzz", "colors[1]", "limit"}
	if len(errs) != len(want) {
		t.Fatalf("got %v", errs)
	}
	for i, p := range want {
		if errs[i].Path != p {
			t.Fatalf("problem %d at %s, want %s (%v)", i, errs[i].Path, p, errs)
		}
	}
}

func TestDecodeCapsProblems(t *testing.T) {
	in := `{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"colors":[` + strings.Repeat(`1,`, 500) + `1]}`
	_, errs, err := Decode([]byte(in))
	if err != nil || len(errs) > maxDecodeProblems+1 || len(errs) < maxDecodeProblems {
		t.Fatalf("%v, %d problems", err, len(errs))
	}
}
