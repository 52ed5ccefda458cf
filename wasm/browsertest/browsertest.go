//go:build !js

// Package browsertest starts a real headless Chromium for Gobi's browser
// tests and reads what it painted. Tests skip, saying why, when no
// Chromium is installed (Debian's chromium package; GOBI_CHROMIUM names
// another binary).
//
// WebGL2 without a GPU comes from SwiftShader, which needs
// --enable-unsafe-swiftshader; the background-networking flags keep
// Chromium from calling Google's hosts, which this environment refuses.
package browsertest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary, or "" when there is none.
func Path() string {
	if p := os.Getenv("GOBI_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Base are the allocator options every Gobi browser run shares: new
// headless mode, no sandbox (root in containers), a fresh profile in dir,
// no outside connections, no background throttling, sRGB colours. It
// sets no GL flags; see Options.
func Base(path, dir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("force-color-profile", "srgb"),
	}
}

// Options are Base plus WebGL2 on SwiftShader (never pass
// --disable-software-rasterizer: WebGL2 disappears with it).
func Options(path, dir string) []chromedp.ExecAllocatorOption {
	return append(Base(path, dir), chromedp.Flag("enable-unsafe-swiftshader", true))
}

// New starts Chromium for t (skipping t when there is none, or under
// -short) and returns a tab's context with a viewport of w×h CSS pixels;
// everything is closed when t ends.
func New(t testing.TB, w, h int) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	path := Path()
	if path == "" {
		t.Skip("no Chromium found (install Debian's chromium package or set GOBI_CHROMIUM): browser tests skipped")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(path, t.TempDir())...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return ctx
}

// WithTimeout bounds one step of a test.
func WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// Paint summarizes a screenshot: how many pixels differ from the most
// common colour (the background), and how many distinct colours appear.
type Paint struct {
	Pixels     int
	Foreground int
	Colors     int
}

// Share is the fraction of pixels that are not background.
func (p Paint) Share() float64 {
	if p.Pixels == 0 {
		return 0
	}
	return float64(p.Foreground) / float64(p.Pixels)
}

// Analyze decodes a PNG screenshot and counts its paint.
func Analyze(b []byte) (Paint, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return Paint{}, err
	}
	return AnalyzeImage(img), nil
}

// AnalyzeImage counts an image's paint. Colours are quantized to 5 bits
// per channel so anti-aliasing does not inflate the count.
func AnalyzeImage(img image.Image) Paint {
	counts := map[uint32]int{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			counts[(cr>>11)<<10|(cg>>11)<<5|cb>>11]++
		}
	}
	p := Paint{Pixels: r.Dx() * r.Dy(), Colors: len(counts)}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	p.Foreground = p.Pixels - most
	return p
}
