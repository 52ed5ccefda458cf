package demo

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// SchemaVersion is stored in the sample database's PRAGMA user_version.
// Bump it whenever the tables or the generated data change, so existing
// installs rebuild their copy on the next start.
const SchemaVersion = 1

// seed fixes the generator, so every install gets the same data.
const seed1, seed2 = 0x60B1_DE30, 0x5EED_2024

// WriteSampleDB makes sure path holds the current sample database. A file
// that already carries SchemaVersion is left untouched (a cheap check on
// each start); anything else (missing, older, not a database) is rebuilt.
// The database is written to a temporary file beside path and renamed over
// it, so a reader never sees a half-built file and a crash leaves the old
// one in place. Two processes starting at once each build and rename a
// complete copy, so either result is valid.
func WriteSampleDB(ctx context.Context, path string) error {
	if v, err := fileUserVersion(path); err == nil && v == SchemaVersion {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("demo: create directory for sample database: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("demo: create temporary sample database: %w", err)
	}
	tmpPath := tmp.Name()
	if err := tmp.Close(); err != nil {
		os.Remove(tmpPath)
		return fmt.Errorf("demo: create temporary sample database: %w", err)
	}
	if err := build(ctx, tmpPath); err != nil {
		os.Remove(tmpPath)
		return err
	}
	if err := syncFile(tmpPath); err != nil {
		os.Remove(tmpPath)
		return err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		os.Remove(tmpPath)
		return fmt.Errorf("demo: install sample database: %w", err)
	}
	// Persist the rename itself; some systems cannot sync a directory, and
	// the database is rebuilt on the next start if the rename is lost.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// fileUserVersion reads PRAGMA user_version straight from the database
// header (a big-endian int32 at offset 60 in the documented file format).
// Reading the header needs no driver and cannot modify the file, which
// keeps the "already current" path free of side effects.
func fileUserVersion(path string) (int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("demo: open sample database: %w", err)
	}
	defer f.Close()
	var header [100]byte
	if _, err := io.ReadFull(f, header[:]); err != nil {
		return 0, fmt.Errorf("demo: read sample database header: %w", err)
	}
	if string(header[:len(sqliteMagic)]) != sqliteMagic {
		return 0, errors.New("demo: not an SQLite database")
	}
	return int32(binary.BigEndian.Uint32(header[60:64])), nil
}

// build writes the schema and all data into a new database at path, in one
// transaction with prepared inserts.
func build(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return fmt.Errorf("demo: open %s: %w", path, err)
	}
	defer db.Close()
	// One connection, so the pragmas below apply to the transaction.
	db.SetMaxOpenConns(1)
	// The file is temporary until renamed and fsynced by the caller, so the
	// journal can live in memory and SQLite need not sync.
	for _, pragma := range []string{"PRAGMA journal_mode = MEMORY", "PRAGMA synchronous = OFF"} {
		if _, err := db.ExecContext(ctx, pragma); err != nil {
			return fmt.Errorf("demo: %s: %w", pragma, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit; the file is discarded on error
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("demo: create schema: %w", err)
	}
	for _, t := range generate() {
		if err := insert(ctx, tx, t); err != nil {
			return err
		}
	}
	// The version is written last, so only a complete database carries it.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return fmt.Errorf("demo: set user_version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("demo: analyze: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("demo: close %s: %w", path, err)
	}
	return nil
}

// table is one generated table's rows, in column order.
type table struct {
	name    string
	columns []string
	rows    [][]any
}

// generate produces every table from one seeded generator. The order of
// the calls is part of the data: reordering them changes every value after.
func generate() []table {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	sales := genSales(rng)
	return []table{
		sales.table(),
		genStockPrices(rng),
		genEmployees(rng),
		genSurface(),
		genPoints3D(rng),
		genTasks(),
		genLinks(rng),
		genWords(rng),
		genBudgetSteps(),
		genKPIs(sales),
	}
}

// insert writes t's rows through one prepared statement.
func insert(ctx context.Context, tx *sql.Tx, t table) error {
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.name,
		strings.Join(t.columns, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(t.columns)), ", "))
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("demo: prepare insert into %s: %w", t.name, err)
	}
	defer stmt.Close()
	for _, row := range t.rows {
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return fmt.Errorf("demo: insert into %s: %w", t.name, err)
		}
	}
	return nil
}

// syncFile flushes a finished database to disk before it is renamed into
// place, since it was written with synchronous = OFF.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("demo: sync sample database: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("demo: sync sample database: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("demo: sync sample database: %w", err)
	}
	return nil
}
