package demo

import (
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

// chartQueries are the queries that exist mainly to feed demo charts.
func chartQueries() []Query {
	return []Query{
		{
			Key: "revenue-by-channel", Name: "Revenue by channel",
			Description: "Total revenue per sales channel.",
			SQL: `SELECT channel, ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY channel
ORDER BY revenue DESC`,
		},
		{
			Key: "revenue-by-category", Name: "Revenue by category",
			Description: "Total revenue per product category.",
			SQL: `SELECT category, ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY category
ORDER BY category`,
		},
		{
			Key: "order-size-funnel", Name: "Order size funnel",
			Description: "How many orders reach each size: a funnel from any order to large orders.",
			SQL: `SELECT 'Any order' AS stage, COUNT(*) AS orders FROM sales
UNION ALL SELECT '2+ units', COUNT(*) FROM sales WHERE units >= 2
UNION ALL SELECT '5+ units', COUNT(*) FROM sales WHERE units >= 5
UNION ALL SELECT '10+ units', COUNT(*) FROM sales WHERE units >= 10
UNION ALL SELECT '20+ units', COUNT(*) FROM sales WHERE units >= 20`,
		},
		{
			Key: "order-values", Name: "Order values by category",
			Description: "Every order's revenue with its category, for distributions.",
			SQL: `SELECT category, revenue
FROM sales
ORDER BY category`,
		},
		{
			Key: "kpi", Name: "One KPI",
			Description: "One key performance indicator against its target.",
			SQL: `SELECT name, value, target
FROM kpis
WHERE name = :name`,
			Params: []api.ParamDef{{Name: "name", Type: api.ParamString, Default: "On-time delivery %"}},
		},
	}
}

// Chart is a demo chart: a spec whose QueryID is filled in from QueryKey
// when the demo is installed.
type Chart struct {
	Name     string
	QueryKey string
	Spec     chart.Spec
}

func enc(pairs ...any) map[chart.Channel]chart.Field {
	m := map[chart.Channel]chart.Field{}
	for i := 0; i+1 < len(pairs); i += 2 {
		switch v := pairs[i+1].(type) {
		case string:
			m[pairs[i].(chart.Channel)] = chart.Field{Columns: []string{v}}
		case []string:
			m[pairs[i].(chart.Channel)] = chart.Field{Columns: v}
		}
	}
	return m
}

func f(v float64) *float64 { return &v }

// Charts returns one demo chart per 2D type and the four 3D types, so a
// first start shows the whole catalogue.
func Charts() []Chart {
	c := chart.Category
	v := chart.Value
	return []Chart{
		{"Revenue and profit by month", "revenue-by-month", chart.Spec{Type: chart.Line, Title: "Revenue and profit by month",
			Encoding: enc(chart.X, "month", chart.Y, []string{"revenue", "profit"}), Format: chart.Format{Number: "$0.0a"}, Options: chart.Options{Smooth: true}}},
		{"Revenue by region and category", "revenue-by-region-category", chart.Spec{Type: chart.Bar, Title: "Revenue by region and category",
			Encoding: enc(chart.X, "region", chart.Y, "revenue", chart.Series, "category"), Stack: "stack", Format: chart.Format{Number: "$0.0a"}}},
		{"Channel mix by month", "channel-mix-by-month", chart.Spec{Type: chart.Area, Title: "Channel mix by month",
			Encoding: enc(chart.X, "month", chart.Y, "revenue", chart.Series, "channel"), Stack: "percent"}},
		{"Revenue by channel", "revenue-by-channel", chart.Spec{Type: chart.Pie, Title: "Revenue by channel",
			Encoding: enc(c, "channel", v, "revenue"), Options: chart.Options{Donut: 0.5, ShowLabels: true}, Format: chart.Format{Number: "$0.0a"}}},
		{"Product margin versus volume", "product-margin-volume", chart.Spec{Type: chart.Scatter, Title: "Margin versus volume",
			Encoding: enc(chart.X, "units", chart.Y, "margin_pct", chart.Size, "revenue", chart.Series, "category", chart.Label, "product"),
			XAxis:    chart.Axis{Title: "Units sold"}, YAxis: chart.Axis{Title: "Margin %"}}},
		{"Category mix by region", "revenue-by-region-category", chart.Spec{Type: chart.Radar, Title: "Category mix by region",
			Encoding: enc(c, "category", v, "revenue", chart.Series, "region"), Format: chart.Format{Number: "$0.0a"}}},
		{"Orders by weekday and month", "orders-by-weekday-month", chart.Spec{Type: chart.Heatmap, Title: "Orders by weekday and month",
			Encoding: enc(chart.X, "month", chart.Y, "weekday", v, "orders")}},
		{"On-time delivery", "kpi", chart.Spec{Type: chart.Gauge, Title: "On-time delivery %",
			Encoding: enc(v, "value", chart.Target, "target", chart.Label, "name"), Options: chart.Options{Min: f(80), Max: f(100)}}},
		{"Order size funnel", "order-size-funnel", chart.Spec{Type: chart.Funnel, Title: "Order size funnel",
			Encoding: enc(c, "stage", v, "orders")}},
		{"Revenue treemap", "revenue-by-region-category", chart.Spec{Type: chart.Treemap, Title: "Revenue by region and category",
			Encoding: enc(chart.Path, []string{"region", "category"}, v, "revenue"), Format: chart.Format{Number: "$0.0a"}}},
		{"Revenue sunburst", "revenue-by-region-category", chart.Spec{Type: chart.Sunburst, Title: "Revenue by region and category",
			Encoding: enc(chart.Path, []string{"region", "category"}, v, "revenue"), Format: chart.Format{Number: "$0.0a"}}},
		{"Organisation chart", "org-hierarchy", chart.Spec{Type: chart.Tree, Title: "Organisation",
			Encoding: enc(chart.ID, "name", chart.Parent, "manager", chart.Label, "name")}},
		{"Order values by category", "order-values", chart.Spec{Type: chart.Boxplot, Title: "Order values by category",
			Encoding: enc(c, "category", v, "revenue"), Format: chart.Format{Number: "$0,0"}}},
		{"ACME candles", "ohlc-candles", chart.Spec{Type: chart.Candlestick, Title: "ACME daily prices",
			Encoding: enc(chart.X, "day", chart.Open, "open", chart.High, "high", chart.Low, "low", chart.Close, "close")}},
		{"BI vocabulary", "word-frequencies", chart.Spec{Type: chart.WordCloud, Title: "BI vocabulary",
			Encoding: enc(c, "word", v, "frequency")}},
		{"Service call graph", "service-links", chart.Spec{Type: chart.Graph, Title: "Service call graph",
			Encoding: enc(chart.Source, "source", chart.Target, "target", v, "weight")}},
		{"Budget bridge", "budget-waterfall", chart.Spec{Type: chart.Waterfall, Title: "Budget bridge",
			Encoding: enc(c, "label", v, "amount"), Format: chart.Format{Number: "$0.0a"}}},
		{"Revenue by region (polar)", "revenue-by-region-category", chart.Spec{Type: chart.Polar, Title: "Revenue by region",
			Encoding: enc(c, "region", v, "revenue", chart.Series, "category"), Format: chart.Format{Number: "$0.0a"}}},
		{"Project plan", "project-tasks", chart.Spec{Type: chart.Gantt, Title: "Project plan",
			Encoding: enc(c, "name", chart.Start, "start_date", chart.End, "end_date", chart.Series, "phase", v, "progress")}},
		{"Revenue by category (rose)", "revenue-by-category", chart.Spec{Type: chart.Rose, Title: "Revenue by category",
			Encoding: enc(c, "category", v, "revenue"), Format: chart.Format{Number: "$0.0a"}}},
		{"Revenue by country", "revenue-by-country", chart.Spec{Type: chart.Geo, Title: "Revenue by country",
			Encoding: enc(chart.Region, "country_code", v, "revenue"), Format: chart.Format{Number: "$0.0a"}, Options: chart.Options{Map: "world"}}},
		{"KPIs against target", "kpis", chart.Spec{Type: chart.Progress, Title: "KPIs against target",
			Encoding: enc(c, "name", v, "value", chart.Target, "target")}},
		{"Surface", "surface-grid", chart.Spec{Type: chart.Surface3D, Title: "sin(r)/r surface",
			Encoding: enc(chart.X, "x", chart.Y, "y", chart.Z, "z")}},
		{"3D clusters", "points-3d", chart.Spec{Type: chart.Scatter3D, Title: "Clusters in 3D",
			Encoding: enc(chart.X, "x", chart.Y, "y", chart.Z, "z", chart.Series, "cluster")}},
		{"3D bubbles", "points-3d", chart.Spec{Type: chart.Bubble3D, Title: "Bubbles in 3D",
			Encoding: enc(chart.X, "x", chart.Y, "y", chart.Z, "z", chart.Size, "size", chart.Series, "cluster")}},
		{"Revenue by region and category (3D)", "revenue-by-region-category", chart.Spec{Type: chart.Bar3D, Title: "Revenue by region and category",
			Encoding: enc(chart.X, "region", chart.Y, "category", chart.Z, "revenue")}},
	}
}
