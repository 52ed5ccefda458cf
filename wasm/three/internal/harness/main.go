//go:build js && wasm

// Command harness is the test page of wasm/three: it mounts the 3D sample
// of every 3D chart type from shared/chart, or with ?points=N one N-point
// scatter3d, and exposes window.gobi3d to the browser test and bench/three:
//
//	gobi3d.spin(ms, lod)  turns every chart for ms milliseconds, with level
//	                  of detail on unless lod is false; resolves to
//	                  {elapsedMS, views: [{id, frames, drawMS, frameMS, drawn}]}
//	gobi3d.stats()    [{id, frames, lastMS, avgMS, mountMS}] so far
//	gobi3d.dispose(id) disposes one chart's view
//
// ?wireframe=1 draws the surface as a wireframe. The body gets
// data-harness="mounted" (or "no-webgl2", or "error") when done.
//
// Build it with GOOS=js GOARCH=wasm go build; wasm/three/threetest does,
// and serves it with wasm_exec.js and an index page.
package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/three"
)

var (
	global   = js.Global()
	document = global.Get("document")
)

type mounted struct {
	id      string
	view    *three.View
	mountMS float64
}

func main() {
	q := global.Get("URLSearchParams").New(global.Get("location").Get("search"))
	grid := document.Call("getElementById", "charts")
	var charts []mounted
	mount := func(id, class string, spec *chart.Spec, res *api.Result) {
		box := document.Call("createElement", "div")
		box.Set("id", id)
		box.Set("className", class)
		grid.Call("appendChild", box)
		if !three.Supported() {
			box.Set("textContent", three.ErrNoWebGL2.Error())
			box.Call("setAttribute", "data-ready", "no-webgl2")
			return
		}
		t0 := now()
		v, err := three.Mount(box, spec, res)
		if err != nil {
			box.Set("textContent", "3D chart: "+err.Error())
			box.Call("setAttribute", "data-ready", "error")
			return
		}
		ms := now() - t0
		box.Call("setAttribute", "data-mount-ms", fmt.Sprintf("%.1f", ms))
		charts = append(charts, mounted{id, v, ms})
		observeResize(box, v)
	}

	if n, _ := strconv.Atoi(q.Call("get", "points").String()); n > 0 {
		t0 := now()
		spec, res := cloud(n)
		document.Get("body").Call("setAttribute", "data-gen-ms", fmt.Sprintf("%.1f", now()-t0))
		mount("chart-cloud", "chart big", &spec, res)
	} else {
		for _, t := range []chart.Type{chart.Bar3D, chart.Scatter3D, chart.Surface3D, chart.Bubble3D} {
			spec, res := chart.Sample(t)
			if t == chart.Surface3D && q.Call("get", "wireframe").String() == "1" {
				spec.Options.Wireframe = true
			}
			mount("chart-"+string(t), "chart", &spec, res)
		}
	}

	global.Set("gobi3d", map[string]any{
		"spin": js.FuncOf(func(_ js.Value, args []js.Value) any {
			lod := len(args) < 2 || args[1].IsUndefined() || args[1].Truthy()
			return spin(charts, args[0].Int(), lod)
		}),
		"stats": js.FuncOf(func(js.Value, []js.Value) any { return stats(charts) }),
		"dispose": js.FuncOf(func(_ js.Value, args []js.Value) any {
			for i, c := range charts {
				if c.id == args[0].String() {
					c.view.Dispose()
					charts = append(charts[:i], charts[i+1:]...)
					return true
				}
			}
			return false
		}),
	})
	state := "mounted"
	if !three.Supported() {
		state = "no-webgl2"
	}
	document.Get("body").Call("setAttribute", "data-harness", state)
	select {}
}

func now() float64 { return global.Get("performance").Call("now").Float() }

// observeResize redraws a chart when its box changes size, as the client
// does.
func observeResize(box js.Value, v *three.View) {
	cb := js.FuncOf(func(js.Value, []js.Value) any { v.Resize(); return nil })
	global.Get("ResizeObserver").New(cb).Call("observe", box)
}

func stats(charts []mounted) any {
	out := make([]any, 0, len(charts))
	for _, c := range charts {
		f, last, avg := c.view.Stats()
		out = append(out, map[string]any{"id": c.id, "frames": f, "lastMS": last, "avgMS": avg, "mountMS": c.mountMS})
	}
	return out
}

// spin turns every chart for ms milliseconds and resolves to the frames
// each drew, their average main-thread draw time and the frame interval.
func spin(charts []mounted, ms int, lod bool) js.Value {
	//lint:ignore S1021 the executor releases itself, so it must be declared first
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve := args[0]
		type before struct {
			frames int
			total  float64
		}
		b := make([]before, len(charts))
		for i, c := range charts {
			f, _, avg := c.view.Stats()
			b[i] = before{f, avg * float64(f)}
			c.view.SetLOD(lod)
			c.view.Spin(true)
		}
		t0 := now()
		var done js.Func
		done = js.FuncOf(func(js.Value, []js.Value) any {
			elapsed := now() - t0
			views := make([]any, 0, len(charts))
			for i, c := range charts {
				drawn := c.view.Drawn() // the last frame in motion
				c.view.Spin(false)
				c.view.SetLOD(true)
				f, _, avg := c.view.Stats()
				n := f - b[i].frames
				draw, interval := 0.0, 0.0
				if n > 0 {
					draw = (avg*float64(f) - b[i].total) / float64(n)
					interval = elapsed / float64(n)
				}
				views = append(views, map[string]any{"id": c.id, "frames": n, "drawMS": draw, "frameMS": interval, "drawn": drawn})
			}
			resolve.Invoke(map[string]any{"elapsedMS": elapsed, "views": views})
			done.Release()
			return nil
		})
		global.Call("setTimeout", done, ms)
		return nil
	})
	p := global.Get("Promise").New(executor)
	executor.Release() // the Promise constructor ran it already
	return p
}

// cloud is an n-point scatter3d of four Gaussian clusters, deterministic,
// with options.max_points raised so every point is drawn.
func cloud(n int) (chart.Spec, *api.Result) {
	rng := rand.New(rand.NewPCG(3, 7))
	centres := [][3]float64{{-6, -4, -2}, {5, 3, 2}, {0, 6, -5}, {3, -6, 5}}
	names := []any{"alpha", "beta", "gamma", "delta"}
	res := &api.Result{Columns: []api.Column{{Name: "x", Type: api.TypeFloat}, {Name: "y", Type: api.TypeFloat},
		{Name: "z", Type: api.TypeFloat}, {Name: "cluster", Type: api.TypeString}}, Rows: make([][]any, n), RowCount: n}
	for i := range res.Rows {
		k := i % len(centres)
		c := centres[k]
		s := 0.8 + 0.4*float64(k)
		res.Rows[i] = []any{c[0] + rng.NormFloat64()*s, c[1] + rng.NormFloat64()*s, c[2] + rng.NormFloat64()*s*math.Sqrt2, names[k]}
	}
	spec := chart.Spec{Type: chart.Scatter3D, Title: fmt.Sprintf("%d points", n),
		Encoding: map[chart.Channel]chart.Field{chart.X: {Columns: []string{"x"}}, chart.Y: {Columns: []string{"y"}},
			chart.Z: {Columns: []string{"z"}}, chart.Series: {Columns: []string{"cluster"}}},
		Options: chart.Options{MaxPoints: max(n, chart.MinMaxPoints)}}
	return spec, res
}
