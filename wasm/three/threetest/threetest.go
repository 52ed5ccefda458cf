//go:build !js

// Package threetest builds wasm/three's harness page (internal/harness)
// to WebAssembly, serves it, and drives it in headless Chromium with
// chromedp, for the browser test of wasm/three and for bench/three.
//
// Chromium runs with SwiftShader (software WebGL2), so it needs no GPU;
// the flags are those of shared/notes/browser-testing.md. chromedp is
// v0.23, whose API is generic (chromedp.Do for steps, chromedp.Run for a
// typed result) rather than the older chromedp.Run(ctx, actions...).
package threetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// DefaultChromium is where Debian's chromium package puts the browser;
// GOBI_CHROMIUM overrides it.
const DefaultChromium = "/usr/bin/chromium"

// ErrNoChromium means no browser is installed where one was looked for;
// tests skip on it.
var ErrNoChromium = errors.New("no Chromium")

// Chromium returns the browser to run: $GOBI_CHROMIUM, else
// DefaultChromium, if the file exists.
func Chromium() (string, error) {
	p := browsertest.Path()
	if p == "" {
		p = DefaultChromium
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w at %s (install it with apt-get install -y chromium, or set GOBI_CHROMIUM): %v", ErrNoChromium, p, err)
	}
	return p, nil
}

// harnessPkg is the wasm page's main package.
const harnessPkg = "github.com/gobi-bi/gobi/wasm/three/internal/harness"

// indexHTML loads wasm_exec.js and the harness; charts go in #charts.
const indexHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gobi 3D harness</title>
<style>
body{margin:8px;background:#fff;font-family:system-ui,sans-serif}
#charts{display:grid;grid-template-columns:repeat(2,480px);gap:8px}
.chart{width:480px;height:360px;border:1px solid #e6e9ef}
.chart.big{width:960px;height:640px;grid-column:span 2}
</style>
<script src="wasm_exec.js"></script>
<script>
const go = new Go();
WebAssembly.instantiateStreaming(fetch("harness.wasm"), go.importObject)
  .then(r => go.run(r.instance))
  .catch(e => { document.body.setAttribute("data-harness", "error"); document.body.append(String(e)); });
</script>
</head><body><div id="charts"></div></body></html>
`

// Page is the built harness in a directory, served over HTTP.
type Page struct {
	Dir string
	// WasmBytes is the size of harness.wasm.
	WasmBytes int64
	URL       string
	srv       *httptest.Server
}

// Build compiles the harness with GOOS=js GOARCH=wasm into dir, next to
// wasm_exec.js from the Go installation and an index page, and serves dir.
// Close the page when done.
func Build(ctx context.Context, dir string) (*Page, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	wasm := filepath.Join(dir, "harness.wasm")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", wasm, harnessPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build the harness: %w\n%s", err, out)
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	// wasm_exec.js moved to lib/wasm in Go 1.24.
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("read wasm_exec.js: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(indexHTML), 0o644); err != nil {
		return nil, err
	}
	st, err := os.Stat(wasm)
	if err != nil {
		return nil, err
	}
	p := &Page{Dir: dir, WasmBytes: st.Size()}
	p.srv = httptest.NewServer(http.FileServer(http.Dir(dir)))
	p.URL = p.srv.URL + "/index.html"
	return p, nil
}

// Close stops the server.
func (p *Page) Close() { p.srv.Close() }

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run inside the gobi module (go env GOMOD is empty)")
	}
	return filepath.Dir(mod), nil
}

// Options choose how Chromium starts.
type Options struct {
	// Exec is the browser binary (see Chromium).
	Exec string
	// UserDataDir is a fresh profile directory (t.TempDir()): the
	// automatic temporary profile is sometimes left behind.
	UserDataDir string
	// Width and Height are the viewport in CSS pixels.
	Width, Height int
	// NoWebGL starts Chromium without any GL, to see the page's fallback.
	NoWebGL bool
}

// Browser is one headless Chromium tab.
type Browser struct {
	ctx    context.Context
	cancel context.CancelFunc
	w, h   int

	mu      sync.Mutex
	console []string
}

// Launch starts Chromium with software WebGL2 (SwiftShader) and opens a
// tab; Close ends both.
func Launch(ctx context.Context, o Options) (*Browser, error) {
	flags := browsertest.Base(o.Exec, o.UserDataDir)
	if o.NoWebGL {
		// Never pass this normally: WebGL2 disappears with it.
		flags = append(flags, chromedp.DisableGPU, chromedp.Flag("disable-software-rasterizer", true))
	} else {
		flags = append(flags, chromedp.Flag("enable-unsafe-swiftshader", true))
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, flags...)
	tctx, tcancel := chromedp.NewContext(actx)
	b := &Browser{ctx: tctx, w: o.Width, h: o.Height, cancel: func() { tcancel(); acancel() }}
	if err := chromedp.Listen(tctx, b.record); err != nil {
		b.Close()
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(int64(o.Width), int64(o.Height))); err != nil {
		b.Close()
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	return b, nil
}

// record keeps console messages and uncaught exceptions, to explain a
// failure.
func (b *Browser) record(ev any) {
	var line string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range e.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		line = string(e.Type) + ": " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		line = "exception: " + e.ExceptionDetails.Text
		if ex := e.ExceptionDetails.Exception; ex != nil {
			line += " " + ex.Description
		}
	default:
		return
	}
	b.mu.Lock()
	b.console = append(b.console, line)
	b.mu.Unlock()
}

// Console returns what the page logged so far.
func (b *Browser) Console() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// Close ends the tab and the browser.
func (b *Browser) Close() { b.cancel() }

// Open loads url and waits for the harness to mount its charts (or to
// report no WebGL2 or an error), returning the body's data-harness.
func (b *Browser) Open(url string, timeout time.Duration) (string, error) {
	if err := chromedp.Do(b.ctx, chromedp.Navigate(url)); err != nil {
		return "", fmt.Errorf("open %s: %w", url, err)
	}
	return b.Eval(`new Promise(ok => { const f = () => { const s = document.body.getAttribute("data-harness");
		if (s) ok(s); else setTimeout(f, 20); }; f(); })`, timeout)
}

// Eval evaluates expr (awaiting a promise) and returns its value as text
// (JSON for objects).
func (b *Browser) Eval(expr string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return "", fmt.Errorf("evaluate %.60q: %w", expr, err)
	}
	s := string(raw)
	if len(s) >= 2 && s[0] == '"' {
		s = strings.Trim(s, `"`)
	}
	return s, nil
}

// EvalInto evaluates expr and decodes its JSON value into T.
func EvalInto[T any](b *Browser, expr string, timeout time.Duration) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// WaitReady waits until n elements have data-ready="1" (every chart drew
// its first frame) and returns performance.now() at that moment: the
// milliseconds since navigation.
func (b *Browser) WaitReady(n int, timeout time.Duration) (float64, error) {
	expr := fmt.Sprintf(`new Promise(ok => { const f = () => {
		if (document.querySelectorAll('[data-ready="1"]').length >= %d) ok(performance.now()); else requestAnimationFrame(f); }; f(); })`, n)
	v, err := EvalInto[float64](b, expr, timeout)
	if err != nil {
		return 0, fmt.Errorf("wait for %d charts to draw: %w (console: %s)", n, err, strings.Join(b.Console(), " | "))
	}
	return v, nil
}

// Screenshot captures what is composited inside the element matching the
// CSS selector (canvas pixels included, whatever preserveDrawingBuffer).
func (b *Browser) Screenshot(css string) (image.Image, error) {
	raw, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS(css)))
	if err != nil {
		return nil, fmt.Errorf("screenshot %s: %w", css, err)
	}
	return png.Decode(bytes.NewReader(raw))
}

// Drag presses the left button at (x, y), moves by (dx, dy) in steps and
// releases, in CSS pixels of the viewport.
func (b *Browser) Drag(x, y, dx, dy float64) error {
	left := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, left, chromedp.ClickCount(1))}
	for i := 1; i <= 8; i++ {
		f := float64(i) / 8
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x+dx*f, y+dy*f, left))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x+dx, y+dy, left, chromedp.ClickCount(1)))
	return chromedp.Do(b.ctx, steps...)
}

// Wheel sends a wheel event of dy pixels (positive zooms out) to the
// element at (x, y). It is dispatched from the page: CDP's mouseWheel
// refuses a zero deltaX, which its JSON encoding drops.
func (b *Browser) Wheel(x, y, dy float64) error {
	_, err := b.Eval(fmt.Sprintf(`document.elementFromPoint(%g, %g).dispatchEvent(new WheelEvent("wheel",
		{deltaY: %g, clientX: %g, clientY: %g, bubbles: true, cancelable: true}))`, x, y, dy, x, y), 5*time.Second)
	return err
}

// Pinch puts two fingers at (x±from/2, y) and moves them to (x±to/2, y)
// in steps: to > from spreads them (zooms in).
func (b *Browser) Pinch(x, y, from, to float64) error {
	id0, id1 := 1.0, 2.0
	touch := func(typ input.DispatchTouchEventType, half float64) error {
		pts := []*input.TouchPoint{{X: x - half, Y: y, ID: &id0}, {X: x + half, Y: y, ID: &id1}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			pts = []*input.TouchPoint{} // the protocol wants an empty list, not null
		}
		_, err := chromedp.Call(b.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
		return err
	}
	if err := touch(input.DispatchTouchEventTypeTouchStart, from/2); err != nil {
		return fmt.Errorf("pinch: %w", err)
	}
	for i := 1; i <= 8; i++ {
		if err := touch(input.DispatchTouchEventTypeTouchMove, (from+(to-from)*float64(i)/8)/2); err != nil {
			return fmt.Errorf("pinch: %w", err)
		}
	}
	return touch(input.DispatchTouchEventTypeTouchEnd, 0)
}

// Hover moves the mouse to (x, y) with no button down.
func (b *Browser) Hover(x, y float64) error {
	return chromedp.Do(b.ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y))
}

// Rect is an element's box in CSS pixels of the viewport.
type Rect struct{ X, Y, W, H float64 }

// Box returns the bounding box of the element matching the CSS selector.
func (b *Browser) Box(css string) (Rect, error) {
	return EvalInto[Rect](b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`, css), 10*time.Second)
}

// SpinView is one chart's share of a Spin.
type SpinView struct {
	ID     string  `json:"id"`
	Frames int     `json:"frames"`
	DrawMS float64 `json:"drawMS"`  // main-thread time per frame
	Frame  float64 `json:"frameMS"` // wall time per frame: 1000/fps
	// Drawn is the points the last frame in motion drew (clouds only).
	Drawn int `json:"drawn"`
}

// SpinResult is what gobi3d.spin reports.
type SpinResult struct {
	ElapsedMS float64    `json:"elapsedMS"`
	Views     []SpinView `json:"views"`
}

// Spin turns every chart of the page for d and reports the frames drawn;
// lod false draws every point of a cloud in every frame.
func (b *Browser) Spin(d time.Duration, lod bool) (SpinResult, error) {
	return EvalInto[SpinResult](b, fmt.Sprintf("gobi3d.spin(%d, %v)", d.Milliseconds(), lod), d+2*time.Minute)
}

// Paint summarises a screenshot for "did it really draw": the share of
// pixels that differ from the background, the share that are saturated
// colour (marks: the axes, grid and labels are grey), and the number of
// distinct colours at 4 bits a channel.
type Paint struct {
	Painted, Saturated float64
	Colours            int
}

// Measure computes Paint for img against the background colour bg.
func Measure(img image.Image, bg [3]uint8) Paint {
	r := img.Bounds()
	var painted, saturated, total int
	seen := map[uint32]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			p := [3]int{int(cr >> 8), int(cg >> 8), int(cb >> 8)}
			total++
			if abs(p[0]-int(bg[0]))+abs(p[1]-int(bg[1]))+abs(p[2]-int(bg[2])) > 24 {
				painted++
			}
			if max(p[0], p[1], p[2])-min(p[0], p[1], p[2]) > 60 {
				saturated++
			}
			seen[uint32(p[0]>>4)<<8|uint32(p[1]>>4)<<4|uint32(p[2]>>4)] = true
		}
	}
	if total == 0 {
		return Paint{}
	}
	return Paint{Painted: float64(painted) / float64(total), Saturated: float64(saturated) / float64(total), Colours: len(seen)}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
