package chart

import (
	"context"
	"net/http"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Ops are the chart operations: /api/charts and /api/chart-types.
func (s *Service) Ops() route.Table {
	ops := route.Table{
		route.Get("/api/chart-types", "list-chart-types", s.types).
			Doc("List chart types", "Every chart type with its encodings (channels), options and what each accepts.").
			Needs(api.ScopeRead).Header(http.CanonicalHeaderKey("Cache-Control"), "public, max-age=3600"),
		route.Get("/api/charts", "list-charts", s.list).Doc("List charts").Needs(api.ScopeRead).External(),
	}
	ops = append(ops, route.CRUD(route.Noun{One: "chart", Path: "/api/charts"}, s, route.View[*Chart], true)...)
	ops = append(ops,
		route.Get("/api/charts/{id}/data", "get-chart-data", s.data).
			Doc("Get a chart's data", "Runs the chart's query (or reads the result cache) and shapes the rows for the chart type.").
			Needs(api.ScopeRead).External().Documents(http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusGatewayTimeout),
		route.Get("/api/charts/{id}/render.svg", "render-chart-svg", s.svg).
			Doc("Render a chart as SVG").Needs(api.ScopeRead).External().Produces("image/svg+xml").
			// SVG can carry script; this one never does, and the CSP makes sure.
			Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").
			Documents(http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusGatewayTimeout),
		route.Get("/api/charts/{id}/render.png", "render-chart-png", s.png).
			Doc("Render a chart as PNG").Needs(api.ScopeRead).External().Produces("image/png").
			Documents(http.StatusUnprocessableEntity, http.StatusBadGateway, http.StatusGatewayTimeout),
	)
	return ops.Tagged("Charts")
}

func (s *Service) types(context.Context, auth.Principal, *struct{}) ([]spec.TypeInfo, error) {
	return spec.Catalogue(), nil
}

func (s *Service) list(ctx context.Context, p auth.Principal, _ *struct{}) ([]spec.Saved, error) {
	return s.List(ctx, p)
}

// DataInput selects a chart and the parameters of its query.
type DataInput struct {
	ID int64 `path:"id" minimum:"1" doc:"The chart's id."`
	// Params is merged over the chart's own parameter values.
	Params string `query:"params" doc:"Parameter values as a JSON object, such as {\"region\":\"North\"}, merged over the chart's own."`
	// Dashboard marks a dashboard's parameters, sent to every chart on
	// it: those the chart's query does not declare are dropped.
	Dashboard bool `query:"dashboard" doc:"The parameters are a dashboard's: those this chart's query does not declare are dropped instead of refused."`
}

type dataInput struct {
	DataInput
	MaxPoints int `query:"max_points" minimum:"0" maximum:"1000000" doc:"Downsample each series to at most this many points (0: as many as the chart shows)."`
}

type renderInput struct {
	DataInput
	Width  int     `query:"width" default:"800" doc:"Width in CSS pixels."`
	Height int     `query:"height" default:"500" doc:"Height in CSS pixels."`
	Scale  float64 `query:"scale" default:"1" doc:"Device pixel ratio of a PNG (1 to 4)."`
	Theme  string  `query:"theme" doc:"light (default) or dark."`
}

// load reads the chart and the request's parameters.
func (s *Service) load(ctx context.Context, p auth.Principal, in DataInput) (*Chart, map[string]any, error) {
	c, err := s.Get(ctx, p, in.ID)
	if err != nil {
		return nil, nil, err
	}
	ps, err := route.JSONObject(in.Params, "params", `{"region":"North"}`)
	if err != nil || !in.Dashboard {
		return c, ps, err
	}
	ps, err = s.Declared(ctx, p, c, ps)
	return c, ps, err
}

func (s *Service) data(ctx context.Context, p auth.Principal, in *dataInput) (*spec.DataResponse, error) {
	c, ps, err := s.load(ctx, p, in.DataInput)
	if err != nil {
		return nil, err
	}
	return s.Data(ctx, p, c, ps, in.MaxPoints)
}

func (s *Service) render(ctx context.Context, p auth.Principal, in *renderInput, png bool) (route.Blob, error) {
	c, ps, err := s.load(ctx, p, in.DataInput)
	if err != nil {
		return nil, err
	}
	o := RenderOptions{Width: in.Width, Height: in.Height, Scale: in.Scale, Theme: in.Theme}
	if png {
		return s.RenderPNG(ctx, p, c, ps, o)
	}
	return s.RenderSVG(ctx, p, c, ps, o)
}

func (s *Service) svg(ctx context.Context, p auth.Principal, in *renderInput) (route.Blob, error) {
	return s.render(ctx, p, in, false)
}

func (s *Service) png(ctx context.Context, p auth.Principal, in *renderInput) (route.Blob, error) {
	return s.render(ctx, p, in, true)
}
