package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// statusDate is "today" for the project plan, so some tasks are done, some
// under way and some not started.
var statusDate = time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC)

// genTasks is a BI rollout plan for Gantt charts, each task after the one
// it depends on.
func genTasks() table {
	plan := []struct {
		name, phase, start, end string
		dependsOn               int
	}{
		{"Kick-off workshop", "Discovery", "2025-01-06", "2025-01-10", 0},
		{"Stakeholder interviews", "Discovery", "2025-01-13", "2025-01-31", 1},
		{"Data source inventory", "Discovery", "2025-01-13", "2025-02-07", 1},
		{"Dashboard wireframes", "Design", "2025-02-03", "2025-02-28", 2},
		{"Data model design", "Design", "2025-02-10", "2025-03-07", 3},
		{"Security review", "Design", "2025-03-10", "2025-03-21", 5},
		{"Connect data sources", "Build", "2025-03-24", "2025-04-18", 6},
		{"Build saved queries", "Build", "2025-04-21", "2025-05-23", 7},
		{"Build dashboards", "Build", "2025-03-03", "2025-06-13", 4},
		{"Scheduled reports", "Build", "2025-05-26", "2025-06-27", 8},
		{"User acceptance testing", "Test", "2025-06-16", "2025-07-11", 9},
		{"Performance testing", "Test", "2025-06-30", "2025-07-18", 10},
		{"Training sessions", "Launch", "2025-07-14", "2025-08-01", 11},
		{"Go-live", "Launch", "2025-08-04", "2025-08-08", 13},
		{"Post-launch review", "Launch", "2025-09-01", "2025-09-05", 14},
	}
	t := table{name: "tasks", columns: []string{"id", "name", "phase", "start_date", "end_date", "progress", "depends_on"}}
	for i, p := range plan {
		var dep any
		if p.dependsOn != 0 {
			dep = p.dependsOn
		}
		t.rows = append(t.rows, []any{i + 1, p.name, p.phase, p.start, p.end, progress(p.start, p.end), dep})
	}
	return t
}

// progress is the share of a task's days elapsed at statusDate.
func progress(start, end string) float64 {
	s, errS := time.Parse(dateLayout, start)
	e, errE := time.Parse(dateLayout, end)
	if errS != nil || errE != nil || !e.After(s) {
		return 0 // the plan above is constant; tests catch a bad date
	}
	f := float64(statusDate.Sub(s)) / float64(e.Sub(s))
	return math.Round(math.Min(1, math.Max(0, f))*100) / 100
}

// serviceLinks is a BI platform's service graph: who calls whom.
var serviceLinks = [][2]string{
	{"Web App", "API Gateway"}, {"Mobile App", "API Gateway"}, {"Embed SDK", "API Gateway"},
	{"API Gateway", "Auth Service"}, {"API Gateway", "Rate Limiter"}, {"API Gateway", "Query Engine"},
	{"API Gateway", "Chart Service"}, {"API Gateway", "Report Service"}, {"API Gateway", "Audit Log"},
	{"Auth Service", "Metadata DB"}, {"Auth Service", "Redis"}, {"Rate Limiter", "Redis"},
	{"Query Engine", "Cache"}, {"Query Engine", "PostgreSQL"}, {"Query Engine", "MySQL"},
	{"Query Engine", "SQLite"}, {"Query Engine", "Metadata DB"}, {"Query Engine", "Audit Log"},
	{"Cache", "Redis"}, {"Chart Service", "Query Engine"}, {"Chart Service", "Metadata DB"},
	{"Chart Service", "Renderer"}, {"Report Service", "Chart Service"}, {"Report Service", "Renderer"},
	{"Report Service", "Object Storage"}, {"Report Service", "Mailer"}, {"Scheduler", "Report Service"},
	{"Scheduler", "Webhook Dispatcher"}, {"Scheduler", "Metadata DB"}, {"Webhook Dispatcher", "Metadata DB"},
	{"Webhook Dispatcher", "Audit Log"}, {"Mailer", "Audit Log"}, {"Renderer", "Object Storage"},
	{"Audit Log", "Metadata DB"}, {"Monitoring", "API Gateway"}, {"Monitoring", "Query Engine"},
	{"Monitoring", "Scheduler"}, {"Monitoring", "Redis"}, {"Embed SDK", "Chart Service"},
	{"Web App", "Chart Service"},
}

// genLinks weights each call edge (calls per minute), heavier near the
// gateway as in a real service mesh.
func genLinks(rng *rand.Rand) table {
	t := table{name: "links", columns: []string{"source", "target", "weight"}}
	for _, l := range serviceLinks {
		w := 5 + rng.IntN(60)
		if l[0] == "API Gateway" || l[1] == "API Gateway" {
			w *= 4
		}
		t.rows = append(t.rows, []any{l[0], l[1], w})
	}
	return t
}

// biWords are ordered from most to least frequent.
var biWords = []string{
	"dashboard", "revenue", "query", "chart", "data", "report", "KPI", "customer",
	"sales", "growth", "forecast", "metric", "insight", "trend", "pipeline", "analytics",
	"margin", "segment", "cohort", "retention", "churn", "conversion", "funnel", "target",
	"budget", "quarter", "region", "product", "channel", "warehouse", "schema", "SQL",
	"filter", "drill-down", "pivot", "aggregate", "join", "benchmark", "variance", "baseline",
	"scorecard", "visualization", "heatmap", "histogram", "scatter", "timeline", "outlier", "correlation",
	"regression", "sample", "dimension", "measure", "granularity", "snapshot", "ETL", "latency",
	"freshness", "governance", "lineage", "catalog", "semantic", "model", "alert", "threshold",
	"subscription", "export", "embed", "permission", "audit", "cache", "refresh", "schedule",
	"YoY", "MoM", "ARR", "MRR", "LTV", "CAC", "NPS", "OKR",
}

// genWords gives the words a Zipf-like frequency, the shape real text has,
// so a word cloud shows a few large words and a long tail.
func genWords(rng *rand.Rand) table {
	t := table{name: "words", columns: []string{"word", "frequency"}}
	for rank, w := range biWords {
		f := 1200 / math.Pow(float64(rank+1), 0.75) * (0.9 + 0.2*rng.Float64())
		t.rows = append(t.rows, []any{w, int(math.Max(1, math.Round(f)))})
	}
	return t
}

// genBudgetSteps is a year's budget bridge for waterfall charts: an
// opening balance, income and spending, in order.
func genBudgetSteps() table {
	steps := []struct {
		label  string
		amount float64
	}{
		{"Opening balance", 1_200_000},
		{"Product revenue", 2_450_000},
		{"Services revenue", 610_000},
		{"Salaries", -1_850_000},
		{"Cloud infrastructure", -320_000},
		{"Marketing", -410_000},
		{"Office & facilities", -180_000},
		{"Travel", -95_000},
		{"R&D tax credit", 75_000},
		{"Equipment", -140_000},
	}
	t := table{name: "budget_steps", columns: []string{"step_order", "label", "amount"}}
	for i, s := range steps {
		t.rows = append(t.rows, []any{i + 1, s.label, s.amount})
	}
	return t
}

// genKPIs derives the sales gauges from the generated sales, so a gauge
// and the revenue chart beside it agree; the rest are survey-style values.
func genKPIs(s salesData) table {
	const year = 2025
	rev, cost := s.revenue[year], s.cost[year]
	kpis := []struct {
		name          string
		value, target float64
	}{
		{"Revenue 2025", round2(rev), round2(s.revenue[year-1] * 1.25)},
		{"Gross margin %", math.Round((rev-cost)/rev*1000) / 10, 55},
		{"Online share %", math.Round(s.online[year]/rev*1000) / 10, 50},
		{"Customer satisfaction", 4.3, 4.5},
		{"On-time delivery %", 93.5, 95},
		{"Net promoter score", 42, 50},
	}
	t := table{name: "kpis", columns: []string{"name", "value", "target"}}
	for _, k := range kpis {
		t.rows = append(t.rows, []any{k.name, k.value, k.target})
	}
	return t
}
