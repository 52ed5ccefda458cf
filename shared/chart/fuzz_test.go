package chart

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the spec decoder. It must never
// panic, must give the same answer twice, and a spec it accepts must
// survive encoding and decoding again (what the server does when it
// stores a chart and reads it back). Accepted specs with inline data are
// shaped too, since the data endpoint does that next.
func FuzzDecode(f *testing.F) {
	for _, ti := range Catalogue() {
		s, _ := Sample(ti.Type)
		b, _ := json.Marshal(s)
		f.Add(b)
		s.Data, s.QueryID, s.Params = nil, 42, map[string]any{"region": "North", "year": 2024}
		b, _ = json.Marshal(s)
		f.Add(b)
	}
	for _, seed := range []string{
		``, `null`, `[]`, `{}`, `"bar"`, `{"type":"bar"}`,
		`{"type":"bar","query_id":1,"encoding":{"x":"a","y":["b","c"]},"stack":"percent","sort":{"by":"value","desc":true},"limit":3}`,
		`{"type":"tree","query_id":1,"encoding":{"id":"i","parent":"p","path":["a"]}}`,
		`{"type":"geo","query_id":1,"encoding":{"lat":"a"},"options":{"map":"mars","donut":2}}`,
		`{"type":"line","data":{"columns":[{"name":"x","type":"int"},{"name":"y","type":"float"}],"rows":[[1,2],[2,null],[3,"4"]]},"encoding":{"x":"x","y":"y"},"options":{"max_points":10}}`,
		`{"type":"scatter","data":{"columns":[{"name":"x","type":"float"},{"name":"y","type":"float"}],"rows":[[1,2],[1e308,-1e308]]},"encoding":{"x":"x","y":"y"},"options":{"max_points":10}}`,
		`{"type":"surface3d","data":{"columns":[{"name":"x","type":"int"},{"name":"y","type":"int"},{"name":"z","type":"int"}],"rows":[[0,0,1],[0,1,1],[1,0,1]]},"encoding":{"x":"x","y":"y","z":"z"}}`,
		`{"type":"pie","query_id":1,"encoding":{"category":{"column":"a","columns":["a"]},"value":{"columns":[]}}}`,
		`{"type":"bar","query_id":1,"encoding":{"x":"a","y":"b"},"colors":["#fff","#12345g"],"x_axis":{"min":2,"max":1,"scale":"log"}}`,
		`{"type":"bar","type":"pie","title":"\u0000\ud800","query_id":-1,"encoding":{"":""}}`,
		`{"type":"bar","query_id":1e400}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s1, errs1, err1 := Decode(b)
		s2, errs2, err2 := Decode(b)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) ||
			!reflect.DeepEqual(s1, s2) || !reflect.DeepEqual(errs1, errs2) {
			t.Fatalf("Decode is not deterministic:\n%v %v %v\n%v %v %v", s1, errs1, err1, s2, errs2, err2)
		}
		if err1 != nil {
			if s1 != nil || errs1 != nil {
				t.Fatalf("an error with a spec or problems")
			}
			return
		}
		if s1 == nil {
			t.Fatal("nil spec without an error")
		}
		if s1.Data != nil {
			ValidateData(s1, s1.Data)
			_, _ = Shape(s1, s1.Data, 50)
		}
		if errs1 != nil {
			return
		}
		out, err := json.Marshal(s1)
		if err != nil {
			t.Fatalf("valid spec does not encode: %v", err)
		}
		s3, errs3, err3 := Decode(out)
		if err3 != nil || errs3 != nil {
			t.Fatalf("valid spec does not round-trip: %v %v\nin:  %s\nout: %s", err3, errs3, b, out)
		}
		if s3.Type != s1.Type || len(s3.Encoding) != len(s1.Encoding) {
			t.Fatalf("round trip changed the spec:\n%s", out)
		}
		if s1.Data != nil {
			if _, err := Shape(s1, s1.Data, 50); err != nil {
				t.Fatalf("valid spec does not shape: %v", err)
			}
		}
	})
}
