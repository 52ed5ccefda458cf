// Package readonly runs one SQL statement against a user's data source inside
// a transaction that the database itself keeps read-only.
//
// Gobi's SQL guard (shared/sqlguard) reads a statement before it runs and
// explains refusals; this package is the line that holds when the guard is
// wrong. Parser-based read-only checks have been bypassed again and again,
// so every protection here is enforced by the database or by the driver's
// wire protocol, never by looking at the SQL text alone:
//
//   - PostgreSQL: the connection's default is read-only
//     (default_transaction_read_only=on); each statement runs between
//     BEGIN READ ONLY and ROLLBACK with SET LOCAL statement_timeout; the
//     statement goes over the extended protocol, which carries exactly one
//     statement, so "COMMIT; DELETE …" cannot be sent (the simple protocol is
//     refused at Open). A statement that ends the transaction itself (COMMIT)
//     is reported as a refusal. Session advisory locks are released after
//     every run.
//   - MySQL and MariaDB: each statement runs inside an XA transaction started
//     with the session's transaction_read_only (tx_read_only) on. Plain
//     START TRANSACTION READ ONLY is not enough on MariaDB: DDL commits it
//     implicitly and then runs in autocommit mode, and
//     SET STATEMENT tx_read_only=0 FOR DROP TABLE … gets through; an ACTIVE
//     XA transaction refuses every statement that would commit implicitly.
//     Multi-statements, LOAD DATA LOCAL and client-side interpolation are off;
//     max_statement_time (MariaDB) or max_execution_time (MySQL) bounds the
//     statement on the server. Servers without XA (TiDB, Vitess) fall back
//     to START TRANSACTION READ ONLY, and Ping warns.
//   - SQLite: the file is opened with mode=ro (never created), each
//     connection gets PRAGMA query_only=1, trusted_schema=0, defensive mode,
//     an attached-database limit of 0 and an authorizer that allows reading
//     only (see sqlite.go). The executor also checks that the text holds one
//     statement that starts like a query, because the driver would otherwise
//     run a whole script.
//
// A superuser can still do a few things inside a read-only transaction
// (PostgreSQL COPY … TO a file or PROGRAM, lo_import, pg_read_file, SQL run
// from text by ts_rewrite or crosstab, and dblink_exec, whose second
// connection commits; MariaDB SELECT … INTO OUTFILE, SET GLOBAL, KILL and
// even SHUTDOWN). The guard refuses what it knows of; Ping lists what the
// login can do beyond reading (Info.Privileged), and server/datasource
// refuses such logins unless an admin accepts them.
//
// Connection strings: ParsePostgres admits only an allow-list of keys,
// checked by pgconn before it reads any file, and never uses the Gobi
// server's own passwords or client certificates.
//
// Session state that outlives a statement is reset where it matters:
// PostgreSQL SETs are rolled back and advisory locks released; MySQL's
// read-only flag and time limit are set again before every statement and
// user-level locks released after it; a MariaDB connection left with user
// variables is closed, and a MySQL connection serves one statement (see
// mysqlEnd). Other MariaDB session variables a statement changes (SET
// NAMES, time_zone, USE) stay on the pooled connection.
//
// Open pools work only with Run: Run refuses a *sql.DB that Open did not
// return, because the protections above live in Open's connectors.
package readonly
