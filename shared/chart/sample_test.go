package chart

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestSamples(t *testing.T) {
	for _, ti := range Catalogue() {
		t.Run(string(ti.Type), func(t *testing.T) {
			s, res := Sample(ti.Type)
			if s.Type != ti.Type || res == nil || s.Data != res || len(res.Rows) == 0 || res.RowCount != len(res.Rows) {
				t.Fatalf("sample %+v", s)
			}
			if errs := Validate(&s); errs != nil {
				t.Fatalf("Validate: %v", errs)
			}
			if errs := ValidateData(&s, res); errs != nil {
				t.Fatalf("ValidateData: %v", errs)
			}
			s2, _ := Sample(ti.Type)
			if !reflect.DeepEqual(s, s2) {
				t.Fatal("samples are not deterministic")
			}
			if s2.Data.Rows[0][0] = "changed"; reflect.DeepEqual(s, s2) {
				t.Fatal("samples share data")
			}
			// The sample survives the API: encode, then strict decode.
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if _, errs, err := Decode(b); err != nil || errs != nil {
				t.Fatalf("Decode(sample): %v %v\n%s", err, errs, b)
			}
			shaped, err := Shape(&s, res, 0)
			if err != nil || len(shaped.Rows) != len(res.Rows) {
				t.Fatalf("Shape(sample): %v, %d rows", err, len(shaped.Rows))
			}
		})
	}
	if s, res := Sample("nope"); res != nil || s.Type != "" {
		t.Fatal("sample for an unknown type")
	}
}
