package chart

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestGateBoundsAndQueues(t *testing.T) {
	g := newGate(RenderLimits{Concurrency: 1, Wait: 100 * time.Millisecond})
	ctx := context.Background()
	leave, err := g.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Four may wait behind the one slot; the fifth is refused at once.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = g.enter(ctx) }()
	}
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(time.Millisecond) {
		g.mu.Lock()
		n := g.waiting
		g.mu.Unlock()
		if n == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d waiting, want 4", n)
		}
	}
	start := time.Now()
	if _, err := g.enter(ctx); !errors.Is(err, errBusy) || !strings.Contains(err.Error(), "waiting already") || time.Since(start) > 50*time.Millisecond {
		t.Fatalf("fifth waiter: %v after %s, want an immediate errBusy", err, time.Since(start))
	}
	wg.Wait() // the waiters give up after Wait
	for _, err := range errs {
		if !errors.Is(err, errBusy) || !strings.Contains(err.Error(), "waited 100ms") {
			t.Fatalf("waiter: %v, want errBusy after the wait", err)
		}
	}
	// A waiter whose request ends stops waiting with its context's error.
	cctx, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	if _, err := g.enter(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled waiter: %v", err)
	}
	// Leaving hands the slot on.
	done := make(chan error, 1)
	go func() {
		l, err := g.enter(ctx)
		if err == nil {
			l()
		}
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	leave()
	if err := <-done; err != nil {
		t.Fatalf("after leave: %v", err)
	}
	if g.active != 0 || g.peak != 1 || g.waiting != 0 {
		t.Fatalf("active %d, peak %d, waiting %d", g.active, g.peak, g.waiting)
	}
}

func TestCheckRenderDefaults(t *testing.T) {
	var s Service // no LimitRendering: the defaults apply
	if err := s.CheckRender(RenderOptions{Width: 4000, Height: 4000, Scale: 1}, true); err != nil {
		t.Fatalf("16 MP: %v", err)
	}
	if err := s.CheckRender(RenderOptions{Width: 4000, Height: 4000, Scale: 3}, true); err == nil {
		t.Fatal("144 MP accepted")
	}
	if err := s.CheckRender(RenderOptions{Width: 4000, Height: 4000, Scale: 3}, false); err != nil {
		t.Fatalf("SVG has no pixel cap: %v", err)
	}
}
