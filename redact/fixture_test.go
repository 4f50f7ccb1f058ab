package redact

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// attr is one attribute of the benchmark decision span.
type attr struct{ key, value string }

// systemPrompt is the system instructions of the sample refund agent.
const systemPrompt = `You are the refund assistant of an online shop. Decide whether an order is eligible for a refund under the policy below and explain your decision in two or three sentences. Orders can be refunded within 30 days of delivery when the item is unused, or within 90 days when the item arrived damaged or was not as described. Digital goods are refundable only when the download has not started. Never promise a refund you are not allowed to issue; escalate to a human agent when the customer disputes the policy, when the amount exceeds 500 EUR, or when the order history shows more than three refunds in the last six months. Use the tools lookup_order, refund_history and issue_refund. Reply in the customer's language, politely and without jargon. Do not repeat personal data back to the customer unless it is needed to identify the order. Today is Monday; the warehouse in Leipzig ships within two working days.`

// reasoning is the agent's reasoning text.
const reasoning = `The customer asks for a refund of order 7731-2290 placed on 2024-11-02 and delivered on 2024-11-06, which is 19 days ago, so the 30 day window applies. The item (a pair of running shoes, size 43, 129.95 EUR) is reported unused and still in its box. refund_history shows one earlier refund in the last six months, well under the limit of three. The amount is below the 500 EUR threshold, so no escalation is needed. Policy version 3.2.1 allows a full refund including shipping when the return label is used within 14 days. Decision: approve the refund and send the return label; the refund is issued when the parcel is scanned at the depot.`

// messagesJSON returns the gen_ai.input.messages value; contact is spliced
// into the user's message.
func messagesJSON(contact string) string {
	return `[{"role":"system","parts":[{"type":"text","content":"You are the refund assistant of an online shop. Follow the refund policy, use the tools, and escalate disputes to a human agent."}]},` +
		`{"role":"user","parts":[{"type":"text","content":"Hello,\nI ordered running shoes (order 7731-2290) three weeks ago and they are too small. ` +
		`They are unused and still in the box. Can I send them back and get my money back? I would prefer the refund to go to the original payment method. ` + contact + `\nThanks a lot,\nSam"}]},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"call_8f2a","name":"lookup_order","arguments":{"order_id":"7731-2290","include":["items","delivery","payment"]}}]},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_8f2a","response":{"order_id":"7731-2290","status":"delivered","delivered_at":"2024-11-06T14:21:09Z","items":[{"sku":"RS-4410-43","name":"Trail running shoes","size":43,"price":129.95,"currency":"EUR","quantity":1}],"payment":{"method":"card","captured":129.95},"shipping":{"carrier":"DHL","tracking":"JJD000390007812345678","cost":4.95}}}]},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"call_8f2b","name":"refund_history","arguments":{"customer":"cust-001","months":6}}]},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_8f2b","response":{"refunds":[{"order_id":"6620-1187","amount":39.9,"reason":"damaged","date":"2024-07-18"}],"count":1}}]},` +
		`{"role":"user","parts":[{"type":"text","content":"One more thing: the box is slightly dented from the delivery, but the shoes themselves were never worn outside. I tried them on once on the carpet. ` +
		`If you need photos I can upload them, just tell me where. I would also like to know how long the refund usually takes to show up on my statement, because last time it took almost two weeks and the support team could not tell me why."}]}]`
}

// outputJSON is the gen_ai.output.messages value.
const outputJSON = `[{"role":"assistant","parts":[{"type":"text","content":"Thank you for your message. Your order 7731-2290 was delivered 19 days ago and the shoes are unused, so you can return them for a full refund, including the 4.95 EUR shipping cost. ` +
	`I have created a prepaid return label; please drop the parcel at any DHL point within 14 days. The refund of 134.90 EUR goes back to the original payment method as soon as the parcel is scanned at our depot, usually within 3 to 5 working days after that. ` +
	`A dented box is not a problem as long as the shoes are unworn. If anything is unclear, just reply to this message."}],"finish_reason":"stop"}]`

// toolArgs is the gen_ai.tool.call.arguments value.
const toolArgs = `{"order_id":"7731-2290","amount":134.90,"currency":"EUR","reason":"unused item returned within 30 days","refund_shipping":true,"method":"original_payment","notify_customer":true}`

// decisionAttrs returns the attributes of a ~7.3 KB decision span. With pii,
// the user's message carries an e-mail address, a phone number and a card
// number, and the tool arguments an IBAN.
func decisionAttrs(pii bool) []attr {
	contact, args := "You can reach me on this address any time.", toolArgs
	if pii {
		contact = "You can reach me at sam.taylor@example.com or +44 20 7946 0958, the card was 4111 1111 1111 1111."
		args = strings.Replace(toolArgs, `"method":"original_payment"`, `"method":"bank","iban":"GB82 WEST 1234 5698 7654 32"`, 1)
	}
	return []attr{
		{"gen_ai.operation.name", "invoke_agent"},
		{"gen_ai.provider.name", "openai"},
		{"gen_ai.agent.name", "refund-agent"},
		{"gen_ai.request.model", "gpt-4o-mini"},
		{"gen_ai.conversation.id", "sess-1204-201530-01"},
		{"audit.decision.id", "3f1c7a52-9a4e-4f7e-9a53-0d1f4cbb2a10"},
		{"user.id", "cust-001"},
		{"gen_ai.system_instructions", systemPrompt},
		{"gen_ai.input.messages", messagesJSON(contact)},
		{"audit.reasoning", reasoning},
		{"gen_ai.output.messages", outputJSON},
		{"gen_ai.tool.call.arguments", args},
		{"audit.decision.outcome", "success"},
	}
}

// attrsBytes returns the total size of the attribute values.
func attrsBytes(attrs []attr) int {
	n := 0
	for _, a := range attrs {
		n += len(a.value)
	}
	return n
}

// decisionTraces returns traces with n decision spans, every tenth with PII
// when piiEvery10 is set.
func decisionTraces(n int, piiEvery10 bool) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "refund-agent")
	ss := rs.ScopeSpans().AppendEmpty()
	for i := 0; i < n; i++ {
		sp := ss.Spans().AppendEmpty()
		sp.SetName("invoke_agent refund-agent")
		sp.SetTraceID(pcommon.TraceID{1, 2, 3, byte(i)})
		sp.SetSpanID(pcommon.SpanID{4, 5, byte(i)})
		for _, a := range decisionAttrs(piiEvery10 && i%10 == 0) {
			sp.Attributes().PutStr(a.key, a.value)
		}
		sp.Attributes().PutInt("gen_ai.usage.input_tokens", 412)
	}
	return td
}
