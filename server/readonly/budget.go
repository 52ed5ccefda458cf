package readonly

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gobi-bi/gobi/shared/api"
)

// Byte limits for Options fields left at zero. A row cap is not a memory
// cap: eight rows of repeat('x', 1e8) are 800 MB, so results are also
// budgeted in bytes while they are scanned.
const (
	DefaultMaxBytes     = 64 << 20
	DefaultMaxCellBytes = 1 << 20
)

// Accounting. A result is measured twice while it is scanned:
//   - its answer: each value as the JSON response will hold it (a string
//     escaped as encoding/json escapes it, so '&' costs 6 bytes; bytes in
//     base64; a float its longest form) and its comma, each row its
//     brackets. MaxBytes bounds this: the limit is the answer's size.
//   - its memory: a value's text or binary length as the driver hands it
//     over (a time, its formatted length) plus the interface slot holding
//     it; a row its slice header. MaxCellBytes bounds one value's length.
//
// The process-wide Budget is reserved for both at once, since the result
// and its encoded body (api.Result.EncodeJSON, one buffer of its exact
// size) live together until the response has been written.
const (
	cellOverhead = 16
	rowOverhead  = 24
	timeBytes    = 32
	rowFraming   = 2  // a row's brackets in the answer
	floatJSONMax = 24 // -1.2345678901234567e-308
)

// ErrResultTooLarge means a result, or one value in it, passed its byte
// limit; the error is a *SizeError that says which and how far Run got.
var ErrResultTooLarge = errors.New("readonly: result too large")

// ErrBusy means the process-wide Budget for results held at once stayed
// exhausted for longer than the Budget's wait: other results hold the
// memory; the caller may retry shortly.
var ErrBusy = errors.New("readonly: too many results held in memory")

// SizeError reports a result stopped at a byte limit.
type SizeError struct {
	// Limit is the limit passed, in bytes.
	Limit int64
	// Rows is how many complete rows had been read when Run stopped.
	Rows int
	// Cell is true when one value passed the per-cell limit; Column names
	// it when known (SQLite stops over-long values before Gobi sees them,
	// and does not say which column).
	Cell   bool
	Column string
}

func (e *SizeError) Error() string {
	switch {
	case e.Cell && e.Column != "":
		return fmt.Sprintf("a value in column %q is larger than the per-value limit of %s (after %d rows)", e.Column, FormatBytes(e.Limit), e.Rows)
	case e.Cell:
		return fmt.Sprintf("a value is larger than the per-value limit of %s (after %d rows)", FormatBytes(e.Limit), e.Rows)
	}
	return fmt.Sprintf("the result is larger than its limit of %s: stopped after %d rows", FormatBytes(e.Limit), e.Rows)
}

// Is makes errors.Is(err, ErrResultTooLarge) true.
func (e *SizeError) Is(target error) bool { return target == ErrResultTooLarge }

// FormatBytes writes n in the largest binary unit that keeps it whole
// enough to read: 64 MiB, 1.5 KiB, 300 bytes.
func FormatBytes(n int64) string {
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	f, u := float64(n)/1024, 0
	for f >= 1024 && u < len(units)-1 {
		f, u = f/1024, u+1
	}
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f %s", f, units[u])
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}

// meter counts the bytes of one result as its cells are scanned.
type meter struct {
	used    int64 // the answer's bytes, bounded by max
	mem     int64 // the result's bytes in memory
	max     int64 // the result's budget
	maxCell int64
	// stop is set by the cell that passed a limit: the column's index,
	// or -1 for the result's budget.
	stop   int
	passed bool
}

// errLimit stops rows.Scan; the scanner turns it into a *SizeError.
var errLimit = errors.New("readonly: byte limit passed")

// fits checks a value of raw bytes in column col against the per-value
// limit, before it is copied.
func (m *meter) fits(raw int64, col int) error {
	if raw > m.maxCell {
		m.stop, m.passed = col, true
		return errLimit
	}
	return nil
}

// add counts a value of raw bytes in memory and encoded bytes in the
// answer.
func (m *meter) add(raw, encoded int64) error {
	m.mem += raw
	m.used += encoded
	if m.used > m.max {
		m.stop, m.passed = -1, true
		return errLimit
	}
	return nil
}

// held is what the result needs of a Budget: itself and its answer.
func (m *meter) held() int64 { return m.mem + m.used }

// ResultBytes is res's size in memory as Run counts it while scanning,
// for callers that keep results (the result cache) and bound what they
// keep. Its answer's size is res.JSONLen().
func ResultBytes(res *api.Result) int64 {
	if res == nil {
		return 0
	}
	n := int64(0)
	for _, row := range res.Rows {
		n += rowOverhead + int64(len(row))*cellOverhead
		for _, v := range row {
			switch v := v.(type) {
			case string:
				n += int64(len(v))
			case []byte:
				n += int64(len(v))
			}
		}
	}
	return n
}

// answerBytes is what a converted value adds to the answer, its comma
// included.
func answerBytes(v any) int64 {
	if _, ok := v.(float64); ok {
		return floatJSONMax + 1 // not formatted twice
	}
	return int64(api.ValueJSONLen(v)) + 1
}

// srcBytes is what a driver value costs beyond its cell.
func srcBytes(src any) int64 {
	switch v := src.(type) {
	case string:
		return int64(len(v))
	case []byte:
		return int64(len(v))
	case time.Time:
		return timeBytes
	}
	return 0
}

// Budget bounds the bytes of all results held at once in the process, so
// that many large results together cannot exhaust memory. Each Run with
// Options.Budget reserves from it while scanning; the reservation lasts
// until the scope from HoldResults ends (the response has been written),
// or until Run returns when there is no scope. Safe for concurrent use.
//
// A reservation that fits is granted at once even while larger ones wait
// (there is no queue): a small query is not stuck behind a large result
// waiting for room, and large ones are the ones refused as busy. Results
// that grow at once can fill the budget together and then each wait for
// the others to finish; so a run that already holds bytes gives up at
// once, busy, while an older run waits for room, and the older ones get
// through.
type Budget struct {
	size int64
	wait time.Duration

	mu   sync.Mutex
	held int64
	// freed is closed, and replaced, when bytes are given back or a run
	// starts waiting: the waiting runs look again.
	freed   chan struct{}
	next    uint64          // the next reservation's age
	waiting map[uint64]bool // the ages of the runs waiting for room
}

// NewBudget returns a budget of size bytes. A Run that cannot reserve
// what it needs waits up to wait (and no longer than its context) for
// other results to be released, then fails with ErrBusy.
func NewBudget(size int64, wait time.Duration) *Budget {
	return &Budget{size: size, wait: wait, freed: make(chan struct{}), waiting: map[uint64]bool{}}
}

// Size is the budget's total in bytes.
func (b *Budget) Size() int64 { return b.size }

// Held is how many bytes are reserved now.
func (b *Budget) Held() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held
}

// reservation starts an empty reservation, younger than every earlier one.
func (b *Budget) reservation() *reservation {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	return &reservation{b: b, age: b.next}
}

// errYield refuses a run that holds bytes while an older one waits.
var errYield = errors.New("an earlier result is waiting for room")

// tryTake reserves n bytes for the run of the given age if they fit now.
// Otherwise it records the run as waiting and returns a channel closed
// when it should look again, or errYield for a holding run that must
// give way to an older one.
func (b *Budget) tryTake(age uint64, holding bool, n int64) (bool, <-chan struct{}, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.held+n <= b.size {
		b.held += n
		delete(b.waiting, age)
		return true, nil, nil
	}
	if holding {
		for a := range b.waiting {
			if a < age {
				delete(b.waiting, age)
				return false, nil, errYield
			}
		}
	}
	if !b.waiting[age] {
		b.waiting[age] = true
		b.wake() // younger holding runs give way
	}
	return false, b.freed, nil
}

// wake has the waiting runs look again; b.mu is held.
func (b *Budget) wake() {
	close(b.freed)
	b.freed = make(chan struct{})
}

// take reserves n bytes for r, waiting up to b.wait for room.
func (b *Budget) take(ctx context.Context, r *reservation, holding bool, n int64) error {
	ok, freed, err := b.tryTake(r.age, holding, n)
	if ok {
		return nil
	}
	defer func() {
		b.mu.Lock()
		delete(b.waiting, r.age)
		b.mu.Unlock()
	}()
	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	for err == nil {
		select {
		case <-freed:
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			return fmt.Errorf("%w: %s of %s are in use; waited %s", ErrBusy,
				FormatBytes(b.Held()), FormatBytes(b.size), b.wait)
		}
		if ok, freed, err = b.tryTake(r.age, holding, n); ok {
			return nil
		}
	}
	return fmt.Errorf("%w: %s of %s are in use and %w", ErrBusy, FormatBytes(b.Held()), FormatBytes(b.size), err)
}

// give returns n bytes and wakes the runs waiting for room.
func (b *Budget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.held -= n
	b.wake()
}

// reserveStep is how much a run reserves at a time beyond what it needs,
// so that a large result takes the budget's lock a few hundred times,
// not once a row; a small result reserves twice what it needs, so that
// it fits where a step would not.
const reserveStep = 256 << 10

// reservation is what one run holds of a Budget.
type reservation struct {
	b   *Budget
	age uint64 // lower is older
	mu  sync.Mutex
	n   int64
}

// cover makes the reservation at least need bytes.
func (r *reservation) cover(ctx context.Context, need, limit int64) error {
	if r == nil || need <= r.n {
		return nil
	}
	want := min(max(need, min(r.n+reserveStep, 2*need)), max(limit, need), r.b.size) - r.n
	if want <= 0 {
		return nil
	}
	if err := r.b.take(ctx, r, r.n > 0, want); err != nil {
		return err
	}
	r.mu.Lock()
	r.n += want
	r.mu.Unlock()
	return nil
}

// trim gives back what the finished result does not use.
func (r *reservation) trim(used int64) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if extra := r.n - used; extra > 0 {
		r.n = used
		r.b.give(extra)
	}
}

// release gives everything back; calling it again does nothing.
func (r *reservation) release() {
	if r != nil {
		r.trim(0)
	}
}

type holdsKey struct{}

// holds are the reservations of the results one request keeps.
type holds struct {
	mu   sync.Mutex
	rs   []*reservation
	done bool
}

// HoldResults returns a context in which the results Run returns keep
// their Budget reservation until release is called: an HTTP layer calls
// it once the response is written, when the result and its encoded body
// are garbage. release may be called more than once.
func HoldResults(ctx context.Context) (context.Context, func()) {
	h := &holds{}
	return context.WithValue(ctx, holdsKey{}, h), func() {
		h.mu.Lock()
		rs := h.rs
		h.rs, h.done = nil, true
		h.mu.Unlock()
		for _, r := range rs {
			r.release()
		}
	}
}

// Holds reports whether ctx's scope from HoldResults keeps any
// reservation, so that an HTTP layer knows whether its response must be
// written before the scope may end.
func Holds(ctx context.Context) bool {
	h, ok := ctx.Value(holdsKey{}).(*holds)
	if !ok {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rs) > 0
}

// Hold reserves n bytes for a result Run did not scan, such as a cached
// one whose answer is encoded again for each request, and keeps them as
// Run keeps its own: until ctx's scope from HoldResults ends, or not at
// all without one. It waits as Run does and fails with ErrBusy. A nil
// Budget holds nothing.
func (b *Budget) Hold(ctx context.Context, n int64) error {
	if b == nil || n <= 0 {
		return nil
	}
	r := b.reservation()
	if err := r.cover(ctx, n, n); err != nil {
		return err
	}
	keep(ctx, r)
	return nil
}

// keep hands r to ctx's scope, or releases it when there is none.
func keep(ctx context.Context, r *reservation) {
	if r == nil {
		return
	}
	if h, ok := ctx.Value(holdsKey{}).(*holds); ok {
		h.mu.Lock()
		if !h.done {
			h.rs = append(h.rs, r)
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
	}
	r.release()
}

// sqliteTooBig is SQLite's result code for a string or blob over
// SQLITE_LIMIT_LENGTH.
const sqliteTooBig = sqlite3.SQLITE_TOOBIG

// pgMessageSlack is room for a DataRow's framing beyond its values.
const pgMessageSlack = 64 << 10

// pgLimitMessage makes pgx refuse any message from the server longer than
// n bytes before reading it: pgx otherwise reads a whole row (up to the
// 1 GB PostgreSQL allows for one value) into memory before Run sees a
// byte. A row over the result's budget could never be returned anyway.
// The refused message leaves the connection unusable; Run discards it.
func pgLimitMessage(conn *sql.Conn, n int64) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("readonly: unexpected PostgreSQL driver connection %T", dc)
		}
		c.Conn().PgConn().Frontend().SetMaxBodyLen(int(min(n+pgMessageSlack, math.MaxInt32)))
		return nil
	})
}

// pgIsTooLong reports a message pgLimitMessage refused.
func pgIsTooLong(err error) bool {
	var me *pgproto3.ExceededMaxBodyLenErr
	return errors.As(err, &me)
}

// sqliteIsTooBig reports a value SQLite refused to build.
func sqliteIsTooBig(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteTooBig
}

// sqliteLimitLength makes SQLite refuse, inside the engine, to build any
// string or blob longer than n bytes: printf('%.*c', 999999999, 'x')
// would otherwise allocate a gigabyte in C memory before Gobi sees a
// byte of it. The limit also applies to a stored row and to a row SQLite
// builds for sorting.
func sqliteLimitLength(conn *sql.Conn, n int64) error {
	if _, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_LENGTH, int(min(n, math.MaxInt32))); err != nil {
		return fmt.Errorf("readonly: limiting value length: %w", err)
	}
	return nil
}
