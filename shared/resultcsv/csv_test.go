package resultcsv

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestEncode(t *testing.T) {
	res := &api.Result{
		Columns: []api.Column{{Name: "name", Type: api.TypeString}, {Name: "n", Type: api.TypeInt}, {Name: "x", Type: api.TypeFloat}},
		Rows: [][]any{
			{"plain", int64(1), 1.5},
			{"a,b", int64(-2), -0.25},
			{`say "hi"`, nil, 1e21},
			{"line\nbreak", int64(3), 2.0},
			{"=SUM(A1:A2)", int64(4), nil},
			{"+1", int64(5), nil},
			{"-1", int64(6), nil},
			{"@cmd", int64(7), nil},
			{nil, int64(8), nil},
			{true, int64(9), nil},
		},
	}
	got := string(Encode(res))
	want := "name,n,x\r\n" +
		"plain,1,1.5\r\n" +
		"\"a,b\",-2,-0.25\r\n" +
		"\"say \"\"hi\"\"\",,1000000000000000000000\r\n" +
		"\"line\nbreak\",3,2\r\n" +
		"'=SUM(A1:A2),4,\r\n" +
		"'+1,5,\r\n" +
		"'-1,6,\r\n" +
		"'@cmd,7,\r\n" +
		",8,\r\n" +
		"true,9,\r\n"
	if got != want {
		t.Fatalf("Encode =\n%q\nwant\n%q", got, want)
	}
	// A standard reader reads it back, record for record.
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(res.Rows)+1 || recs[3][0] != `say "hi"` || recs[4][0] != "line\nbreak" {
		t.Fatalf("read back %q", recs)
	}
}

func TestFileName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Revenue by region", "Revenue-by-region.csv"},
		{"  ", "query.csv"},
		{"../../etc/passwd", "etc-passwd.csv"},
		{"Umsätze 2025/Q1", "Ums-tze-2025-Q1.csv"},
		{strings.Repeat("a", 100), strings.Repeat("a", 80) + ".csv"},
	} {
		if got := FileName(tt.in); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
