package datasource

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/gobi-bi/gobi/shared/api"
)

// Pools keeps one *sql.DB per data source, keyed by id and version: an
// update bumps the version and the old pool is closed.
type Pools struct {
	open func(context.Context, *Datasource) (*sql.DB, error)

	mu sync.Mutex
	m  map[int64]*pool
	// closing holds the pools taken out of m and not closed yet; retired
	// sums the counters of closed pools by dialect, so that Stats's
	// counters never go back when a pool is replaced.
	closing map[*pool]bool
	retired map[api.Dialect]sql.DBStats
}

type pool struct {
	version int64
	dialect api.Dialect
	ready   chan struct{} // closed when db/err are set
	db      *sql.DB
	err     error
}

func newPools(open func(context.Context, *Datasource) (*sql.DB, error)) *Pools {
	return &Pools{open: open, m: make(map[int64]*pool), closing: make(map[*pool]bool), retired: make(map[api.Dialect]sql.DBStats)}
}

// Get returns the pool for d, opening it once even under concurrent calls.
// A failed open is not cached, so the next call tries again.
func (p *Pools) Get(ctx context.Context, d *Datasource) (*sql.DB, error) {
	p.mu.Lock()
	e, ok := p.m[d.ID]
	if ok && e.version != d.Version {
		p.retire(e)
		ok = false
	}
	if !ok {
		e = &pool{version: d.Version, dialect: d.Type, ready: make(chan struct{})}
		p.m[d.ID] = e
		p.mu.Unlock()
		e.db, e.err = p.open(context.WithoutCancel(ctx), d)
		close(e.ready)
		if e.err != nil {
			p.mu.Lock()
			if p.m[d.ID] == e {
				delete(p.m, d.ID)
			}
			p.mu.Unlock()
		}
		return e.db, e.err
	}
	p.mu.Unlock()
	select {
	case <-e.ready:
		return e.db, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// retire closes pool e, which the caller has just taken out of p.m,
// in the background once it has opened; p.mu is held.
func (p *Pools) retire(e *pool) {
	p.closing[e] = true
	go func() { _ = p.close(e) }()
}

// close waits for e to open, closes it (which waits for its running
// queries) and moves its counters to retired.
func (p *Pools) close(e *pool) error {
	<-e.ready
	var err error
	var final sql.DBStats
	if e.db != nil {
		err = e.db.Close()
		final = e.db.Stats()
	}
	p.mu.Lock()
	delete(p.closing, e)
	p.retired[e.dialect] = addStats(p.retired[e.dialect], counters(final))
	p.mu.Unlock()
	return err
}

// Drop closes and forgets the pool of data source id.
func (p *Pools) Drop(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.m[id]; ok {
		delete(p.m, id)
		p.retire(e)
	}
}

// Close closes every pool.
func (p *Pools) Close() error {
	p.mu.Lock()
	m := p.m
	p.m = make(map[int64]*pool)
	for _, e := range m {
		p.closing[e] = true
	}
	p.mu.Unlock()
	var errs []error
	for _, e := range m {
		errs = append(errs, p.close(e))
	}
	return errors.Join(errs...)
}

// Stats sums the pools' statistics by dialect: the gauges (open, in use,
// idle connections) of the pools open now, and the counters (waits,
// connections closed) of every pool since start, closed ones included.
// Dialects are few, so they make a bounded metrics label where data
// source ids would not.
func (p *Pools) Stats() map[api.Dialect]sql.DBStats {
	p.mu.Lock()
	out := make(map[api.Dialect]sql.DBStats, len(p.retired)+1)
	for d, s := range p.retired {
		out[d] = s
	}
	live := make([]*pool, 0, len(p.m)+len(p.closing))
	for _, e := range p.m {
		live = append(live, e)
	}
	for e := range p.closing {
		live = append(live, e)
	}
	p.mu.Unlock()
	for _, e := range live {
		select {
		case <-e.ready:
		default:
			continue // still opening: nothing to count yet
		}
		if e.db != nil {
			out[e.dialect] = addStats(out[e.dialect], e.db.Stats())
		}
	}
	return out
}

// counters is s without its gauges.
func counters(s sql.DBStats) sql.DBStats {
	return sql.DBStats{WaitCount: s.WaitCount, WaitDuration: s.WaitDuration,
		MaxIdleClosed: s.MaxIdleClosed, MaxIdleTimeClosed: s.MaxIdleTimeClosed, MaxLifetimeClosed: s.MaxLifetimeClosed}
}

func addStats(a, b sql.DBStats) sql.DBStats {
	return sql.DBStats{
		MaxOpenConnections: a.MaxOpenConnections + b.MaxOpenConnections,
		OpenConnections:    a.OpenConnections + b.OpenConnections,
		InUse:              a.InUse + b.InUse,
		Idle:               a.Idle + b.Idle,
		WaitCount:          a.WaitCount + b.WaitCount,
		WaitDuration:       a.WaitDuration + b.WaitDuration,
		MaxIdleClosed:      a.MaxIdleClosed + b.MaxIdleClosed,
		MaxIdleTimeClosed:  a.MaxIdleTimeClosed + b.MaxIdleTimeClosed,
		MaxLifetimeClosed:  a.MaxLifetimeClosed + b.MaxLifetimeClosed,
	}
}
