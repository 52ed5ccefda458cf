package readonly

import (
	"context"
	"errors"
	"testing"
	"time"
)

// waiters is how many runs wait for room in b.
func (b *Budget) waiters() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waiting)
}

// TestBudgetOlderRunsGoFirst: two results that fill the budget together
// do not both wait for the other: the younger gives way, whichever of the
// two asks first, and the older gets the room.
func TestBudgetOlderRunsGoFirst(t *testing.T) {
	const mb = 1 << 20
	ctx := context.Background()
	for _, youngFirst := range []bool{false, true} {
		b := NewBudget(10*mb, 5*time.Second)
		old, young := b.reservation(), b.reservation()
		if err := old.cover(ctx, 4*mb, 4*mb); err != nil {
			t.Fatal(err)
		}
		if err := young.cover(ctx, 4*mb, 4*mb); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		youngDone := make(chan error, 1)
		if youngFirst {
			go func() {
				err := young.cover(ctx, 8*mb, 8*mb)
				young.release() // as Run does on an error
				youngDone <- err
			}()
			for b.waiters() == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		oldDone := make(chan error, 1)
		go func() { oldDone <- old.cover(ctx, 8*mb, 8*mb) }()
		if !youngFirst {
			for b.waiters() == 0 {
				time.Sleep(time.Millisecond)
			}
			err := young.cover(ctx, 8*mb, 8*mb)
			young.release()
			youngDone <- err
		}
		if err := <-youngDone; !errors.Is(err, ErrBusy) {
			t.Fatalf("young first %v: the younger run: %v, want ErrBusy", youngFirst, err)
		}
		if err := <-oldDone; err != nil {
			t.Fatalf("young first %v: the older run: %v", youngFirst, err)
		}
		if el := time.Since(start); el > time.Second {
			t.Fatalf("young first %v: took %s, the budget's wait", youngFirst, el)
		}
		if b.Held() != 8*mb || b.waiters() != 0 {
			t.Fatalf("held %d, %d waiting", b.Held(), b.waiters())
		}
		old.release()
	}
}
