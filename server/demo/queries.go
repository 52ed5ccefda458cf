package demo

import "github.com/gobi-bi/gobi/shared/api"

// Query is one saved query the demo installs against the sample database.
type Query struct {
	// Key is a stable slug, so the installer can find a query it created
	// before (and update rather than duplicate it) across versions.
	Key         string
	Name        string
	Description string
	// SQL is SQLite, read-only, with named parameters written as :name.
	SQL    string
	Params []api.ParamDef
}

// Queries returns the demo's saved queries, one or more per chart type.
// Every parameter has a default so each query runs without input. Defaults
// have the shapes encoding/json produces (string, float64, []any), so a
// query reads the same before and after a trip through the store.
func Queries() []Query {
	return append([]Query{
		{
			Key:         "revenue-by-month",
			Name:        "Revenue by month",
			Description: "Monthly revenue and profit; pick a region or 'all'. A line or bar chart.",
			SQL: `SELECT strftime('%Y-%m', order_date) AS month,
       ROUND(SUM(revenue), 2) AS revenue,
       ROUND(SUM(revenue - cost), 2) AS profit
FROM sales
WHERE (:region = 'all' OR region = :region)
GROUP BY month
ORDER BY month`,
			Params: []api.ParamDef{{Name: "region", Type: api.ParamString, Default: "all"}},
		},
		{
			Key:         "revenue-by-region-category",
			Name:        "Revenue by region and category",
			Description: "Revenue split by region and product category. A stacked bar chart or treemap.",
			SQL: `SELECT region, category, ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY region, category
ORDER BY region, category`,
		},
		{
			Key:         "top-products",
			Name:        "Top products",
			Description: "The best-selling products by revenue. A horizontal bar chart.",
			// CAST because LIMIT needs an integer and numbers may be bound
			// as floating point.
			SQL: `SELECT product, category,
       SUM(units) AS units,
       ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY product, category
ORDER BY revenue DESC
LIMIT CAST(:limit AS INTEGER)`,
			Params: []api.ParamDef{{Name: "limit", Type: api.ParamNumber, Default: float64(5)}},
		},
		{
			Key:         "channel-mix-by-month",
			Name:        "Channel mix by month",
			Description: "Monthly revenue per sales channel; online grows. A stacked area chart.",
			SQL: `SELECT strftime('%Y-%m', order_date) AS month, channel,
       ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY month, channel
ORDER BY month, channel`,
		},
		{
			Key:         "orders-by-weekday-month",
			Name:        "Orders by weekday and month",
			Description: "Order counts per weekday and month of the year. A heatmap.",
			SQL: `SELECT CAST(strftime('%m', order_date) AS INTEGER) AS month,
       CASE CAST(strftime('%w', order_date) AS INTEGER)
         WHEN 0 THEN 'Sun' WHEN 1 THEN 'Mon' WHEN 2 THEN 'Tue' WHEN 3 THEN 'Wed'
         WHEN 4 THEN 'Thu' WHEN 5 THEN 'Fri' ELSE 'Sat' END AS weekday,
       COUNT(*) AS orders
FROM sales
GROUP BY month, strftime('%w', order_date)
ORDER BY month, strftime('%w', order_date)`,
		},
		{
			Key:         "product-margin-volume",
			Name:        "Product margin versus volume",
			Description: "Units sold against gross margin per product, sized by revenue. A scatter or bubble chart.",
			SQL: `SELECT product, category,
       SUM(units) AS units,
       ROUND(100.0 * SUM(revenue - cost) / SUM(revenue), 1) AS margin_pct,
       ROUND(SUM(revenue), 2) AS revenue
FROM sales
GROUP BY product, category
ORDER BY product`,
		},
		{
			Key:         "revenue-by-country",
			Name:        "Revenue by country",
			Description: "Revenue per country, keyed by ISO 3166-1 alpha-3 code. A choropleth map.",
			SQL: `SELECT country_code, ROUND(SUM(revenue), 2) AS revenue, COUNT(*) AS orders
FROM sales
GROUP BY country_code
ORDER BY revenue DESC`,
		},
		{
			Key:         "sales-between",
			Name:        "Sales between dates",
			Description: "Individual orders between two dates, inclusive. A table.",
			// date() normalises whatever the driver makes of a bound date
			// (text or a timestamp string) to 'YYYY-MM-DD' before comparing.
			SQL: `SELECT id, order_date, region, country_code, product, channel, units, unit_price, revenue
FROM sales
WHERE order_date BETWEEN date(:from) AND date(:to)
ORDER BY order_date, id`,
			Params: []api.ParamDef{
				{Name: "from", Type: api.ParamDate, Required: true, Default: "2025-01-01"},
				{Name: "to", Type: api.ParamDate, Required: true, Default: "2025-01-31"},
			},
		},
		{
			Key:         "revenue-by-quarter-for-regions",
			Name:        "Quarterly revenue for chosen regions",
			Description: "Revenue per quarter for the regions picked from a list. A grouped bar chart.",
			SQL: `SELECT strftime('%Y', order_date) || '-Q' || ((CAST(strftime('%m', order_date) AS INTEGER) + 2) / 3) AS quarter,
       region,
       ROUND(SUM(revenue), 2) AS revenue
FROM sales
WHERE region IN (:regions)
GROUP BY quarter, region
ORDER BY quarter, region`,
			Params: []api.ParamDef{{
				Name: "regions", Type: api.ParamList, ItemType: api.ParamString,
				Default: []any{"Europe", "North America"},
			}},
		},
		{
			Key:         "daily-closes",
			Name:        "Daily closing prices",
			Description: "Closing price per business day for one ticker. A line chart.",
			SQL: `SELECT day, close
FROM stock_prices
WHERE symbol = :symbol
ORDER BY day`,
			Params: []api.ParamDef{{Name: "symbol", Type: api.ParamString, Default: "ACME"}},
		},
		{
			Key:         "ohlc-candles",
			Name:        "OHLC candles",
			Description: "Open, high, low, close and volume per day for one ticker. A candlestick chart.",
			SQL: `SELECT day, open, high, low, close, volume
FROM stock_prices
WHERE symbol = :symbol
ORDER BY day`,
			Params: []api.ParamDef{{Name: "symbol", Type: api.ParamString, Default: "ACME"}},
		},
		{
			Key:         "org-hierarchy",
			Name:        "Organisation hierarchy",
			Description: "Everyone with their manager, level and path from the CEO. A tree or sunburst chart.",
			SQL: `WITH RECURSIVE org(id, name, title, department, manager_id, salary, level, path) AS (
  SELECT id, name, title, department, manager_id, salary, 1, name
  FROM employees
  WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.name, e.title, e.department, e.manager_id, e.salary, org.level + 1, org.path || ' / ' || e.name
  FROM employees e
  JOIN org ON e.manager_id = org.id
)
SELECT org.id, org.name, org.title, org.department, org.manager_id,
       m.name AS manager, org.level, org.path, org.salary
FROM org
LEFT JOIN employees m ON m.id = org.manager_id
ORDER BY org.path`,
		},
		{
			Key:         "surface-grid",
			Name:        "Surface grid",
			Description: "z = sin(r)/r on a 41×41 grid. A 3D surface or contour chart.",
			SQL: `SELECT x, y, z
FROM surface
ORDER BY y, x`,
		},
		{
			Key:         "points-3d",
			Name:        "3D clusters",
			Description: "2,000 points in four clusters, with a size. A 3D scatter chart.",
			SQL: `SELECT x, y, z, size, cluster
FROM points3d
ORDER BY cluster`,
		},
		{
			Key:         "project-tasks",
			Name:        "Project plan",
			Description: "Rollout tasks with phases, dates, progress and dependencies. A Gantt chart.",
			SQL: `SELECT id, name, phase, start_date, end_date, progress, depends_on
FROM tasks
ORDER BY start_date, id`,
		},
		{
			Key:         "service-links",
			Name:        "Service call graph",
			Description: "Which service calls which, weighted by calls per minute. A network graph or Sankey diagram.",
			SQL: `SELECT source, target, weight
FROM links
ORDER BY weight DESC, source, target`,
		},
		{
			Key:         "word-frequencies",
			Name:        "BI vocabulary",
			Description: "How often BI words come up. A word cloud.",
			SQL: `SELECT word, frequency
FROM words
ORDER BY frequency DESC, word`,
		},
		{
			Key:         "budget-waterfall",
			Name:        "Budget bridge",
			Description: "Opening balance, income and spending in order. A waterfall chart.",
			SQL: `SELECT step_order, label, amount
FROM budget_steps
ORDER BY step_order`,
		},
		{
			Key:         "kpis",
			Name:        "Key performance indicators",
			Description: "Headline figures against their targets. Gauges or progress bars.",
			SQL: `SELECT name, value, target, ROUND(100.0 * value / target, 1) AS pct_of_target
FROM kpis
ORDER BY name`,
		},
	}, chartQueries()...)
}
