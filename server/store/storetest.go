package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestDB is a fresh, migrated metadata database for one test.
type TestDB struct {
	Dialect api.Dialect
	DSN     string
	DB      *bun.DB
}

// EachDialect runs fn once per metadata dialect: SQLite always, PostgreSQL
// and MySQL when GOBI_TEST_POSTGRES_DSN / GOBI_TEST_MYSQL_DSN are set
// (each in a database of its own, dropped afterwards). It lives in a
// non-test file so that other packages' integration tests can use it.
func EachDialect(t *testing.T, fn func(t *testing.T, d api.Dialect, dsn string)) {
	t.Helper()
	for _, d := range api.Dialects {
		t.Run(string(d), func(t *testing.T) {
			dsn := NewTestDatabase(t, d)
			fn(t, d, dsn)
		})
	}
}

// NewTestDatabase creates an empty database of dialect d for this test
// and returns its DSN, or skips the test when the dialect's server is not
// configured.
func NewTestDatabase(t *testing.T, d api.Dialect) string {
	t.Helper()
	switch d {
	case api.SQLite:
		return filepath.Join(t.TempDir(), "meta.db")
	case api.Postgres:
		base := os.Getenv("GOBI_TEST_POSTGRES_DSN")
		if base == "" {
			t.Skip("PostgreSQL tests skipped: set GOBI_TEST_POSTGRES_DSN (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
		}
		name := randomName()
		adminExec(t, "pgx", base, "CREATE DATABASE "+name, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return replaceDBName(t, d, base, name)
	case api.MySQL:
		base := os.Getenv("GOBI_TEST_MYSQL_DSN")
		if base == "" {
			t.Skip("MySQL tests skipped: set GOBI_TEST_MYSQL_DSN (e.g. root@tcp(127.0.0.1:3306)/test)")
		}
		name := randomName()
		adminExec(t, "mysql", base, "CREATE DATABASE "+name, "DROP DATABASE IF EXISTS "+name)
		return replaceDBName(t, d, base, name)
	}
	t.Fatalf("unknown dialect %q", d)
	return ""
}

// OpenTest opens and migrates a fresh metadata database of dialect d.
func OpenTest(t *testing.T, d api.Dialect) *TestDB {
	t.Helper()
	dsn := NewTestDatabase(t, d)
	db, err := Open(context.Background(), d, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return &TestDB{Dialect: d, DSN: dsn, DB: db}
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "gobi_t_" + hex.EncodeToString(b)
}

func adminExec(t *testing.T, driver, dsn, create, drop string) {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(create); err != nil {
		t.Fatalf("%s: %v", create, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open(driver, dsn)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec(drop); err != nil {
			t.Logf("cleanup %s: %v", drop, err)
		}
	})
}

func replaceDBName(t *testing.T, d api.Dialect, dsn, name string) string {
	t.Helper()
	out, err := WithDatabase(d, dsn, name)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// WithDatabase returns dsn pointing at database name instead.
func WithDatabase(d api.Dialect, dsn, name string) (string, error) {
	switch d {
	case api.Postgres:
		return replacePGDatabase(dsn, name)
	case api.MySQL:
		return replaceMySQLDatabase(dsn, name)
	}
	return "", fmt.Errorf("WithDatabase: unsupported dialect %s", d)
}
