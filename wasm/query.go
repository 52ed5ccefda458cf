//go:build js && wasm

package main

import "strings"

// showQuery is the query editor (queryedit.go): pick a data source,
// write SQL (checked by the shared SQL guard as you type), declare and
// fill in parameters, run, cancel, save. #/query/{id} opens a saved
// query.
func (a *app) showQuery(s *screen) {
	hash := strings.Trim(strings.TrimPrefix(global.Get("location").Get("hash").String(), "#"), "/")
	id := ""
	if parts := strings.Split(hash, "/"); len(parts) == 2 {
		id = parts[1]
	}
	a.queryEditor(s, id)
}
