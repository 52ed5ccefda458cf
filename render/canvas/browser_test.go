//go:build !js

package canvas

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/shared/chart"
)

// The page's Content-Security-Policy (server/app): the canvas back-end
// and RegisterFonts must work under it.
const pagePolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"

const pageHTML = `<!doctype html><html><head><meta charset="utf-8">
<script src="/wasm_exec.js"></script><script src="/boot.js"></script></head><body></body></html>`

const bootJS = `const go = new Go();
WebAssembly.instantiateStreaming(fetch("/paint.wasm"), go.importObject).then((r) => go.run(r.instance));`

// TestBrowserPixels paints every sample chart in headless Chromium
// (testdata/paint) and compares the canvas with the PNG back-end's image
// of the same scene: the browser must show what exports show. It runs
// when a Chromium is installed (GOBI_CHROMIUM names one elsewhere), not
// with -short.
func TestBrowserPixels(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	browser := os.Getenv("GOBI_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if browser != "" {
			break
		}
		browser, _ = exec.LookPath(name)
	}
	if browser == "" {
		t.Skip("no Chromium found (set GOBI_CHROMIUM)")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "paint.wasm")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the page")
	}
	out, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	build := exec.Command(goCmd, "build", "-o", wasm, "./testdata/paint")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the page: %v\n%s", err, out)
	}
	execJS := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		execJS = filepath.Join(goroot, "misc", "wasm", "wasm_exec.js")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", pagePolicy)
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, pageHTML)
		case "/boot.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, bootJS)
		case "/wasm_exec.js":
			w.Header().Set("Content-Type", "text/javascript")
			http.ServeFile(w, r, execJS)
		case "/paint.wasm":
			w.Header().Set("Content-Type", "application/wasm")
			http.ServeFile(w, r, wasm)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--font-render-hinting=none", "--virtual-time-budget=60000", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--dump-dom", srv.URL+"/")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	if !bytes.Contains(dom, []byte(`id="done"`)) {
		t.Fatalf("the page did not finish painting:\n%.2000s\n%s", dom, stderr.Bytes())
	}
	pngs := map[string][]byte{}
	for _, m := range regexp.MustCompile(`<pre id="(\w+)">([^<]*)</pre>`).FindAllSubmatch(dom, -1) {
		pngs[string(m[1])] = m[2]
	}
	const w, h, dpr = 480, 300, 2 // as in testdata/paint
	for _, ty := range render.Registered() {
		if ty == chart.Geo {
			continue
		}
		got, ok := pngs[string(ty)]
		if !ok {
			t.Errorf("%s: not painted", ty)
			continue
		}
		b64, found := bytes.CutPrefix(got, []byte("data:image/png;base64,"))
		if !found {
			t.Errorf("%s: %.200s", ty, got)
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(string(b64))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		spec, res := chart.Sample(ty)
		sc, err := render.Draw(&spec, res, render.Options{Width: w, Height: h})
		if err != nil {
			t.Fatal(err)
		}
		want := raster.Draw(sc, dpr)
		mean, far := compare(img, want)
		t.Logf("%-12s mean |Δ| %.2f, pixels off by more than 25%%: %.2f%%", ty, mean, far*100)
		// Anti-aliasing and glyph rasterisation differ; shapes, colours
		// and text placement must not. (Same-type pairs measure 0.3–1.0
		// mean; a bar chart against a line chart measures 32.)
		if mean > 2 || far > 0.015 {
			t.Errorf("%s: canvas differs from the PNG export: mean |Δ| %.2f (want ≤ 2), %.2f%% of pixels far off (want ≤ 1.5%%)", ty, mean, far*100)
			_ = os.WriteFile(filepath.Join(os.TempDir(), "canvas-"+string(ty)+".png"), raw, 0o644)
		}
	}
}

// compare returns the mean absolute difference of a and b's RGB channels
// (0–255, both over white) and the share of pixels whose largest channel
// difference exceeds a quarter of the range.
func compare(a, b image.Image) (mean, far float64) {
	r := a.Bounds().Intersect(b.Bounds())
	if r.Empty() || a.Bounds() != b.Bounds() {
		return math.Inf(1), 1
	}
	var sum float64
	var n, off int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ca, cb := onWhite(a.At(x, y)), onWhite(b.At(x, y))
			worst := 0.0
			for i := range ca {
				d := math.Abs(ca[i] - cb[i])
				sum += d
				worst = math.Max(worst, d)
			}
			if worst > 64 {
				off++
			}
			n++
		}
	}
	return sum / float64(3*n), float64(off) / float64(n)
}

// onWhite composites a colour over white, in 0–255.
func onWhite(c interface{ RGBA() (r, g, b, a uint32) }) [3]float64 {
	r, g, b, a := c.RGBA()
	k := float64(0xffff - a)
	return [3]float64{(float64(r) + k) / 257, (float64(g) + k) / 257, (float64(b) + k) / 257}
}
