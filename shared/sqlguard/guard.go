package sqlguard

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqllex"
)

// Error is a refusal. Pos is a byte offset into the query; Line and Col
// (1-based, Col in characters) locate the offending token so that the
// editor can underline it. Message is written for the person who typed
// the query.
type Error struct {
	Pos     int
	Line    int
	Col     int
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Check returns nil if src is a single read-only query in dialect d, and
// an *Error saying why not otherwise.
func Check(src string, d api.Dialect) error {
	if err, _ := check(src, d, sqllex.Options{}); err != nil {
		return err
	}
	if !strings.Contains(src, `\`) {
		return nil // the other readings differ only in backslashes
	}
	for _, r := range readings[d] {
		err, lexical := check(src, d, r.opt)
		if err == nil || lexical {
			continue // a lexical error there is a syntax error on such a server
		}
		err.Message += " (" + r.when + ")"
		return err
	}
	return nil
}

// reading is a server setting under which the same text lexes differently.
type reading struct {
	opt  sqllex.Options
	when string
}

var readings = map[api.Dialect][]reading{
	api.MySQL: {
		{sqllex.Options{NoBackslashEscapes: true}, "when the server runs with sql_mode NO_BACKSLASH_ESCAPES"},
		{sqllex.Options{ANSIQuotes: true}, "when the server runs with sql_mode ANSI_QUOTES"},
	},
	api.Postgres: {
		{sqllex.Options{NonStandardStrings: true}, "when the server runs with standard_conforming_strings = off"},
	},
}

// check applies the rules under one reading; lexical reports that the
// refusal came from the lexer.
func check(src string, d api.Dialect, opt sqllex.Options) (err *Error, lexical bool) {
	toks, lexErr := sqllex.TokenizeWith(src, d, opt)
	if lexErr != nil {
		var le *sqllex.Error
		if errors.As(lexErr, &le) {
			return &Error{Pos: le.Pos, Line: le.Line, Col: le.Col, Message: le.Message}, true
		}
		return &Error{Line: 1, Col: 1, Message: lexErr.Error()}, true
	}
	sig := toks[:0] // filter in place: toks is ours
	for _, t := range toks {
		switch t.Kind {
		case sqllex.ExecComment:
			return refuse(t, "MySQL executable comments /*! … */ are not allowed"), false
		case sqllex.Space, sqllex.Comment:
			continue
		}
		sig = append(sig, t)
	}
	if len(sig) == 0 || isPunct(sig[0], ";") {
		if len(sig) > 0 {
			return refuse(sig[0], "empty query"), false
		}
		return &Error{Line: 1, Col: 1, Message: "empty query"}, false
	}
	end := len(sig)
	for i, t := range sig {
		if isPunct(t, ";") {
			end = i
			break
		}
	}
	s := &statement{d: d, toks: sig[:end]}
	// The first statement's start is judged before the semicolon, so that
	// CREATE TRIGGER … BEGIN …; END is refused for CREATE.
	if err := s.checkStart(); err != nil {
		return err, false
	}
	if end+1 < len(sig) {
		n := sig[end+1]
		return refuse(n, fmt.Sprintf("only one statement is allowed; a second statement starts at line %d, column %d", n.Line, n.Col)), false
	}
	return s.checkWords(), false
}

func refuse(t sqllex.Token, msg string) *Error {
	return &Error{Pos: t.Pos, Line: t.Line, Col: t.Col, Message: msg}
}

func isPunct(t sqllex.Token, p string) bool { return t.Kind == sqllex.Punct && t.Text == p }

// statement is the significant tokens of the one statement, without its
// trailing semicolon.
type statement struct {
	d       api.Dialect
	toks    []sqllex.Token
	with    bool // the query is a WITH query, so DML words are CTEs
	explain bool
}

// tok returns the i-th token, or a zero token past the end.
func (s *statement) tok(i int) sqllex.Token {
	if i >= 0 && i < len(s.toks) {
		return s.toks[i]
	}
	return sqllex.Token{}
}

// isQuery reports whether t starts a query that EXPLAIN or parentheses may
// wrap, recording whether it is a WITH query.
func (s *statement) isQuery(t sqllex.Token) bool {
	switch {
	case t.Is("SELECT"), t.Is("VALUES"):
		return true
	case t.Is("WITH"):
		s.with = true
		return true
	case t.Is("TABLE"):
		return s.d == api.Postgres
	}
	return false
}

func (s *statement) allowed() string {
	if s.d == api.Postgres {
		return "SELECT, WITH, VALUES, TABLE and EXPLAIN"
	}
	return "SELECT, WITH, VALUES and EXPLAIN"
}

// checkStart applies the allow-list of statement starts.
func (s *statement) checkStart() *Error {
	j := 0
	for j < len(s.toks) && isPunct(s.toks[j], "(") {
		j++
	}
	if j == len(s.toks) {
		return refuse(s.toks[0], fmt.Sprintf("expected a query; only %s queries are allowed", s.allowed()))
	}
	first := s.toks[j]
	if s.isQuery(first) {
		return nil
	}
	if first.Is("EXPLAIN") && j == 0 {
		s.explain = true
		return s.checkExplain(1)
	}
	if msg := s.deniedWord(j); msg != "" {
		return refuse(first, msg)
	}
	return refuse(first, fmt.Sprintf("only %s queries are allowed; this statement starts with %s", s.allowed(), describe(first)))
}

const explainAnalyze = "EXPLAIN ANALYZE is not allowed: it runs the statement"

// isAnalyze matches ANALYZE in an EXPLAIN option list, where PostgreSQL
// also accepts the quoted identifier "analyze", and U&"…" forms whose
// escapes we do not decode.
func isAnalyze(t sqllex.Token) bool {
	if t.Kind == sqllex.QuotedIdent {
		if t.Text[0] == 'u' || t.Text[0] == 'U' {
			return true
		}
		n := strings.ToLower(t.Name())
		return n == "analyze" || n == "analyse"
	}
	return t.Is("ANALYZE") || t.Is("ANALYSE")
}

// checkExplain skips EXPLAIN's options (refusing ANALYZE in any form)
// and requires a query after them.
func (s *statement) checkExplain(k int) *Error {
	if s.d == api.Postgres && isPunct(s.tok(k), "(") {
		for depth := 0; k < len(s.toks); k++ {
			t := s.toks[k]
			if isAnalyze(t) {
				return refuse(t, explainAnalyze)
			}
			if isPunct(t, "(") {
				depth++
			} else if isPunct(t, ")") {
				if depth--; depth == 0 {
					k++
					break
				}
			}
		}
	}
options:
	for k < len(s.toks) {
		t := s.toks[k]
		switch {
		case t.Is("ANALYZE"), t.Is("ANALYSE"):
			return refuse(t, explainAnalyze)
		case t.Is("VERBOSE"), t.Is("EXTENDED"), t.Is("PARTITIONS"), t.Is("QUERY"), t.Is("PLAN"):
			k++
		case t.Is("FORMAT"):
			k++
			if s.tok(k).Text == "=" {
				k++
			}
			if s.tok(k).IsWord() && !s.isQuery(s.tok(k)) {
				k++
			}
		default:
			break options
		}
	}
	j := k
	for j < len(s.toks) && isPunct(s.toks[j], "(") {
		j++
	}
	if j == len(s.toks) {
		return refuse(s.toks[len(s.toks)-1], "EXPLAIN needs a query to explain")
	}
	if t := s.toks[j]; !s.isQuery(t) {
		return refuse(t, fmt.Sprintf("EXPLAIN is only allowed for SELECT, WITH and VALUES queries; found %s", describe(t)))
	}
	return nil
}

// checkWords applies the deny-lists of words and functions to every token.
func (s *statement) checkWords() *Error {
	for i, t := range s.toks {
		var name string
		switch t.Kind {
		case sqllex.Keyword, sqllex.Ident:
			if !s.qualified(i) {
				if msg := s.deniedWord(i); msg != "" {
					return refuse(t, msg)
				}
			}
			name = t.Text
		case sqllex.QuotedIdent:
			name = t.Name()
			if s.d == api.Postgres && (t.Text[0] == 'u' || t.Text[0] == 'U') {
				if n := s.tok(i + 1); isPunct(n, "(") || n.Is("UESCAPE") {
					return refuse(t, `Unicode-escaped identifiers (U&"…") cannot name a function`)
				}
			}
		default:
			continue
		}
		if !isPunct(s.tok(i+1), "(") {
			continue
		}
		lower := strings.ToLower(name)
		why := deniedFunc(s.d, lower)
		if why == "" && isPunct(s.tok(i-1), ".") {
			why = deniedQualifiedFunc(s.d, s.tok(i-2).Name(), lower)
		}
		if why != "" {
			return refuse(t, fmt.Sprintf("function %s is not allowed: it %s", name, why))
		}
	}
	return nil
}

// qualified reports whether the word at i follows "name." and so is a
// column or table name, never a keyword.
func (s *statement) qualified(i int) bool {
	if !isPunct(s.tok(i-1), ".") {
		return false
	}
	p := s.tok(i - 2)
	switch p.Kind {
	case sqllex.Ident, sqllex.Keyword, sqllex.QuotedIdent:
		return true
	}
	return isPunct(p, ")") || isPunct(p, "]")
}

// describe names a token in a message.
func describe(t sqllex.Token) string {
	if t.IsWord() {
		return t.Upper()
	}
	text := []rune(t.Text)
	if len(text) > 20 {
		text = append(text[:20], '…')
	}
	return fmt.Sprintf("%q", string(text))
}
