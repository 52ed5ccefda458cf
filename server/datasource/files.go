package datasource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Dataset listing bounds: at most datasetsMax files are listed, and the
// walk looks at no more than datasetsVisit directory entries, so a huge
// or deep datasets directory costs a bounded amount of work per request.
const (
	datasetsMax   = 1000
	datasetsVisit = 20000
)

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// errEnough stops the walk once a bound is reached.
var errEnough = errors.New("enough")

// Datasets lists the files a SQLite data source may name: regular files
// under the datasets directory that sqlitePathIn accepts (so never one
// that resolves outside it, nor the metadata database) and that start
// with the SQLite header. Sorted by name, at most datasetsMax. The
// directory is shared by every user, as the sqlite paths are.
func (s *Service) Datasets(ctx context.Context, _ auth.Principal) ([]api.DatasetFile, error) {
	out := []api.DatasetFile{}
	dir, err := filepath.EvalSymlinks(s.datasetsDir)
	if err != nil {
		return out, nil // no directory yet: nothing to pick
	}
	forbidden := s.forbiddenFiles()
	visited := 0
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if visited++; visited > datasetsVisit || len(out) >= datasetsMax {
			return errEnough
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil || e.IsDir() || !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			return nil // unreadable entries, pipes, devices skipped; directories walked (links to them are not)
		}
		if e.Type().IsRegular() && !isSQLite(p) {
			return nil // cheap first: most files in a directory are not SQLite
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		full, err := sqlitePathIn(dir, rel, forbidden)
		if err != nil || !isSQLite(full) {
			return nil
		}
		st, err := os.Stat(full)
		if err != nil {
			return nil
		}
		out = append(out, api.DatasetFile{Name: rel, Path: rel, Size: st.Size(), Modified: st.ModTime().UTC()})
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("list datasets: %w", err)
	}
	slices.SortFunc(out, func(a, b api.DatasetFile) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// isSQLite reports whether the file at p starts with the SQLite header.
func isSQLite(p string) bool {
	// Non-blocking, so that a pipe swapped in after the check cannot
	// hold the request.
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, sqliteHeader)
}
