package webhook

import (
	"encoding/json"
	"slices"

	"github.com/gobi-bi/gobi/shared/api"
)

const reportSchema = `{"type":"object","required":["report_id","report_name","schedule_id","schedule_name","status","generated_at","file_size","download_url"],"properties":{` +
	`"report_id":{"type":"integer"},"report_name":{"type":"string"},"schedule_id":{"type":"integer"},"schedule_name":{"type":"string"},` +
	`"status":{"type":"string","enum":["success","failed"]},"generated_at":{"type":"string","format":"date-time"},` +
	`"file_size":{"type":"integer","minimum":0},"download_url":{"type":"string"},"error":{"type":"string"}}}`

// Catalogue lists every event a webhook can subscribe to, with the JSON
// schema of its data object. Every payload is
// {"id","event","created_at","data"}.
var Catalogue = []api.WebhookEventType{
	{Event: api.EventReportGenerated, Description: "A scheduled report was generated.", Schema: json.RawMessage(reportSchema)},
	{Event: api.EventReportFailed, Description: "A scheduled report failed; error says why.", Schema: json.RawMessage(reportSchema)},
	{Event: api.EventAlertTriggered, Description: "An alert's condition became true.", Schema: json.RawMessage(
		`{"type":"object","required":["alert_id","alert_name","query_id","condition","value","triggered_at"],"properties":{` +
			`"alert_id":{"type":"integer"},"alert_name":{"type":"string"},"query_id":{"type":"integer"},"condition":{"type":"string"},` +
			`"value":{"type":"number"},"triggered_at":{"type":"string","format":"date-time"}}}`)},
	{Event: api.EventWebhookTest, Description: "Sent by POST /api/webhooks/{id}/test.", Schema: json.RawMessage(
		`{"type":"object","required":["webhook_id","message"],"properties":{"webhook_id":{"type":"integer"},"message":{"type":"string"}}}`)},
}

// Known reports whether event is in the catalogue.
func Known(event string) bool {
	return slices.ContainsFunc(Catalogue, func(e api.WebhookEventType) bool { return e.Event == event })
}
