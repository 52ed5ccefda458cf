// Package bench holds benchmarks for Gobi's performance claims that span
// several packages. scan_test.go compares reading a 100,000-row result
// through Gobi's execution path (server/readonly.Run) with a plain
// database/sql loop; scan.sh runs it and prints the ratio per dialect.
package bench
