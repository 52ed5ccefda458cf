package readonly_test

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/gobi-bi/gobi/server/readonly"
	"github.com/gobi-bi/gobi/shared/api"
)

// typeCase is one result column: the expression selected, the portable
// type and the JSON-ready value Run must return for it.
type typeCase struct {
	expr  string
	typ   api.ColumnType
	value any
}

var typeTables = map[api.Dialect]struct {
	setup []string
	cases []typeCase
}{
	api.SQLite: {
		setup: []string{
			`CREATE TABLE types (i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC, d DECIMAL(10,2), bo BOOLEAN,
				dt DATETIME, da DATE, ts TIMESTAMP, v VARCHAR(10), untyped, tm TIME, nulls INTEGER)`,
			`INSERT INTO types VALUES (42, 1.5, 'hello', x'0102', 3.25, 9.99, 1, '2024-01-02 03:04:05', '2024-01-02',
				'2024-01-02T03:04:05+02:00', 'vc', 'u', '12:34', NULL)`,
		},
		cases: []typeCase{
			{"i", api.TypeInt, int64(42)},
			{"r", api.TypeFloat, 1.5},
			{"t", api.TypeString, "hello"},
			{"b", api.TypeBytes, []byte{1, 2}},
			{"n", api.TypeFloat, 3.25},
			{"d", api.TypeFloat, 9.99},
			{"bo", api.TypeBool, true},
			{"dt", api.TypeTime, "2024-01-02T03:04:05Z"},
			{"da", api.TypeTime, "2024-01-02T00:00:00Z"},
			{"ts", api.TypeTime, "2024-01-02T01:04:05Z"},
			{"v", api.TypeString, "vc"},
			{"untyped", api.TypeString, "u"},
			{"tm", api.TypeString, "12:34"},
			{"nulls", api.TypeInt, nil},
			{"NULL", api.TypeNull, nil},
			{"1 + 1", api.TypeInt, int64(2)},
			{"2.5 * 2", api.TypeFloat, 5.0},
			{"'x' || t", api.TypeString, "xhello"},
			{"x'ff'", api.TypeBytes, []byte{0xff}},
			{"i > 1", api.TypeInt, int64(1)},
		},
	},
	api.Postgres: {
		setup: []string{
			`CREATE TABLE {s}.types (b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, num numeric(10,3), t text,
				vc varchar(10), ch char(3), d date, ts timestamp, tz timestamptz, tm time, iv interval, by bytea, j jsonb,
				u uuid, arr int[], nn int4)`,
			`INSERT INTO {s}.types VALUES (true, 1, 2, 3, 1.5, 2.25, 12.345, 'text', 'vc', 'ab', '2024-01-02',
				'2024-01-02 03:04:05.123', '2024-01-02 03:04:05+02', '12:34:56', '1 day', '\x0102', '{"a": 1}',
				'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,2}', NULL)`,
		},
		cases: []typeCase{
			{"b", api.TypeBool, true},
			{"i2", api.TypeInt, int64(1)},
			{"i4", api.TypeInt, int64(2)},
			{"i8", api.TypeInt, int64(3)},
			{"f4", api.TypeFloat, 1.5},
			{"f8", api.TypeFloat, 2.25},
			{"num", api.TypeFloat, 12.345},
			{"t", api.TypeString, "text"},
			{"vc", api.TypeString, "vc"},
			{"ch", api.TypeString, "ab "},
			{"d", api.TypeTime, "2024-01-02T00:00:00Z"},
			{"ts", api.TypeTime, "2024-01-02T03:04:05.123Z"},
			{"tz", api.TypeTime, "2024-01-02T01:04:05Z"},
			{"tm", api.TypeString, "12:34:56"},
			{"iv", api.TypeString, "1 day"},
			{"by", api.TypeBytes, []byte{1, 2}},
			{"j", api.TypeString, `{"a": 1}`},
			{"u", api.TypeString, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
			{"arr", api.TypeString, "{1,2}"},
			{"nn", api.TypeInt, nil},
			{"'NaN'::float8", api.TypeFloat, nil},
			{"'infinity'::date", api.TypeTime, "infinity"},
			{"12345678901234567890.5::numeric", api.TypeFloat, 12345678901234567890.5},
			{"NULL", api.TypeString, nil},
		},
	},
	api.MySQL: {
		setup: []string{
			`CREATE TABLE {s}.types (ti TINYINT, bo BOOLEAN, si SMALLINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED,
				dc DECIMAL(10,3), fl FLOAT, db DOUBLE, ch CHAR(3), vc VARCHAR(10), tx TEXT, bl BLOB, vb VARBINARY(4),
				bt BIT(8), d DATE, dt DATETIME(3), tm TIME, yr YEAR, en ENUM('a','b'), js JSON, nn INT)`,
			`INSERT INTO {s}.types VALUES (-1, 1, 2, 3, 4, 18446744073709551615, 12.345, 1.1, 2.25, 'ab', 'vc', 'text',
				x'0102', x'0304', b'00000101', '2024-01-02', '2024-01-02 03:04:05.123', '12:34:56', 2024, 'b',
				'{"a": 1}', NULL)`,
		},
		cases: []typeCase{
			{"ti", api.TypeInt, int64(-1)},
			{"bo", api.TypeInt, int64(1)},
			{"si", api.TypeInt, int64(2)},
			{"i", api.TypeInt, int64(3)},
			{"bi", api.TypeInt, int64(4)},
			{"ubi", api.TypeInt, float64(math.MaxUint64)},
			{"dc", api.TypeFloat, 12.345},
			{"fl", api.TypeFloat, 1.1},
			{"db", api.TypeFloat, 2.25},
			{"ch", api.TypeString, "ab"},
			{"vc", api.TypeString, "vc"},
			{"tx", api.TypeString, "text"},
			{"bl", api.TypeBytes, []byte{1, 2}},
			{"vb", api.TypeBytes, []byte{3, 4}},
			{"bt", api.TypeBytes, []byte{5}},
			{"d", api.TypeTime, "2024-01-02T00:00:00Z"},
			{"dt", api.TypeTime, "2024-01-02T03:04:05.123Z"},
			{"tm", api.TypeString, "12:34:56"},
			{"yr", api.TypeInt, int64(2024)},
			{"en", api.TypeString, "b"},
			{"js", api.TypeString, `{"a": 1}`},
			{"nn", api.TypeInt, nil},
			{"NULL", api.TypeNull, nil},
			{"1 + 1", api.TypeInt, int64(2)},
		},
	},
}

// TestTypeMapping selects one column per database type and checks the
// portable type and the value, once without arguments and once with one
// (MySQL then uses the binary protocol, with other Go types per column).
func TestTypeMapping(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		tt := typeTables[d]
		f := newFixture(t, d, tt.setup...)
		sel := "SELECT "
		for i, c := range tt.cases {
			if i > 0 {
				sel += ", "
			}
			sel += c.expr
		}
		sel += " FROM types"
		for _, withArg := range []bool{false, true} {
			q, args := sel, []any(nil)
			if withArg {
				q += " WHERE 1 = " + placeholder(d, 1)
				args = []any{1}
			}
			res, err := f.run(context.Background(), q, args, readonly.Options{})
			if err != nil {
				t.Fatalf("Run (arg %v): %v", withArg, err)
			}
			if len(res.Rows) != 1 {
				t.Fatalf("rows = %d, want 1", len(res.Rows))
			}
			for i, c := range tt.cases {
				if got := res.Columns[i].Type; got != c.typ {
					t.Errorf("arg %v: %s: type %s, want %s", withArg, c.expr, got, c.typ)
				}
				if got := res.Rows[0][i]; !reflect.DeepEqual(got, c.value) {
					t.Errorf("arg %v: %s: value %#v (%T), want %#v (%T)", withArg, c.expr, got, got, c.value, c.value)
				}
			}
			if _, err := json.Marshal(res); err != nil {
				t.Errorf("result does not encode as JSON: %v", err)
			}
		}
	})
}

// TestPostgresSurvivesDeallocate checks that a DEALLOCATE ALL in one run
// does not make the next run on the same connection fail.
func TestPostgresSurvivesDeallocate(t *testing.T) {
	eachDialect(t, func(t *testing.T, d api.Dialect) {
		if d != api.Postgres {
			t.Skip("PostgreSQL only")
		}
		f := newFixture(t, d)
		f.ro.SetMaxOpenConns(1)
		for _, q := range []string{"SELECT id FROM battery_target", "DEALLOCATE ALL", "SELECT id FROM battery_target"} {
			if _, err := f.run(context.Background(), q, nil, readonly.Options{}); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
}
