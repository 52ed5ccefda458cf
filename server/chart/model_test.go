package chart

import (
	"context"
	"testing"
)

// TestDecodedOncePerLoad: the spec decoded at load is handed out once,
// never after Spec changed, and every caller gets a spec of its own.
func TestDecodedOncePerLoad(t *testing.T) {
	c := &Chart{ID: 1, Spec: `{"type":"bar","title":"old"}`}
	if err := c.AfterScanRow(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, b := c.Decoded(), c.Decoded()
	if a == b || a.Title != "old" || b.Title != "old" {
		t.Fatalf("two calls: %p %q, %p %q", a, a.Title, b, b.Title)
	}
	if err := c.AfterScanRow(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.Spec = `{"type":"bar","title":"new"}` // an update after the load
	if got := c.Decoded().Title; got != "new" {
		t.Fatalf("after an update: %q", got)
	}
	bad := &Chart{ID: 2, Spec: `{"type":`}
	if err := bad.AfterScanRow(context.Background()); err == nil {
		t.Fatal("a corrupt spec loaded")
	}
}
