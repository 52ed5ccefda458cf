package readonly

import (
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gobi-bi/gobi/shared/api"
)

// kind is how the values of one result column are converted. It is decided
// once per column from the database type, so that converting a cell is a
// type switch on the driver's value, with no reflection.
type kind uint8

const (
	// kindAuto types a column by its values: SQLite expressions have no
	// declared type, and SQLite columns are dynamically typed anyway.
	kindAuto kind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindTime
	kindBytes
	kindNull
)

var kindTypes = [...]api.ColumnType{
	kindAuto: api.TypeNull, kindString: api.TypeString, kindInt: api.TypeInt,
	kindFloat: api.TypeFloat, kindBool: api.TypeBool, kindTime: api.TypeTime,
	kindBytes: api.TypeBytes, kindNull: api.TypeNull,
}

// columnKind maps a driver's DatabaseTypeName onto a kind.
//
// Choices worth knowing:
//   - NUMERIC/DECIMAL become float: exact decimals lose precision beyond
//     about 15 significant digits. Charts need numbers, not strings.
//   - Dates and timestamps become time, sent as RFC 3339 strings in UTC
//     with as many fractional digits as needed; PostgreSQL "timestamp
//     without time zone" and MySQL DATETIME are read as UTC. Time of day
//     (TIME) and intervals stay strings; PostgreSQL's infinite dates stay
//     the strings "infinity" and "-infinity".
//   - Float NaN and infinities become null: JSON cannot carry them.
//   - PostgreSQL bool is bool. MySQL has no boolean: BOOLEAN is TINYINT(1)
//     and stays int, as does BIT-less TINYINT; BIT is bytes.
//   - MySQL unsigned BIGINT above 2^63-1 becomes a float.
//   - JSON, UUID, arrays, ENUM, SET and unknown types are strings.
//   - SQLite follows its type-affinity rules on the declared type, treats
//     BOOL/BOOLEAN as bool and DATE/DATETIME/TIMESTAMP as time; a column
//     without a declared type (an expression) takes the type of its first
//     non-NULL value, and is null when every value is NULL.
func columnKind(d api.Dialect, dbType string) kind {
	t := strings.ToUpper(strings.TrimSpace(dbType))
	switch d {
	case api.Postgres:
		return pgKind(t)
	case api.MySQL:
		return mysqlKind(t)
	default:
		return sqliteKind(t)
	}
}

func pgKind(t string) kind {
	switch t {
	case "BOOL":
		return kindBool
	case "INT2", "INT4", "INT8", "OID", "XID", "CID":
		return kindInt
	case "FLOAT4", "FLOAT8", "NUMERIC":
		return kindFloat
	case "DATE", "TIMESTAMP", "TIMESTAMPTZ":
		return kindTime
	case "BYTEA":
		return kindBytes
	}
	return kindString
}

func mysqlKind(t string) kind {
	t = strings.TrimPrefix(t, "UNSIGNED ")
	switch t {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return kindInt
	case "DECIMAL", "FLOAT", "DOUBLE":
		return kindFloat
	case "DATE", "DATETIME", "TIMESTAMP":
		return kindTime
	case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "BIT", "GEOMETRY", "VECTOR":
		return kindBytes
	case "NULL":
		return kindNull
	}
	return kindString
}

func sqliteKind(t string) kind {
	switch {
	case t == "":
		return kindAuto
	case strings.Contains(t, "INT"):
		return kindInt
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return kindString
	case strings.Contains(t, "BLOB"):
		return kindBytes
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return kindFloat
	case strings.HasPrefix(t, "BOOL"):
		return kindBool
	case t == "DATE", t == "DATETIME", t == "TIMESTAMP":
		// The exact names the driver parses into time.Time.
		return kindTime
	case strings.HasPrefix(t, "NUMERIC"), strings.HasPrefix(t, "DECIMAL"):
		return kindFloat
	}
	return kindAuto
}

// cell is the sql.Scanner for one column. database/sql hands a Scanner the
// driver's value untouched (no copy, no reflection), so the conversion to a
// JSON-ready value happens once, here, straight into the row being built.
type cell struct {
	kind  kind
	seen  kind   // kindAuto columns: kind of the first non-NULL value
	col   int    // the column's index, for limit errors
	dst   *any   // the row slot the next Scan fills
	arena *arena // shared by the result's cells
	meter *meter // shared by the result's cells
}

// Scan counts src against the byte limits, converts it and stores it in
// the current row. The per-value limit comes first, so that an over-long
// value is never copied; the answer is counted on the converted value.
func (c *cell) Scan(src any) error {
	raw := srcBytes(src)
	if err := c.meter.fits(raw, c.col); err != nil {
		return err
	}
	v := c.convert(src)
	if err := c.meter.add(raw, answerBytes(v)); err != nil {
		return err
	}
	*c.dst = v
	if c.kind == kindAuto && c.seen == kindAuto && v != nil {
		c.seen = valueKind(v)
	}
	return nil
}

// convert returns a JSON-ready value: string, int64, float64, bool, an
// RFC 3339 string, []byte or nil. Where the driver's value already is one,
// src itself is returned, so its interface box is reused, not copied.
func (c *cell) convert(src any) any {
	switch v := src.(type) {
	case nil:
		return nil
	case int64:
		switch c.kind {
		case kindBool:
			return v != 0
		case kindFloat:
			return float64(v)
		}
		return src
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil // JSON has no NaN or infinity
		}
		return src
	case string:
		switch c.kind {
		case kindFloat:
			return parseFloat(v, src)
		case kindInt:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return n
			}
		}
		return src
	case []byte:
		return c.convertBytes(v)
	case time.Time:
		return c.arena.time(v)
	case bool:
		return src
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
		return finite(f)
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v)
		}
		return float64(v)
	}
	return fmt.Sprint(src)
}

// convertBytes handles drivers that deliver text as bytes (MySQL). The
// bytes belong to the driver and are reused for the next row, so every
// branch copies.
func (c *cell) convertBytes(b []byte) any {
	switch c.kind {
	case kindBytes:
		return append([]byte(nil), b...)
	case kindFloat:
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			return finite(f)
		}
	case kindInt:
		if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return n
		}
		if n, err := strconv.ParseUint(string(b), 10, 64); err == nil {
			return float64(n)
		}
	case kindAuto:
		return append([]byte(nil), b...)
	}
	return c.arena.string(b)
}

func parseFloat(s string, orig any) any {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return orig // "NaN" from NUMERIC is refused by finite below; odd text stays text
	}
	return finite(f)
}

func finite(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// valueKind is the kind of a converted value, for kindAuto columns.
func valueKind(v any) kind {
	switch v.(type) {
	case int64:
		return kindInt
	case float64:
		return kindFloat
	case bool:
		return kindBool
	case []byte:
		return kindBytes
	}
	return kindString
}

// arena holds the bytes of the strings a result builds from driver bytes
// (MySQL text) and from formatted times, so that a string costs a share of
// a large block instead of an allocation of its own. Bytes are only ever
// appended, never changed, which is what unsafe.String requires. A string
// keeps its whole block alive; results are read and dropped (or cached)
// as a whole, so that costs nothing in practice.
type arena struct{ buf []byte }

const (
	arenaBlock = 32 << 10 // bytes per block
	arenaLarge = 1 << 10  // strings at least this long get their own allocation
	timeMaxLen = 40       // longest RFC 3339 time with nanoseconds and offset, with room
)

// reserve makes room for n more bytes without moving existing ones.
func (a *arena) reserve(n int) {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(arenaBlock, n))
	}
}

func (a *arena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) >= arenaLarge {
		return string(b)
	}
	a.reserve(len(b))
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}

// time formats t in UTC as RFC 3339 with the fractional seconds it has.
func (a *arena) time(t time.Time) string {
	a.reserve(timeMaxLen)
	start := len(a.buf)
	a.buf = t.UTC().AppendFormat(a.buf, time.RFC3339Nano)
	if cap(a.buf) < start+timeMaxLen && len(a.buf)-start > timeMaxLen {
		// Cannot happen for years 0-9999; stay correct if it did.
		return string(a.buf[start:])
	}
	return unsafe.String(&a.buf[start], len(a.buf)-start)
}

// scanner reads a *sql.Rows into an api.Result with one reusable set of
// cells, and stores rows in chunks of one backing array so that a large
// result costs a handful of allocations for its row slices.
type scanner struct {
	cols  []api.Column
	cells []cell
	dests []any // the *cell values, as Rows.Scan wants them
	arena arena
	meter meter
	chunk []any     // backing array the next rows' cells are cut from
	grow  int       // rows per next chunk
	block [][]any   // rows read into the current block
	full  [][][]any // earlier blocks, joined once by result
	n     int       // rows read
}

// newScanner reads rows of dialect d under o's row and byte limits (o
// with its defaults applied).
func newScanner(rows *sql.Rows, d api.Dialect, o Options) (*scanner, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	s := &scanner{
		cols:  make([]api.Column, len(types)),
		cells: make([]cell, len(types)),
		dests: make([]any, len(types)),
		block: make([][]any, 0, min(o.MaxRows, 256)),
		grow:  64,
		meter: meter{max: o.MaxBytes, maxCell: o.MaxCellBytes},
	}
	for i, t := range types {
		k := columnKind(d, t.DatabaseTypeName())
		s.cols[i] = api.Column{Name: t.Name(), Type: kindTypes[k]}
		s.cells[i].kind = k
		s.cells[i].col = i
		s.cells[i].arena = &s.arena
		s.cells[i].meter = &s.meter
		s.dests[i] = &s.cells[i]
	}
	return s, nil
}

// scan reads the current row. A byte limit passed is a *SizeError.
func (s *scanner) scan(rows *sql.Rows) error {
	n := len(s.cells)
	s.meter.mem += rowOverhead + int64(n)*cellOverhead
	s.meter.used += rowFraming
	if s.meter.used > s.meter.max {
		return s.tooLarge(-1)
	}
	if len(s.block) == cap(s.block) {
		// Row slices go into blocks joined once at the end, rather than
		// one slice grown (and copied) by doubling.
		s.full = append(s.full, s.block)
		s.block = make([][]any, 0, min(2*cap(s.block), 16384))
	}
	if n == 0 { // "SELECT FROM t" in PostgreSQL: rows without columns
		s.block = append(s.block, []any{})
		s.n++
		return rows.Scan()
	}
	if len(s.chunk) < n {
		s.chunk = make([]any, n*s.grow)
		s.grow = min(s.grow*2, 4096)
	}
	row := s.chunk[:n:n]
	s.chunk = s.chunk[n:]
	for i := range s.cells {
		s.cells[i].dst = &row[i]
	}
	if err := rows.Scan(s.dests...); err != nil {
		if s.meter.passed {
			return s.tooLarge(s.meter.stop)
		}
		return err
	}
	s.block = append(s.block, row)
	s.n++
	return nil
}

// tooLarge reports the limit passed in column col (-1: the result's).
func (s *scanner) tooLarge(col int) *SizeError {
	if col < 0 {
		return &SizeError{Limit: s.meter.max, Rows: s.n}
	}
	return &SizeError{Limit: s.meter.maxCell, Rows: s.n, Cell: true, Column: s.cols[col].Name}
}

// rows returns every row read so far, in order.
func (s *scanner) rows() [][]any {
	if len(s.full) == 0 {
		return s.block
	}
	all := make([][]any, 0, s.n)
	for _, b := range s.full {
		all = append(all, b...)
	}
	return append(all, s.block...)
}

// result finishes the column types of value-typed columns.
func (s *scanner) result(truncated bool) *api.Result {
	for i := range s.cells {
		if c := &s.cells[i]; c.kind == kindAuto {
			s.cols[i].Type = kindTypes[c.seen]
		}
	}
	return &api.Result{Columns: s.cols, Rows: s.rows(), RowCount: s.n, Truncated: truncated}
}
