package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/server/outbox"
	"github.com/gobi-bi/gobi/server/seal"
	"github.com/gobi-bi/gobi/server/store"
	"github.com/gobi-bi/gobi/shared/api"
)

// ErrNotFound is returned (wrapped in a fault) for a webhook that is
// missing or not the caller's.
var ErrNotFound = errors.New("webhook not found")

// Queue is what the service needs from the outbox.
type Queue interface {
	Enqueue(ctx context.Context, tx bun.IDB, webhookID, ownerID int64, eventID, event string, payload []byte) error
	Kick()
}

// Limits are the budgets on what a user can make the server keep and send.
type Limits struct {
	MaxPerUser     int
	MaxHeaders     int
	MaxHeaderBytes int
	MaxPageSize    int
}

// Config builds a Service.
type Config struct {
	DB    *bun.DB
	Box   *seal.Box
	Guard Guard
	// Timeout bounds one delivery.
	Timeout time.Duration
	// RotationWindow is how long a replaced secret keeps signing.
	RotationWindow time.Duration
	// DisableAfter disables an endpoint failing every attempt this long.
	DisableAfter time.Duration
	Limits       Limits
}

// Service is the webhook feature.
type Service struct {
	cfg    Config
	db     *bun.DB
	client *http.Client
	queue  Queue
	now    func() time.Time
}

// NewService returns the service; give it its queue with UseQueue before
// serving.
func NewService(cfg Config) *Service {
	return &Service{cfg: cfg, db: cfg.DB, client: cfg.Guard.Client(cfg.Timeout), now: func() time.Time { return time.Now().UTC() }}
}

// UseQueue sets the outbox that test events and redeliveries go to.
func (s *Service) UseQueue(q Queue) { s.queue = q }

func where(id int64, column string) seal.Where {
	return seal.Where{Table: "webhooks", Column: column, ID: id}
}

// Create stores a webhook and returns it with its secret: the only time
// it is shown, until a rotation.
func (s *Service) Create(ctx context.Context, p auth.Principal, in api.WebhookInput) (*api.WebhookCreated, error) {
	w, err := s.checked(ctx, in)
	if err != nil {
		return nil, err
	}
	n, err := s.db.NewSelect().Model((*Webhook)(nil)).Where("owner_id = ?", p.UserID).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count webhooks: %w", err)
	}
	if n >= int64(s.cfg.Limits.MaxPerUser) {
		return nil, fault.Clash("you have %d webhooks, the most allowed (GOBI_WEBHOOK_MAX_PER_USER); delete one first", n)
	}
	now := s.now().Truncate(time.Second)
	w.OwnerID, w.CreatedAt, w.UpdatedAt = p.UserID, now, now
	secret := NewSecret()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(w).Exec(ctx); err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		if w.SecretSealed, err = s.cfg.Box.Seal([]byte(secret), where(w.ID, "secret")); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model(w).Column("secret_sealed").WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &api.WebhookCreated{Webhook: w.View(), Secret: secret}, nil
}

// checked validates in and returns the webhook it describes.
func (s *Service) checked(ctx context.Context, in api.WebhookInput) (*Webhook, error) {
	var fields []api.FieldError
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		fields = append(fields, fault.Field("name", "is required, at most 200 characters"))
	}
	if err := s.cfg.Guard.CheckURL(ctx, strings.TrimSpace(in.URL)); err != nil {
		fields = append(fields, fault.Field("url", "%v", err))
	}
	events := []string{}
	if len(in.Events) == 0 {
		fields = append(fields, fault.Field("events", "name at least one event (GET /api/webhook-events lists them)"))
	}
	for i, e := range in.Events {
		switch {
		case !Known(e):
			fields = append(fields, fault.Field(fmt.Sprintf("events[%d]", i), "unknown event %q (GET /api/webhook-events lists them)", clip(e, 64)))
		case !slices.Contains(events, e):
			events = append(events, e)
		}
	}
	fields = append(fields, s.checkHeaders(in.Headers)...)
	if len(fields) > 0 {
		return nil, fault.Fields(fields...)
	}
	headers := in.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	ej, _ := json.Marshal(events)
	hj, _ := json.Marshal(headers)
	enabled := in.Enabled == nil || *in.Enabled
	return &Webhook{Name: name, URL: strings.TrimSpace(in.URL), Events: string(ej), Headers: string(hj), Enabled: enabled}, nil
}

func (s *Service) checkHeaders(h map[string]string) []api.FieldError {
	var fields []api.FieldError
	if len(h) > s.cfg.Limits.MaxHeaders {
		return []api.FieldError{fault.Field("headers", "at most %d custom headers", s.cfg.Limits.MaxHeaders)}
	}
	size := 0
	for k, v := range h {
		size += len(k) + len(v)
		path := "headers." + clip(k, 64)
		switch {
		case !validName(k):
			fields = append(fields, fault.Field(path, "is not a valid header name"))
		case reserved(k):
			fields = append(fields, fault.Field(path, "is set by Gobi (signature and transport headers cannot be replaced)"))
		case strings.ContainsAny(v, "\r\n\x00"):
			fields = append(fields, fault.Field(path, "the value must not contain line breaks or NUL"))
		}
	}
	if size > s.cfg.Limits.MaxHeaderBytes {
		fields = append(fields, fault.Field("headers", "the custom headers take %d bytes, more than %d", size, s.cfg.Limits.MaxHeaderBytes))
	}
	slices.SortFunc(fields, func(a, b api.FieldError) int { return strings.Compare(a.Path, b.Path) })
	return fields
}

// validName reports whether k is an RFC 9110 token.
func validName(k string) bool {
	if k == "" || len(k) > 128 {
		return false
	}
	for _, c := range []byte(k) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Get returns one of the caller's webhooks (an admin: anyone's).
func (s *Service) Get(ctx context.Context, p auth.Principal, id int64) (*Webhook, error) {
	w := new(Webhook)
	err := s.db.NewSelect().Model(w).Where("id = ?", id).ApplyQueryBuilder(p.Owns("owner_id")).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("webhook", id).With(ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load webhook: %w", err)
	}
	return w, nil
}

// List returns the caller's webhooks (an admin's: all), newest first.
func (s *Service) List(ctx context.Context, p auth.Principal) ([]api.Webhook, error) {
	var ws []Webhook
	if err := s.db.NewSelect().Model(&ws).ApplyQueryBuilder(p.Owns("owner_id")).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	out := make([]api.Webhook, len(ws))
	for i := range ws {
		out[i] = ws[i].View()
	}
	return out, nil
}

// Update replaces a webhook's fields; its secret stays. Enabling it
// clears the reason Gobi disabled it.
func (s *Service) Update(ctx context.Context, p auth.Principal, id int64, in api.WebhookInput) (*Webhook, error) {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	// Header values are not shown: one given empty keeps its value.
	if len(in.Headers) > 0 {
		old, kept := w.HeaderMap(), make(map[string]string, len(in.Headers))
		for k, v := range in.Headers {
			if prev, ok := old[k]; ok && v == "" {
				v = prev
			}
			kept[k] = v
		}
		in.Headers = kept
	}
	nw, err := s.checked(ctx, in)
	if err != nil {
		return nil, err
	}
	if nw.Enabled && !w.Enabled {
		w.DisabledReason, w.FailingSince = "", nil
	}
	w.Name, w.URL, w.Events, w.Headers, w.Enabled = nw.Name, nw.URL, nw.Events, nw.Headers, nw.Enabled
	w.UpdatedAt = s.now().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(w).Column("name", "url", "events", "headers", "enabled", "disabled_reason", "failing_since", "updated_at").
		WherePK().Exec(ctx); err != nil {
		return nil, fmt.Errorf("update webhook: %w", err)
	}
	return w, nil
}

// Delete removes a webhook with its queued events and its delivery log.
func (s *Service) Delete(ctx context.Context, p auth.Principal, id int64) error {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Foreign keys cascade, but SQLite's only when enabled: be explicit.
		for _, m := range []any{(*outbox.Row)(nil), (*outbox.Delivery)(nil)} {
			if _, err := tx.NewDelete().Model(m).Where("webhook_id = ?", w.ID).Exec(ctx); err != nil {
				return fmt.Errorf("delete webhook: %w", err)
			}
		}
		if _, err := tx.NewDelete().Model(w).WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("delete webhook: %w", err)
		}
		return nil
	})
}

// RotateSecret gives the webhook a new secret, returned this once; the
// old one keeps signing (as a second signature) for the rotation window.
func (s *Service) RotateSecret(ctx context.Context, p auth.Principal, id int64) (*api.WebhookCreated, error) {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	old, err := s.cfg.Box.Open(w.SecretSealed, where(w.ID, "secret"))
	if err != nil {
		return nil, fmt.Errorf("open webhook secret: %w", err)
	}
	secret := NewSecret()
	if w.SecretSealed, err = s.cfg.Box.Seal([]byte(secret), where(w.ID, "secret")); err != nil {
		return nil, err
	}
	w.PreviousSealed, w.PreviousUntil = "", nil
	if s.cfg.RotationWindow > 0 {
		if w.PreviousSealed, err = s.cfg.Box.Seal(old, where(w.ID, "previous")); err != nil {
			return nil, err
		}
		until := s.now().Add(s.cfg.RotationWindow).Truncate(time.Second)
		w.PreviousUntil = &until
	}
	w.UpdatedAt = s.now().Truncate(time.Second)
	if _, err := s.db.NewUpdate().Model(w).Column("secret_sealed", "previous_sealed", "previous_until", "updated_at").WherePK().Exec(ctx); err != nil {
		return nil, fmt.Errorf("rotate webhook secret: %w", err)
	}
	return &api.WebhookCreated{Webhook: w.View(), Secret: secret}, nil
}

// Test queues a webhook.test event for the webhook and wakes the workers.
func (s *Service) Test(ctx context.Context, p auth.Principal, id int64) (*api.WebhookQueued, error) {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !w.Enabled {
		return nil, fault.Clash("webhook %d is disabled; enable it first", w.ID)
	}
	eid := outbox.NewEventID()
	payload, err := outbox.Payload(eid, api.EventWebhookTest, s.now(), api.TestEvent{WebhookID: w.ID, Message: "This is a test event from Gobi."})
	if err != nil {
		return nil, err
	}
	return s.enqueue(ctx, w, eid, api.EventWebhookTest, payload)
}

// Redeliver queues a logged event again, with its id and payload, as a
// fresh series of attempts.
func (s *Service) Redeliver(ctx context.Context, p auth.Principal, id, deliveryID int64) (*api.WebhookQueued, error) {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := new(outbox.Delivery)
	err = s.db.NewSelect().Model(d).Where("id = ? AND webhook_id = ?", deliveryID, w.ID).Scan(ctx)
	if store.NotFound(err) {
		return nil, fault.Missing("delivery", deliveryID)
	}
	if err != nil {
		return nil, fmt.Errorf("load delivery: %w", err)
	}
	if !w.Enabled {
		return nil, fault.Clash("webhook %d is disabled; enable it first", w.ID)
	}
	return s.enqueue(ctx, w, d.EventID, d.Event, []byte(d.Payload))
}

// maxQueuedByHand bounds the events a webhook may have waiting when its
// owner queues one more by hand (a test event, a redelivery): without it
// a loop of POSTs to a failing receiver grows the outbox, and each row's
// attempts the delivery log, without end.
const maxQueuedByHand = 100

func (s *Service) enqueue(ctx context.Context, w *Webhook, eid, event string, payload []byte) (*api.WebhookQueued, error) {
	n, err := s.db.NewSelect().Model((*outbox.Row)(nil)).Where("webhook_id = ?", w.ID).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("count queued events: %w", err)
	}
	if n >= maxQueuedByHand {
		return nil, fault.Clash("webhook %d has %d events waiting for delivery, the most allowed; wait until they are delivered or given up", w.ID, n)
	}
	if err := s.queue.Enqueue(ctx, s.db, w.ID, w.OwnerID, eid, event, payload); err != nil {
		return nil, err
	}
	s.queue.Kick()
	return &api.WebhookQueued{EventID: eid}, nil
}

// DeliveryFilter selects logged attempts; BeforeID pages (keyset).
type DeliveryFilter struct {
	Status   string `query:"status" enum:"succeeded,failed," doc:"Only attempts with this outcome."`
	Event    string `query:"event" doc:"Only attempts of this event."`
	EventID  string `query:"event_id" doc:"Only attempts of this event id."`
	BeforeID int64  `query:"before_id" minimum:"0" doc:"Only attempts older than this id (the next page: next_before_id)."`
	Limit    int    `query:"limit" default:"50" minimum:"1" maximum:"1000" doc:"At most this many attempts (capped by GOBI_WEBHOOK_MAX_PAGE_SIZE)."`
}

// Deliveries lists a webhook's attempts, newest first.
func (s *Service) Deliveries(ctx context.Context, p auth.Principal, id int64, f DeliveryFilter) (*api.WebhookDeliveries, error) {
	w, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	limit := min(max(f.Limit, 1), s.cfg.Limits.MaxPageSize)
	q := s.db.NewSelect().Model((*outbox.Delivery)(nil)).Where("webhook_id = ?", w.ID).OrderExpr("id DESC").Limit(int64(limit + 1))
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Event != "" {
		q = q.Where("event = ?", f.Event)
	}
	if f.EventID != "" {
		q = q.Where("event_id = ?", f.EventID)
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	var ds []outbox.Delivery
	if err := q.Scan(ctx, &ds); err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	out := &api.WebhookDeliveries{Deliveries: []api.WebhookDelivery{}}
	if len(ds) > limit {
		ds = ds[:limit]
		out.NextBeforeID = ds[limit-1].ID
	}
	for _, d := range ds {
		v := api.WebhookDelivery{ID: d.ID, WebhookID: d.WebhookID, EventID: d.EventID, Event: d.Event, Attempt: d.Attempt,
			Status: d.Status, NextAttemptAt: d.NextAttemptAt, ResponseStatus: d.ResponseStatus, ResponseBody: d.ResponseBody,
			Error: d.Error, DurationMS: d.DurationMS, Payload: json.RawMessage(d.Payload), QueuedAt: d.QueuedAt, CreatedAt: d.CreatedAt}
		_ = json.Unmarshal([]byte(d.ResponseHeaders), &v.ResponseHeaders)
		out.Deliveries = append(out.Deliveries, v)
	}
	return out, nil
}

// Subscribers implements outbox.Endpoints: owner's enabled webhooks that
// take event. Events are stored as a JSON array, so the quoted name
// matches exactly one element.
func (s *Service) Subscribers(db bun.IDB, ownerID int64, event string) *bun.SelectQuery {
	pattern := "%" + strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(strconv.Quote(event)) + "%"
	return db.NewSelect().Model((*Webhook)(nil)).Column("id", "owner_id").
		Where("owner_id = ? AND enabled", ownerID).Where("events LIKE ? ESCAPE '!'", pattern)
}

// UserAgent is sent with every delivery.
const UserAgent = "Gobi-Webhooks/1"

// Deliver implements outbox.Endpoints: one signed POST of m.
func (s *Service) Deliver(ctx context.Context, m outbox.Message) (outbox.Result, error) {
	w := new(Webhook)
	err := s.db.NewSelect().Model(w).Where("id = ?", m.WebhookID).Scan(ctx)
	if store.NotFound(err) || err == nil && !w.Enabled {
		return outbox.Result{}, outbox.ErrNoEndpoint
	}
	if err != nil {
		return outbox.Result{}, fmt.Errorf("load webhook: %w", err)
	}
	secrets, err := s.secrets(w)
	if err != nil {
		return outbox.Result{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(m.Payload))
	if err != nil {
		return outbox.Result{}, fmt.Errorf("webhook request: %w", err)
	}
	for k, v := range w.HeaderMap() {
		if !reserved(k) { // checked when saved; kept out here too
			req.Header.Set(k, v)
		}
	}
	req.Header.Set("Content-Type", contentTypeJSON)
	req.Header.Set("User-Agent", UserAgent)
	start := time.Now()
	if err := Sign(req.Header, secrets, m.EventID, m.Event, s.now(), m.Payload); err != nil {
		return outbox.Result{}, err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return outbox.Result{Err: describe(err), Duration: time.Since(start)}, nil
	}
	defer res.Body.Close()
	body, rerr := io.ReadAll(io.LimitReader(res.Body, outbox.BodyLimit))
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	r := outbox.Result{Status: res.StatusCode, Header: res.Header, Body: body, Duration: time.Since(start)}
	if rerr != nil && res.StatusCode >= 200 && res.StatusCode < 300 {
		r.Err = "reading the answer: " + describe(rerr)
	}
	return r, nil
}

// describe is a transport error as the delivery log shows it.
func describe(err error) string {
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		return "timed out: " + err.Error()
	}
	return err.Error()
}

// secrets opens the current secret and, during a rotation window, the
// previous one.
func (s *Service) secrets(w *Webhook) ([]string, error) {
	cur, err := s.cfg.Box.Open(w.SecretSealed, where(w.ID, "secret"))
	if err != nil {
		return nil, fmt.Errorf("open webhook %d secret: %w", w.ID, err)
	}
	out := []string{string(cur)}
	if w.PreviousSealed != "" && w.PreviousUntil != nil && s.now().Before(*w.PreviousUntil) {
		prev, err := s.cfg.Box.Open(w.PreviousSealed, where(w.ID, "previous"))
		if err != nil {
			return nil, fmt.Errorf("open webhook %d previous secret: %w", w.ID, err)
		}
		out = append(out, string(prev))
	}
	return out, nil
}

// Settle implements outbox.Endpoints: a success clears failing_since; a
// 410 disables the endpoint; a failure starts failing_since and disables
// the endpoint once it has failed for DisableAfter.
func (s *Service) Settle(ctx context.Context, tx bun.IDB, webhookID int64, o outbox.Outcome, at time.Time) error {
	m := (*Webhook)(nil)
	var err error
	switch o {
	case outbox.Succeeded:
		// Most successes follow successes: a plain read spares them the
		// row lock an update would take.
		var since []*time.Time
		if err = tx.NewSelect().Model(m).Column("failing_since").Where("id = ?", webhookID).Scan(ctx, &since); err != nil || len(since) == 0 || since[0] == nil {
			break
		}
		_, err = tx.NewUpdate().Model(m).Set("failing_since = NULL").Where("id = ? AND failing_since IS NOT NULL", webhookID).Exec(ctx)
	case outbox.Gone:
		err = s.disable(ctx, tx, webhookID, fmt.Sprintf("disabled at %s: the receiver answered 410 Gone", at.Format(time.RFC3339)), nil)
	default:
		if _, err = tx.NewUpdate().Model(m).Set("failing_since = ?", at).Where("id = ? AND failing_since IS NULL", webhookID).Exec(ctx); err != nil {
			break
		}
		limit := at.Add(-s.cfg.DisableAfter)
		err = s.disable(ctx, tx, webhookID, fmt.Sprintf("disabled at %s: every delivery failed for %s", at.Format(time.RFC3339), s.cfg.DisableAfter), &limit)
	}
	if err != nil {
		return fmt.Errorf("settle webhook %d: %w", webhookID, err)
	}
	return nil
}

// disable turns a webhook off with a reason its owner sees; with
// failingBefore, only if it has been failing since before then.
func (s *Service) disable(ctx context.Context, tx bun.IDB, id int64, reason string, failingBefore *time.Time) error {
	q := tx.NewUpdate().Model((*Webhook)(nil)).Set("enabled = ?", false).Set("disabled_reason = ?", reason).Where("id = ? AND enabled", id)
	if failingBefore != nil {
		q = q.Where("failing_since IS NOT NULL AND failing_since <= ?", *failingBefore)
	}
	_, err := q.Exec(ctx)
	return err
}
