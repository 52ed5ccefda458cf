package g3nrender

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/g3n/engine/renderer/shaders"
)

// g3nExpand is g3n v0.2.0's processIncludes, regular expression and all:
// the reference the scanner must match.
func g3nExpand(source string, includes, defines map[string]string) (string, bool) {
	rex := regexp.MustCompile(`#include\s+<(.*)>\s*(?:\[(.*)]|)`)
	matches := rex.FindAllStringSubmatch(source, 100)
	for _, m := range matches {
		inc := includes[m[1]]
		if inc == "" {
			return "", false
		}
		inc, ok := g3nExpand(inc, includes, defines)
		if !ok {
			return "", false
		}
		inc = "\n" + inc
		if m[2] != "" {
			if q, defined := defines[m[2]]; defined {
				n, err := strconv.Atoi(q)
				if err != nil {
					return "", false
				}
				if n > 0 {
					rep := ""
					for i := 0; i < n; i++ {
						rep += strings.ReplaceAll(inc, indexParameter, strconv.Itoa(i))
					}
					inc = rep
				}
			} else {
				inc = ""
			}
		}
		source = strings.ReplaceAll(source, m[0], inc)
	}
	return source, true
}

func TestExpandIncludesMatchesG3n(t *testing.T) {
	includes := map[string]string{}
	for _, name := range shaders.Includes() {
		includes[name] = shaders.IncludeSource(name)
	}
	includes["x"] = "X{i};\n"
	includes["nested"] = "#include <x>\nN;\n"
	defines := map[string]string{"DIR_LIGHTS": "2", "POINT_LIGHTS": "0", "MORPHTARGETS": "3", "THREE": "3", "BAD": "three"}
	cases := map[string]string{
		"plain":            "void main() {}\n",
		"one":              "#include <x>\nmain",
		"trailing spaces":  "#include   <x>   \n\n  main",
		"count":            "a\n#include <x> [THREE]\nb",
		"count zero":       "#include <x> [POINT_LIGHTS]\nb",
		"count undefined":  "#include <x> [NOPE]\nb",
		"count next line":  "#include <x>\n[THREE]\nb",
		"nested":           "#include <nested> [THREE]",
		"twice":            "#include <x>\n#include <x>\n",
		"no space":         "#include<x>\nb",
		"no bracket":       "#include x\nb",
		"unclosed":         "#include <x\nb>",
		"last gt on line":  "#include <x> > y\nb",
		"missing":          "#include <nope>\n",
		"not a number":     "#include <x> [BAD]\n",
		"at end":           "a #include",
		"space only":       "#include ",
		"bracket no close": "#include <x> [THREE\nb]",
	}
	for _, name := range shaders.Shaders() {
		cases["g3n "+name] = shaders.ShaderSource(name)
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			want, wantOK := g3nExpand(src, includes, defines)
			got, err := expandIncludes(src, includes, defines)
			if (err == nil) != wantOK {
				t.Fatalf("error %v, g3n ok %v", err, wantOK)
			}
			if got != want {
				t.Errorf("got\n%q\nwant (g3n)\n%q", got, want)
			}
		})
	}
}
