package sqllex

import (
	"strconv"
	"strings"
)

// Kind classifies a token.
type Kind uint8

// The token kinds. Space and Comment carry no meaning for the database;
// ExecComment does, because MySQL runs the SQL inside /*! … */.
const (
	Space       Kind = iota + 1 // whitespace and control characters
	Comment                     // -- …, # … (MySQL), /* … */
	ExecComment                 // MySQL /*! … */, /*!50000 … */ and MariaDB /*M! … */
	Keyword                     // a bare word that is a SQL keyword
	Ident                       // any other bare word
	QuotedIdent                 // "x", `x` (MySQL, SQLite), [x] (SQLite), U&"x" (PostgreSQL)
	String                      // '…', E'…', $tag$…$tag$, X'…', B'…', N'…', MySQL "…"
	Number                      // 42, 1.5e3, .5, 0x1F
	Param                       // a Gobi named parameter, :name
	Placeholder                 // a driver placeholder: ?, ?3, $1, SQLite @x and $x
	Variable                    // a MySQL user or system variable: @x, @@x
	Operator                    // = <> :: || and any byte no other kind claims
	Punct                       // ; , ( ) . [ ] { }
)

var kindNames = [...]string{
	Space:       "Space",
	Comment:     "Comment",
	ExecComment: "ExecComment",
	Keyword:     "Keyword",
	Ident:       "Ident",
	QuotedIdent: "QuotedIdent",
	String:      "String",
	Number:      "Number",
	Param:       "Param",
	Placeholder: "Placeholder",
	Variable:    "Variable",
	Operator:    "Operator",
	Punct:       "Punct",
}

// String returns the kind's name, for test output and debugging.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Token is one lexical unit of SQL text. Text is the exact slice of the
// input, so tokens can be pasted back together or rewritten one at a time.
// Pos is a byte offset; Line and Col are 1-based, Col counting characters
// (runes), which is what an editor shows.
type Token struct {
	Kind Kind
	Text string
	Pos  int
	Line int
	Col  int
}

// Upper returns the token text in upper case. Keywords are compared with
// it, because SQL keywords are case-insensitive.
func (t Token) Upper() string { return strings.ToUpper(t.Text) }

// IsWord reports whether t is a bare word (keyword or identifier); only
// bare words can be keywords to the database.
func (t Token) IsWord() bool { return t.Kind == Keyword || t.Kind == Ident }

// Significant reports whether the database gives the token any meaning,
// that is, whether it is neither whitespace nor an ordinary comment.
// Executable comments are significant.
func (t Token) Significant() bool { return t.Kind != Space && t.Kind != Comment }

// Is reports whether t is a bare word equal to word, ignoring case; word
// must be upper case. It does not allocate.
func (t Token) Is(word string) bool {
	if !t.IsWord() || len(t.Text) != len(word) {
		return false
	}
	for i := 0; i < len(word); i++ {
		c := t.Text[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}

// Name returns the name a word, quoted identifier or named parameter
// denotes: the text of a bare word, a quoted identifier without its quotes
// (doubled quotes undoubled), a parameter without its colon. PostgreSQL
// U&"…" escapes are not decoded. Other kinds return Text.
func (t Token) Name() string {
	switch t.Kind {
	case Param:
		if t.Text == "" {
			return ""
		}
		return t.Text[1:]
	case QuotedIdent:
		s := t.Text
		if len(s) >= 2 && (s[0] == 'u' || s[0] == 'U') && s[1] == '&' {
			s = s[2:]
		}
		if len(s) < 2 {
			return s
		}
		open, body := s[0], s[1:len(s)-1]
		if open == '[' {
			return body
		}
		q := string(open)
		return strings.ReplaceAll(body, q+q, q)
	}
	return t.Text
}

// Error reports SQL text that cannot be tokenized: an unterminated string,
// quoted identifier or comment. Pos, Line and Col locate where the
// unterminated construct starts, so an editor can underline it.
type Error struct {
	Pos     int
	Line    int
	Col     int
	Message string
}

// Error returns the message, which already names the position.
func (e *Error) Error() string { return e.Message }
