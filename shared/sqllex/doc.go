// Package sqllex splits SQL text into tokens, the way each supported
// database would.
//
// It exists because every safety decision about user SQL (the read-only
// guard, named-parameter binding, editor highlighting) depends on knowing
// what is code and what is a string, a quoted identifier or a comment, and
// those rules differ per dialect: MySQL escapes quotes with a backslash and
// runs /*! … */ comments, PostgreSQL nests comments and has $tag$ strings,
// SQLite quotes identifiers with [brackets]. A lexer that is wrong about
// where a string ends can be tricked into hiding a second statement.
//
// Tokenize runs on every keystroke in the browser, so it is a single
// linear pass over the bytes with no regular expressions. It never panics;
// the only errors are unterminated strings, quoted identifiers and
// comments. The texts of the tokens always concatenate back to the input.
package sqllex
