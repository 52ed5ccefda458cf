package sqllex

import (
	"errors"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

// tk is an expected token; Space tokens are left out of expectations.
type tk struct {
	kind Kind
	text string
}

func nonSpace(toks []Token) []tk {
	var out []tk
	for _, t := range toks {
		if t.Kind != Space {
			out = append(out, tk{t.Kind, t.Text})
		}
	}
	return out
}

func TestTokenizeKinds(t *testing.T) {
	tests := []struct {
		name string
		d    api.Dialect
		src  string
		want []tk
	}{
		{"keywords and idents", api.SQLite, "select Name from t", []tk{
			{Keyword, "select"}, {Ident, "Name"}, {Keyword, "from"}, {Ident, "t"}}},
		{"double-quoted identifier", api.Postgres, `SELECT "a ""b"" c"`, []tk{
			{Keyword, "SELECT"}, {QuotedIdent, `"a ""b"" c"`}}},
		{"sqlite quoted identifiers", api.SQLite, "SELECT `a``b`, [x y], \"z\"", []tk{
			{Keyword, "SELECT"}, {QuotedIdent, "`a``b`"}, {Punct, ","}, {QuotedIdent, "[x y]"},
			{Punct, ","}, {QuotedIdent, `"z"`}}},
		{"mysql backtick", api.MySQL, "SELECT `order`", []tk{{Keyword, "SELECT"}, {QuotedIdent, "`order`"}}},
		{"postgres brackets are array punctuation", api.Postgres, "a[1]", []tk{
			{Ident, "a"}, {Punct, "["}, {Number, "1"}, {Punct, "]"}}},
		{"doubled quote in string", api.SQLite, `'it''s'`, []tk{{String, `'it''s'`}}},
		{"sqlite backslash is ordinary", api.SQLite, `'a\' 'b'`, []tk{{String, `'a\'`}, {String, `'b'`}}},
		{"postgres backslash is ordinary", api.Postgres, `'a\' 'b'`, []tk{{String, `'a\'`}, {String, `'b'`}}},
		{"mysql backslash escape", api.MySQL, `'a\'b' x`, []tk{{String, `'a\'b'`}, {Ident, "x"}}},
		{"mysql double-quoted string", api.MySQL, `"a\"b" "c""d"`, []tk{{String, `"a\"b"`}, {String, `"c""d"`}}},
		{"postgres escape string", api.Postgres, `E'it\'s' e'\\'`, []tk{{String, `E'it\'s'`}, {String, `e'\\'`}}},
		{"postgres dollar quote", api.Postgres, "$$a'b;$$", []tk{{String, "$$a'b;$$"}}},
		{"postgres tagged dollar quote", api.Postgres, "$fn$ $$ $x$ $fn$", []tk{{String, "$fn$ $$ $x$ $fn$"}}},
		{"postgres dollar in identifier", api.Postgres, "a$b$ c", []tk{{Ident, "a$b$"}, {Ident, "c"}}},
		{"hex and bit literals", api.Postgres, `X'1F' b'01'`, []tk{{String, `X'1F'`}, {String, `b'01'`}}},
		{"national string", api.MySQL, `N'x\'y'`, []tk{{String, `N'x\'y'`}}},
		{"unicode string and identifier", api.Postgres, `U&'d\0061t' U&"d!0061t"`, []tk{
			{String, `U&'d\0061t'`}, {QuotedIdent, `U&"d!0061t"`}}},
		{"numbers", api.Postgres, "1 1.5 .5 1e3 1.5E-3 0x1F 0b101 0o17 1_000 1.", []tk{
			{Number, "1"}, {Number, "1.5"}, {Number, ".5"}, {Number, "1e3"}, {Number, "1.5E-3"},
			{Number, "0x1F"}, {Number, "0b101"}, {Number, "0o17"}, {Number, "1_000"}, {Number, "1."}}},
		{"number then word", api.MySQL, "1e 2x", []tk{{Number, "1"}, {Ident, "e"}, {Number, "2"}, {Ident, "x"}}},
		{"named parameter", api.SQLite, "a = :region_1", []tk{{Ident, "a"}, {Operator, "="}, {Param, ":region_1"}}},
		{"postgres cast is not a parameter", api.Postgres, "a::int", []tk{{Ident, "a"}, {Operator, "::"}, {Ident, "int"}}},
		{"assignment is not a parameter", api.MySQL, "@x:=1", []tk{{Variable, "@x"}, {Operator, ":="}, {Number, "1"}}},
		{"lone colon", api.Postgres, "a[1:2]", []tk{{Ident, "a"}, {Punct, "["}, {Number, "1"}, {Operator, ":"}, {Number, "2"}, {Punct, "]"}}},
		{"postgres placeholder", api.Postgres, "$1 + $12", []tk{{Placeholder, "$1"}, {Operator, "+"}, {Placeholder, "$12"}}},
		{"postgres question mark is an operator", api.Postgres, "j ? 'k' AND j ?| a", []tk{
			{Ident, "j"}, {Operator, "?"}, {String, "'k'"}, {Keyword, "AND"}, {Ident, "j"}, {Operator, "?|"}, {Ident, "a"}}},
		{"mysql placeholder", api.MySQL, "a = ?", []tk{{Ident, "a"}, {Operator, "="}, {Placeholder, "?"}}},
		{"sqlite placeholders", api.SQLite, "?1 ? @a $b #c", []tk{
			{Placeholder, "?1"}, {Placeholder, "?"}, {Placeholder, "@a"}, {Placeholder, "$b"}, {Placeholder, "#c"}}},
		{"mysql variables", api.MySQL, "@a @@session.x @'q r'", []tk{
			{Variable, "@a"}, {Variable, "@@session"}, {Punct, "."}, {Ident, "x"}, {Variable, "@'q r'"}}},
		{"operators", api.MySQL, "a<=>b<>c!=d||e->>'$.x'", []tk{
			{Ident, "a"}, {Operator, "<=>"}, {Ident, "b"}, {Operator, "<>"}, {Ident, "c"}, {Operator, "!="},
			{Ident, "d"}, {Operator, "||"}, {Ident, "e"}, {Operator, "->>"}, {String, "'$.x'"}}},
		{"postgres operator run", api.Postgres, "a @> b <-> c", []tk{
			{Ident, "a"}, {Operator, "@>"}, {Ident, "b"}, {Operator, "<->"}, {Ident, "c"}}},
		{"postgres operator stops at comment", api.Postgres, "a+-- c\n", []tk{
			{Ident, "a"}, {Operator, "+"}, {Comment, "-- c"}}},
		{"punctuation", api.SQLite, "f(a.b, c);", []tk{
			{Ident, "f"}, {Punct, "("}, {Ident, "a"}, {Punct, "."}, {Ident, "b"}, {Punct, ","},
			{Ident, "c"}, {Punct, ")"}, {Punct, ";"}}},
		{"line comment", api.SQLite, "1 -- x ; y\n2", []tk{{Number, "1"}, {Comment, "-- x ; y"}, {Number, "2"}}},
		{"postgres line comment ends at CR", api.Postgres, "1 -- x\rDELETE", []tk{
			{Number, "1"}, {Comment, "-- x"}, {Keyword, "DELETE"}}},
		{"mysql line comment runs past CR", api.MySQL, "1 -- x\rDELETE\n2", []tk{
			{Number, "1"}, {Comment, "-- x\rDELETE"}, {Number, "2"}}},
		{"mysql hash comment", api.MySQL, "1 # x\n2", []tk{{Number, "1"}, {Comment, "# x"}, {Number, "2"}}},
		{"mysql double dash needs a space", api.MySQL, "1 --1", []tk{
			{Number, "1"}, {Operator, "-"}, {Operator, "-"}, {Number, "1"}}},
		{"mysql double dash at end", api.MySQL, "1 --", []tk{{Number, "1"}, {Comment, "--"}}},
		{"postgres hash is an operator", api.Postgres, "1 # 2", []tk{{Number, "1"}, {Operator, "#"}, {Number, "2"}}},
		{"block comment", api.SQLite, "1 /* a /* b */ 2", []tk{{Number, "1"}, {Comment, "/* a /* b */"}, {Number, "2"}}},
		{"postgres nested comment", api.Postgres, "1 /* a /* b */ c */ 2", []tk{
			{Number, "1"}, {Comment, "/* a /* b */ c */"}, {Number, "2"}}},
		{"mysql executable comments", api.MySQL, "/*!50000 x */ /*! y */ /*M!100100 z */ /* w */", []tk{
			{ExecComment, "/*!50000 x */"}, {ExecComment, "/*! y */"}, {ExecComment, "/*M!100100 z */"}, {Comment, "/* w */"}}},
		{"bang comment is ordinary outside mysql", api.Postgres, "/*! x */", []tk{{Comment, "/*! x */"}}},
		{"control bytes are space", api.SQLite, "a\x00\x0bb", []tk{{Ident, "a"}, {Ident, "b"}}},
		{"utf-8 identifiers", api.Postgres, "café ünï", []tk{{Ident, "café"}, {Ident, "ünï"}}},
		{"unknown bytes are operators", api.SQLite, `a \ b`, []tk{{Ident, "a"}, {Operator, `\`}, {Ident, "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, err := Tokenize(tt.src, tt.d)
			if err != nil {
				t.Fatalf("Tokenize(%q): %v", tt.src, err)
			}
			got := nonSpace(toks)
			if len(got) != len(tt.want) {
				t.Fatalf("Tokenize(%q)\n got %v\nwant %v", tt.src, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("token %d of %q: got %v %q, want %v %q", i, tt.src, got[i].kind, got[i].text, tt.want[i].kind, tt.want[i].text)
				}
			}
		})
	}
}

func TestTokenizeWithOptions(t *testing.T) {
	tests := []struct {
		name string
		d    api.Dialect
		opt  Options
		src  string
		want []tk
	}{
		{"no backslash escapes", api.MySQL, Options{NoBackslashEscapes: true}, `'a\' 'b'`, []tk{{String, `'a\'`}, {String, `'b'`}}},
		{"ansi quotes", api.MySQL, Options{ANSIQuotes: true}, `"a\" x`, []tk{{QuotedIdent, `"a\"`}, {Ident, "x"}}},
		{"non-standard strings", api.Postgres, Options{NonStandardStrings: true}, `'a\'b'`, []tk{{String, `'a\'b'`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, _ := TokenizeWith(tt.src, tt.d, tt.opt)
			got := nonSpace(toks)
			for i := range tt.want {
				if i >= len(got) || got[i] != tt.want[i] {
					t.Fatalf("TokenizeWith(%q)\n got %v\nwant prefix %v", tt.src, got, tt.want)
				}
			}
		})
	}
}

func TestTokenizePositions(t *testing.T) {
	src := "SELECT 'é',\n  x -- ü\n\t/* a\nb */ :p"
	toks, err := Tokenize(src, api.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{ // text: pos, line, col
		"SELECT":     {0, 1, 1},
		"'é'":        {7, 1, 8},
		",":          {11, 1, 11},
		"x":          {15, 2, 3},
		"-- ü":       {17, 2, 5},
		"/* a\nb */": {24, 3, 2},
		":p":         {34, 4, 6},
		"\n  ":       {12, 1, 12},
		"\n\t":       {22, 2, 9},
	}
	seen := 0
	var b strings.Builder
	for _, tok := range toks {
		b.WriteString(tok.Text)
		w, ok := want[tok.Text]
		if !ok {
			continue
		}
		seen++
		if got := [3]int{tok.Pos, tok.Line, tok.Col}; got != w {
			t.Errorf("%q at pos/line/col %v, want %v", tok.Text, got, w)
		}
	}
	if b.String() != src {
		t.Errorf("tokens do not concatenate back to the input")
	}
	if seen < 9 {
		t.Errorf("only %d of the expected tokens were found", seen)
	}
}

func TestTokenizeErrors(t *testing.T) {
	tests := []struct {
		name      string
		d         api.Dialect
		src       string
		pos       int
		line, col int
		msg       string
	}{
		{"string", api.SQLite, "SELECT 'abc", 7, 1, 8, "unterminated string literal starting at line 1, column 8"},
		{"string ending in doubled quote", api.SQLite, "'a''", 0, 1, 1, "unterminated string literal"},
		{"mysql escaped closing quote", api.MySQL, `SELECT 'a\'`, 7, 1, 8, "unterminated string literal"},
		{"mysql trailing backslash", api.MySQL, `'a\`, 0, 1, 1, "unterminated string literal"},
		{"mysql double-quoted string", api.MySQL, `"abc`, 0, 1, 1, "unterminated string literal"},
		{"postgres escape string", api.Postgres, `E'a\'`, 0, 1, 1, "unterminated string literal"},
		{"quoted identifier", api.Postgres, "SELECT\n  \"abc", 9, 2, 3, "unterminated quoted identifier starting at line 2, column 3"},
		{"backtick identifier", api.MySQL, "`abc", 0, 1, 1, "unterminated quoted identifier"},
		{"bracket identifier", api.SQLite, "[abc", 0, 1, 1, "unterminated quoted identifier ["},
		{"block comment", api.SQLite, "SELECT 1 /* x", 9, 1, 10, "unterminated block comment /* starting at line 1, column 10"},
		{"postgres nested comment", api.Postgres, "/* /* */", 0, 1, 1, "unterminated block comment"},
		{"mysql executable comment", api.MySQL, "/*!50000 x", 0, 1, 1, "unterminated executable comment"},
		{"dollar quote", api.Postgres, "SELECT $fn$ x $f$", 7, 1, 8, "unterminated dollar-quoted string $fn$"},
		{"mysql quoted variable", api.MySQL, "@'x", 0, 1, 1, "unterminated quoted variable name"},
		{"after multibyte text", api.Postgres, "é '", 3, 1, 3, "column 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Tokenize(tt.src, tt.d)
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("Tokenize(%q) error = %v, want *Error", tt.src, err)
			}
			if le.Pos != tt.pos || le.Line != tt.line || le.Col != tt.col {
				t.Errorf("position = %d %d:%d, want %d %d:%d", le.Pos, le.Line, le.Col, tt.pos, tt.line, tt.col)
			}
			if !strings.Contains(le.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", le.Error(), tt.msg)
			}
		})
	}
}

func TestTokenizeUnknownDialect(t *testing.T) {
	if _, err := Tokenize("SELECT 1", "oracle"); err == nil {
		t.Fatal("want an error for an unknown dialect")
	}
}

func TestTokenHelpers(t *testing.T) {
	tests := []struct {
		tok  Token
		name string
	}{
		{Token{Kind: QuotedIdent, Text: `"a""b"`}, `a"b`},
		{Token{Kind: QuotedIdent, Text: "`a``b`"}, "a`b"},
		{Token{Kind: QuotedIdent, Text: "[a b]"}, "a b"},
		{Token{Kind: QuotedIdent, Text: `U&"x"`}, "x"},
		{Token{Kind: Param, Text: ":region"}, "region"},
		{Token{Kind: Ident, Text: "Name"}, "Name"},
		{Token{Kind: Param}, ""},
		{Token{Kind: QuotedIdent, Text: `"`}, `"`},
	}
	for _, tt := range tests {
		if got := tt.tok.Name(); got != tt.name {
			t.Errorf("Name(%q) = %q, want %q", tt.tok.Text, got, tt.name)
		}
	}
	w := Token{Kind: Keyword, Text: "sElEcT"}
	if !w.Is("SELECT") || w.Is("SELECTS") || w.Upper() != "SELECT" {
		t.Errorf("Is/Upper on %q", w.Text)
	}
	if (Token{Kind: QuotedIdent, Text: `"select"`}).Is("SELECT") {
		t.Error("a quoted identifier must not match a keyword")
	}
	if Keyword.String() != "Keyword" || Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
}

func FuzzTokenize(f *testing.F) {
	seeds := []string{
		"SELECT 1", "SELECT 'a''b' FROM \"t\" -- c\n", `E'\'' $$x$$ $a$ $a$ /* /* */ */`,
		"`a` [b] 'c\\'' \"d\" #e\n /*!1 x*/", ":p ::int := ?1 $2 @v @@s", "0x1F .5e-3 1_0 0b1 0o7",
		"'", "\"", "`", "[", "/*", "$$", "$a$", "E'\\", "@'", "é\xff\xfe",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range api.Dialects {
			for _, opt := range []Options{{}, {NoBackslashEscapes: true, ANSIQuotes: true}, {NonStandardStrings: true}} {
				toks, err := TokenizeWith(src, d, opt)
				var b strings.Builder
				for _, tok := range toks {
					if tok.Text == "" {
						t.Fatalf("%s: empty token at %d", d, tok.Pos)
					}
					if tok.Pos != b.Len() {
						t.Fatalf("%s: token %q at %d, want %d", d, tok.Text, tok.Pos, b.Len())
					}
					b.WriteString(tok.Text)
				}
				if err == nil && b.String() != src {
					t.Fatalf("%s: tokens concatenate to %q, want %q", d, b.String(), src)
				}
				if err != nil {
					var le *Error
					if !errors.As(err, &le) || le.Pos != b.Len() {
						t.Fatalf("%s: error %v does not start where the tokens stop (%d)", d, err, b.Len())
					}
				}
			}
		}
	})
}
