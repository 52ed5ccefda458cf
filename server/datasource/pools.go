package datasource

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Pools keeps one *sql.DB per data source, keyed by id and version: an
// update bumps the version and the old pool is closed.
type Pools struct {
	open func(context.Context, *Datasource) (*sql.DB, error)

	mu sync.Mutex
	m  map[int64]*pool
}

type pool struct {
	version int64
	ready   chan struct{} // closed when db/err are set
	db      *sql.DB
	err     error
}

func newPools(open func(context.Context, *Datasource) (*sql.DB, error)) *Pools {
	return &Pools{open: open, m: make(map[int64]*pool)}
}

// Get returns the pool for d, opening it once even under concurrent calls.
// A failed open is not cached, so the next call tries again.
func (p *Pools) Get(ctx context.Context, d *Datasource) (*sql.DB, error) {
	p.mu.Lock()
	e, ok := p.m[d.ID]
	if ok && e.version != d.Version {
		go closeWhenReady(e)
		ok = false
	}
	if !ok {
		e = &pool{version: d.Version, ready: make(chan struct{})}
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

func closeWhenReady(e *pool) {
	<-e.ready
	if e.db != nil {
		e.db.Close()
	}
}

// Drop closes and forgets the pool of data source id.
func (p *Pools) Drop(id int64) {
	p.mu.Lock()
	e, ok := p.m[id]
	delete(p.m, id)
	p.mu.Unlock()
	if ok {
		go closeWhenReady(e)
	}
}

// Close closes every pool.
func (p *Pools) Close() error {
	p.mu.Lock()
	m := p.m
	p.m = make(map[int64]*pool)
	p.mu.Unlock()
	var errs []error
	for _, e := range m {
		<-e.ready
		if e.db != nil {
			errs = append(errs, e.db.Close())
		}
	}
	return errors.Join(errs...)
}
