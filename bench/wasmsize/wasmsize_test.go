package main

import "testing"

func TestPackageOf(t *testing.T) {
	pkgs := map[string]string{}
	for _, p := range []string{"main", "runtime", "encoding/json", "github.com/g3n/engine/gui", "github.com/gobi-bi/gobi/render", "github.com/gobi-bi/gobi/render/plot3d"} {
		pkgs[mangle.Replace(p)] = p
	}
	tests := []struct{ sym, want string }{
		{"runtime.mallocgc", "runtime"},
		{"encoding_json.__decodeState_.object", "encoding/json"},
		{"github.com_g3n_engine_gui.__Panel_.Render", "github.com/g3n/engine/gui"},
		{"github.com_gobi_bi_gobi_render.drawLine", "github.com/gobi-bi/gobi/render"},
		{"github.com_gobi_bi_gobi_render_plot3d.__Model_.buildSurface", "github.com/gobi-bi/gobi/render/plot3d"},
		{"github.com_gobi_bi_gobi_render.sortBy[go.shape.int]", "github.com/gobi-bi/gobi/render"},
		{"main.main", "main"},
		{"type:.eq.foo", "(type:)"},
		{"memeqbody", "(memeqbody)"},
	}
	for _, tc := range tests {
		if got := packageOf(tc.sym, pkgs); got != tc.want {
			t.Errorf("packageOf(%q) = %q, want %q", tc.sym, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	// A module with one imported function and two bodies (3 and 5
	// bytes), named by the name section; and one without names.
	named := []byte("\x00asm\x01\x00\x00\x00" +
		"\x02\x07\x01\x01m\x01f\x00\x00" + // import m.f, function type 0
		"\x0a\x0b\x02\x03abc\x05defgh" + // code: two bodies
		"\x00\x15\x04name\x01\x0e\x02\x01\x04main\x02\x05run.x") // names of functions 1 and 2
	m, err := parse(named)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.funcs) != 2 || m.funcs["main"] != 3 || m.funcs["run.x"] != 5 {
		t.Errorf("funcs %v, want main 3, run.x 5", m.funcs)
	}
	if _, err := parse(named[:len(named)-23]); err == nil {
		t.Error("a module without names: no error")
	}
	if _, err := parse([]byte("not wasm")); err == nil {
		t.Error("not a module: no error")
	}
}
