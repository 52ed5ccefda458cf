package query

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
)

// Bounds of the running-executions registry: a caller names at most
// maxRunsPerUser runs at once, all callers together maxRuns. A run over
// either bound is refused (busy) rather than run uncancelable.
const (
	maxRunsPerUser = 32
	maxRuns        = 10000
	maxRunIDLen    = 64
)

// errCanceledByUser is the cause of a run stopped by its cancel request.
var errCanceledByUser = errors.New("canceled by the user who started it")

// runKey names one running execution: run ids are per user, so one user
// can neither cancel nor learn of another's runs.
type runKey struct {
	user int64
	id   string
}

// running is the registry of named running executions.
type running struct {
	mu      sync.Mutex
	byKey   map[runKey]context.CancelCauseFunc
	perUser map[int64]int
}

func newRunning() *running {
	return &running{byKey: map[runKey]context.CancelCauseFunc{}, perUser: map[int64]int{}}
}

// checkRunID reports what is wrong with a run id, or "".
func checkRunID(id string) string {
	if id == "" || len(id) > maxRunIDLen {
		return "must be 1 to 64 characters"
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "may contain only letters, digits, '-' and '_'"
		}
	}
	return ""
}

// start registers run id of p and returns the context the run uses and
// the function that ends its registration. Without an id the run is not
// registered.
func (r *running) start(ctx context.Context, p auth.Principal, id string) (context.Context, func(), error) {
	if id == "" {
		return ctx, func() {}, nil
	}
	if msg := checkRunID(id); msg != "" {
		return nil, nil, fault.Fields(fault.Field("run_id", "%s", msg))
	}
	// The id may come from a request's buffer: the registry keeps a copy.
	k := runKey{user: p.UserID, id: strings.Clone(id)}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byKey[k]; dup {
		return nil, nil, fault.Clash("a query with run id %q is running already", id)
	}
	if r.perUser[k.user] >= maxRunsPerUser || len(r.byKey) >= maxRuns {
		return nil, nil, fault.Retry(fault.Busy, time.Second,
			"too many cancelable queries are running; wait for one to end", nil)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	r.byKey[k] = cancel
	r.perUser[k.user]++
	return ctx, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if _, ok := r.byKey[k]; !ok {
			return
		}
		delete(r.byKey, k)
		if r.perUser[k.user]--; r.perUser[k.user] <= 0 {
			delete(r.perUser, k.user)
		}
		cancel(nil)
	}, nil
}

// cancel stops p's run id; false when p has no such run running.
func (r *running) cancel(p auth.Principal, id string) bool {
	r.mu.Lock()
	cancel, ok := r.byKey[runKey{user: p.UserID, id: id}]
	r.mu.Unlock()
	if ok {
		cancel(errCanceledByUser)
	}
	return ok
}

// Cancel stops the caller's running execution runID, started with that
// run_id: the statement's context ends, which stops it on the database,
// and its request answers with a canceled error. A run id the caller has
// not running (finished, never started, or another user's) is NotFound.
func (s *Service) Cancel(ctx context.Context, p auth.Principal, runID string) error {
	if msg := checkRunID(runID); msg != "" {
		return fault.Fields(fault.Field("run_id", "%s", msg))
	}
	if !s.running.cancel(p, runID) {
		return fault.Missing("running query", runID)
	}
	return nil
}
