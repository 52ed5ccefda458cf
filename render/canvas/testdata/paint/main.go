//go:build js && wasm

// Command paint is the page of the browser test (browser_test.go): it
// draws every sample chart on a canvas at devicePixelRatio 2 with the Go
// fonts registered, and writes each canvas out as a PNG data URL in a
// <pre id="TYPE"> for the test to compare with the PNG back-end.
package main

import (
	"syscall/js"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/canvas"
	"github.com/gobi-bi/gobi/shared/chart"
)

// Size and ratio of every chart; browser_test.go uses the same.
const (
	width, height = 480, 300
	dpr           = 2
)

func main() {
	doc := js.Global().Get("document")
	ready := make(chan struct{})
	done := js.FuncOf(func(js.Value, []js.Value) any { close(ready); return nil })
	canvas.RegisterFonts().Call("then", done, done)
	<-ready
	for _, ty := range render.Registered() {
		if ty == chart.Geo {
			continue // needs map files the page does not load
		}
		spec, res := chart.Sample(ty)
		sc, err := render.Draw(&spec, res, render.Options{Width: width, Height: height})
		out := doc.Call("createElement", "pre")
		out.Set("id", string(ty))
		if err != nil {
			out.Set("textContent", "error: "+err.Error())
		} else {
			el := doc.Call("createElement", "canvas")
			el.Set("width", width*dpr)
			el.Set("height", height*dpr)
			canvas.Paint(canvas.New(el), sc, dpr)
			out.Set("textContent", el.Call("toDataURL", "image/png").String())
		}
		doc.Get("body").Call("appendChild", out)
	}
	done2 := doc.Call("createElement", "div")
	done2.Set("id", "done")
	doc.Get("body").Call("appendChild", done2)
}
