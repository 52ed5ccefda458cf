//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

// turns runs chart mounts one at a time and lets the browser paint
// between them, so the first chart shows as soon as it is drawn. Without it, tiles
// whose data came together (boot.js prefetches them all) are all drawn
// before the page gets control back, and the first chart shows only when
// the last one is done.
var turns = make(chan func())

func init() {
	go func() {
		var yielded time.Time
		for fn := range turns {
			fn()
			// A frame after the first mount of a burst, then after every
			// 16 ms of mounting: cheap charts share a frame, so waiting
			// for frames does not add up on a slow machine.
			if time.Since(yielded) >= 16*time.Millisecond {
				nextFrame()
				yielded = time.Now()
			}
		}
	}()
}

// inTurn runs fn on the turn worker and returns when it is done.
func inTurn(fn func()) {
	done := make(chan struct{})
	turns <- func() {
		defer close(done)
		fn()
	}
	<-done
}

// nextFrame waits for the next animation frame, or 50 ms in a hidden tab
// (where animation frames do not come).
func nextFrame() {
	ch := make(chan struct{}, 2)
	f := js.FuncOf(func(js.Value, []js.Value) any {
		ch <- struct{}{}
		return nil
	})
	defer f.Release()
	id := global.Call("requestAnimationFrame", f)
	select {
	case <-ch:
	case <-time.After(50 * time.Millisecond):
		global.Call("cancelAnimationFrame", id)
	}
}
