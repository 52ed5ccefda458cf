package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gobi-bi/gobi/render"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/chart"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// Renderer draws tiles and encodes pages: the chart feature, whose render
// limits (pixel cap, PNG concurrency) a dashboard's export shares.
type Renderer interface {
	TileScene(ctx context.Context, p auth.Principal, c *chart.Chart, params map[string]any, w, h float64, theme string) (*render.Scene, error)
	CheckRender(o chart.RenderOptions, png bool) error
	EncodePage(ctx context.Context, page *render.Scene, scale float64, png bool) ([]byte, error)
}

// RenderOptions is a dashboard export request: the page width, the
// height of a grid row and the PNG scale; the page's height follows from
// the tiles.
type RenderOptions struct {
	Width     int
	RowHeight int
	Scale     float64
	Theme     string
}

// The web client's grid: 12 columns, 90 px rows, 12 px gaps.
const (
	gridColumns = 12
	gridGap     = 12
)

// Render draws dashboard id's 2D tiles on its grid with params (each
// chart takes the ones its query declares), as SVG or PNG. A 3D tile, or
// one whose chart cannot be drawn, is a labelled placeholder in its cell,
// so the page keeps its layout.
func (s *Service) Render(ctx context.Context, p auth.Principal, id int64, params map[string]any, o RenderOptions, png bool) ([]byte, error) {
	if s.render == nil {
		return nil, errors.New("dashboard: no renderer")
	}
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	tiles := d.TileList()
	grid := render.Grid{Columns: gridColumns, Width: float64(o.Width), RowHeight: float64(o.RowHeight), Gap: gridGap}
	gt := make([]render.GridTile, len(tiles))
	for i, t := range tiles {
		gt[i] = render.GridTile{X: t.X, Y: t.Y, W: t.W, H: t.H}
	}
	rects, height := grid.Cells(gt)
	check := chart.RenderOptions{Width: o.Width, Height: max(int(height+0.5), chart.MinSide), Scale: o.Scale, Theme: o.Theme}
	if check.Height > chart.MaxSide {
		return nil, fault.Fields(fault.Field("row_height", "the dashboard would be %d pixels tall, more than %d: lower row_height", check.Height, chart.MaxSide))
	}
	if err := s.render.CheckRender(check, png); err != nil {
		return nil, err
	}
	// The tiles' charts load as the owner, who placed them: for a viewer
	// of a shared dashboard, as its charts' data does (only these ids).
	loader := p
	if !p.IsAdmin() && p.UserID != d.OwnerID {
		loader = auth.Principal{UserID: d.OwnerID, Role: auth.RoleUser, Via: p.Via}
	}
	charts, err := s.charts.Many(ctx, loader, d.ChartIDs())
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*chart.Chart, len(charts))
	for i := range charts {
		byID[charts[i].ID] = &charts[i]
	}
	cells := make([]render.Cell, len(tiles))
	for i, t := range tiles {
		cells[i] = s.cell(ctx, p, byID[t.ChartID], params, rects[i], o.Theme)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("dashboard %d: %w", id, err)
		}
	}
	page := render.Compose(float64(o.Width), float64(check.Height), render.ThemeNamed(o.Theme), cells)
	return s.render.EncodePage(ctx, page, o.Scale, png)
}

// cell draws one tile, or says in its place why it is not drawn.
func (s *Service) cell(ctx context.Context, p auth.Principal, c *chart.Chart, params map[string]any, r render.Rect, theme string) render.Cell {
	if c == nil {
		return render.Cell{Rect: r, Title: "Chart not available"}
	}
	title := c.Name
	if sp := c.Decoded(); sp.Title != "" {
		title = sp.Title
	}
	sc, err := s.render.TileScene(ctx, p, c, params, r.W, r.H, theme)
	switch {
	case errors.Is(err, chart.ErrNoScene):
		return render.Cell{Rect: r, Title: title, Note: "3D chart: open the dashboard in Gobi to see it"}
	case err != nil:
		return render.Cell{Rect: r, Title: title, Note: "Not drawn: " + publicReason(err)}
	}
	return render.Cell{Rect: r, Scene: sc}
}

// publicReason is what the caller may read of why a tile failed: a domain
// error's message (or its first field's), never an internal cause.
func publicReason(err error) string {
	fe, ok := fault.As(err)
	switch {
	case !ok:
		return "its data could not be loaded"
	case fe.Message != "":
		return fe.Message
	case len(fe.Fields) > 0:
		return fe.Fields[0].Message
	}
	return fe.CodeOrDefault()
}

// renderInput is a dashboard export request.
type renderInput struct {
	ID        int64   `path:"id" minimum:"1" doc:"The dashboard's id."`
	Params    string  `query:"params" doc:"Dashboard parameter values as a JSON object, such as {\"region\":\"North\"}; each chart takes those its query declares."`
	Width     int     `query:"width" default:"1200" doc:"Page width in CSS pixels (100 to 4000)."`
	RowHeight int     `query:"row_height" default:"90" minimum:"20" maximum:"400" doc:"Height of one grid row in CSS pixels; the page is as tall as its tiles."`
	Scale     float64 `query:"scale" default:"1" doc:"Device pixel ratio of a PNG (1 to 3)."`
	Theme     string  `query:"theme" doc:"light (default) or dark."`
}

func (s *Service) renderOp(png bool) func(context.Context, auth.Principal, *renderInput) (route.Blob, error) {
	return func(ctx context.Context, p auth.Principal, in *renderInput) (route.Blob, error) {
		ps, err := route.JSONObject(in.Params, "params", `{"region":"North"}`)
		if err != nil {
			return nil, err
		}
		return s.Render(ctx, p, in.ID, ps, RenderOptions{Width: in.Width, RowHeight: in.RowHeight, Scale: in.Scale, Theme: in.Theme}, png)
	}
}

// renderOps are GET /api/dashboards/{id}/render.svg and render.png.
func (s *Service) renderOps() route.Table {
	errs := []int{http.StatusUnprocessableEntity, http.StatusGatewayTimeout}
	return route.Table{
		route.Get("/api/dashboards/{id}/render.svg", "render-dashboard-svg", s.renderOp(false)).
			Doc("Render a dashboard as SVG", "Its 2D tiles on the 12-column grid, with the dashboard's parameters; 3D tiles are labelled placeholders.").
			Needs(api.ScopeRead).External().Produces("image/svg+xml").
			Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").Documents(errs...),
		route.Get("/api/dashboards/{id}/render.png", "render-dashboard-png", s.renderOp(true)).
			Doc("Render a dashboard as PNG", "As the SVG, rasterised; width × height × scale² within the chart render limit.").
			Needs(api.ScopeRead).External().Produces("image/png").Documents(errs...),
	}
}
