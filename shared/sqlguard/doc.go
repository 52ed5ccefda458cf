// Package sqlguard decides whether a user's SQL is a single read-only
// query, and says precisely why not when it is not.
//
// It is the second line of defence. The first is the database itself: a
// read-only user, a READ ONLY transaction, SQLite's query_only, one
// statement per call. Parser-based guards alone have been bypassed again
// and again (Apache Superset CVE-2023-40610, CVE-2024-55633), so nothing
// here is meant to replace those. What the guard adds is an early,
// dialect-aware refusal with a message and a line and column an editor can
// underline, and a net under mistakes in the database configuration.
//
// # Design
//
// The guard works on tokens from package sqllex, so strings, quoted
// identifiers and comments are never mistaken for code, and each dialect's
// quoting rules (MySQL backslashes, PostgreSQL $tag$ strings and nested
// comments, SQLite [brackets]) are honoured. It then applies, in order:
//
//  1. No MySQL executable comments (/*! … */, /*M! … */): MySQL runs them.
//  2. Exactly one statement: a ';' may only be followed by comments.
//  3. An allow-list of statement starts: SELECT, WITH, VALUES, TABLE
//     (PostgreSQL), optionally inside parentheses, or EXPLAIN of one of
//     them without ANALYZE (EXPLAIN ANALYZE executes the statement).
//  4. A deny-list of bare words anywhere in the statement: every
//     data-modifying or session-changing keyword (INSERT, UPDATE, DELETE,
//     MERGE, CREATE, DROP, SET, COPY, CALL, DO, INTO, RETURNING, …), with
//     a few context rules so that read-only uses pass: REPLACE(…) and
//     MySQL INSERT(…)/TRUNCATE(…) are functions, CHARACTER SET is a type,
//     FOR is only refused as a locking read (FOR UPDATE, FOR SHARE, …),
//     and a word after a '.' is a column name. The deny-list is what
//     catches data-modifying CTEs (WITH d AS (DELETE … RETURNING *) …).
//  5. A per-dialect deny-list of functions that write, read server
//     files, run SQL given as text, change the session or leave
//     something behind that a rollback does not undo, such as
//     pg_read_file, set_config, dblink, query_to_xml, ts_rewrite,
//     crosstab, xpath_table, pg_copy_physical_replication_slot,
//     LOAD_FILE, GET_LOCK, load_extension, matched however the
//     name is quoted or schema-qualified. Sleeping functions stay allowed.
//     Such lists are never complete: Gobi also refuses data-source logins
//     that could do harm with a function the list misses (see
//     server/datasource).
//
// Keywords are matched only as bare words and case-insensitively, so
// "update" as a quoted identifier or 'delete me' as a string is fine;
// a bare column named update is refused with a hint to quote it.
//
// Where a server setting changes where strings end (MySQL's
// NO_BACKSLASH_ESCAPES and ANSI_QUOTES, PostgreSQL's
// standard_conforming_strings = off), a query containing a backslash is
// checked under each reading and must pass all of them.
package sqlguard
