// Command three measures the 3D charts of wasm/three in headless Chromium
// with SwiftShader (software WebGL2, no GPU): the harness's WebAssembly
// size, the time from navigation to the first frame, and the frame time
// while the camera turns, for the 3D gallery (four charts, four contexts)
// and for large scatter3d clouds drawn as one batched point buffer.
//
//	go run ./bench/three                       # gallery, 100k and 1M points
//	go run ./bench/three -points 250000 -spin 5s
//
// Columns: "gen" is making the cloud's rows in the page (api.Result of
// boxed values, as decoded JSON would be); "mount" is three.Mount
// (plot3d.Build, GL set-up) per chart; "ready" is navigation to every
// chart's first frame (wasm download and compile, gen, mount, upload,
// draw); "frame" is wall time per frame while the camera turns (1000/fps,
// what the reader sees, raster included); "draw" is the main thread's
// share (scene traversal and WebGL calls); "drawn" is the points of a
// cloud in the last frame in motion: below the cloud's size when level of
// detail kicked in. "(full)" rows turn with level of detail off: every
// point in every frame. SwiftShader rasterises on the CPU, so these
// figures are a floor for any machine with a GPU.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/wasm/three/threetest"
)

func main() {
	points := flag.String("points", "100000,1000000", "comma-separated cloud sizes to measure (empty: gallery only)")
	spin := flag.Duration("spin", 2*time.Second, "how long to turn the camera per measurement")
	gallery := flag.Bool("gallery", true, "measure the four-chart gallery too")
	flag.Parse()
	if err := run(*points, *spin, *gallery); err != nil {
		fmt.Fprintln(os.Stderr, "three:", err)
		os.Exit(1)
	}
}

func run(points string, spin time.Duration, gallery bool) error {
	chromium, err := threetest.Chromium()
	if err != nil {
		return err
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "gobi-bench-three")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page, err := threetest.Build(ctx, dir)
	if err != nil {
		return err
	}
	defer page.Close()
	gz, err := gzipSize(dir + "/harness.wasm")
	if err != nil {
		return err
	}
	fmt.Printf("harness.wasm: %.2f MB raw, %.2f MB gzip -9\n", float64(page.WasmBytes)/1e6, float64(gz)/1e6)
	fmt.Printf("%-24s %7s %-22s %9s %7s %9s %7s %8s %8s\n", "page", "gen ms", "mount ms", "ready ms", "frames", "frame ms", "fps", "draw ms", "drawn")

	measure := func(query string, charts int, label string) error {
		profile, err := os.MkdirTemp(dir, "profile")
		if err != nil {
			return err
		}
		b, err := threetest.Launch(ctx, threetest.Options{Exec: chromium, UserDataDir: profile, Width: 1000, Height: 780})
		if err != nil {
			return err
		}
		defer b.Close()
		if state, err := b.Open(page.URL+query, 2*time.Minute); err != nil || state != "mounted" {
			return fmt.Errorf("%s: harness %q: %v", label, state, err)
		}
		ready, err := b.WaitReady(charts, 5*time.Minute)
		if err != nil {
			return err
		}
		mount, err := b.Eval(`[...document.querySelectorAll("[data-mount-ms]")].map(e => e.getAttribute("data-mount-ms")).join(",")`, time.Minute)
		if err != nil {
			return err
		}
		gen, err := b.Eval(`document.body.getAttribute("data-gen-ms") || "-"`, time.Minute)
		if err != nil {
			return err
		}
		modes := []bool{true}
		if charts == 1 {
			modes = []bool{true, false} // a cloud: with and without level of detail
		}
		for _, lod := range modes {
			res, err := b.Spin(spin, lod)
			if err != nil {
				return err
			}
			for _, v := range res.Views {
				name := label
				if charts > 1 {
					name = label + " " + strings.TrimPrefix(v.ID, "chart-")
				}
				if charts == 1 && !lod {
					name += " (full)"
				}
				fps := 0.0
				if v.Frame > 0 {
					fps = 1000 / v.Frame
				}
				drawn := "-"
				if v.Drawn > 0 {
					drawn = strconv.Itoa(v.Drawn)
				}
				fmt.Printf("%-24s %7s %-22s %9.0f %7d %9.1f %7.1f %8.2f %8s\n", name, gen, mount, ready, v.Frames, v.Frame, fps, v.DrawMS, drawn)
			}
		}
		return nil
	}
	if gallery {
		if err := measure("", 4, "gallery"); err != nil {
			return err
		}
	}
	for _, s := range strings.Split(points, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("-points: %w", err)
		}
		if err := measure("?points="+s, 1, fmt.Sprintf("scatter %d", n)); err != nil {
			return err
		}
	}
	return nil
}

func gzipSize(path string) (int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	return buf.Len(), nil
}
