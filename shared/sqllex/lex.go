package sqllex

import (
	"fmt"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
)

// Options describes server settings that change where strings end. The
// defaults are each server's defaults; the read-only guard also lexes
// with the alternatives, so that a query is judged safe only if it is safe
// however the server is configured.
type Options struct {
	// NoBackslashEscapes is MySQL's NO_BACKSLASH_ESCAPES sql_mode: a
	// backslash in a string is an ordinary character.
	NoBackslashEscapes bool
	// ANSIQuotes is MySQL's ANSI_QUOTES sql_mode: "x" is a quoted
	// identifier rather than a string.
	ANSIQuotes bool
	// NonStandardStrings is PostgreSQL's standard_conforming_strings = off:
	// a backslash escapes the next character in '…' strings too.
	NonStandardStrings bool
}

// Tokenize splits src into tokens for dialect d with the server's default
// settings. On error it returns the tokens before the faulty one and an
// *Error.
func Tokenize(src string, d api.Dialect) ([]Token, error) {
	return TokenizeWith(src, d, Options{})
}

// TokenizeWith is Tokenize for a server configured as opt says.
func TokenizeWith(src string, d api.Dialect, opt Options) ([]Token, error) {
	if !d.Valid() {
		return nil, &Error{Line: 1, Col: 1, Message: fmt.Sprintf("unknown SQL dialect %q", d)}
	}
	l := lexer{src: src, d: d, opt: opt, line: 1, col: 1}
	l.toks = make([]Token, 0, min(len(src)/6, 4096)+8) // ~6 bytes a token in typical SQL; append grows it

	for l.pos < len(src) {
		l.start = l.pos
		kind, err := l.next()
		if err != nil {
			return l.toks, err
		}
		l.emit(kind)
	}
	return l.toks, nil
}

type lexer struct {
	src        string
	d          api.Dialect
	opt        Options
	start, pos int // current token is src[start:pos]
	line, col  int // of start
	toks       []Token
}

// at returns src[i], or 0 past the end, so look-ahead needs no bounds checks.
func (l *lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

func (l *lexer) emit(kind Kind) {
	text := l.src[l.start:l.pos]
	l.toks = append(l.toks, Token{Kind: kind, Text: text, Pos: l.start, Line: l.line, Col: l.col})
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			l.line++
			l.col = 1
		} else if c&0xC0 != 0x80 { // count runes, not UTF-8 continuation bytes
			l.col++
		}
	}
}

func (l *lexer) fail(what string) *Error {
	l.pos = len(l.src)
	return &Error{
		Pos:     l.start,
		Line:    l.line,
		Col:     l.col,
		Message: fmt.Sprintf("%s starting at line %d, column %d", what, l.line, l.col),
	}
}

// next scans one token starting at l.start and returns its kind.
func (l *lexer) next() (Kind, *Error) {
	c, n := l.src[l.start], l.at(l.start+1)
	switch {
	case isSpace(c):
		l.pos++
		for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
			l.pos++
		}
		return Space, nil
	case c == '-' && n == '-' && l.dashComment():
		l.lineComment()
		return Comment, nil
	case c == '#' && l.d == api.MySQL:
		l.lineComment()
		return Comment, nil
	case c == '/' && n == '*':
		return l.blockComment()
	case c == '\'':
		return l.quoted('\'', l.plainBackslash(), String, "unterminated string literal")
	case c == '"':
		if l.d == api.MySQL && !l.opt.ANSIQuotes {
			return l.quoted('"', !l.opt.NoBackslashEscapes, String, "unterminated string literal")
		}
		return l.quoted('"', false, QuotedIdent, "unterminated quoted identifier")
	case c == '`' && l.d != api.Postgres:
		return l.quoted('`', false, QuotedIdent, "unterminated quoted identifier")
	case c == '[' && l.d == api.SQLite:
		j := strings.IndexByte(l.src[l.start+1:], ']')
		if j < 0 {
			return 0, l.fail("unterminated quoted identifier [")
		}
		l.pos = l.start + 1 + j + 1
		return QuotedIdent, nil
	case isDigit(c) || (c == '.' && isDigit(n)):
		l.number()
		return Number, nil
	case l.d == api.SQLite && (c == '$' || c == ':' || c == '@' || c == '#') && isIdentChar(n):
		return l.sqliteVariable(c)
	case c == '$' && l.d != api.MySQL:
		return l.dollar()
	case c == ':':
		return l.colon(), nil
	case c == '?' && l.d != api.Postgres:
		l.pos++
		for l.d == api.SQLite && isDigit(l.at(l.pos)) {
			l.pos++
		}
		return Placeholder, nil
	case c == '@' && l.d == api.MySQL:
		return l.variable()
	case (c == '@' || c == '#') && l.d == api.SQLite && isIdentChar(n):
		l.pos++
		l.identChars()
		return Placeholder, nil
	case isIdentStart(c) || (c == '$' && l.d == api.MySQL):
		return l.word()
	case isPunct(c):
		l.pos++
		return Punct, nil
	}
	l.operator()
	return Operator, nil
}

// dashComment reports whether "--" at l.start opens a comment. MySQL
// requires whitespace or a control character after it: "1--1" is 1 - -1.
func (l *lexer) dashComment() bool {
	if l.d != api.MySQL {
		return true
	}
	c := l.at(l.start + 2)
	return l.start+2 >= len(l.src) || c <= ' ' || c == 0x7f
}

// lineComment ends the comment before the newline, which is left as Space.
// PostgreSQL also ends it at a carriage return; MySQL and SQLite do not.
func (l *lexer) lineComment() {
	rest := l.src[l.start:]
	j := -1
	if l.d == api.Postgres {
		j = strings.IndexAny(rest, "\r\n")
	} else {
		j = strings.IndexByte(rest, '\n')
	}
	if j < 0 {
		l.pos = len(l.src)
		return
	}
	l.pos = l.start + j
}

// blockComment scans /* … */: nested in PostgreSQL, and executable in
// MySQL when it starts /*! or (MariaDB) /*M!.
func (l *lexer) blockComment() (Kind, *Error) {
	src, i := l.src, l.start+2
	if l.d == api.Postgres {
		for depth := 1; i < len(src); {
			switch {
			case src[i] == '*' && l.at(i+1) == '/':
				i += 2
				if depth--; depth == 0 {
					l.pos = i
					return Comment, nil
				}
			case src[i] == '/' && l.at(i+1) == '*':
				depth++
				i += 2
			default:
				i++
			}
		}
		return 0, l.fail("unterminated block comment /*")
	}
	kind := Comment
	if l.d == api.MySQL && (l.at(i) == '!' || (l.at(i) == 'M' && l.at(i+1) == '!')) {
		kind = ExecComment
	}
	j := strings.Index(src[i:], "*/")
	if j < 0 {
		if kind == ExecComment {
			return 0, l.fail("unterminated executable comment /*!")
		}
		return 0, l.fail("unterminated block comment /*")
	}
	l.pos = i + j + 2
	return kind, nil
}

// plainBackslash reports whether a backslash escapes in a plain '…' string.
func (l *lexer) plainBackslash() bool {
	switch l.d {
	case api.MySQL:
		return !l.opt.NoBackslashEscapes
	case api.Postgres:
		return l.opt.NonStandardStrings
	}
	return false
}

// quoted scans a run quoted by q starting at l.pos, where a doubled q
// stands for itself and, if backslash, a backslash escapes the next byte.
func (l *lexer) quoted(q byte, backslash bool, kind Kind, unterminated string) (Kind, *Error) {
	src, i := l.src, l.pos+1
	for {
		var j int
		if backslash {
			j = indexEither(src[i:], q, '\\')
		} else {
			j = strings.IndexByte(src[i:], q)
		}
		if j < 0 {
			return 0, l.fail(unterminated)
		}
		i += j
		switch {
		case src[i] == '\\':
			i += 2
		case l.at(i+1) == q:
			i += 2
		default:
			l.pos = i + 1
			return kind, nil
		}
		if i >= len(src) {
			return 0, l.fail(unterminated)
		}
	}
}

func indexEither(s string, a, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == a || s[i] == b {
			return i
		}
	}
	return -1
}

// number scans 42, 1.5, .5, 1e-3, 0x1F, 0b101 (MySQL, PostgreSQL 16) and
// 0o17, 1_000 (PostgreSQL 16). Trailing letters are left for the next
// token: splitting more finely than the server only makes the guard
// stricter.
func (l *lexer) number() {
	i := l.start
	if l.src[i] == '0' {
		switch x := l.at(i+1) | 0x20; {
		case x == 'x' && isHex(l.at(i+2)):
			l.pos = l.run(i+2, isHex)
			return
		case x == 'b' && l.d != api.SQLite && isBin(l.at(i+2)):
			l.pos = l.run(i+2, isBin)
			return
		case x == 'o' && l.d == api.Postgres && isOct(l.at(i+2)):
			l.pos = l.run(i+2, isOct)
			return
		}
	}
	i = l.run(i, isDigit)
	if l.at(i) == '.' && !(l.d == api.Postgres && l.at(i+1) == '.') {
		i = l.run(i+1, isDigit)
	}
	if l.at(i)|0x20 == 'e' {
		j := i + 1
		if c := l.at(j); c == '+' || c == '-' {
			j++
		}
		if isDigit(l.at(j)) {
			i = l.run(j, isDigit)
		}
	}
	l.pos = i
}

// run returns the end of the run of bytes matching ok from i; PostgreSQL
// also allows underscores between digits.
func (l *lexer) run(i int, ok func(byte) bool) int {
	for i < len(l.src) {
		c := l.src[i]
		if ok(c) || (c == '_' && l.d == api.Postgres && i > l.start && ok(l.at(i+1))) {
			i++
			continue
		}
		break
	}
	return i
}

// dollar scans what starts with $ outside MySQL: a PostgreSQL $1
// placeholder or $tag$…$tag$ string, a SQLite $name parameter.
func (l *lexer) dollar() (Kind, *Error) {
	src, n := l.src, l.at(l.start+1)
	if l.d == api.SQLite {
		l.pos++
		if !isIdentChar(n) {
			return Operator, nil
		}
		l.identChars()
		return Placeholder, nil
	}
	if isDigit(n) {
		l.pos = l.start + 1
		for isDigit(l.at(l.pos)) {
			l.pos++
		}
		return Placeholder, nil
	}
	i := l.start + 1
	if isIdentStart(n) {
		for i++; isIdentStart(l.at(i)) || isDigit(l.at(i)); i++ {
		}
	}
	if l.at(i) != '$' {
		l.pos++
		return Operator, nil
	}
	tag := src[l.start : i+1]
	j := strings.Index(src[i+1:], tag)
	if j < 0 {
		return 0, l.fail("unterminated dollar-quoted string " + tag)
	}
	l.pos = i + 1 + j + len(tag)
	return String, nil
}

// colon scans :name parameters, and the :: cast and := assignment
// operators that must not be mistaken for them.
func (l *lexer) colon() Kind {
	n := l.at(l.start + 1)
	switch {
	case n == ':' || n == '=':
		l.pos += 2
		return Operator
	case isParamStart(n):
		l.pos += 2
		for isParamStart(l.at(l.pos)) || isDigit(l.at(l.pos)) {
			l.pos++
		}
		return Param
	}
	l.pos++
	return Operator
}

// sqliteVariable scans a SQLite variable exactly as SQLite's tokenizer
// does: identifier characters, Tcl "::" namespace separators, and an
// optional "(…)" suffix that runs to the next ')' or whitespace, quotes
// and semicolons included. Reading "$a(')" any other way would let a
// quote hide a second statement. A suffix without its ')' is illegal in
// SQLite, and an error here. A plain :name is a Gobi parameter; every
// other form is a placeholder, which the binder refuses.
func (l *lexer) sqliteVariable(sigil byte) (Kind, *Error) {
	i, plain := l.start+1, true
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case isIdentChar(c):
			i++
			continue
		case c == '(':
			plain = false
			i++
			for i < len(l.src) && !isSpace(l.src[i]) && l.src[i] != ')' {
				i++
			}
			if i >= len(l.src) || l.src[i] != ')' {
				l.pos = i
				return 0, l.fail("SQLite variable with an unclosed '(' suffix")
			}
			i++
		case c == ':' && l.at(i+1) == ':':
			plain = false
			i += 2
			continue
		}
		break
	}
	l.pos = i
	if sigil == ':' && plain {
		return Param, nil
	}
	return Placeholder, nil
}

// variable scans a MySQL @user or @@system variable, including @'quoted'.
func (l *lexer) variable() (Kind, *Error) {
	l.pos = l.start + 1
	if l.at(l.pos) == '@' {
		l.pos++
	}
	switch q := l.at(l.pos); q {
	case '\'', '"', '`':
		if _, err := l.quoted(q, q != '`' && !l.opt.NoBackslashEscapes, Variable, "unterminated quoted variable name"); err != nil {
			return 0, err
		}
		return Variable, nil
	}
	before := l.pos
	l.identChars()
	if l.pos == before {
		return Operator, nil
	}
	return Variable, nil
}

func (l *lexer) identChars() {
	for isIdentChar(l.at(l.pos)) {
		l.pos++
	}
}

// word scans a bare word, or a string literal with a one-letter prefix:
// X'…' and B'…' everywhere, N'…' (MySQL, PostgreSQL), E'…' and U&'…' /
// U&"…" (PostgreSQL).
func (l *lexer) word() (Kind, *Error) {
	c, n := l.src[l.start]|0x20, l.at(l.start+1)
	if n == '\'' {
		backslash, prefixed := false, true
		switch {
		case c == 'x' || c == 'b':
		case c == 'e' && l.d == api.Postgres:
			backslash = true
		case c == 'n' && l.d != api.SQLite:
			backslash = l.plainBackslash()
		default:
			prefixed = false
		}
		if prefixed {
			l.pos = l.start + 1
			return l.quoted('\'', backslash, String, "unterminated string literal")
		}
	}
	if c == 'u' && n == '&' && l.d == api.Postgres {
		switch l.at(l.start + 2) {
		case '\'':
			l.pos = l.start + 2
			return l.quoted('\'', false, String, "unterminated string literal")
		case '"':
			l.pos = l.start + 2
			return l.quoted('"', false, QuotedIdent, "unterminated quoted identifier")
		}
	}
	l.pos = l.start + 1
	l.identChars()
	if isKeyword(l.src[l.start:l.pos]) {
		return Keyword, nil
	}
	return Ident, nil
}

// operator scans an operator. PostgreSQL operators are any run of operator
// characters that does not contain a comment start; elsewhere the known
// multi-byte operators are matched, else one byte.
func (l *lexer) operator() {
	src, i := l.src, l.start
	if l.d == api.Postgres && isPgOp(src[i]) {
		for i++; i < len(src) && isPgOp(src[i]); i++ {
			if (src[i] == '-' && l.at(i+1) == '-') || (src[i] == '/' && l.at(i+1) == '*') {
				break
			}
		}
		l.pos = i
		return
	}
	for _, op := range multiOps {
		if strings.HasPrefix(src[i:], op) {
			l.pos = i + len(op)
			return
		}
	}
	l.pos = i + 1
}

var multiOps = [...]string{"<=>", "->>", "<=", ">=", "<>", "!=", "==", "||", "&&", "<<", ">>", "->"}

func isSpace(c byte) bool      { return c <= ' ' || c == 0x7f }
func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isHex(c byte) bool        { return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'f') }
func isBin(c byte) bool        { return c == '0' || c == '1' }
func isOct(c byte) bool        { return '0' <= c && c <= '7' }
func isLetter(c byte) bool     { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isParamStart(c byte) bool { return isLetter(c) || c == '_' }

// isIdentStart accepts bytes of multi-byte UTF-8 characters, as every
// supported server does.
func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c >= 0x80 }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '$' }

func isPunct(c byte) bool {
	switch c {
	case ';', ',', '(', ')', '.', '[', ']', '{', '}':
		return true
	}
	return false
}

func isPgOp(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
		return true
	}
	return false
}
