package chart

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestDataResponseJSON: EncodeJSON writes what encoding/json writes.
func TestDataResponseJSON(t *testing.T) {
	for _, typ := range []Type{Bar, Line, Scatter} {
		sp, res := Sample(typ)
		res.Rows = append(res.Rows, []any{"<&>", nil, 1.5, int64(2), true})
		for _, d := range []*DataResponse{
			{Spec: &sp, Data: res},
			{Spec: &sp, Data: res, Problems: []api.FieldError{{Path: "spec.x", Message: "a <b> & c"}}},
			{Spec: &sp},
		} {
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.EncodeJSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || cap(got) != len(want) {
				t.Errorf("%s: cap %d\n got %s\nwant %s", typ, cap(got), got, want)
			}
		}
	}
}
