package client

import (
	"context"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// CreateEmbedLink creates an embed link to a chart or dashboard; its
// token is in the result only this once. Use it with WithEmbedToken.
func (c *Client) CreateEmbedLink(ctx context.Context, in api.EmbedInput) (*api.EmbedCreated, error) {
	var out api.EmbedCreated
	return &out, c.Do(ctx, "POST", "/api/embed", nil, in, &out)
}

// EmbedLinks lists the caller's embed links, never their tokens.
func (c *Client) EmbedLinks(ctx context.Context) ([]api.EmbedLink, error) {
	var out []api.EmbedLink
	return out, c.Do(ctx, "GET", "/api/embed", nil, nil, &out)
}

// RevokeEmbedLink revokes an embed link: its token then answers 410.
func (c *Client) RevokeEmbedLink(ctx context.Context, linkID int64) error {
	return c.Do(ctx, "DELETE", fmt.Sprintf("/api/embed/%d", linkID), nil, nil, nil)
}

// EmbedView returns what the client's embed token (WithEmbedToken) shows:
// the chart, or the dashboard and its charts, with the locked parameters.
func (c *Client) EmbedView(ctx context.Context) (*dashboard.EmbedView, error) {
	var out dashboard.EmbedView
	return &out, c.Do(ctx, "GET", "/api/embed/view", nil, nil, &out)
}

// EmbedChartData returns the data of a chart the embed token shows. The
// link's locked parameters override o.Params; o.Dashboard does not apply.
func (c *Client) EmbedChartData(ctx context.Context, chartID int64, o DataOptions) (*chart.DataResponse, error) {
	q, err := o.values(false)
	if err != nil {
		return nil, err
	}
	var out chart.DataResponse
	return &out, c.Do(ctx, "GET", fmt.Sprintf("/api/embed/charts/%d/data", chartID), q, nil, &out)
}
