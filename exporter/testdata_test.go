package exporter

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Known values of the sample traces used by the row and round-trip tests.
var (
	sampleStart      = time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)
	sampleTraceID    = pcommon.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}
	sampleDecisionID = "8f14e45f-ceea-4670-a1c5-3b8e9b1f0c2d"
)

// sampleSpanID returns a distinct span id.
func sampleSpanID(n byte) pcommon.SpanID {
	return pcommon.SpanID{0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, n}
}

// sampleTraces builds one resource with one scope holding a decision span
// (with every audit attribute), a model call and a tool call, starting at
// sampleStart.
func sampleTraces() ptrace.Traces { return sampleTracesAt(sampleStart) }

// sampleTracesAt is sampleTraces starting at start.
func sampleTracesAt(start time.Time) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "support-bot")
	rs.Resource().Attributes().PutStr("deployment.environment.name", "prod")
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName("github.com/otelaudit/otelaudit")
	ss.Scope().SetVersion("0.1.0")

	d := ss.Spans().AppendEmpty()
	d.SetTraceID(sampleTraceID)
	d.SetSpanID(sampleSpanID(1))
	d.SetParentSpanID(sampleSpanID(9))
	d.TraceState().FromRaw("vendor=value")
	d.SetName("invoke_agent refund-agent")
	d.SetKind(ptrace.SpanKindInternal)
	d.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
	d.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(1500*time.Millisecond + 7)))
	a := d.Attributes()
	a.PutStr("gen_ai.operation.name", "invoke_agent")
	a.PutStr("gen_ai.agent.name", "refund-agent")
	a.PutStr("gen_ai.agent.version", "2.3.1")
	a.PutStr("gen_ai.agent.id", "agent-7")
	a.PutStr("gen_ai.conversation.id", "conv-42")
	a.PutStr("user.id", "user-hash-1")
	a.PutStr("audit.decision.id", sampleDecisionID)
	a.PutStr("audit.decision.input", "Refund order 1234?")
	a.PutStr("audit.reasoning", "Order within 30 days; policy allows.")
	a.PutStr("audit.decision.output", "Refund approved.")
	a.PutStr("audit.decision.outcome", "success")
	a.PutStr("audit.variant", "B")
	a.PutStr("gen_ai.system", "openai") // deprecated name of gen_ai.provider.name
	a.PutStr("gen_ai.request.model", "gpt-4o")
	a.PutStr("gen_ai.response.model", "gpt-4o-2024-08-06")
	a.PutInt("gen_ai.usage.input_tokens", 1200)
	a.PutInt("gen_ai.usage.output_tokens", 345)
	a.PutDouble("audit.cost.usd", 0.01234)
	a.PutInt("audit.redaction.count", 2)
	kinds := a.PutEmptySlice("audit.redaction.kinds")
	kinds.AppendEmpty().SetStr("email")
	kinds.AppendEmpty().SetStr("card")
	a.PutStr("error.type", "RateLimited")
	a.PutStr("tenant", "acme")
	a.PutBool("retried", true)
	d.Status().SetCode(ptrace.StatusCodeError)
	d.Status().SetMessage("upstream 429")
	ev := d.Events().AppendEmpty()
	ev.SetName("retry")
	ev.SetTimestamp(pcommon.NewTimestampFromTime(start.Add(time.Millisecond + 1)))
	ev.Attributes().PutInt("attempt", 2)
	ev2 := d.Events().AppendEmpty()
	ev2.SetName("done")
	ev2.SetTimestamp(pcommon.NewTimestampFromTime(start.Add(2*time.Millisecond + 3)))
	l := d.Links().AppendEmpty()
	l.SetTraceID(pcommon.TraceID{0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	l.SetSpanID(pcommon.SpanID{0xbb, 1, 2, 3, 4, 5, 6, 7})
	l.TraceState().FromRaw("k=v")
	l.Attributes().PutStr("link.reason", "follows")

	c := ss.Spans().AppendEmpty()
	c.SetTraceID(sampleTraceID)
	c.SetSpanID(sampleSpanID(2))
	c.SetParentSpanID(sampleSpanID(1))
	c.SetName("chat gpt-4o")
	c.SetKind(ptrace.SpanKindClient)
	c.SetStartTimestamp(pcommon.NewTimestampFromTime(start.Add(10 * time.Millisecond)))
	c.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(900 * time.Millisecond)))
	c.Attributes().PutStr("gen_ai.operation.name", "chat")
	c.Attributes().PutStr("gen_ai.provider.name", "openai")
	c.Attributes().PutInt("gen_ai.usage.input_tokens", 1200)
	c.Attributes().PutDouble("gen_ai.request.temperature", 0.2)
	c.Status().SetCode(ptrace.StatusCodeOk)

	tool := ss.Spans().AppendEmpty()
	tool.SetTraceID(sampleTraceID)
	tool.SetSpanID(sampleSpanID(3))
	tool.SetParentSpanID(sampleSpanID(1))
	tool.SetName("execute_tool lookup_order")
	tool.SetStartTimestamp(pcommon.NewTimestampFromTime(start.Add(901 * time.Millisecond)))
	tool.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(950 * time.Millisecond)))
	tool.Attributes().PutStr("gen_ai.operation.name", "execute_tool")
	tool.Attributes().PutStr("gen_ai.tool.name", "lookup_order")
	return td
}
