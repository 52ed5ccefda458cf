//go:build !js

package three_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/wasm/three/threetest"
)

// page builds and serves the harness once per test run.
var page struct {
	p   *threetest.Page
	err error
}

func harness(t *testing.T) (*threetest.Page, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium, err := threetest.Chromium()
	if errors.Is(err, threetest.ErrNoChromium) {
		t.Skipf("browser test: %v", err)
	}
	if page.p == nil && page.err == nil {
		dir, err := os.MkdirTemp("", "gobi-3d-harness")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		page.p, page.err = threetest.Build(ctx, dir)
	}
	if page.err != nil {
		t.Fatal(page.err)
	}
	return page.p, chromium
}

func TestMain(m *testing.M) {
	code := m.Run()
	if page.p != nil {
		page.p.Close()
		os.RemoveAll(page.p.Dir)
	}
	os.Exit(code)
}

func launch(t *testing.T, chromium string, noWebGL bool) *threetest.Browser {
	t.Helper()
	b, err := threetest.Launch(context.Background(), threetest.Options{
		Exec: chromium, UserDataDir: t.TempDir(), Width: 1000, Height: 780, NoWebGL: noWebGL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("console:\n%s", strings.Join(b.Console(), "\n"))
		}
		b.Close()
	})
	return b
}

var white = [3]uint8{255, 255, 255}

// The 3D gallery: four views on one page, each with its own context, all
// draw; the screenshots show real marks in several colours.
func TestBrowserGallery(t *testing.T) {
	p, chromium := harness(t)
	t.Logf("harness.wasm: %.2f MB", float64(p.WasmBytes)/1e6)
	b := launch(t, chromium, false)
	state, err := b.Open(p.URL, time.Minute)
	if err != nil || state != "mounted" {
		t.Fatalf("harness %q, %v", state, err)
	}
	readyMS, err := b.WaitReady(4, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("4 charts drawn %.0f ms after navigation", readyMS)
	for _, id := range []string{"chart-bar3d", "chart-scatter3d", "chart-surface3d", "chart-bubble3d"} {
		img, err := b.Screenshot("#" + id)
		if err != nil {
			t.Fatal(err)
		}
		save(t, id, img)
		pt := threetest.Measure(inner(img), white)
		t.Logf("%s: %.1f%% painted, %.2f%% saturated, %d colours", id, 100*pt.Painted, 100*pt.Saturated, pt.Colours)
		if pt.Painted < 0.03 || pt.Saturated < 0.004 || pt.Colours < 12 {
			t.Errorf("%s did not paint: %+v", id, pt)
		}
	}
	// Each chart has its own canvas and context.
	if n, err := b.Eval(`document.querySelectorAll("canvas.gobi-3d-canvas").length`, 5*time.Second); err != nil || n != "4" {
		t.Errorf("%s canvases, %v", n, err)
	}
	// Labels are DOM text over the canvas.
	if txt, err := b.Eval(`document.querySelector("#chart-bar3d .gobi-3d-overlay").textContent`, 5*time.Second); err != nil ||
		!strings.Contains(txt, "Laptops") || !strings.Contains(txt, "Units sold") {
		t.Errorf("bar3d overlay text %q, %v", txt, err)
	}
}

// Idle charts draw no frames; drags and the wheel draw, and the picture
// changes; hovering a bar shows its tooltip; a resize redraws at the new
// size.
func TestBrowserInteraction(t *testing.T) {
	p, chromium := harness(t)
	b := launch(t, chromium, false)
	if _, err := b.Open(p.URL, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := b.WaitReady(4, time.Minute); err != nil {
		t.Fatal(err)
	}
	frames := func(id string) string {
		s, err := b.Eval(fmt.Sprintf(`document.getElementById(%q).getAttribute("data-frames")`, id), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	idle := frames("chart-scatter3d")
	time.Sleep(300 * time.Millisecond)
	if now := frames("chart-scatter3d"); now != idle {
		t.Errorf("an idle chart drew: %s → %s frames", idle, now)
	}

	box, err := b.Box("#chart-scatter3d")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := b.Screenshot("#chart-scatter3d")
	if err := b.Drag(box.X+box.W/2, box.Y+box.H/2, 120, 30); err != nil {
		t.Fatal(err)
	}
	if err := b.Wheel(box.X+box.W/2, box.Y+box.H/2, -300); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if now := frames("chart-scatter3d"); now == idle {
		t.Errorf("drag and wheel drew no frame (%s)", now)
	}
	after, _ := b.Screenshot("#chart-scatter3d")
	if diff := changed(before, after); diff < 0.02 {
		t.Errorf("the view barely changed after a drag: %.2f%% pixels", 100*diff)
	}

	// Hover the middle of the bar chart: bars fill the middle of the floor.
	bars, err := b.Box("#chart-bar3d")
	if err != nil {
		t.Fatal(err)
	}
	var tip string
	for _, dy := range []float64{0, 20, -20, 40} {
		if err := b.Hover(bars.X+bars.W/2, bars.Y+bars.H/2+dy); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		tip, _ = b.Eval(`(() => { const t = document.querySelector("#chart-bar3d .gobi-3d-tooltip");
			return t.style.display === "none" ? "" : t.textContent; })()`, 5*time.Second)
		if tip != "" {
			break
		}
	}
	if !strings.Contains(tip, "units: ") || !strings.Contains(tip, "product: ") {
		t.Errorf("hover tooltip %q", tip)
	}

	// Resize: the canvas follows the box, in device pixels.
	if _, err := b.Eval(`document.getElementById("chart-surface3d").style.width = "300px"`, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	w, err := b.Eval(`new Promise(ok => setTimeout(() => ok(String(document.querySelector("#chart-surface3d canvas").width)), 300))`, 5*time.Second)
	if err != nil || w != "300" {
		t.Errorf("canvas width %s after resizing its box to 300px, %v", w, err)
	}
}

// Two fingers pinching zoom the chart; disposing one chart removes its
// canvas and leaves the others working.
func TestBrowserTouchAndDispose(t *testing.T) {
	p, chromium := harness(t)
	b := launch(t, chromium, false)
	if _, err := b.Open(p.URL, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := b.WaitReady(4, time.Minute); err != nil {
		t.Fatal(err)
	}
	box, err := b.Box("#chart-scatter3d")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := b.Screenshot("#chart-scatter3d")
	if err := b.Pinch(box.X+box.W/2, box.Y+box.H/2, 60, 200); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	after, _ := b.Screenshot("#chart-scatter3d")
	if diff := changed(before, after); diff < 0.02 {
		t.Errorf("a pinch barely changed the view: %.2f%% pixels", 100*diff)
	}

	if ok, err := b.Eval(`gobi3d.dispose("chart-bubble3d")`, 5*time.Second); err != nil || ok != "true" {
		t.Fatalf("dispose: %s, %v", ok, err)
	}
	if n, _ := b.Eval(`document.querySelectorAll("#chart-bubble3d canvas, #chart-bubble3d .gobi-3d-overlay").length`, 5*time.Second); n != "0" {
		t.Errorf("%s elements left in the disposed chart", n)
	}
	frames, _ := b.Eval(`document.getElementById("chart-bar3d").getAttribute("data-frames")`, 5*time.Second)
	bars, _ := b.Box("#chart-bar3d")
	if err := b.Drag(bars.X+bars.W/2, bars.Y+bars.H/2, -80, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if now, _ := b.Eval(`document.getElementById("chart-bar3d").getAttribute("data-frames")`, 5*time.Second); now == frames {
		t.Errorf("after disposing another chart, a drag drew no frame (%s)", now)
	}
}

// The surface's wireframe option draws lines instead of faces: fewer
// painted pixels, still coloured by height.
func TestBrowserWireframe(t *testing.T) {
	p, chromium := harness(t)
	b := launch(t, chromium, false)
	measure := func(url string) threetest.Paint {
		if _, err := b.Open(url, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := b.WaitReady(4, time.Minute); err != nil {
			t.Fatal(err)
		}
		img, err := b.Screenshot("#chart-surface3d")
		if err != nil {
			t.Fatal(err)
		}
		save(t, "surface"+strings.TrimPrefix(url, p.URL), img)
		return threetest.Measure(inner(img), white)
	}
	filled, wire := measure(p.URL), measure(p.URL+"?wireframe=1")
	t.Logf("filled %+v, wireframe %+v", filled, wire)
	if wire.Saturated >= filled.Saturated/2 || wire.Saturated < 0.002 {
		t.Errorf("wireframe paints %.2f%% saturated pixels, filled %.2f%%", 100*wire.Saturated, 100*filled.Saturated)
	}
}

// A 100,000-point cloud is one batched draw; it paints, and its frame time
// under SwiftShader is logged (bench/three measures a million too).
func TestBrowserLargeCloud(t *testing.T) {
	p, chromium := harness(t)
	b := launch(t, chromium, false)
	n := 100_000
	if os.Getenv("GOBI_3D_MILLION") != "" {
		n = 1_000_000
	}
	if _, err := b.Open(fmt.Sprintf("%s?points=%d", p.URL, n), time.Minute); err != nil {
		t.Fatal(err)
	}
	readyMS, err := b.WaitReady(1, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	img, err := b.Screenshot("#chart-cloud")
	if err != nil {
		t.Fatal(err)
	}
	save(t, "cloud", img)
	pt := threetest.Measure(inner(img), white)
	if pt.Painted < 0.03 || pt.Saturated < 0.02 || pt.Colours < 12 {
		t.Errorf("%d points did not paint: %+v", n, pt)
	}
	sp, err := b.Spin(2*time.Second, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Views) != 1 || sp.Views[0].Frames < 2 {
		t.Fatalf("spin: %+v", sp)
	}
	v := sp.Views[0]
	t.Logf("%d points: drawn %.0f ms after navigation; spinning %d frames in %.0f ms: %.1f ms a frame (%.1f fps), %.2f ms of it on the main thread",
		n, readyMS, v.Frames, sp.ElapsedMS, v.Frame, 1000/v.Frame, v.DrawMS)
}

// Without WebGL2 the page says so in each chart's place instead of
// failing silently.
func TestBrowserNoWebGL2(t *testing.T) {
	p, chromium := harness(t)
	b := launch(t, chromium, true)
	state, err := b.Open(p.URL, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if state != "no-webgl2" {
		t.Skipf("this Chromium still offers WebGL2 without a GPU or software rasterizer (harness %q)", state)
	}
	txt, err := b.Eval(`document.getElementById("chart-bar3d").textContent`, 5*time.Second)
	if err != nil || !strings.Contains(txt, "WebGL 2") {
		t.Errorf("message %q, %v", txt, err)
	}
}

// save writes img to $GOBI_3D_SHOTS/name.png when that is set, to look at.
func save(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("GOBI_3D_SHOTS")
	if dir == "" {
		return
	}
	name = strings.NewReplacer("?", "_", "=", "_").Replace(name)
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// inner drops a chart screenshot's 1-pixel border.
func inner(img image.Image) image.Image {
	r := img.Bounds().Inset(2)
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	return img
}

// changed is the share of pixels that differ between two screenshots.
func changed(a, b image.Image) float64 {
	if a == nil || b == nil || a.Bounds() != b.Bounds() {
		return 1
	}
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
