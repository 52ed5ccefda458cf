package readonly

import (
	"fmt"
	"strings"
)

// sqliteQueryKeywords are the words a SQLite statement may start with.
// Everything that writes is also refused by the authorizer and query_only;
// this list additionally refuses statements those never see, such as
// DROP TABLE IF EXISTS on a missing table, which compiles to a no-op.
var sqliteQueryKeywords = map[string]bool{
	"SELECT": true, "WITH": true, "VALUES": true, "EXPLAIN": true, "PRAGMA": true,
}

// sqliteStatement checks that src is exactly one SQLite statement that
// starts like a query and returns it without the trailing semicolons,
// comments and space, so that the driver compiles one statement only. The
// modernc driver runs every statement of a script, which would let
// "SELECT 1; PRAGMA query_only = 0; …" through were it not for this check.
//
// The scanner follows SQLite's own tokenizer (tokenize.c) for everything
// that can hide a semicolon: quoted strings and identifiers with doubled
// quotes, [bracketed] identifiers, -- and /* */ comments, and variables,
// whose Tcl form "$name(…)" may contain quotes. When in doubt it refuses.
func sqliteStatement(src string) (string, error) {
	if strings.IndexByte(src, 0) >= 0 {
		return "", fmt.Errorf("%w: the statement contains a NUL byte", ErrStatement)
	}
	var (
		first string // first keyword, upper-cased
		end   = -1   // end of the first statement's last token
		i     = 0
	)
	for i < len(src) {
		c := src[i]
		switch {
		case isSQLiteSpace(c):
			i++
			continue
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				i = len(src)
			} else {
				i += j + 1
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				i = len(src)
			} else {
				i += j + 4
			}
			continue
		case c == ';':
			if end < 0 {
				return "", fmt.Errorf("%w: the statement is empty", ErrStatement)
			}
			// Only space, comments and further semicolons may follow.
			if !sqliteTrivia(src[i+1:]) {
				return "", fmt.Errorf("%w: only one statement may run at a time", ErrStatement)
			}
			return src[:end], nil
		}
		j, word, err := sqliteToken(src, i)
		if err != nil {
			return "", err
		}
		if end < 0 {
			first = strings.ToUpper(word)
			if !sqliteQueryKeywords[first] {
				return "", fmt.Errorf("%w: only queries may run (SELECT, WITH, VALUES, EXPLAIN or a schema PRAGMA)", ErrStatement)
			}
		}
		i, end = j, j
	}
	if end < 0 {
		return "", fmt.Errorf("%w: the statement is empty", ErrStatement)
	}
	return src[:end], nil
}

// sqliteTrivia reports whether s holds nothing but space, comments and
// semicolons.
func sqliteTrivia(s string) bool {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case isSQLiteSpace(c) || c == ';':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return true
			}
			i += j + 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return true
			}
			i += j + 4
		default:
			return false
		}
	}
	return true
}

// sqliteToken scans the token at src[i], which is not space, a comment or a
// semicolon, and returns where it ends; word is the token's text when it is
// an identifier or keyword.
func sqliteToken(src string, i int) (end int, word string, err error) {
	c := src[i]
	switch {
	case c == '\'' || c == '"' || c == '`':
		for j := i + 1; j < len(src); j++ {
			if src[j] == c {
				if j+1 < len(src) && src[j+1] == c {
					j++
					continue
				}
				return j + 1, "", nil
			}
		}
		return 0, "", fmt.Errorf("%w: unterminated quoted text", ErrStatement)
	case c == '[':
		j := strings.IndexByte(src[i:], ']')
		if j < 0 {
			return 0, "", fmt.Errorf("%w: unterminated [identifier]", ErrStatement)
		}
		return i + j + 1, "", nil
	case c == '$' || c == '@' || c == ':' || c == '#':
		return sqliteVariable(src, i)
	case isSQLiteIDChar(c):
		j := i + 1
		for j < len(src) && isSQLiteIDChar(src[j]) {
			j++
		}
		return j, src[i:j], nil
	}
	return i + 1, "", nil
}

// sqliteVariable scans a $, @, : or # parameter the way SQLite does,
// including the Tcl forms "$a::b" and "$a(anything but space)".
func sqliteVariable(src string, i int) (int, string, error) {
	n := 0
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case isSQLiteIDChar(c):
			n++
			j++
		case c == '(' && n > 0:
			for j++; j < len(src) && !isSQLiteSpace(src[j]) && src[j] != ')'; j++ {
			}
			if j < len(src) && src[j] == ')' {
				return j + 1, "", nil
			}
			return 0, "", fmt.Errorf("%w: malformed parameter", ErrStatement)
		case c == ':' && j+1 < len(src) && src[j+1] == ':':
			j += 2
		default:
			if n == 0 {
				return i + 1, "", nil
			}
			return j, "", nil
		}
	}
	return j, "", nil
}

func isSQLiteSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// isSQLiteIDChar matches SQLite's IdChar: letters, digits, '_', '$' and
// every byte of a multi-byte UTF-8 character.
func isSQLiteIDChar(c byte) bool {
	return c >= 0x80 || c == '_' || c == '$' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
