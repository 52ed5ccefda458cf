package chart

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

// Size bounds of a render, in CSS pixels before scale.
const (
	MinSide  = 100
	MaxSide  = 4000
	MaxScale = 3
)

// RenderLimits bound server-side rendering. A PNG costs about 8 bytes a
// pixel while it is drawn (the RGBA image and the rasteriser's coverage
// buffer), so MaxPixels × Concurrency × 8 is what PNGs can hold at once.
type RenderLimits struct {
	// MaxPixels caps width × height × scale² of one PNG.
	MaxPixels int
	// Concurrency is how many PNGs are drawn at once. Up to four times as
	// many wait, for at most Wait (and their request's context); beyond
	// that a render is refused as busy.
	Concurrency int
	Wait        time.Duration
}

// DefaultRenderLimits: 16 megapixels is a 4000 × 4000 image, 2000 × 2000
// at scale 2 or a print-quality A4 page (2480 × 3508 = 8.7 MP) with room;
// 120–165 MB while drawn (measured: three at once grew RSS by 493 MiB).
// Rasterising is CPU-bound, so more at once than there are cores gains
// nothing; at most 4 keeps PNGs well under 1 GB together on a large
// machine.
func DefaultRenderLimits() RenderLimits {
	return RenderLimits{MaxPixels: 16_000_000, Concurrency: DefaultRenderConcurrency(), Wait: 10 * time.Second}
}

// DefaultRenderConcurrency is the number of CPUs, at most 4.
func DefaultRenderConcurrency() int { return min(runtime.NumCPU(), 4) }

// RenderOptions is what a render request asks for.
type RenderOptions struct {
	Width, Height int
	Scale         float64
	Theme         string
}

// errBusy means every rasterising slot stayed taken.
var errBusy = errors.New("chart: every PNG rendering slot is taken")

// renderRetry is the Retry-After of a busy render.
const renderRetry = time.Second

// gate bounds concurrent rasterisations with a short queue.
type gate struct {
	slots chan struct{}
	wait  time.Duration

	mu      sync.Mutex
	waiting int
	queue   int
	active  int
	peak    int
}

func newGate(l RenderLimits) *gate {
	n := max(l.Concurrency, 1)
	return &gate{slots: make(chan struct{}, n), wait: l.Wait, queue: 4 * n}
}

// enter takes a slot, waiting in the queue if there is room in it.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.entered(), nil
	default:
	}
	g.mu.Lock()
	if g.waiting >= g.queue {
		g.mu.Unlock()
		return nil, fmt.Errorf("%w: %d renders are waiting already", errBusy, g.queue)
	}
	g.waiting++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.entered(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, fmt.Errorf("%w: waited %s", errBusy, g.wait)
	}
}

func (g *gate) entered() func() {
	g.mu.Lock()
	g.active++
	g.peak = max(g.peak, g.active)
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		g.active--
		g.mu.Unlock()
		<-g.slots
	}
}

// RenderStats reports how many PNGs are being drawn now and the most
// that ever were at once.
func (s *Service) RenderStats() (active, peak int) {
	g := s.gate()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.active, g.peak
}

// LimitRendering sets the render limits; call it before serving.
func (s *Service) LimitRendering(l RenderLimits) {
	d := DefaultRenderLimits()
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.Wait <= 0 {
		l.Wait = d.Wait
	}
	s.limits, s.raster = l, newGate(l)
}

func (s *Service) gate() *gate {
	s.once.Do(func() {
		if s.raster == nil {
			s.LimitRendering(DefaultRenderLimits())
		}
	})
	return s.raster
}

// CheckRender validates a render request: each side between MinSide and
// MaxSide, scale between 1 and MaxScale, and for a PNG at most MaxPixels
// pixels in all.
func (s *Service) CheckRender(o RenderOptions, png bool) error {
	s.gate()
	var fields []api.FieldError
	if o.Width < MinSide || o.Width > MaxSide {
		fields = append(fields, fault.Field("width", "must be between %d and %d", MinSide, MaxSide))
	}
	if o.Height < MinSide || o.Height > MaxSide {
		fields = append(fields, fault.Field("height", "must be between %d and %d", MinSide, MaxSide))
	}
	if !(o.Scale >= 1 && o.Scale <= MaxScale) {
		fields = append(fields, fault.Field("scale", "must be between 1 and %d", MaxScale))
	}
	if o.Theme != "" && o.Theme != "light" && o.Theme != "dark" {
		fields = append(fields, fault.Field("theme", "must be light or dark"))
	}
	if len(fields) == 0 && png {
		if px := float64(o.Width) * float64(o.Height) * o.Scale * o.Scale; px > float64(s.limits.MaxPixels) {
			msg := fmt.Sprintf("width × height × scale² is %.0f pixels, more than the limit of %d", px, s.limits.MaxPixels)
			fields = append(fields, fault.Field("width", "%s", msg), fault.Field("height", "%s", msg))
			if o.Scale > 1 {
				fields = append(fields, fault.Field("scale", "%s", msg))
			}
		}
	}
	if len(fields) > 0 {
		return fault.Fields(fields...)
	}
	return nil
}

// scene checks o, loads c's data with params and draws it.
func (s *Service) scene(ctx context.Context, p auth.Principal, c *Chart, params map[string]any, o RenderOptions, png bool) (*render.Scene, error) {
	if err := s.CheckRender(o, png); err != nil {
		return nil, err
	}
	out, err := s.Data(ctx, p, c, params, int(float64(o.Width)*o.Scale))
	if err != nil {
		return nil, err
	}
	if len(out.Problems) > 0 {
		return nil, fault.Fields(out.Problems...)
	}
	sc, err := render.Draw(out.Spec, out.Data, render.Options{Width: float64(o.Width), Height: float64(o.Height), Theme: o.Theme})
	if err != nil {
		return nil, fault.Fields(fault.Field("spec", "%v", err))
	}
	return sc, nil
}

// RenderSVG draws c as SVG.
func (s *Service) RenderSVG(ctx context.Context, p auth.Principal, c *Chart, params map[string]any, o RenderOptions) ([]byte, error) {
	sc, err := s.scene(ctx, p, c, params, o, false)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := svg.Encode(&buf, sc); err != nil {
		return nil, fmt.Errorf("chart %d: svg: %w", c.ID, err)
	}
	return buf.Bytes(), nil
}

// RenderPNG draws c as PNG, within the pixel cap and the concurrency
// bound: every PNG the server draws goes through here.
func (s *Service) RenderPNG(ctx context.Context, p auth.Principal, c *Chart, params map[string]any, o RenderOptions) ([]byte, error) {
	sc, err := s.scene(ctx, p, c, params, o, true)
	if err != nil {
		return nil, err
	}
	leave, err := s.gate().enter(ctx)
	if errors.Is(err, errBusy) {
		return nil, fault.Retry(fault.Busy, renderRetry, "too many images are being rendered right now; retry shortly", err)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %d: waiting to render: %w", c.ID, err)
	}
	defer leave()
	var buf bytes.Buffer
	if err := raster.EncodePNG(&buf, sc, o.Scale); err != nil {
		return nil, fmt.Errorf("chart %d: %w", c.ID, err)
	}
	return buf.Bytes(), nil
}
