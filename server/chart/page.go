package chart

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/render/raster"
	"github.com/gobi-bi/gobi/render/svg"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Pages: a dashboard's export draws each tile with TileScene and the
// composed page with EncodePage, under the same limits as a chart render.

// ErrNoScene means a chart has no 2D drawing: a 3D type, drawn only by the
// browser's WebGL.
var ErrNoScene = errors.New("chart: 3D charts are drawn in the browser only")

// TileScene loads c's data with a dashboard's params (those its query
// does not declare are dropped) and draws it at w × h in theme. A 3D
// chart returns ErrNoScene without running its query.
func (s *Service) TileScene(ctx context.Context, p auth.Principal, c *Chart, params map[string]any, w, h float64, theme string) (*render.Scene, error) {
	if ti, ok := spec.Info(c.Decoded().Type); ok && ti.Dim == 3 {
		return nil, ErrNoScene
	}
	ps, err := s.Declared(ctx, p, c, params)
	if err != nil {
		return nil, err
	}
	out, err := s.Data(ctx, p, c, ps, int(w))
	if err != nil {
		return nil, err
	}
	if len(out.Problems) > 0 {
		return nil, fault.Fields(out.Problems...)
	}
	sc, err := render.Draw(out.Spec, out.Data, render.Options{Width: w, Height: h, Theme: theme})
	if err != nil {
		return nil, fault.Fields(fault.Field("spec", "%v", err))
	}
	return sc, nil
}

// EncodePage writes a composed page as SVG, or as PNG at scale through
// the same pixel cap and concurrency bound as every chart PNG. The
// caller checks the page's size with CheckRender first.
func (s *Service) EncodePage(ctx context.Context, page *render.Scene, scale float64, png bool) ([]byte, error) {
	s.gate() // installs the default limits when none were set
	var buf bytes.Buffer
	if !png {
		if err := svg.Encode(&buf, page); err != nil {
			return nil, fmt.Errorf("page: svg: %w", err)
		}
		return buf.Bytes(), nil
	}
	if px := page.Width * page.Height * scale * scale; px > float64(s.limits.MaxPixels) {
		return nil, fault.Fields(fault.Field("width", "the page is %.0f pixels, more than the limit of %d", px, s.limits.MaxPixels))
	}
	leave, err := s.gate().enter(ctx)
	if errors.Is(err, errBusy) {
		return nil, fault.Retry(fault.Busy, renderRetry, "too many images are being rendered right now; retry shortly", err)
	}
	if err != nil {
		return nil, fmt.Errorf("page: waiting to render: %w", err)
	}
	defer leave()
	if err := raster.EncodePNG(&buf, page, scale); err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	return buf.Bytes(), nil
}
