package chart

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

func res(cols []api.Column, rows ...[]any) *api.Result { return &api.Result{Columns: cols, Rows: rows} }

func enc(pairs ...any) map[Channel]Field {
	m := map[Channel]Field{}
	for i := 0; i+1 < len(pairs); i += 2 {
		switch c := pairs[i+1].(type) {
		case string:
			m[pairs[i].(Channel)] = Field{Columns: []string{c}}
		case []string:
			m[pairs[i].(Channel)] = Field{Columns: c}
		}
	}
	return m
}

func TestValidateData(t *testing.T) {
	sales := cols("month", api.TypeString, "sales", api.TypeFloat, "units", api.TypeInt, "note", api.TypeString,
		"flag", api.TypeBool, "raw", api.TypeBytes, "amount", api.TypeString, "day", api.TypeTime)
	salesRows := [][]any{
		{"Jan", 1.5, int64(3), "ok", true, []byte{1}, "12.5", "2024-01-01T00:00:00Z"},
		{"Feb", 2.5, int64(4), "fine", false, []byte{2}, nil, "2024-02-01T00:00:00Z"},
	}
	many := func(n int) *api.Result {
		r := res(cols("c", api.TypeString, "v", api.TypeInt))
		for i := 0; i < n; i++ {
			r.Rows = append(r.Rows, []any{fmt.Sprintf("c%d", i), int64(i)})
		}
		return r
	}
	grid := func(cells [][2]int) *api.Result {
		r := res(cols("x", api.TypeInt, "y", api.TypeInt, "z", api.TypeFloat))
		for _, c := range cells {
			r.Rows = append(r.Rows, []any{int64(c[0]), int64(c[1]), 1.0})
		}
		return r
	}
	org := cols("id", api.TypeString, "parent", api.TypeString)
	tests := []struct {
		name   string
		spec   Spec
		data   *api.Result
		path   string // "" = fits
		phrase string
	}{
		{"fits", Spec{Type: Bar, Encoding: enc(X, "month", Y, []string{"sales", "units", "amount"}, Series, "note", Label, "raw")},
			res(sales, salesRows...), "", ""},
		{"missing column", Spec{Type: Bar, Encoding: enc(X, "mois", Y, "sales")}, res(sales, salesRows...),
			"encoding.x", `no column "mois" in the data; the columns are "month", "sales", "units", "note", "flag", "raw", "amount", "day"`},
		{"missing one of several", Spec{Type: Bar, Encoding: enc(X, "month", Y, []string{"sales", "profit"})}, res(sales, salesRows...),
			"encoding.y[1]", `no column "profit"`},
		{"text as measure", Spec{Type: Bar, Encoding: enc(X, "month", Y, "note")}, res(sales, salesRows...),
			"encoding.y", `column "note" holds text ("ok" in row 1), so it cannot be a measure`},
		{"bool as measure", Spec{Type: Pie, Encoding: enc(Category, "month", Value, "flag")}, res(sales, salesRows...),
			"encoding.value", `column "flag" holds true/false values, not numbers`},
		{"time as measure", Spec{Type: Pie, Encoding: enc(Category, "month", Value, "day")}, res(sales, salesRows...),
			"encoding.value", "holds times, not numbers"},
		{"bytes as dimension", Spec{Type: Bar, Encoding: enc(X, "raw", Y, "sales")}, res(sales, salesRows...),
			"encoding.x", "binary data"},
		{"unknown sort column", Spec{Type: Bar, Encoding: enc(X, "month", Y, "sales"), Sort: &Sort{By: "profit"}}, res(sales, salesRows...),
			"sort.by", `no column "profit"`},
		{"sort by a column", Spec{Type: Bar, Encoding: enc(X, "month", Y, "sales"), Sort: &Sort{By: "units"}}, res(sales, salesRows...), "", ""},
		{"gantt with date text", Spec{Type: Gantt, Encoding: enc(Category, "t", Start, "s", End, "e")},
			res(cols("t", api.TypeString, "s", api.TypeString, "e", api.TypeString), []any{"a", "2024-01-01", "2024-01-05"}, []any{"b", nil, "2024-02"}), "", ""},
		{"gantt with bad date text", Spec{Type: Gantt, Encoding: enc(Category, "t", Start, "s", End, "e")},
			res(cols("t", api.TypeString, "s", api.TypeString, "e", api.TypeString), []any{"a", "2024-01-01", "soon"}),
			"encoding.end", `column "e" holds "soon" in row 1, which is not a date`},
		{"gantt with numbers", Spec{Type: Gantt, Encoding: enc(Category, "t", Start, "s", End, "e")},
			res(cols("t", api.TypeString, "s", api.TypeInt, "e", api.TypeInt), []any{"a", int64(1), int64(2)}),
			"encoding.start", `column "s" holds numbers, not times`},
		{"gantt ending before it starts", Spec{Type: Gantt, Encoding: enc(Category, "t", Start, "s", End, "e")},
			res(cols("t", api.TypeString, "s", api.TypeTime, "e", api.TypeTime), []any{"a", "2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"},
				[]any{"b", "2024-01-05T00:00:00Z", "2024-01-04T00:00:00Z"}),
			"encoding.end", "row 2 ends (2024-01-04T00:00:00Z) before it starts"},
		{"pie with 50 categories", Spec{Type: Pie, Encoding: enc(Category, "c", Value, "v")}, many(50), "", ""},
		{"pie with 51 categories", Spec{Type: Pie, Encoding: enc(Category, "c", Value, "v")}, many(51),
			"encoding.category", "pie has more than 50 categories, too many to read; set limit"},
		{"pie with a limit", Spec{Type: Pie, Encoding: enc(Category, "c", Value, "v"), Limit: 10}, many(500), "", ""},
		{"funnel with too many stages", Spec{Type: Funnel, Encoding: enc(Category, "c", Value, "v"), Limit: 60}, many(70),
			"encoding.category", "funnel has more than 50"},
		{"heatmap too big", Spec{Type: Heatmap, Encoding: enc(X, "c", Y, "v", Value, "v")}, many(600),
			"encoding.x", "more than 250000 cells"},
		{"surface 2x2", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")}, grid([][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}}), "", ""},
		{"surface with a duplicate", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")}, grid([][2]int{{0, 0}, {0, 1}, {1, 0}, {0, 1}}),
			"encoding.x", "the (x, y) grid must be rectangular: x=0, y=1 appears twice (rows 2 and 4)"},
		{"surface with a hole", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")}, grid([][2]int{{0, 0}, {0, 1}, {1, 0}, {2, 0}, {2, 1}}),
			"encoding.x", "x=1 has no row for y=1 (3 × 2 grid, 5 of 6 cells present)"},
		{"surface in one line", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")}, grid([][2]int{{0, 0}, {1, 0}, {2, 0}}),
			"encoding.x", "at least 2 distinct x and 2 distinct y values; the data has 3 and 1"},
		{"surface far too sparse", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")},
			func() *api.Result {
				var c [][2]int
				for i := 0; i < 2000; i++ {
					c = append(c, [2]int{i, i})
				}
				return grid(c)
			}(), "encoding.x", "2000 x values × 2000 y values make 4000000 cells, but there are 2000 rows"},
		{"surface with a null", Spec{Type: Surface3D, Encoding: enc(X, "x", Y, "y", Z, "z")},
			res(cols("x", api.TypeInt, "y", api.TypeInt, "z", api.TypeFloat), []any{int64(1), nil, 2.0}), "encoding.x", "row 1 has no x or no y"},
		{"candle high below low", Spec{Type: Candlestick, Encoding: enc(X, "d", Open, "o", High, "h", Low, "l", Close, "c")},
			res(cols("d", api.TypeString, "o", api.TypeFloat, "h", api.TypeFloat, "l", api.TypeFloat, "c", api.TypeFloat),
				[]any{"a", 1.0, 2.0, 0.5, 1.5}, []any{"b", 1.0, 0.8, 0.9, 1.0}),
			"encoding.high", "row 2 has high 0.8 below low 0.9"},
		{"tree with one root", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"a", nil}, []any{"b", "a"}, []any{"c", "b"}, []any{"", "zzz"}), "", ""},
		{"tree with two roots", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"a", nil}, []any{"b", ""}, []any{"c", "b"}),
			"encoding.parent", "rows 1 and 2 are both roots"},
		{"tree with a cycle", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"r", nil}, []any{"a", "c"}, []any{"b", "a"}, []any{"c", "b"}),
			"encoding.parent", "the id/parent links form a cycle through id"},
		{"tree own parent", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"r", nil}, []any{"a", "a"}), "encoding.parent", `cycle through id "a" (row 2)`},
		{"tree with an unknown parent", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"r", nil}, []any{"a", "x"}), "encoding.parent", `row 2 has parent "x", which is no row's id`},
		{"tree with a duplicate id", Spec{Type: Sunburst, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"r", nil}, []any{"r", nil}), "encoding.id", `id "r" appears twice (rows 1 and 2)`},
		{"treemap forest", Spec{Type: Treemap, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"a", nil}, []any{"b", nil}, []any{"c", "gone"}), "", ""},
		{"treemap cycle", Spec{Type: Treemap, Encoding: enc(ID, "id", Parent, "parent")},
			res(org, []any{"a", "b"}, []any{"b", "a"}), "encoding.parent", "cycle"},
		{"numeric ids", Spec{Type: Tree, Encoding: enc(ID, "id", Parent, "parent")},
			res(cols("id", api.TypeInt, "parent", api.TypeInt), []any{int64(1), nil}, []any{int64(2), int64(1)}), "", ""},
		{"gauge without rows", Spec{Type: Gauge, Encoding: enc(Value, "v")}, res(cols("v", api.TypeFloat)),
			"encoding.value", "gauge shows the first row, but the result has no rows"},
		{"progress with an empty value", Spec{Type: Progress, Encoding: enc(Value, "v")}, res(cols("v", api.TypeFloat), []any{nil}),
			"encoding.value", "whose v is empty"},
		{"geo latitude out of range", Spec{Type: Geo, Encoding: enc(Lat, "lat", Lon, "lon")},
			res(cols("lat", api.TypeFloat, "lon", api.TypeFloat), []any{48.8, 2.3}, []any{120.0, 40.0}), "encoding.lat", "row 2 has latitude 120"},
		{"geo longitude out of range", Spec{Type: Geo, Encoding: enc(Lat, "lat", Lon, "lon")},
			res(cols("lat", api.TypeFloat, "lon", api.TypeFloat), []any{48.8, 200.0}), "encoding.lon", "row 1 has longitude 200"},
		{"no data", Spec{Type: Bar, Encoding: enc(X, "a", Y, "b")}, nil, "data", "no data"},
		{"unknown type", Spec{Type: "nope"}, res(sales), "type", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := ValidateData(&tt.spec, tt.data)
			if tt.path == "" {
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

func TestValidateAlternativesPartial(t *testing.T) {
	tests := []struct {
		spec         Spec
		path, phrase string
	}{
		{Spec{Type: Tree, QueryID: 1, Encoding: enc(Parent, "p")}, "encoding.id", "tree with encoding.parent needs encoding.id"},
		{Spec{Type: Geo, QueryID: 1, Encoding: enc(Lon, "lon")}, "encoding.lat", "geo with encoding.lon needs encoding.lat"},
		{Spec{Type: Geo, QueryID: 1, Encoding: enc(Size, "s")}, "encoding.region", "geo needs either encoding.region and encoding.value or encoding.lat and encoding.lon"},
		{Spec{Type: Sunburst, QueryID: 1, Encoding: enc(Value, "v")}, "encoding.path", "sunburst needs either encoding.path (the hierarchy levels, outermost first) or encoding.id and encoding.parent"},
	}
	for _, tt := range tests {
		if errs := Validate(&tt.spec); !hasProblem(errs, tt.path, tt.phrase) {
			t.Errorf("%v: want %s %q, got %v", tt.spec.Encoding, tt.path, tt.phrase, errs)
		}
	}
}

// bigLine is an n-row line result split into series: time as RFC 3339
// text one second apart (as drivers return it), a float measure with a
// wave in it and a text column of numbers.
func bigLine(n, series int) *api.Result {
	r := res(cols("t", api.TypeTime, "s", api.TypeString, "v", api.TypeFloat, "dec", api.TypeString))
	r.Rows = make([][]any, n)
	names := []string{"alpha", "beta", "gamma", "delta"}
	cells := make([]any, 4*n)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range r.Rows {
		row := cells[4*i : 4*i+4 : 4*i+4]
		row[0] = t0.Add(time.Duration(i/series) * time.Second).Format(time.RFC3339)
		row[1], row[2], row[3] = names[i%series], math.Sin(float64(i)/5000)*100+float64(i%97), "12.5"
		r.Rows[i] = row
	}
	return r
}

func BenchmarkValidateData1M(b *testing.B) {
	r := bigLine(1_000_000, 3)
	s := &Spec{Type: Line, Encoding: enc(X, "t", Y, []string{"v", "dec"}, Series, "s")}
	for b.Loop() {
		if errs := ValidateData(s, r); errs != nil {
			b.Fatal(errs)
		}
	}
}
