package query

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
)

func TestRunningRegistry(t *testing.T) {
	alice, bob := auth.Principal{UserID: 1}, auth.Principal{UserID: 2}
	r := newRunning()
	ctx, done, err := r.start(context.Background(), alice, "run-1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    auth.Principal
		id   string
		kind fault.Kind // of start's error; Internal: none
	}{
		{"same id again", alice, "run-1", fault.Conflict},
		{"same id, other user", bob, "run-1", fault.Internal},
		{"empty id: not registered", alice, "", fault.Internal},
		{"bad character", alice, "run 2", fault.Invalid},
		{"too long", alice, fmt.Sprintf("%065d", 0), fault.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, end, err := r.start(context.Background(), tt.p, tt.id)
			if tt.kind == fault.Internal {
				if err != nil {
					t.Fatalf("start: %v", err)
				}
				end()
				return
			}
			if fault.KindOf(err) != tt.kind {
				t.Fatalf("start: %v, want kind %v", err, tt.kind)
			}
		})
	}
	if r.cancel(bob, "run-1") {
		t.Fatal("bob canceled alice's run")
	}
	if ctx.Err() != nil {
		t.Fatal("alice's run ended without a cancel")
	}
	if !r.cancel(alice, "run-1") {
		t.Fatal("alice could not cancel her run")
	}
	if !errors.Is(context.Cause(ctx), errCanceledByUser) {
		t.Fatalf("cause %v", context.Cause(ctx))
	}
	done()
	done() // twice is harmless
	if r.cancel(alice, "run-1") || len(r.byKey) != 0 || len(r.perUser) != 0 {
		t.Fatalf("after done: %d runs, %d users", len(r.byKey), len(r.perUser))
	}
}

func TestRunningBounds(t *testing.T) {
	r := newRunning()
	alice := auth.Principal{UserID: 1}
	var ends []func()
	for i := range maxRunsPerUser {
		_, end, err := r.start(context.Background(), alice, fmt.Sprint("r", i))
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		ends = append(ends, end)
	}
	if _, _, err := r.start(context.Background(), alice, "one-more"); fault.KindOf(err) != fault.Busy {
		t.Fatalf("run over the per-user bound: %v", err)
	}
	ends[0]()
	_, end, err := r.start(context.Background(), alice, "one-more")
	if err != nil {
		t.Fatalf("after one ended: %v", err)
	}
	end()
	// All users together.
	for u := int64(2); len(r.byKey) < maxRuns; u++ {
		if _, _, err := r.start(context.Background(), auth.Principal{UserID: u}, "x"); err != nil {
			t.Fatalf("user %d: %v", u, err)
		}
	}
	if _, _, err := r.start(context.Background(), auth.Principal{UserID: 1 << 40}, "x"); fault.KindOf(err) != fault.Busy {
		t.Fatalf("run over the total bound: %v", err)
	}
}
