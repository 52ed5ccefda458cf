package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/client"
)

// received is one request a test receiver got.
type received struct {
	header http.Header
	body   []byte
	at     time.Time
}

// receiver is a webhook receiver on a loopback port: it records every
// request and answers what answer says for the n-th (from 1).
type receiver struct {
	mu     sync.Mutex
	got    []received
	answer func(n int, w http.ResponseWriter)
	srv    *httptest.Server
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter)) *receiver {
	r := &receiver{answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{header: req.Header.Clone(), body: body, at: time.Now()})
		n := len(r.got)
		r.mu.Unlock()
		if r.answer != nil {
			r.answer(n, w)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// requests returns what the receiver got so far.
func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// wait polls until the receiver got at least n requests.
func (r *receiver) wait(t *testing.T, n int, within time.Duration) []received {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := r.requests()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the receiver got %d requests in %v, want %d", len(got), within, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// payload decodes a delivery's body.
func (r received) payload(t *testing.T) api.WebhookPayload {
	t.Helper()
	var p api.WebhookPayload
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("payload %s: %v", r.body, err)
	}
	return p
}

// verify checks both signature schemes of a delivery with secret: the
// Standard Webhooks library's Verify, and Gobi's scheme recomputed.
func (r received) verify(t *testing.T, secret string) {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(r.body, r.header); err != nil {
		t.Fatalf("standard webhooks Verify: %v (headers %v)", err, r.header)
	}
}

// webhooks (TestSDK): every webhook operation through the SDK, against a
// receiver that verifies what it gets.
func (s *sdk) webhooks() {
	t, c, ctx := s.t, s.admin, s.ctx
	rcv := newReceiver(t, nil)
	events, err := c.WebhookEvents(ctx)
	s.check("webhook events", err)
	if len(events) != 4 || !json.Valid(events[0].Schema) {
		t.Fatalf("catalogue %+v", events)
	}
	in := api.WebhookInput{Name: "sdk hook", URL: rcv.srv.URL + "/hook", Events: []string{api.EventWebhookTest},
		Headers: map[string]string{"X-Custom-Header": "custom-value"}}
	h, err := c.CreateWebhook(ctx, in)
	s.check("create webhook", err)
	if len(h.Secret) < 40 || !h.Enabled {
		t.Fatalf("created %+v", h)
	}
	in.Name = "sdk hook 2"
	up, err := c.UpdateWebhook(ctx, h.ID, in)
	s.check("update webhook", err)
	got, err := c.Webhook(ctx, h.ID)
	s.check("get webhook", err)
	list, err := c.Webhooks(ctx)
	s.check("list webhooks", err)
	if up.Name != "sdk hook 2" || got.Name != up.Name || !slices.ContainsFunc(list, func(w api.Webhook) bool { return w.ID == h.ID }) {
		t.Fatalf("update %+v, get %+v, list %+v", up, got, list)
	}

	q, err := c.TestWebhook(ctx, h.ID)
	s.check("test webhook", err)
	first := rcv.wait(t, 1, 10*time.Second)[0]
	first.verify(t, h.Secret)
	if p := first.payload(t); p.ID != q.EventID || p.Event != api.EventWebhookTest || first.header.Get("X-Custom-Header") != "custom-value" {
		t.Fatalf("delivery %+v headers %v", p, first.header)
	}
	ds := s.deliveries(c, h.ID, 1)
	if d := ds[0]; d.Status != api.DeliverySucceeded || d.EventID != q.EventID || d.Attempt != 1 || d.ResponseStatus != 200 {
		t.Fatalf("delivery log %+v", d)
	}
	again, err := c.RedeliverWebhook(ctx, h.ID, ds[0].ID)
	s.check("redeliver", err)
	if p := rcv.wait(t, 2, 10*time.Second)[1].payload(t); again.EventID != q.EventID || p.ID != q.EventID {
		t.Fatalf("redelivered %s as %s", q.EventID, p.ID)
	}

	rot, err := c.RotateWebhookSecret(ctx, h.ID)
	s.check("rotate secret", err)
	if rot.Secret == h.Secret || rot.PreviousSecretUntil == nil {
		t.Fatalf("rotation %+v", rot.Webhook)
	}
	_, err = c.TestWebhook(ctx, h.ID)
	s.check("test after rotation", err)
	third := rcv.wait(t, 3, 10*time.Second)[2]
	third.verify(t, rot.Secret) // the new secret verifies,
	third.verify(t, h.Secret)   // and so does the old one, in the window
	s.check("delete webhook", c.DeleteWebhook(ctx, h.ID))
	_, err = c.Webhook(ctx, h.ID)
	s.status("deleted webhook", err, 404)
}

// deliveries polls a webhook's log until it holds n attempts.
func (s *sdk) deliveries(c *client.Client, id int64, n int) []api.WebhookDelivery {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		page, err := c.WebhookDeliveries(s.ctx, id, client.DeliveryFilter{Limit: 100})
		s.check("webhook deliveries", err)
		if len(page.Deliveries) >= n {
			return page.Deliveries
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%d deliveries logged, want %d", len(page.Deliveries), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
