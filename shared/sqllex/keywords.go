package sqllex

// keywords holds the common reserved and statement words of the three
// dialects. The Keyword/Ident split is for highlighting and readable
// tokens; safety checks compare the words themselves, so a word missing
// here is still seen.
var keywords = func() map[string]struct{} {
	words := []string{
		"ALL", "ALTER", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ATTACH",
		"BEGIN", "BETWEEN", "BOTH", "BY", "CALL", "CASE", "CAST", "CHECK", "COLLATE",
		"COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "COPY", "CREATE", "CROSS", "CURRENT",
		"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE",
		"DEFAULT", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "ELSE", "END",
		"EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXPLAIN", "FALSE", "FETCH", "FILTER",
		"FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GRANT", "GROUP", "GROUPS",
		"HANDLER", "HAVING", "IF", "ILIKE", "IN", "INDEX", "INNER", "INSERT", "INTERSECT",
		"INTERVAL", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LATERAL", "LEADING",
		"LEFT", "LIKE", "LIMIT", "LOAD", "LOCK", "MATERIALIZED", "MERGE", "NATURAL", "NOT",
		"NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER",
		"OUTFILE", "OVER", "PARTITION", "PRAGMA", "PRECEDING", "PREPARE", "PRIMARY",
		"RANGE", "RECURSIVE", "REFERENCES", "REINDEX", "RENAME", "REPLACE", "RESET",
		"RETURNING", "REVOKE", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SELECT", "SET",
		"SHARE", "SHOW", "SOME", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO",
		"TRAILING", "TRIGGER", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION", "UNIQUE",
		"UNLOCK", "UPDATE", "UPSERT", "USING", "VACUUM", "VALUES", "VIEW", "WHEN",
		"WHERE", "WINDOW", "WITH", "WITHIN",
	}
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}()

const maxKeywordLen = 24

// isKeyword looks w up case-insensitively without allocating.
func isKeyword(w string) bool {
	if len(w) > maxKeywordLen {
		return false
	}
	var buf [maxKeywordLen]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := keywords[string(buf[:len(w)])]
	return ok
}
