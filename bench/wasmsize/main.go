// Command wasmsize reports what Gobi's WebAssembly client is made of:
// each Go package's share of the module's code (function bodies, read
// from the module's code and name sections, since `go tool nm` does not
// read wasm files), the data segments, and the gzip -9 size of the
// release build as the server sends it.
//
//	go run ./bench/wasmsize            # the 40 largest packages
//	go run ./bench/wasmsize -top 0 -group 3   # every module path prefix of 3 elements
//
// The module is built twice into a temporary folder: with symbols (for
// the names) and as `make wasm` builds it (-s -w, for the sizes sent).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 40, "packages to list (0: all)")
	group := flag.Int("group", 0, "group packages by their first N path elements (0: by package)")
	pkg := flag.String("pkg", "./wasm", "the main package to build")
	file := flag.String("file", "", "report on this wasm file (built with symbols) instead of building")
	flag.Parse()
	if err := run(*pkg, *file, *top, *group); err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

func run(pkg, file string, top, group int) error {
	var release []byte
	if file == "" {
		dir, err := os.MkdirTemp("", "gobi-wasmsize-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		file = filepath.Join(dir, "sym.wasm")
		if err := build(pkg, file); err != nil {
			return err
		}
		rel := filepath.Join(dir, "app.wasm")
		if err := build(pkg, rel, "-ldflags=-s -w"); err != nil {
			return err
		}
		if release, err = os.ReadFile(rel); err != nil {
			return err
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	m, err := parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	pkgs, err := deps(pkg)
	if err != nil {
		return err
	}
	sizes := map[string]int{}
	for name, n := range m.funcs {
		sizes[groupOf(packageOf(name, pkgs), group)] += n
	}
	type row struct {
		name string
		size int
	}
	var rows []row
	code := 0
	for k, v := range sizes {
		rows = append(rows, row{k, v})
		code += v
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].size != rows[j].size {
			return rows[i].size > rows[j].size
		}
		return rows[i].name < rows[j].name
	})
	fmt.Printf("%-60s %10s %6s\n", "package (code: function bodies)", "bytes", "share")
	shown := 0
	for i, r := range rows {
		if top > 0 && i >= top {
			break
		}
		shown += r.size
		fmt.Printf("%-60s %10d %5.1f%%\n", r.name, r.size, pct(r.size, len(b)))
	}
	if rest := code - shown; rest > 0 {
		fmt.Printf("%-60s %10d %5.1f%%\n", fmt.Sprintf("(%d more packages)", len(rows)-top), rest, pct(rest, len(b)))
	}
	fmt.Printf("%-60s %10d %5.1f%%\n", "code, all packages", code, pct(code, len(b)))
	fmt.Printf("%-60s %10d %5.1f%%\n", "data segments (strings, tables, type data, fonts)", m.data, pct(m.data, len(b)))
	fmt.Printf("%-60s %10d\n", "module with symbols", len(b))
	if release != nil {
		gz, err := gzipped(release)
		if err != nil {
			return err
		}
		fmt.Printf("release module (-s -w): %d bytes raw, %d bytes gzip -9 (%.2f MB; limit 4 MB)\n", len(release), gz, float64(gz)/(1<<20))
	}
	return nil
}

func pct(n, total int) float64 { return 100 * float64(n) / float64(total) }

func build(pkg, out string, flags ...string) error {
	args := append([]string{"build", "-trimpath", "-o", out}, flags...)
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

func gzipped(b []byte) (int, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

// mangle spells a package path as the wasm name section does.
var mangle = strings.NewReplacer("/", "_", "-", "_", "~", "_")

// deps maps each package the main package pkg imports (and pkg itself,
// as "main") by its name as the wasm name section spells it: the path
// with "/" and "-" as "_".
func deps(pkg string) (map[string]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if eq .Name \"main\"}}main{{else}}{{.ImportPath}}{{end}}", pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s: %w", pkg, err)
	}
	m := map[string]string{}
	for _, p := range strings.Fields(string(out)) {
		m[mangle.Replace(p)] = p
	}
	return m, nil
}

// packageOf is the package path of a function's name in the wasm name
// section, where "/" and "-" are "_" and "(*T)" is "__T_":
// "github.com_g3n_engine_gui.__Panel_.Render" → "github.com/g3n/engine/gui".
// The longest known package name followed by "." wins; runtime helpers
// without one are grouped by their first word.
func packageOf(sym string, pkgs map[string]string) string {
	for i := len(sym) - 1; i > 0; i-- {
		if sym[i] != '.' {
			continue
		}
		if p, ok := pkgs[sym[:i]]; ok {
			return p
		}
	}
	if i := strings.IndexAny(sym, "._"); i > 0 {
		return "(" + sym[:i] + ")"
	}
	return "(" + sym + ")"
}

// groupOf cuts a package path to its first n elements (n ≤ 0: as is).
func groupOf(pkg string, n int) string {
	if n <= 0 {
		return pkg
	}
	parts := strings.Split(pkg, "/")
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, "/")
}

// module is what the report needs from a wasm binary.
type module struct {
	// funcs maps a defined function's name to its body's size in bytes.
	funcs map[string]int
	// data is the size of the data section.
	data int
}

// parse reads the sections of a wasm binary: the number of imported
// functions (import section), the function bodies' sizes (code section)
// and their names (the "name" custom section, subsection 1).
func parse(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	r := &reader{b: b, off: 8}
	var imported int
	var bodies []int
	names := map[int]string{}
	m := &module{funcs: map[string]int{}}
	for r.off < len(b) {
		id := r.byte()
		n := int(r.uleb())
		if r.err != nil || r.off+n > len(b) {
			return nil, errors.New("truncated section")
		}
		sec := &reader{b: b[:r.off+n], off: r.off}
		switch id {
		case 2: // imports
			count := int(sec.uleb())
			for i := 0; i < count && sec.err == nil; i++ {
				sec.name()
				sec.name()
				switch kind := sec.byte(); kind {
				case 0: // function: type index
					sec.uleb()
					imported++
				case 1: // table: elem type, limits
					sec.byte()
					sec.limits()
				case 2: // memory
					sec.limits()
				case 3: // global: type, mutability
					sec.byte()
					sec.byte()
				default:
					return nil, fmt.Errorf("unknown import kind %d", kind)
				}
			}
		case 10: // code
			count := int(sec.uleb())
			for i := 0; i < count && sec.err == nil; i++ {
				size := int(sec.uleb())
				bodies = append(bodies, size)
				sec.off += size
			}
		case 11: // data
			m.data = n
		case 0: // custom
			if sec.name() == "name" {
				for sec.off < len(sec.b) && sec.err == nil {
					sub := sec.byte()
					size := int(sec.uleb())
					end := sec.off + size
					if sub == 1 {
						count := int(sec.uleb())
						for i := 0; i < count && sec.err == nil; i++ {
							idx := int(sec.uleb())
							names[idx] = sec.name()
						}
					}
					sec.off = end
				}
			}
		}
		if sec.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, sec.err)
		}
		r.off += n
	}
	if len(names) == 0 {
		return nil, errors.New("no function names: build without -ldflags=-s")
	}
	for i, size := range bodies {
		name, ok := names[imported+i]
		if !ok {
			name = "(unnamed)"
		}
		m.funcs[name] += size
	}
	return m, nil
}

// reader decodes the LEB128 integers and names of a wasm binary.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) byte() byte {
	if r.off >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) uleb() uint64 {
	if r.off >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = errors.New("bad integer")
		return 0
	}
	r.off += n
	return v
}

func (r *reader) name() string {
	n := int(r.uleb())
	if r.err != nil || r.off+n > len(r.b) {
		r.err = errors.New("bad name")
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}

func (r *reader) limits() {
	if flags := r.byte(); flags&1 != 0 {
		r.uleb()
		r.uleb()
		return
	}
	r.uleb()
}
