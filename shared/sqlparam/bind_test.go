package sqlparam

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

var testDefs = []api.ParamDef{
	{Name: "region", Type: api.ParamString},
	{Name: "min", Type: api.ParamNumber},
	{Name: "from", Type: api.ParamDate},
	{Name: "regions", Type: api.ParamList},
	{Name: "ids", Type: api.ParamList, ItemType: api.ParamNumber},
	{Name: "days", Type: api.ParamList, ItemType: api.ParamDate},
	{Name: "limit", Type: api.ParamNumber, Default: 100.0},
	{Name: "cats", Type: api.ParamList, Default: []any{"a", "b"}},
	{Name: "must", Type: api.ParamString, Required: true},
	{Name: "must_default", Type: api.ParamString, Required: true, Default: "x"},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestBind(t *testing.T) {
	tests := []struct {
		name   string
		d      api.Dialect
		src    string
		values map[string]any
		stmt   string
		args   []any
	}{
		{"postgres scalars", api.Postgres, "SELECT * FROM t WHERE region = :region AND amount > :min",
			map[string]any{"region": "EU", "min": 10.0},
			"SELECT * FROM t WHERE region = $1 AND amount > $2", []any{"EU", int64(10)}},
		{"mysql scalars", api.MySQL, "SELECT * FROM t WHERE region = :region AND amount > :min",
			map[string]any{"region": "EU", "min": 10.5},
			"SELECT * FROM t WHERE region = ? AND amount > ?", []any{"EU", 10.5}},
		{"sqlite scalars", api.SQLite, "SELECT :region", map[string]any{"region": "EU"}, "SELECT ?", []any{"EU"}},
		{"postgres reuses a repeated name", api.Postgres, "SELECT :min + :min, :region",
			map[string]any{"min": 1.0, "region": "x"}, "SELECT $1 + $1, $2", []any{int64(1), "x"}},
		{"mysql repeats a repeated name", api.MySQL, "SELECT :min + :min",
			map[string]any{"min": 1.0}, "SELECT ? + ?", []any{int64(1), int64(1)}},
		{"postgres list", api.Postgres, "SELECT * FROM t WHERE r IN (:regions) AND x > :min",
			map[string]any{"regions": []any{"EU", "US", "APAC"}, "min": 0.0},
			"SELECT * FROM t WHERE r IN ($1, $2, $3) AND x > $4", []any{"EU", "US", "APAC", int64(0)}},
		{"mysql list", api.MySQL, "SELECT * FROM t WHERE r IN (:regions)",
			map[string]any{"regions": []any{"EU", "US"}}, "SELECT * FROM t WHERE r IN (?, ?)", []any{"EU", "US"}},
		{"list after a comma", api.SQLite, "SELECT 1 WHERE x IN ('a', :regions)",
			map[string]any{"regions": []any{"b"}}, "SELECT 1 WHERE x IN ('a', ?)", []any{"b"}},
		{"postgres repeated list", api.Postgres, "SELECT 1 WHERE a IN (:regions) OR b IN (:regions)",
			map[string]any{"regions": []any{"x", "y"}}, "SELECT 1 WHERE a IN ($1, $2) OR b IN ($1, $2)", []any{"x", "y"}},
		{"number list", api.Postgres, "SELECT 1 WHERE id IN (:ids)",
			map[string]any{"ids": []any{1.0, 2.5, "3", json.Number("4")}},
			"SELECT 1 WHERE id IN ($1, $2, $3, $4)", []any{int64(1), 2.5, int64(3), int64(4)}},
		{"date list", api.MySQL, "SELECT 1 WHERE d IN (:days)",
			map[string]any{"days": []any{"2024-01-31", "2024-02-01"}},
			"SELECT 1 WHERE d IN (?, ?)", []any{date(2024, 1, 31), date(2024, 2, 1)}},
		{"date only", api.Postgres, "SELECT :from", map[string]any{"from": "2024-01-31"}, "SELECT $1", []any{date(2024, 1, 31)}},
		{"rfc 3339", api.Postgres, "SELECT :from", map[string]any{"from": "2024-01-31T12:30:00Z"},
			"SELECT $1", []any{time.Date(2024, 1, 31, 12, 30, 0, 0, time.UTC)}},
		{"number from json.Number", api.Postgres, "SELECT :min", map[string]any{"min": json.Number("42")}, "SELECT $1", []any{int64(42)}},
		{"fraction from json.Number", api.Postgres, "SELECT :min", map[string]any{"min": json.Number("1.5")}, "SELECT $1", []any{1.5}},
		{"number from text", api.Postgres, "SELECT :min", map[string]any{"min": " -7 "}, "SELECT $1", []any{int64(-7)}},
		{"exponent from text", api.Postgres, "SELECT :min", map[string]any{"min": "2.5e3"}, "SELECT $1", []any{int64(2500)}},
		{"huge float stays float", api.Postgres, "SELECT :min", map[string]any{"min": 1e20}, "SELECT $1", []any{1e20}},
		{"text from a number", api.Postgres, "SELECT :region", map[string]any{"region": json.Number("007")}, "SELECT $1", []any{"007"}},
		{"default used when missing", api.Postgres, "SELECT :limit", nil, "SELECT $1", []any{int64(100)}},
		{"default used when null", api.Postgres, "SELECT :limit", map[string]any{"limit": nil}, "SELECT $1", []any{int64(100)}},
		{"list default", api.MySQL, "SELECT 1 WHERE c IN (:cats)", nil, "SELECT 1 WHERE c IN (?, ?)", []any{"a", "b"}},
		{"required with default", api.MySQL, "SELECT :must_default", nil, "SELECT ?", []any{"x"}},
		{"optional missing is NULL", api.Postgres, "SELECT :region", nil, "SELECT $1", []any{nil}},
		{"optional missing list is one NULL", api.Postgres, "SELECT 1 WHERE r IN (:regions)", nil, "SELECT 1 WHERE r IN ($1)", []any{nil}},
		{"unused values are fine", api.Postgres, "SELECT 1", map[string]any{"region": "EU"}, "SELECT 1", nil},
		{"casts are not parameters", api.Postgres, "SELECT :from::date, a::int FROM t",
			map[string]any{"from": "2024-01-31"}, "SELECT $1::date, a::int FROM t", []any{date(2024, 1, 31)}},
		{"strings and comments are not parameters", api.Postgres, "SELECT ':region', \"a:b\", $$:min$$ -- :from\n, :region /* :x */",
			map[string]any{"region": "r"}, "SELECT ':region', \"a:b\", $$:min$$ -- :from\n, $1 /* :x */", []any{"r"}},
		{"mysql assignment is not a parameter", api.MySQL, "SELECT @a := :min", map[string]any{"min": 1.0}, "SELECT @a := ?", []any{int64(1)}},
		{"postgres placeholder kept apart from a word", api.Postgres, "SELECT:region", map[string]any{"region": "r"}, "SELECT $1", []any{"r"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmt, args, err := Bind(tt.src, tt.d, testDefs, tt.values)
			if err != nil {
				t.Fatalf("Bind: %v", err)
			}
			if stmt != tt.stmt {
				t.Errorf("stmt = %q, want %q", stmt, tt.stmt)
			}
			if !reflect.DeepEqual(args, tt.args) {
				t.Errorf("args = %#v, want %#v", args, tt.args)
			}
		})
	}
}

func TestBindErrors(t *testing.T) {
	tests := []struct {
		name   string
		d      api.Dialect
		src    string
		defs   []api.ParamDef
		values map[string]any
		param  string
		msg    string
	}{
		{"undeclared use", api.Postgres, "SELECT\n  :nope", testDefs, nil, "nope", "parameter :nope is used at line 2, column 3 but not declared"},
		{"undeclared value", api.Postgres, "SELECT 1", testDefs, map[string]any{"zzz": 1.0, "aaa": 2.0}, "aaa", "parameter aaa is not declared"},
		{"required missing", api.MySQL, "SELECT :must", testDefs, nil, "must", "parameter must is required"},
		{"required null", api.MySQL, "SELECT :must", testDefs, map[string]any{"must": nil}, "must", "is required"},
		{"empty list", api.Postgres, "SELECT 1 WHERE r IN (:regions)", testDefs, map[string]any{"regions": []any{}}, "regions", "must not be an empty list"},
		{"list not a list", api.Postgres, "SELECT 1", testDefs, map[string]any{"regions": "EU"}, "regions", `must be a list, not text "EU"`},
		{"list null item", api.Postgres, "SELECT 1", testDefs, map[string]any{"regions": []any{"a", nil}}, "regions", "item 2 is null"},
		{"list bad item", api.Postgres, "SELECT 1", testDefs, map[string]any{"ids": []any{1.0, "x"}}, "ids", `item 2 must be a number, not "x"`},
		{"list too long", api.Postgres, "SELECT 1", testDefs, map[string]any{"regions": make([]any, MaxListItems+1)}, "regions", "at most 1000"},
		{"list outside parentheses", api.Postgres, "SELECT 1 WHERE r = ANY :regions", testDefs, map[string]any{"regions": []any{"a"}}, "regions", "must be used inside parentheses, as in IN (:regions)"},
		{"number from words", api.Postgres, "SELECT :min", testDefs, map[string]any{"min": "ten"}, "min", `parameter min must be a number, not "ten"`},
		{"number from NaN", api.Postgres, "SELECT :min", testDefs, map[string]any{"min": "NaN"}, "min", "must be a number"},
		{"number from hex", api.Postgres, "SELECT :min", testDefs, map[string]any{"min": "0x10"}, "min", "must be a number"},
		{"number from bool", api.Postgres, "SELECT :min", testDefs, map[string]any{"min": true}, "min", "must be a number, not a boolean"},
		{"number out of range", api.Postgres, "SELECT :min", testDefs, map[string]any{"min": "1e999"}, "min", "in range"},
		{"text from bool", api.Postgres, "SELECT :region", testDefs, map[string]any{"region": false}, "region", "must be text, not a boolean"},
		{"text from object", api.Postgres, "SELECT :region", testDefs, map[string]any{"region": map[string]any{}}, "region", "not an object"},
		{"bad date", api.Postgres, "SELECT :from", testDefs, map[string]any{"from": "31/01/2024"}, "from", "must be a date like 2024-01-31"},
		{"date from number", api.Postgres, "SELECT :from", testDefs, map[string]any{"from": 20240131.0}, "from", "must be a date"},
		{"positional placeholder", api.Postgres, "SELECT $1", testDefs, nil, "", "positional placeholder $1 at line 1, column 8 is not supported"},
		{"question mark placeholder", api.MySQL, "SELECT ?", testDefs, nil, "", "positional placeholder ?"},
		{"unterminated string", api.SQLite, "SELECT 'x", testDefs, nil, "", "cannot read the SQL: unterminated string literal"},
		{"bad defs", api.SQLite, "SELECT 1", []api.ParamDef{{Name: "a", Type: "money"}}, nil, "a", `unknown type "money"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Bind(tt.src, tt.d, tt.defs, tt.values)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Bind error = %v, want *Error", err)
			}
			if pe.Param != tt.param {
				t.Errorf("Param = %q, want %q", pe.Param, tt.param)
			}
			if !strings.Contains(pe.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", pe.Error(), tt.msg)
			}
		})
	}
	_, _, err := Bind("SELECT 'x", api.SQLite, nil, nil)
	var le *sqllex.Error
	if !errors.As(err, &le) || le.Col != 8 {
		t.Errorf("a lexer error must be reachable with errors.As, got %v", err)
	}
}

func TestValidateDefs(t *testing.T) {
	long := strings.Repeat("a", 65)
	tests := []struct {
		name string
		defs []api.ParamDef
		msg  string // "" means valid
	}{
		{"valid", testDefs, ""},
		{"none", nil, ""},
		{"underscore and digits", []api.ParamDef{{Name: "_a1", Type: api.ParamString}}, ""},
		{"empty name", []api.ParamDef{{Name: "", Type: api.ParamString}}, "params[0]: name \"\""},
		{"leading digit", []api.ParamDef{{Name: "a", Type: api.ParamString}, {Name: "1a", Type: api.ParamString}}, "params[1]: name \"1a\""},
		{"dash", []api.ParamDef{{Name: "a-b", Type: api.ParamString}}, "must start with a letter"},
		{"non-ascii", []api.ParamDef{{Name: "régión", Type: api.ParamString}}, "must start with a letter"},
		{"too long", []api.ParamDef{{Name: long, Type: api.ParamString}}, "at most 64"},
		{"duplicate", []api.ParamDef{{Name: "a", Type: api.ParamString}, {Name: "a", Type: api.ParamNumber}}, "declared twice"},
		{"missing type", []api.ParamDef{{Name: "a"}}, "type is missing"},
		{"unknown type", []api.ParamDef{{Name: "a", Type: "bool"}}, `unknown type "bool"`},
		{"item type on scalar", []api.ParamDef{{Name: "a", Type: api.ParamString, ItemType: api.ParamNumber}}, "item_type is only for list"},
		{"list of lists", []api.ParamDef{{Name: "a", Type: api.ParamList, ItemType: api.ParamList}}, "item_type must be string, number or date"},
		{"bad default", []api.ParamDef{{Name: "a", Type: api.ParamNumber, Default: "x"}}, "parameter a: default must be a number"},
		{"empty list default", []api.ParamDef{{Name: "a", Type: api.ParamList, Default: []any{}}}, "default must not be an empty list"},
		{"bad date default", []api.ParamDef{{Name: "a", Type: api.ParamDate, Default: "soon"}}, "default must be a date"},
		{"string values", []api.ParamDef{{Name: "a", Type: api.ParamString, Values: []any{"North", "South"}}}, ""},
		{"number list values", []api.ParamDef{{Name: "a", Type: api.ParamList, ItemType: api.ParamNumber, Values: []any{1.0, "2"}}}, ""},
		{"values on a number", []api.ParamDef{{Name: "a", Type: api.ParamNumber, Values: []any{1.0}}}, "values are only for string and list"},
		{"bad list value", []api.ParamDef{{Name: "a", Type: api.ParamList, ItemType: api.ParamDate, Values: []any{"2025-01-01", "later"}}}, "value 2 must be a date"},
		{"null value", []api.ParamDef{{Name: "a", Type: api.ParamString, Values: []any{nil}}}, "value 1 is null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateDefs(tt.defs)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("ValidateDefs = %v, want nil", err)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) || !strings.Contains(pe.Message, tt.msg) {
				t.Fatalf("ValidateDefs = %v, want an *Error containing %q", err, tt.msg)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		d    api.Dialect
		src  string
		want []string
	}{
		{api.Postgres, "SELECT :b, :a, :b, a::int, ':c', \"d:e\" -- :f\n /* :g */ $$:h$$", []string{"b", "a"}},
		{api.MySQL, "SELECT @x := :y, ':z', \":w\" # :v\n", []string{"y"}},
		{api.SQLite, "SELECT [:a], `:b`, :c_1", []string{"c_1"}},
		{api.SQLite, "SELECT 1", nil},
	}
	for _, tt := range tests {
		got, err := Names(tt.src, tt.d)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Names(%q) = %v, %v; want %v", tt.d, tt.src, got, err, tt.want)
		}
	}
	if _, err := Names("SELECT 'x", api.Postgres); err == nil {
		t.Error("Names on unterminated SQL: want an error")
	}
}

func FuzzBind(f *testing.F) {
	seeds := []string{
		"SELECT :region", "SELECT * FROM t WHERE r IN (:regions) AND d > :from AND n < :min",
		"SELECT :a::int, ':x', -- :y\n :limit", "SELECT 1 WHERE id IN (:ids)", "SELECT:region:min",
		"SELECT $1", "SELECT ?", "SELECT 'x", ":must", "IN (:cats, :regions)",
	}
	for _, s := range seeds {
		f.Add(s, "EU")
		f.Add(s, "2024-01-31")
	}
	f.Fuzz(func(t *testing.T, src, v string) {
		values := map[string]any{"region": v, "min": v, "from": v, "regions": []any{v, v}, "ids": []any{v}, "must": v}
		for _, d := range api.Dialects {
			stmt, args, err := Bind(src, d, testDefs, values)
			if err != nil {
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("%s: Bind(%q) error %T is not *Error", d, src, err)
				}
				continue
			}
			toks, err := sqllex.Tokenize(stmt, d)
			if err != nil {
				t.Fatalf("%s: Bind(%q) produced SQL the lexer rejects: %q: %v", d, src, stmt, err)
			}
			highest, count := 0, 0
			for _, tok := range toks {
				switch tok.Kind {
				case sqllex.Param:
					t.Fatalf("%s: Bind(%q) left parameter %s in %q", d, src, tok.Text, stmt)
				case sqllex.Placeholder:
					count++
					if n, err := strconv.Atoi(tok.Text[1:]); err == nil && n > highest {
						highest = n
					}
				}
			}
			if d == api.Postgres {
				count = highest
			}
			if count != len(args) {
				t.Fatalf("%s: Bind(%q) = %q with %d placeholders but %d args", d, src, stmt, count, len(args))
			}
		}
	})
}
