//go:build !js

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/wasm/browsertest"
)

// emulateScheme makes Chromium report prefers-color-scheme: scheme.
func emulateScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// screenshot is the viewport as an image.
func screenshot(t *testing.T, ctx context.Context) image.Image {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// luma is the brightness (0–255) of the pixel at x, y.
func luma(img image.Image, x, y int) float64 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 257
}

// themePixels waits for the tiles and reads the brightness of the page
// background (left of the grid) and of the first 2D chart's corner; -1
// for the chart while a redraw has none on the page.
func themePixels(t *testing.T, ctx context.Context) (page, chart float64) {
	t.Helper()
	waitTiles(t, ctx)
	pt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const c = document.querySelector('.tile[data-ready="1"] canvas.chart2d');
		if (!c) return [];
		const r = c.getBoundingClientRect();
		return [r.left + 3, r.top + 3]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	img := screenshot(t, ctx)
	if len(pt) < 2 {
		return luma(img, 4, 120), -1
	}
	return luma(img, 4, 120), luma(img, int(pt[0]), int(pt[1]))
}

// TestDarkMode follows the system's dark scheme, then the header's
// toggle: light, remembered after a reload, and back to the system.
func TestDarkMode(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 1280, 800)
	emulateScheme(t, ctx, "dark")
	s.loginUI(t, ctx)
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/#/dashboards/%d", s.base, ds[0].ID))); err != nil {
		t.Fatal(err)
	}
	want := func(step string, dark bool) {
		t.Helper()
		var page, chart float64
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			page, chart = themePixels(t, ctx)
			ok := chart >= 0 && (dark && page < 60 && chart < 60 || !dark && page > 200 && chart > 200)
			if ok || time.Now().After(deadline) {
				break
			}
		}
		if chart < 0 || dark && (page >= 60 || chart >= 60) || !dark && (page <= 200 || chart <= 200) {
			t.Fatalf("%s: page brightness %.0f, chart corner %.0f; want dark=%v", step, page, chart, dark)
		}
	}
	want("system dark", true)
	shot(t, ctx, "/tmp/gobi-dark.png")

	choose(t, ctx, "#theme", "Light")
	want("toggled to light", false)
	shot(t, ctx, "/tmp/gobi-light-toggled.png")
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	want("light after a reload", false)
	if v := attr(t, ctx, "html", "data-theme"); v != "light" {
		t.Errorf("data-theme after a reload: %q", v)
	}

	choose(t, ctx, "#theme", "System")
	want("back to the system", true)
	emulateScheme(t, ctx, "light")
	want("the system turned light", false)
}

// TestPhoneHeader checks that at a 390×844 phone viewport nothing
// overflows sideways: the header wraps.
func TestPhoneHeader(t *testing.T) {
	s := start(t)
	ctx := browsertest.New(t, 390, 844)
	s.loginUI(t, ctx)
	var ds []api.Dashboard
	s.call(t, "GET", "/api/dashboards", nil, &ds)
	for _, route := range []string{"#/dashboards", fmt.Sprintf("#/dashboards/%d", ds[0].ID), "#/charts", "#/query", "#/editor"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/"+route)); err != nil {
			t.Fatal(err)
		}
		poll(t, ctx, route+" shows", `document.querySelectorAll('#nav a').length > 0 && document.querySelector('#app').children.length > 0`)
		w, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth,
			Math.max(...[...document.querySelectorAll('header.top *')].map(e => e.getBoundingClientRect().right))]`))
		if err != nil {
			t.Fatal(err)
		}
		if w[0] > 390 || w[1] > 390 {
			t.Errorf("%s at 390 px: page %g px wide, header reaches %g px", route, w[0], w[1])
		}
		if route == "#/dashboards" {
			shot(t, ctx, "/tmp/gobi-phone.png")
		}
	}
}
