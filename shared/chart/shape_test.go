package chart

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// clone deep-copies a result's rows so tests can prove Shape leaves its
// input alone.
func clone(r *api.Result) *api.Result {
	c := *r
	c.Columns = slices.Clone(r.Columns)
	c.Rows = make([][]any, len(r.Rows))
	for i, row := range r.Rows {
		c.Rows[i] = slices.Clone(row)
	}
	return &c
}

func column0(r *api.Result, name string) []any {
	j := slices.IndexFunc(r.Columns, func(c api.Column) bool { return c.Name == name })
	var out []any
	for _, row := range r.Rows {
		out = append(out, row[j])
	}
	return out
}

func TestShapeSortAndLimit(t *testing.T) {
	data := res(cols("region", api.TypeString, "q", api.TypeString, "sales", api.TypeFloat, "extra", api.TypeInt, "rank", api.TypeInt),
		[]any{"North", "Q1", 10.0, int64(1), int64(3)},
		[]any{"South", "Q1", 30.0, int64(1), int64(1)},
		[]any{"North", "Q2", 20.0, int64(1), int64(3)},
		[]any{"West", "Q1", nil, int64(1), nil},
		[]any{"South", "Q2", 5.0, int64(1), int64(1)},
		[]any{"East", "Q2", 25.0, int64(1), int64(2)},
	)
	barSpec := func(sort *Sort, limit int) Spec {
		return Spec{Type: Bar, Encoding: enc(Series, "q", Y, "sales", X, "region"), Sort: sort, Limit: limit}
	}
	tests := []struct {
		name    string
		spec    Spec
		column  string
		want    []any
		columns []string
	}{
		{"encoded columns in channel order", barSpec(nil, 0), "region", []any{"North", "South", "North", "West", "South", "East"}, []string{"region", "sales", "q"}},
		{"by category", barSpec(&Sort{By: "category"}, 0), "region", []any{"East", "North", "North", "South", "South", "West"}, nil},
		{"by category desc", barSpec(&Sort{By: "category", Desc: true}, 0), "region", []any{"West", "South", "South", "North", "North", "East"}, nil},
		{"by value desc, nulls last", barSpec(&Sort{By: "value", Desc: true}, 0), "sales", []any{30.0, 25.0, 20.0, 10.0, 5.0, nil}, nil},
		{"by value", barSpec(&Sort{By: "value"}, 0), "sales", []any{5.0, 10.0, 20.0, 25.0, 30.0, nil}, nil},
		{"by a column not drawn", barSpec(&Sort{By: "rank"}, 0), "region", []any{"South", "South", "East", "North", "North", "West"}, []string{"region", "sales", "q"}},
		{"limit keeps whole categories", barSpec(nil, 2), "region", []any{"North", "South", "North", "South"}, nil},
		{"top 2 by value", barSpec(&Sort{By: "value", Desc: true}, 2), "region", []any{"South", "East", "South"}, nil},
		{"limit on rows for a scatter", Spec{Type: Scatter, Encoding: enc(X, "extra", Y, "sales"), Limit: 4}, "sales", []any{10.0, 30.0, 20.0, nil}, []string{"extra", "sales"}},
		{"column used twice is kept once", Spec{Type: Bar, Encoding: enc(X, "region", Y, "sales", Label, "sales")}, "sales", []any{10.0, 30.0, 20.0, nil, 5.0, 25.0}, []string{"region", "sales"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := clone(data)
			out, err := Shape(&tt.spec, data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, data) {
				t.Fatal("Shape changed its input")
			}
			if got := column0(out, tt.column); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s = %v, want %v", tt.column, got, tt.want)
			}
			if tt.columns != nil {
				var names []string
				for _, c := range out.Columns {
					names = append(names, c.Name)
				}
				if !slices.Equal(names, tt.columns) {
					t.Errorf("columns %v, want %v", names, tt.columns)
				}
			}
			if out.RowCount != len(out.Rows) {
				t.Errorf("row_count %d for %d rows", out.RowCount, len(out.Rows))
			}
		})
	}
}

func TestShapeDownsamplesLines(t *testing.T) {
	numeric := func(n int) *api.Result {
		r := res(cols("x", api.TypeInt, "y", api.TypeFloat, "s", api.TypeString))
		for i := 0; i < n; i++ {
			r.Rows = append(r.Rows, []any{int64(i), math.Sin(float64(i) / 50), "a"})
		}
		return r
	}
	text := res(cols("x", api.TypeString, "y", api.TypeFloat))
	for i := 0; i < 5000; i++ {
		text.Rows = append(text.Rows, []any{fmt.Sprintf("item %d", i), float64(i % 13)})
	}
	shuffled := numeric(3000)
	slices.Reverse(shuffled.Rows)
	withGaps := numeric(3000)
	withGaps.Rows[0][1], withGaps.Rows[10][1] = nil, nil
	line := func(maxPoints int, e map[Channel]Field) *Spec {
		return &Spec{Type: Line, Encoding: e, Options: Options{MaxPoints: maxPoints}}
	}
	xy := enc(X, "x", Y, "y")
	tests := []struct {
		name      string
		spec      *Spec
		data      *api.Result
		maxPoints int
		wantRows  int
	}{
		{"short series untouched", line(0, xy), numeric(1500), 0, 1500},
		{"default budget", line(0, xy), numeric(5000), 0, DefaultMaxPoints},
		{"caller's budget", line(0, xy), numeric(5000), 300, 300},
		{"spec overrides the caller", line(100, xy), numeric(5000), 300, 100},
		{"per series", line(100, enc(X, "t", Y, "v", Series, "s")), bigLine(3000, 3), 0, 300},
		{"series under budget kept whole", line(1000, enc(X, "t", Y, "v", Series, "s")), bigLine(3000, 3), 0, 3000},
		{"time x as text", line(100, enc(X, "t", Y, "v", Series, "s")), bigLine(9000, 3), 0, 300},
		{"text x uses row order", line(50, xy), text, 0, 50},
		{"unsorted x", line(50, xy), shuffled, 0, 50},
		{"empty y dropped", line(50, xy), withGaps, 0, 50},
		{"area too", &Spec{Type: Area, Encoding: xy}, numeric(2500), 1000, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := clone(tt.data)
			out, err := Shape(tt.spec, tt.data, tt.maxPoints)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, tt.data) {
				t.Fatal("Shape changed its input")
			}
			if len(out.Rows) != tt.wantRows {
				t.Fatalf("%d rows, want %d", len(out.Rows), tt.wantRows)
			}
			// Kept rows are whole rows of the input, in input order.
			pos := 0
			for _, row := range out.Rows {
				for pos < len(tt.data.Rows) && !reflect.DeepEqual(project(tt.data, keepOf(tt.spec, tt.data), []int{pos}).Rows[0], row) {
					pos++
				}
				if pos == len(tt.data.Rows) {
					t.Fatalf("row %v is not an input row in order", row)
				}
				pos++
			}
		})
	}
}

func keepOf(s *Spec, r *api.Result) []int {
	k, _ := keptColumns(s, info(s.Type), r, columnPositions(r))
	return k
}

func TestShapeKeepsEnds(t *testing.T) {
	r := bigLine(10_000, 1)
	out, err := Shape(&Spec{Type: Line, Encoding: enc(X, "t", Y, "v")}, r, 100)
	if err != nil {
		t.Fatal(err)
	}
	if out.Rows[0][0] != r.Rows[0][0] || out.Rows[99][0] != r.Rows[9999][0] {
		t.Fatalf("ends not kept: %v … %v", out.Rows[0], out.Rows[99])
	}
}

func TestShapeBinsBigScatters(t *testing.T) {
	n := MaxScatterPoints + 10_000
	r := res(cols("count", api.TypeFloat, "w", api.TypeFloat, "g", api.TypeString, "size", api.TypeFloat))
	for i := 0; i < n; i++ {
		r.Rows = append(r.Rows, []any{math.Sin(float64(i)) * 10, math.Cos(float64(i)*0.7) * 5, []string{"a", "b"}[i%2], 1.0})
	}
	r.Rows[7][0] = nil // not counted
	s := &Spec{Type: Scatter, Encoding: enc(X, "count", Y, "w", Series, "g", Size, "size")}
	before := clone(r)
	out, err := Shape(s, r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, r) {
		t.Fatal("Shape changed its input")
	}
	var names []string
	for _, c := range out.Columns {
		names = append(names, c.Name+":"+string(c.Type))
	}
	if got := strings.Join(names, " "); got != "g:string count:float w:float count_2:int" {
		t.Fatalf("columns %s", got)
	}
	total := 0
	for _, row := range out.Rows {
		total += int(row[3].(int64))
	}
	if total != n-1 || len(out.Rows) > 2*223*223 || len(out.Rows) >= n {
		t.Fatalf("%d points in %d cells", total, len(out.Rows))
	}
	bs, ok := BinnedSpec(s, out)
	if !ok || bs.Encoding[Size].Column() != "count_2" || bs.Encoding[Series].Column() != "g" || len(bs.Encoding) != 4 {
		t.Fatalf("BinnedSpec = %v, %v", bs, ok)
	}
	if _, err := Bind(bs, out); err != nil {
		t.Fatal(err)
	}
	if s.Encoding[Size].Column() != "size" {
		t.Fatal("BinnedSpec changed the spec")
	}
	// A small scatter whose size column is called count is not binned.
	small, _ := Shape(&Spec{Type: Scatter, Encoding: enc(X, "w", Y, "size", Size, "count")}, res(r.Columns, r.Rows[:10]...), 0)
	if _, ok := BinnedSpec(s, small); ok {
		t.Fatal("an unbinned scatter taken for binned")
	}
}

func TestShapeSamplesBig3D(t *testing.T) {
	n := MaxScatterPoints*2 + 1
	r := res(cols("x", api.TypeFloat, "y", api.TypeFloat, "z", api.TypeFloat, "s", api.TypeFloat))
	for i := 0; i < n; i++ {
		r.Rows = append(r.Rows, []any{float64(i), 1.0, 2.0, 3.0})
	}
	out, err := Shape(&Spec{Type: Bubble3D, Encoding: enc(X, "x", Y, "y", Z, "z", Size, "s")}, r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Rows) != MaxScatterPoints || len(out.Columns) != 4 || out.Rows[0][0] != 0.0 || out.Rows[1][0] != 2.0 {
		t.Fatalf("%d rows, first %v %v", len(out.Rows), out.Rows[0], out.Rows[1])
	}
}

func TestShapeErrors(t *testing.T) {
	r := res(cols("a", api.TypeString, "b", api.TypeFloat), []any{"x", 1.0})
	tests := []struct {
		name   string
		spec   *Spec
		data   *api.Result
		phrase string
	}{
		{"no spec", nil, r, "no spec"},
		{"no data", &Spec{Type: Bar}, nil, "no data"},
		{"unknown type", &Spec{Type: "nope"}, r, "unknown chart type"},
		{"missing column", &Spec{Type: Bar, Encoding: enc(X, "a", Y, "c")}, r, `encoding.y: no column "c"`},
		{"missing sort column", &Spec{Type: Bar, Encoding: enc(X, "a", Y, "b"), Sort: &Sort{By: "zz"}}, r, `sort.by: no column "zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Shape(tt.spec, tt.data, 0); err == nil || !strings.Contains(err.Error(), tt.phrase) {
				t.Fatalf("err = %v, want %q", err, tt.phrase)
			}
		})
	}
}

func BenchmarkShapeLine1M(b *testing.B) {
	for _, series := range []int{1, 3} {
		r := bigLine(1_000_000, series)
		s := &Spec{Type: Line, Encoding: enc(X, "t", Y, "v", Series, "s")}
		b.Run(fmt.Sprintf("series=%d", series), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := Shape(s, r, 0)
				if err != nil || len(out.Rows) != series*DefaultMaxPoints {
					b.Fatalf("%v, %d rows", err, len(out.Rows))
				}
			}
		})
	}
}

func BenchmarkShapeScatter1M(b *testing.B) {
	r := res(cols("x", api.TypeFloat, "y", api.TypeFloat))
	r.Rows = make([][]any, 1_000_000)
	for i := range r.Rows {
		r.Rows[i] = []any{math.Sin(float64(i)) * 10, math.Cos(float64(i)*0.7) * 5}
	}
	s := &Spec{Type: Scatter, Encoding: enc(X, "x", Y, "y")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Shape(s, r, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNeverPanics runs the data functions on specs and results that
// Validate would reject: they must answer, not crash.
func TestNeverPanics(t *testing.T) {
	ragged := res(cols("x", api.TypeFloat, "y", api.TypeString, "z", api.TypeNull),
		[]any{1.0}, nil, []any{"a", []byte("b"), map[string]any{"k": 1}}, []any{[]any{1}, 2.0, true})
	var many [][]any
	for i := 0; i < 70; i++ {
		many = append(many, []any{float64(i), fmt.Sprint(i % 3), nil})
	}
	big := res(ragged.Columns, many...)
	for _, ti := range Catalogue() {
		for _, opts := range []Options{{}, {MaxPoints: -5}, {MaxPoints: 1}, {MaxPoints: 3}} {
			for _, e := range []map[Channel]Field{
				nil,
				enc(X, "x", Y, "y", Z, "z", Series, "y", Category, "y", Value, "x", ID, "x", Parent, "y", Path, []string{"y", "x"},
					Open, "x", High, "x", Low, "y", Close, "x", Start, "y", End, "y", Lat, "x", Lon, "x", Source, "x", Target, "y", Size, "x"),
				enc(Y, "y", Size, "z"),
			} {
				for _, data := range []*api.Result{ragged, big, res(nil)} {
					s := &Spec{Type: ti.Type, Encoding: e, Options: opts, Limit: 2, Sort: &Sort{By: "value", Desc: true}}
					ValidateData(s, data)
					_, _ = Shape(s, data, -1)
					s.Sort = &Sort{By: "category"}
					_, _ = Shape(s, data, 2)
				}
			}
		}
	}
}

// TestShapeTwice checks that shaping shaped data keeps it, as renderers
// shape what the server already shaped.
func TestShapeTwice(t *testing.T) {
	n := MaxScatterPoints + 1
	r := res(cols("x", api.TypeFloat, "y", api.TypeFloat, "g", api.TypeString, "lbl", api.TypeString))
	for i := 0; i < n; i++ {
		r.Rows = append(r.Rows, []any{math.Sin(float64(i)) * 10, math.Cos(float64(i)*0.7) * 5, []string{"a", "b"}[i%2], "p"})
	}
	for _, s := range []*Spec{
		{Type: Scatter, Encoding: enc(X, "x", Y, "y", Label, "lbl")},
		{Type: Scatter, Encoding: enc(X, "x", Y, "y", Series, "g", Label, "lbl")},
		{Type: Line, Encoding: enc(X, "x", Y, "y", Series, "g")},
	} {
		once, err := Shape(s, r, 500)
		if err != nil {
			t.Fatal(err)
		}
		twice, err := Shape(s, once, 500)
		if err != nil {
			t.Fatalf("%s: %v", s.Type, err)
		}
		if !reflect.DeepEqual(once, twice) {
			t.Fatalf("%s: shaping twice changed %d rows into %d", s.Type, len(once.Rows), len(twice.Rows))
		}
	}
}
