package tablecsv

import (
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestWrite(t *testing.T) {
	cases := []struct {
		name string
		in   api.Result
		want string
	}{
		{"typed values", api.Result{
			Columns: []api.Column{{Name: "region"}, {Name: "revenue"}, {Name: "ok"}, {Name: "note"}},
			Rows:    [][]any{{"North", 1234.5, true, nil}, {"South", -7.0, false, "a, \"quoted\" note"}},
		}, "region,revenue,ok,note\r\nNorth,1234.5,true,\r\nSouth,-7,false,\"a, \"\"quoted\"\" note\"\r\n"},
		{"formulas written as text", api.Result{
			Columns: []api.Column{{Name: "=cmd"}},
			Rows:    [][]any{{"=HYPERLINK(\"http://x\")"}, {"+1"}, {"-2+3"}, {"@SUM(A1)"}, {"\tx"}, {"\rx"}, {"plain"}}, // encoding/csv with CRLF drops a lone CR
		}, "'=cmd\r\n\"'=HYPERLINK(\"\"http://x\"\")\"\r\n'+1\r\n'-2+3\r\n'@SUM(A1)\r\n'\tx\r\n\"'x\"\r\nplain\r\n"},
		{"big numbers in full", api.Result{
			Columns: []api.Column{{Name: "n"}},
			Rows:    [][]any{{1e21}, {int64(9007199254740993)}, {0.1}},
		}, "n\r\n1000000000000000000000\r\n9007199254740993\r\n0.1\r\n"},
		{"short rows padded", api.Result{
			Columns: []api.Column{{Name: "a"}, {Name: "b"}},
			Rows:    [][]any{{"x"}},
		}, "a,b\r\nx,\r\n"},
		{"no rows", api.Result{Columns: []api.Column{{Name: "a"}}}, "a\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := Write(&b, &c.in); err != nil {
				t.Fatal(err)
			}
			if b.String() != c.want {
				t.Errorf("got  %q\nwant %q", b.String(), c.want)
			}
		})
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
