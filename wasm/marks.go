//go:build js && wasm

package main

import "syscall/js"

// init marks the moment every package of the client is initialised
// ("gobi-init", after boot.js's "gobi-wasm-ready" and before the first
// screen), for bench/client -marks and anyone profiling the page. Go runs
// package main's init functions after all its dependencies'.
func init() { js.Global().Get("performance").Call("mark", "gobi-init") }
