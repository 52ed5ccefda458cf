package outbox

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// Run delivers due rows until ctx is canceled, then waits for the
// attempts in flight. Attempts cut short by the cancellation are not
// logged: their leases are released for the next instance to retry.
func (o *Outbox) Run(ctx context.Context) {
	var wg sync.WaitGroup
	done := make(chan struct{}, o.cfg.Concurrency)
	// Attempts hand their results to one recorder, which logs those
	// that finish together in one transaction (group commit): a commit
	// per attempt, not the attempt, was the limit on deliveries per
	// second. The rows stay leased until their result is committed.
	results := make(chan result, o.cfg.Concurrency)
	recorded := make(chan struct{})
	go func() {
		defer close(recorded)
		o.recorder(context.WithoutCancel(ctx), results)
	}()
	defer func() {
		close(results)
		<-recorded
	}()
	inflight, more := 0, true
	// Claims are made in batches: a claim costs a transaction, and
	// claiming each freed slot on its own would make claims, not
	// attempts, the limit (one row per claim, one claim at a time).
	batch := max(1, o.cfg.Concurrency/2)
	timer := time.NewTimer(o.cfg.Poll)
	defer timer.Stop()
	for {
		if free := o.cfg.Concurrency - inflight; more && (free >= batch || inflight == 0) {
			rows, err := o.claim(ctx, free)
			if err != nil && ctx.Err() == nil {
				o.log.Error("webhook outbox: claim", "err", err)
			}
			more = len(rows) == free
			for _, r := range rows {
				inflight++
				wg.Add(1)
				go func() {
					defer wg.Done()
					o.attempt(ctx, r, results)
					done <- struct{}{}
				}()
			}
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-done:
			inflight--
		case <-o.kick:
			more = true
		case <-timer.C:
			more = true
			timer.Reset(o.cfg.Poll)
		}
	}
}

// claim leases up to n due rows to this instance.
func (o *Outbox) claim(ctx context.Context, n int) ([]Row, error) {
	var rows []Row
	due := func(q *bun.SelectQuery, now time.Time) *bun.SelectQuery {
		return q.Where("next_at <= ?", now).Where("(lease_until IS NULL OR lease_until < ?)", now)
	}
	// A plain read first: an idle poll then takes no lock (on SQLite a
	// claim transaction holds the single write lock).
	if found, err := due(o.db.NewSelect().Model((*Row)(nil)), o.now()).Limit(1).Exists(ctx); err != nil || !found {
		return nil, err
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		now := o.now()
		q := due(tx.NewSelect().Model(&rows), now).
			OrderExpr("next_at, id").Limit(int64(n))
		if skipLocked(tx) {
			// Rows another instance is claiming right now are skipped,
			// not waited for; SQLite's single writer serialises claims.
			q = q.For("UPDATE SKIP LOCKED")
		}
		if err := q.Scan(ctx); err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		until := now.Add(o.cfg.Lease)
		_, err := tx.NewUpdate().Model((*Row)(nil)).Set("lease_until = ?", until).Set("claimed_by = ?", o.cfg.Instance).
			Where("id IN (?)", bun.List(ids)).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due webhook deliveries: %w", err)
	}
	return rows, nil
}

// result is an attempt made, to be logged with its row's next step.
type result struct {
	r       Row
	d       *Delivery
	next    *time.Time
	outcome Outcome
	now     time.Time
}

// attempt makes one attempt at r and hands it to the recorder.
func (o *Outbox) attempt(ctx context.Context, r Row, results chan<- result) {
	m := Message{WebhookID: r.WebhookID, OwnerID: r.OwnerID, EventID: r.EventID, Event: r.Event,
		Payload: []byte(r.Payload), Attempt: r.Attempt + 1}
	res, err := o.ep.Deliver(ctx, m)
	bg := context.WithoutCancel(ctx)
	switch {
	case errors.Is(err, ErrNoEndpoint):
		if _, err := o.db.NewDelete().Model((*Row)(nil)).Where("id = ?", r.ID).Exec(bg); err != nil {
			o.log.Error("webhook outbox: drop a disabled webhook's event", "webhook", r.WebhookID, "err", err)
		}
		return
	case ctx.Err() != nil:
		// Shutting down: let the next instance make this attempt.
		if _, err := o.db.NewUpdate().Model((*Row)(nil)).Set("lease_until = NULL").Set("claimed_by = ''").
			Where("id = ? AND claimed_by = ?", r.ID, o.cfg.Instance).Exec(bg); err != nil {
			o.log.Error("webhook outbox: release lease", "err", err)
		}
		return
	case err != nil:
		res.Err = err.Error()
	}
	now := o.now()
	outcome, next := Decide(res, m.Attempt, o.cfg.Retry, now)
	results <- result{r: r, d: o.delivery(r, m.Attempt, res, outcome, next, now), next: next, outcome: outcome, now: now}
}

// maxGroup caps how many attempts one transaction logs.
const maxGroup = 64

// recorder logs the attempts it is handed until results is closed: each
// time, every result waiting (up to maxGroup) in one transaction. A group
// that fails is logged one result at a time, so one bad row delays only
// itself; a result that cannot be logged keeps its lease until it runs
// out, and the attempt is made again.
func (o *Outbox) recorder(ctx context.Context, results <-chan result) {
	group := make([]result, 0, maxGroup)
	for first := range results {
		group = append(group[:0], first)
	more:
		for len(group) < maxGroup {
			select {
			case x, ok := <-results:
				if !ok {
					break more
				}
				group = append(group, x)
			default:
				break more
			}
		}
		if err := o.record(ctx, group); err == nil {
			continue
		} else if len(group) == 1 {
			o.log.Error("webhook outbox: record attempt", "webhook", first.r.WebhookID, "event", first.r.EventID, "err", err)
			continue
		}
		for _, x := range group {
			if err := o.record(ctx, []result{x}); err != nil {
				o.log.Error("webhook outbox: record attempt", "webhook", x.r.WebhookID, "event", x.r.EventID, "err", err)
			}
		}
	}
}

// record logs attempts and their rows' next steps in one transaction,
// tried again a few times when the database reports a deadlock or
// serialisation failure.
func (o *Outbox) record(ctx context.Context, group []result) error {
	// Endpoints are settled in id order, so two transactions take their
	// row locks in the same order.
	slices.SortStableFunc(group, func(a, b result) int { return cmp.Compare(a.r.WebhookID, b.r.WebhookID) })
	var err error
	for try := range 4 {
		if try > 0 {
			time.Sleep(time.Duration(try*try) * 20 * time.Millisecond)
		}
		err = o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			// The endpoints first: their row locks are then taken before
			// the deliveries' foreign keys read them, in every transaction.
			// A success after a success of the same endpoint changes nothing.
			for i, x := range group {
				if i > 0 && x.outcome == Succeeded && group[i-1].outcome == Succeeded && group[i-1].r.WebhookID == x.r.WebhookID {
					continue
				}
				if err := o.ep.Settle(ctx, tx, x.r.WebhookID, x.outcome, x.now); err != nil {
					return err
				}
			}
			ds := make([]*Delivery, len(group))
			var finished []int64
			for i, x := range group {
				x.d.ID = 0
				ds[i] = x.d
				if x.next == nil {
					finished = append(finished, x.r.ID)
				}
			}
			if _, err := tx.NewInsert().Model(&ds).Exec(ctx); err != nil {
				return fmt.Errorf("log attempts: %w", err)
			}
			if len(finished) > 0 {
				if _, err := tx.NewDelete().Model((*Row)(nil)).Where("id IN (?)", bun.List(finished)).Exec(ctx); err != nil {
					return fmt.Errorf("drop delivered events: %w", err)
				}
			}
			for _, x := range group {
				if x.next == nil {
					continue
				}
				if _, err := tx.NewUpdate().Model((*Row)(nil)).Set("attempt = ?", x.d.Attempt).Set("next_at = ?", *x.next).
					Set("lease_until = NULL").Set("claimed_by = ''").Where("id = ?", x.r.ID).Exec(ctx); err != nil {
					return fmt.Errorf("schedule next attempt: %w", err)
				}
			}
			return nil
		})
		if err == nil || !store.Retryable(err) {
			return err
		}
	}
	return err
}

func (o *Outbox) delivery(r Row, attempt int, res Result, outcome Outcome, next *time.Time, now time.Time) *Delivery {
	status := api.DeliveryFailed
	if outcome == Succeeded {
		status = api.DeliverySucceeded
	}
	headers := map[string]string{}
	for k, v := range res.Header {
		if len(headers) == 50 {
			break
		}
		headers[clip(k, 128)] = clip(strings.Join(v, ", "), 512)
	}
	hj, _ := json.Marshal(headers)
	return &Delivery{WebhookID: r.WebhookID, OwnerID: r.OwnerID, EventID: r.EventID, Event: r.Event, Payload: r.Payload,
		Attempt: attempt, Status: status, NextAttemptAt: next, ResponseStatus: res.Status, ResponseHeaders: string(hj),
		ResponseBody: clean(res.Body, BodyLimit), Error: clip(res.Err, 1000), DurationMS: float64(res.Duration.Microseconds()) / 1000,
		Instance: clip(o.cfg.Instance, 64), QueuedAt: r.CreatedAt, CreatedAt: now}
}

// Decide classifies an attempt: success is 2xx only (a redirect is a
// failure: it is not followed); 410 disables the endpoint; 429, 502, 503
// and 504 come back after their Retry-After when they send one; anything
// else is retried on the schedule until its last attempt.
func Decide(res Result, attempt int, schedule []time.Duration, now time.Time) (Outcome, *time.Time) {
	switch {
	case res.Err == "" && res.Status >= 200 && res.Status < 300:
		return Succeeded, nil
	case res.Err == "" && res.Status == http.StatusGone:
		return Gone, nil
	case attempt >= len(schedule):
		return GaveUp, nil
	}
	delay := jitter(schedule[attempt])
	switch res.Status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if after, ok := RetryAfter(res.Header.Get("Retry-After"), now); ok {
			delay = min(after, 24*time.Hour)
		}
	}
	next := now.Add(delay)
	return Retrying, &next
}

// RetryAfter reads a Retry-After header: seconds or an HTTP date.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(min(s, 7*24*3600)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// jitter spreads d by ±10%, so endpoints that failed together are not
// retried in one burst.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return d + time.Duration((rand.Float64()-0.5)*0.2*float64(d))
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// clean makes a receiver's body storable as text everywhere: at most n
// bytes, valid UTF-8, no NUL (which PostgreSQL's text refuses).
func clean(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ReplaceAll(strings.ToValidUTF8(string(b), "\uFFFD"), "\x00", "\uFFFD")
}
