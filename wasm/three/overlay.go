//go:build js && wasm

package three

import (
	"fmt"
	"syscall/js"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/plot3d"
)

// overlay is the DOM over the canvas: title, legend, note, axis labels and
// the tooltip. Text in the DOM stays crisp at any zoom and needs no font
// atlas in the wasm binary; it never takes pointer events, so the canvas
// gets every drag.
type overlay struct {
	root    js.Value
	labels  []js.Value // reused from frame to frame
	placed  []plot3d.Label
	tooltip js.Value
	note    js.Value
	hint    js.Value
	theme   render.Theme
}

var document = js.Global().Get("document")

func el(tag, css string) js.Value {
	e := document.Call("createElement", tag)
	e.Get("style").Set("cssText", css)
	return e
}

func newOverlay(m *plot3d.Model) *overlay {
	th := m.Theme
	o := &overlay{theme: th, root: el("div",
		"position:absolute;inset:0;pointer-events:none;overflow:hidden;user-select:none;"+
			"font:12px system-ui,-apple-system,'Segoe UI',sans-serif;color:"+th.Text.Hex())}
	o.root.Set("className", "gobi-3d-overlay")
	if m.Title != "" || m.Subtitle != "" {
		head := el("div", "position:absolute;left:12px;top:8px;right:12px")
		if m.Title != "" {
			t := el("div", "font-weight:600;font-size:15px")
			t.Set("textContent", m.Title)
			head.Call("appendChild", t)
		}
		if m.Subtitle != "" {
			t := el("div", "color:"+th.MutedText.Hex())
			t.Set("textContent", m.Subtitle)
			head.Call("appendChild", t)
		}
		o.root.Call("appendChild", head)
	}
	if len(m.Legend) > 0 {
		// Below the corner where the page puts its export menu.
		lg := el("div", "position:absolute;right:10px;top:34px;max-height:60%;overflow:hidden;"+
			"background:"+rgba(th.Background, 0.8)+";padding:2px 4px;border-radius:4px")
		for _, it := range m.Legend {
			row := el("div", "display:flex;align-items:center;gap:6px;line-height:18px;white-space:nowrap")
			sw := el("span", "display:inline-block;width:10px;height:10px;border-radius:50%;background:"+it.Color.Hex())
			name := el("span", "")
			name.Set("textContent", it.Name)
			row.Call("appendChild", sw)
			row.Call("appendChild", name)
			lg.Call("appendChild", row)
		}
		o.root.Call("appendChild", lg)
	}
	o.note = el("div", "position:absolute;left:12px;bottom:6px;font-size:11px;color:"+th.MutedText.Hex())
	o.root.Call("appendChild", o.note)
	if m.Points == nil && m.Bars == nil && m.Surface == nil { // nothing drawn: say why, centred
		o.note.Get("style").Set("cssText", "position:absolute;left:0;right:0;top:45%;text-align:center;font-size:14px;color:"+th.MutedText.Hex())
	}
	o.setNote(m.Note)
	o.hint = el("div", "position:absolute;right:8px;bottom:6px;display:none;font-size:11px;padding:1px 6px;border-radius:4px;"+
		"background:"+rgba(th.Background, 0.85)+";color:"+th.MutedText.Hex())
	o.hint.Set("className", "gobi-3d-hint")
	o.root.Call("appendChild", o.hint)
	o.tooltip = el("div", "position:absolute;display:none;white-space:pre;padding:6px 8px;border-radius:4px;"+
		"font-size:12px;line-height:1.35;box-shadow:0 2px 8px rgba(0,0,0,.25);max-width:320px;overflow:hidden;"+
		"background:"+th.Text.Hex()+";color:"+th.Background.Hex())
	o.tooltip.Set("className", "gobi-3d-tooltip")
	o.tooltip.Call("setAttribute", "role", "tooltip")
	o.root.Call("appendChild", o.tooltip)
	return o
}

func rgba(c render.Color, a float64) string {
	return fmt.Sprintf("rgba(%d,%d,%d,%.2f)", c.R, c.G, c.B, a)
}

func (o *overlay) setNote(s string) { o.note.Set("textContent", s) }

// setHint shows (or hides) the corner hint of how to focus or release.
func (o *overlay) setHint(s string, show bool) {
	o.hint.Set("textContent", s)
	display := "none"
	if show {
		display = "block"
	}
	o.hint.Get("style").Set("display", display)
}

// place positions the axis labels, given in device pixels; dpr converts to
// CSS pixels.
func (o *overlay) place(ls []plot3d.Label, dpr float64) {
	o.placed = ls
	for len(o.labels) < len(ls) {
		e := el("div", "position:absolute;left:0;top:0;white-space:nowrap;will-change:transform")
		o.root.Call("insertBefore", e, o.tooltip)
		o.labels = append(o.labels, e)
	}
	for i, e := range o.labels {
		st := e.Get("style")
		if i >= len(ls) {
			st.Set("display", "none")
			continue
		}
		l := ls[i]
		if e.Get("textContent").String() != l.Text {
			e.Set("textContent", l.Text)
			color, weight := o.theme.MutedText.Hex(), "400"
			if l.Title {
				color, weight = o.theme.Text.Hex(), "600"
			}
			st.Set("color", color)
			st.Set("fontWeight", weight)
		}
		st.Set("display", "block")
		st.Set("transform", fmt.Sprintf("translate(%.1fpx,%.1fpx) translate(-50%%,-50%%)", float64(l.X)/dpr, float64(l.Y)/dpr))
	}
}

// showTooltip puts text near (x, y) in CSS pixels, inside the chart.
func (o *overlay) showTooltip(text string, x, y, w, h float64) {
	if text == "" {
		o.hideTooltip()
		return
	}
	o.tooltip.Set("textContent", text)
	st := o.tooltip.Get("style")
	st.Set("display", "block")
	tw, th := o.tooltip.Get("offsetWidth").Float(), o.tooltip.Get("offsetHeight").Float()
	left, top := x+14, y+14
	if left+tw > w {
		left = x - tw - 14
	}
	if top+th > h {
		top = y - th - 14
	}
	st.Set("left", fmt.Sprintf("%.0fpx", max(left, 0)))
	st.Set("top", fmt.Sprintf("%.0fpx", max(top, 0)))
}

func (o *overlay) hideTooltip() { o.tooltip.Get("style").Set("display", "none") }
