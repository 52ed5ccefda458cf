package app

import (
	"fmt"
	"net"
	"testing"
)

// TestWebhookQueuedByHandBounded: test events and redeliveries queued by
// hand stop at the per-webhook bound (409) instead of growing the outbox
// without end while the receiver is down.
func TestWebhookQueuedByHandBounded(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // down: every attempt fails and its row waits for the next
		h := ta.hook(admin, "http://"+addr+"/hook")
		path := fmt.Sprintf("/api/webhooks/%d/test", h.ID)
		for i := range 100 {
			if r := ta.do("POST", path, admin, nil); r.Status != 202 {
				t.Fatalf("test event %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		want(t, ta.do("POST", path, admin, nil), 409)
	})
}
