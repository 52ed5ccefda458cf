package app

import (
	"fmt"
	"time"

	"github.com/gobi-bi/gobi/server/netguard"
	"github.com/gobi-bi/gobi/server/outbox"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/webhook"
)

// openWebhooks builds the webhook service and its outbox, and starts this
// instance's delivery workers; they stop with a.base and Close waits for
// them.
func (a *App) openWebhooks(box *seal.Box) error {
	c := a.cfg.Webhooks
	policy, err := netguard.ParsePolicy(c.AllowedNetworks)
	if err != nil {
		return fmt.Errorf("webhooks.allowed_networks (GOBI_WEBHOOK_ALLOWED_NETWORKS): %w", err)
	}
	a.webhooks = webhook.NewService(webhook.Config{
		DB: a.db, Box: box, Guard: webhook.Guard{Policy: policy, MaxURL: c.MaxURLLength},
		Timeout: c.Timeout, RotationWindow: c.RotationWindow, DisableAfter: c.DisableAfter,
		Limits: webhook.Limits{MaxPerUser: c.MaxPerUser, MaxHeaders: c.MaxHeaders, MaxHeaderBytes: c.MaxHeaderBytes, MaxPageSize: c.MaxPageSize},
	})
	a.outbox = outbox.New(a.db, a.webhooks, outbox.Config{Retry: c.Retry, Concurrency: c.Concurrency, Poll: c.Poll, Lease: c.Lease}, a.log)
	a.webhooks.UseQueue(a.outbox)
	a.outboxDone = make(chan struct{})
	go func() {
		defer close(a.outboxDone)
		a.outbox.Run(a.base)
	}()
	go a.pruneDeliveries()
	return nil
}

// pruneDeliveries deletes logged attempts past GOBI_WEBHOOK_LOG_RETENTION, hourly.
func (a *App) pruneDeliveries() {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := outbox.Prune(a.base, a.db, a.cfg.Webhooks.LogRetention); err != nil {
			if a.base.Err() == nil {
				a.log.Error("webhook delivery log retention", "err", err)
			}
		} else if n > 0 {
			a.log.Info("pruned webhook delivery log", "attempts", n)
		}
		select {
		case <-a.base.Done():
			return
		case <-t.C:
		}
	}
}

// Outbox is where features emit webhook events (Emit in their own
// transaction, then Kick).
func (a *App) Outbox() *outbox.Outbox { return a.outbox }

// stopWebhooks waits for the delivery workers after a.base was canceled.
func (a *App) stopWebhooks() {
	if a.outboxDone != nil {
		<-a.outboxDone
	}
}
