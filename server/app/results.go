package app

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/readonly"
)

// resultBudgetWait is how long a query waits for room in the process-wide
// result budget (query.max_total_result_bytes) before it gets 503 busy.
const resultBudgetWait = 2 * time.Second

// holdResults keeps the budget reservations of the query results a
// request reads until its handler has returned: by then the response body
// is written and the results are garbage. Every route that runs queries
// (queries, chart data and renders, dashboards, embeds) goes through it.
func holdResults(c *fiber.Ctx) error {
	ctx, release := readonly.HoldResults(c.UserContext())
	defer release()
	c.SetUserContext(ctx)
	return c.Next()
}
