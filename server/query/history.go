package query

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/shared/api"
)

// Executions lists a query's runs, newest first. A user sees their own
// runs; an admin sees everyone's.
func (s *Service) Executions(ctx context.Context, p auth.Principal, queryID int64, limit int) ([]api.Execution, error) {
	if err := s.history.Flush(ctx); err != nil {
		return nil, fmt.Errorf("list executions: %w", err)
	}
	var es []Execution
	err := s.db.NewSelect().Model(&es).Where("query_id = ?", queryID).ApplyQueryBuilder(p.Owns("user_id")).
		OrderExpr("started_at DESC, id DESC").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list executions: %w", err)
	}
	out := make([]api.Execution, len(es))
	for i := range es {
		out[i] = es[i].View()
	}
	return out, nil
}

// ExecutionStats counts the caller's runs: all, in the last 24 hours, and
// failed in the last 24 hours, plus the most recent failures.
func (s *Service) ExecutionStats(ctx context.Context, p auth.Principal, recent int) (total, day, failedDay int64, failures []api.Execution, err error) {
	if err = s.history.Flush(ctx); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("count executions: %w", err)
	}
	since := time.Now().UTC().Add(-24 * time.Hour)
	base := func() *bun.SelectQuery {
		return s.db.NewSelect().Model((*Execution)(nil)).ApplyQueryBuilder(p.Owns("user_id"))
	}
	n, err := base().Count(ctx)
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("count executions: %w", err)
	}
	total = int64(n)
	if n, err = base().Where("started_at >= ?", since).Count(ctx); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("count executions: %w", err)
	}
	day = int64(n)
	if n, err = base().Where("started_at >= ?", since).Where("status <> ?", StatusSuccess).Count(ctx); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("count executions: %w", err)
	}
	failedDay = int64(n)
	var es []Execution
	if err := s.db.NewSelect().Model(&es).ApplyQueryBuilder(p.Owns("user_id")).Where("status <> ?", StatusSuccess).
		OrderExpr("started_at DESC, id DESC").Limit(int64(recent)).Scan(ctx); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("recent failures: %w", err)
	}
	failures = make([]api.Execution, len(es))
	for i := range es {
		failures[i] = es[i].View()
	}
	return total, day, failedDay, failures, nil
}
