// Copyright 2016 The G3N Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
// Modified for Gobi: a plain scanner in place of g3n's regular expression.

package g3nrender

import (
	"fmt"
	"strconv"
	"strings"
)

// indexParameter is replaced by the copy's index in a repeated include.
const indexParameter = "{i}"

// expandIncludes replaces each `#include <name> [COUNT]` directive in
// source by the chunk includes[name], expanded the same way. With a
// COUNT (a name in defines), the chunk is repeated that many times with
// "{i}" replaced by 0, 1, …, or dropped when COUNT is not defined.
//
// It matches what g3n v0.2.0's regular expression
// `#include\s+<(.*)>\s*(?:\[(.*)]|)` matched: the name runs to the last
// '>' on the line, the white space after it (new lines included) is part
// of the directive, and so is a bracketed count on the following text
// up to the last ']' on that line. It does so without package regexp,
// which added about 260 kB to the WebAssembly module.
func expandIncludes(source string, includes, defines map[string]string) (string, error) {
	var b strings.Builder
	rest := source
	for {
		i := strings.Index(rest, "#include")
		if i < 0 {
			break
		}
		name, count, n, ok := directive(rest[i+len("#include"):])
		if !ok {
			b.WriteString(rest[:i+len("#include")])
			rest = rest[i+len("#include"):]
			continue
		}
		b.WriteString(rest[:i])
		rest = rest[i+len("#include")+n:]
		chunk, ok := includes[name]
		if !ok || chunk == "" {
			return "", fmt.Errorf("include <%s> not found", name)
		}
		chunk, err := expandIncludes(chunk, includes, defines)
		if err != nil {
			return "", err
		}
		chunk = "\n" + chunk
		if count != "" {
			text, defined := defines[count]
			if !defined {
				continue
			}
			times, err := strconv.Atoi(text)
			if err != nil {
				return "", fmt.Errorf("include <%s> [%s]: %w", name, count, err)
			}
			if times > 0 {
				var rep strings.Builder
				for k := 0; k < times; k++ {
					rep.WriteString(strings.ReplaceAll(chunk, indexParameter, strconv.Itoa(k)))
				}
				chunk = rep.String()
			}
		}
		b.WriteString(chunk)
	}
	b.WriteString(rest)
	return b.String(), nil
}

// directive reads what follows "#include": white space, <name>, white
// space and an optional [count]. n is how many bytes of s it spans.
func directive(s string) (name, count string, n int, ok bool) {
	i := skipSpace(s, 0)
	if i == 0 || i >= len(s) || s[i] != '<' {
		return "", "", 0, false
	}
	line := lineEnd(s, i)
	gt := strings.LastIndexByte(s[i+1:line], '>')
	if gt < 0 {
		return "", "", 0, false
	}
	name = s[i+1 : i+1+gt]
	n = skipSpace(s, i+1+gt+1)
	if n < len(s) && s[n] == '[' {
		line := lineEnd(s, n)
		if rb := strings.LastIndexByte(s[n+1:line], ']'); rb >= 0 {
			count = s[n+1 : n+1+rb]
			n += 1 + rb + 1
		}
	}
	return name, count, n, true
}

// skipSpace returns the index of the first byte at or after i that is
// not white space as regexp's \s has it (\t \n \f \r and space).
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// lineEnd is the index of the first '\n' at or after i, or len(s).
func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(s)
}
