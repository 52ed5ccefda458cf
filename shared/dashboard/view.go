package dashboard

import (
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// EmbedView is what GET /api/embed/view returns to an embedded page: the
// one chart, or the dashboard with the charts on it that still exist, and
// the locked parameter values, which the page shows as fixed.
type EmbedView struct {
	Kind api.EmbedKind `json:"kind"`
	// Chart is set for kind "chart".
	Chart *chart.Saved `json:"chart,omitempty"`
	// Dashboard and Charts are set for kind "dashboard".
	Dashboard *api.Dashboard `json:"dashboard,omitempty"`
	Charts    []chart.Saved  `json:"charts,omitempty"`
	// Params are the locked values; they override what the page sends.
	Params    map[string]any `json:"params,omitempty"`
	ExpiresAt time.Time      `json:"expires_at"`
}
