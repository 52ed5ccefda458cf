package datasource

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// TestDatasets: the picker lists SQLite files by name, and leaves out
// what a data source could not use: other files, directories, links out
// of the directory, and the metadata database however it is reached.
func TestDatasets(t *testing.T) {
	root := t.TempDir()
	dir, outside := filepath.Join(root, "datasets"), filepath.Join(root, "outside")
	for _, d := range []string{dir, outside, filepath.Join(dir, "sub"), filepath.Join(dir, "dir.db")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	lite := []byte("SQLite format 3\x00" + string(make([]byte, 100)))
	meta := filepath.Join(dir, "gobi.db")
	write := func(p string, b []byte) {
		if err := os.WriteFile(p, b, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	write(meta, lite)
	write(filepath.Join(outside, "secret.db"), lite)

	tests := []struct {
		name   string
		setup  func()
		listed string // the file's name when it must be listed
		hidden string // a name that must not be
	}{
		{"SQLite file", func() { write(filepath.Join(dir, "sales.db"), lite) }, "sales.db", ""},
		{"in a subdirectory", func() { write(filepath.Join(dir, "sub", "b.sqlite"), lite) }, "sub/b.sqlite", ""},
		{"link inside the directory", func() { _ = os.Symlink("sales.db", filepath.Join(dir, "alias.db")) }, "alias.db", ""},
		{"not SQLite", func() { write(filepath.Join(dir, "notes.db"), []byte("SQLite format 2 but not really")) }, "", "notes.db"},
		{"short file", func() { write(filepath.Join(dir, "empty.db"), nil) }, "", "empty.db"},
		{"link out of the directory", func() { _ = os.Symlink(filepath.Join(outside, "secret.db"), filepath.Join(dir, "escape.db")) }, "", "escape.db"},
		{"linked directory out", func() { _ = os.Symlink(outside, filepath.Join(dir, "out")) }, "", "out/secret.db"},
		{"metadata database", func() {}, "", "gobi.db"},
		{"link to the metadata database", func() { _ = os.Symlink("gobi.db", filepath.Join(dir, "meta.db")) }, "", "meta.db"},
		{"hard link to the metadata database", func() { _ = os.Link(meta, filepath.Join(dir, "hard.db")) }, "", "hard.db"},
		{"directory", func() {}, "", "dir.db"},
	}
	for _, tc := range tests {
		tc.setup()
	}
	s := &Service{datasetsDir: dir, forbidden: []string{meta}}
	got, err := s.Datasets(context.Background(), auth.Principal{UserID: 1})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	if !slices.IsSorted(names) {
		t.Errorf("not sorted by name: %q", names)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.listed != "" {
				i := slices.IndexFunc(got, func(f api.DatasetFile) bool { return f.Name == tc.listed })
				if i < 0 {
					t.Fatalf("%s not listed in %q", tc.listed, names)
				}
				if f := got[i]; f.Path != tc.listed || f.Size != int64(len(lite)) || f.Modified.IsZero() {
					t.Errorf("listed as %+v", f)
				}
				if _, err := s.sqlitePath(got[i].Path); err != nil {
					t.Errorf("its path is refused as a data source: %v", err)
				}
			}
			if tc.hidden != "" && slices.Contains(names, tc.hidden) {
				t.Errorf("%s listed in %q", tc.hidden, names)
			}
		})
	}

	missing := &Service{datasetsDir: filepath.Join(root, "none")}
	if got, err := missing.Datasets(context.Background(), auth.Principal{UserID: 1}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("no datasets directory: %v, %v; want an empty list", got, err)
	}
}

// TestSSLMode: ssl_mode is checked per dialect and reaches the DSN.
func TestSSLMode(t *testing.T) {
	tests := []struct {
		d       api.Dialect
		mode    string
		problem bool
		inDSN   string
	}{
		{api.Postgres, "", false, ""},
		{api.Postgres, "verify-full", false, "sslmode=verify-full"},
		{api.Postgres, "disable", false, "sslmode=disable"},
		{api.Postgres, "skip-verify", true, ""},
		{api.MySQL, "true", false, "tls=true"},
		{api.MySQL, "preferred", false, "tls=preferred"},
		{api.MySQL, "require", true, ""},
		{api.SQLite, "require", true, ""},
	}
	for _, tc := range tests {
		t.Run(string(tc.d)+"/"+tc.mode, func(t *testing.T) {
			if got := sslModeProblem(tc.d, tc.mode) != ""; got != tc.problem {
				t.Fatalf("problem = %v, want %v", got, tc.problem)
			}
			if tc.inDSN == "" {
				return
			}
			sp := spec{Host: "db.example", Database: "sales", Username: "u", Password: "p", SSLMode: tc.mode}
			dsn, err := sp.dsn(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(dsn, tc.inDSN) {
				t.Errorf("dsn %q lacks %q", dsn, tc.inDSN)
			}
			if _, err := sp.endpoint(tc.d); err != nil {
				t.Errorf("the driver's parser refuses it: %v", err)
			}
		})
	}
}

// TestMovedFrom: a stored password stays only while the source points
// where it was saved for.
func TestMovedFrom(t *testing.T) {
	old := spec{Host: "db", Port: 0, Database: "a", Username: "u", Password: "p"}
	tests := []struct {
		name  string
		n     spec
		moved bool
	}{
		{"same", old, false},
		{"default port spelled out", spec{Host: "db", Port: 5432, Database: "b", Username: "v"}, false},
		{"other host", spec{Host: "evil.example", Database: "a", Username: "u"}, true},
		{"other port", spec{Host: "db", Port: 6543, Database: "a", Username: "u"}, true},
		{"a DSN now", spec{DSN: "postgres://u@db/a"}, true},
	}
	for _, tc := range tests {
		if got := movedFrom(old, tc.n, api.Postgres); got != tc.moved {
			t.Errorf("%s: moved = %v, want %v", tc.name, got, tc.moved)
		}
	}
}

// BenchmarkDatasets lists a datasets directory of 1000 SQLite files (the
// most one answer holds) and 1000 other files.
func BenchmarkDatasets(b *testing.B) {
	dir := b.TempDir()
	lite := []byte("SQLite format 3\x00" + string(make([]byte, 4080)))
	for i := range 1000 {
		for _, f := range []struct {
			name string
			body []byte
		}{{fmt.Sprintf("set-%04d.db", i), lite}, {fmt.Sprintf("notes-%04d.txt", i), []byte("text")}} {
			if err := os.WriteFile(filepath.Join(dir, f.name), f.body, 0o640); err != nil {
				b.Fatal(err)
			}
		}
	}
	s := &Service{datasetsDir: dir, forbidden: []string{filepath.Join(dir, "gobi.db")}}
	b.ResetTimer()
	for b.Loop() {
		got, err := s.Datasets(context.Background(), auth.Principal{UserID: 1})
		if err != nil || len(got) != 1000 {
			b.Fatalf("%d files, %v", len(got), err)
		}
	}
}
