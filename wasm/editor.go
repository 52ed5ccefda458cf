//go:build js && wasm

package main

// showEditor is the chart editor of #/editor and #/editor/{id}: the chart
// builder (builder.go, builderform.go).
func (a *app) showEditor(s *screen, idText string) { a.showBuilder(s, idText) }
