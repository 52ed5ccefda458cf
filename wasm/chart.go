//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"slices"
	"syscall/js"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/canvas"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/wasm/three"
)

// mountChart draws spec with data into box: 3D types with g3n, the rest
// with render/ on a canvas. The box gets data-ready="1" once painted.
func mountChart(s *screen, box js.Value, spec *chart.Spec, data *api.Result) {
	clear(box)
	if ti, ok := chart.Info(spec.Type); ok && ti.Dim == 3 {
		mount3D(s, box, spec, data)
		return
	}
	c := &chart2d{s: s, box: box, spec: spec, data: data}
	if spec.Type == chart.Geo {
		go func() {
			if err := loadMaps(); err != nil {
				add(box, errorBox(err.Error()))
				box.Call("setAttribute", "data-ready", "error")
				return
			}
			if s.alive() {
				c.mount()
			}
		}()
		return
	}
	c.mount()
}

func mount3D(s *screen, box js.Value, spec *chart.Spec, data *api.Result) {
	if !three.Supported() {
		add(box, withText(el("div", "class", "no-webgl"),
			"This 3D chart needs WebGL2, which this browser does not offer (or it is turned off)."))
		box.Call("setAttribute", "data-ready", "no-webgl")
		return
	}
	themed := *spec
	if th := pageTheme(); th != "" {
		themed.Theme = th
	}
	v, err := three.Mount(box, &themed, data)
	if err != nil {
		add(box, errorBox("3D chart: "+err.Error()))
		box.Call("setAttribute", "data-ready", "error")
		return
	}
	s.onClose(v.Dispose)
	keep3D(s, box, v)
	observeResize(s, box, v.Resize)
}

// observeResize calls fn (at most once per animation frame) when box
// changes size.
func observeResize(s *screen, box js.Value, fn func()) {
	pending := false
	//lint:ignore S1021 the callback releases itself, so it must be declared first
	var frame js.Func
	frame = js.FuncOf(func(js.Value, []js.Value) any {
		pending = false
		if s.alive() {
			fn()
		}
		return nil
	})
	cb := js.FuncOf(func(js.Value, []js.Value) any {
		if !pending {
			pending = true
			global.Call("requestAnimationFrame", frame)
		}
		return nil
	})
	ro := global.Get("ResizeObserver").New(cb)
	ro.Call("observe", box)
	s.onClose(func() {
		ro.Call("disconnect")
		cb.Release()
		frame.Release()
	})
}

// chart2d is a 2D chart on a canvas: the same Scene as the server's SVG,
// with hover tooltips, legend toggling and drag-to-zoom on the x axis.
type chart2d struct {
	s          *screen
	box        js.Value
	spec       *chart.Spec
	data       *api.Result
	cv, tip    js.Value
	ctx        canvas.Context2D
	scene      *render.Scene
	index      *render.HitIndex
	hidden     []int
	xmin, xmax *float64
	dragFrom   float64
	dragging   bool
	band       js.Value
	w, h       float64
}

func (c *chart2d) mount() {
	c.cv = el("canvas", "class", "chart2d", "role", "img", "aria-label", c.spec.Title)
	c.tip = el("div", "class", "tooltip", "hidden", "")
	c.band = el("div", "class", "zoom-band", "hidden", "")
	add(c.box, c.cv, c.tip, c.band)
	c.ctx = canvas.New(c.cv)
	c.draw()
	observeResize(c.s, c.box, func() {
		w, h := c.size()
		if w != c.w || h != c.h {
			c.draw()
		}
	})
	c.s.on(c.cv, "mousemove", c.hover)
	c.s.on(c.cv, "mouseleave", func(js.Value) { c.tip.Set("hidden", true) })
	c.s.on(c.cv, "click", c.click)
	c.s.on(c.cv, "mousedown", c.down)
	c.s.on(c.cv, "mouseup", c.up)
	c.s.on(c.cv, "dblclick", func(js.Value) {
		if c.xmin != nil {
			c.xmin, c.xmax = nil, nil
			c.draw()
		}
	})
}

func (c *chart2d) size() (float64, float64) {
	w, h := c.box.Get("clientWidth").Float(), c.box.Get("clientHeight").Float()
	if w < 50 {
		w = 600
	}
	if h < 50 {
		h = 360
	}
	return math.Floor(w), math.Floor(h)
}

func (c *chart2d) draw() {
	c.w, c.h = c.size()
	dpr := global.Get("devicePixelRatio").Float()
	if dpr <= 0 {
		dpr = 1
	}
	sc, err := render.Draw(c.spec, c.data, render.Options{Width: c.w, Height: c.h, Hidden: c.hidden, XMin: c.xmin, XMax: c.xmax, Theme: pageTheme()})
	if err != nil {
		clear(c.box)
		add(c.box, errorBox(err.Error()))
		c.box.Call("setAttribute", "data-ready", "error")
		return
	}
	c.cv.Set("width", int(math.Round(c.w*dpr)))
	c.cv.Set("height", int(math.Round(c.h*dpr)))
	c.cv.Get("style").Set("width", fmt.Sprintf("%gpx", c.w))
	c.cv.Get("style").Set("height", fmt.Sprintf("%gpx", c.h))
	canvas.Paint(c.ctx, sc, dpr)
	c.scene, c.index = sc, sc.Index()
	c.box.Call("setAttribute", "data-ready", "1")
}

// pos is the mouse position in CSS pixels relative to the canvas.
func (c *chart2d) pos(ev js.Value) (float64, float64) {
	r := c.cv.Call("getBoundingClientRect")
	return ev.Get("clientX").Float() - r.Get("left").Float(), ev.Get("clientY").Float() - r.Get("top").Float()
}

func (c *chart2d) hover(ev js.Value) {
	x, y := c.pos(ev)
	if c.dragging {
		x0 := math.Min(c.dragFrom, x)
		st := c.band.Get("style")
		st.Set("left", fmt.Sprintf("%gpx", x0))
		st.Set("width", fmt.Sprintf("%gpx", math.Abs(x-c.dragFrom)))
		if p := c.scene.Plot; p != nil {
			st.Set("top", fmt.Sprintf("%gpx", p.Rect.Y))
			st.Set("height", fmt.Sprintf("%gpx", p.Rect.H))
		}
		c.band.Set("hidden", false)
		return
	}
	m := c.index.HitTest(x, y)
	if m == nil || m.Tooltip == "" {
		c.tip.Set("hidden", true)
		c.cv.Get("style").Set("cursor", "")
		return
	}
	if m.Kind == "legend" {
		c.cv.Get("style").Set("cursor", "pointer")
	}
	withText(c.tip, m.Tooltip)
	st := c.tip.Get("style")
	left := x + 12
	if left > c.w-160 {
		left = x - 172
	}
	st.Set("left", fmt.Sprintf("%gpx", math.Max(0, left)))
	st.Set("top", fmt.Sprintf("%gpx", y+12))
	c.tip.Set("hidden", false)
}

func (c *chart2d) click(ev js.Value) {
	x, y := c.pos(ev)
	m := c.index.HitTest(x, y)
	if m == nil || m.Kind != "legend" || m.Series < 0 {
		return
	}
	if i := slices.Index(c.hidden, m.Series); i >= 0 {
		c.hidden = slices.Delete(c.hidden, i, i+1)
	} else {
		c.hidden = append(c.hidden, m.Series)
	}
	c.draw()
}

// zoomable reports whether drag-to-zoom applies: line, area and scatter
// charts with a numeric or time x axis.
func (c *chart2d) zoomable() bool {
	switch c.spec.Type {
	case chart.Line, chart.Area, chart.Scatter:
		return c.scene != nil && c.scene.Plot != nil && c.scene.Plot.XMax > c.scene.Plot.XMin
	}
	return false
}

func (c *chart2d) down(ev js.Value) {
	x, y := c.pos(ev)
	if !c.zoomable() || !c.scene.Plot.Rect.Contains(x, y) {
		return
	}
	ev.Call("preventDefault")
	c.dragging, c.dragFrom = true, x
}

func (c *chart2d) up(ev js.Value) {
	if !c.dragging {
		return
	}
	c.dragging = false
	c.band.Set("hidden", true)
	x, _ := c.pos(ev)
	if math.Abs(x-c.dragFrom) < 5 {
		return
	}
	p := c.scene.Plot
	toData := func(px float64) float64 {
		return p.XAt(math.Max(p.Rect.X, math.Min(p.Rect.X+p.Rect.W, px)))
	}
	lo, hi := toData(math.Min(c.dragFrom, x)), toData(math.Max(c.dragFrom, x))
	c.xmin, c.xmax = &lo, &hi
	c.draw()
}
