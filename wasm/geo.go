//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gobi-bi/gobi/render/geo"
)

// The base maps are not compiled into the module (they would add
// megabytes to every page); the first geo chart fetches them from
// /assets/geo, the same files the server draws from.
var (
	mapsOnce sync.Once
	mapsErr  error
)

// loadMaps registers the built-in base maps. It waits: call it from a
// goroutine.
func loadMaps() error {
	mapsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, name := range geo.BuiltinMaps {
			path := "/assets/geo/" + geo.AssetFile(name)
			res, err := await(ctx, global.Call("fetch", path))
			if err != nil {
				mapsErr = fmt.Errorf("base map %s: %w", name, err)
				return
			}
			if !res.Get("ok").Bool() {
				mapsErr = fmt.Errorf("base map %s: the server answered %d", name, res.Get("status").Int())
				return
			}
			body, err := await(ctx, res.Call("text"))
			if err != nil {
				mapsErr = fmt.Errorf("base map %s: %w", name, err)
				return
			}
			if err := geo.RegisterMap(name, []byte(body.String())); err != nil {
				mapsErr = err
				return
			}
		}
	})
	return mapsErr
}
