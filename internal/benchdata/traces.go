package benchdata

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
)

// Traces returns n decision spans in one resource and scope, of which
// PIICount(n, piiFraction) carry personal data. The same arguments always
// give the same traces.
func Traces(n int, piiFraction float64, seed uint64) ptrace.Traces {
	specs, _ := generate(n, piiFraction, seed)
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	putAttrs(rs.Resource().Attributes(), resourceAttrs())
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName(ScopeName)
	ss.Scope().SetVersion(ScopeVersion)
	spans := ss.Spans()
	spans.EnsureCapacity(n)
	for i := range specs {
		s := &specs[i]
		span := spans.AppendEmpty()
		span.SetTraceID(pcommon.TraceID(s.traceID))
		span.SetSpanID(pcommon.SpanID(s.spanID))
		span.SetName(s.name)
		span.SetKind(ptrace.SpanKindInternal)
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(s.start))
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(s.end))
		putAttrs(span.Attributes(), s.attrs)
		for _, e := range s.events {
			ev := span.Events().AppendEmpty()
			ev.SetName(e.name)
			ev.SetTimestamp(pcommon.NewTimestampFromTime(e.time))
			putAttrs(ev.Attributes(), e.attrs)
		}
	}
	return td
}

// LookAlikes returns, for each span of the workload of the same arguments
// (in span order), the look-alike values planted in it: order, invoice and
// ticket numbers, dates, timestamps, prices, versions, UUIDs, SKUs,
// tracking numbers and gift card numbers that fail the Luhn check, in order
// of appearance and with repeats. None of them is personal data: a
// redactor must leave them all.
func LookAlikes(n int, piiFraction float64, seed uint64) [][]string {
	_, look := generate(n, piiFraction, seed)
	return look
}

func resourceAttrs() []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.String("service.name", ServiceName),
		attribute.String("service.version", agentVersion),
		attribute.String("deployment.environment.name", "production"),
	}
}

func putAttrs(m pcommon.Map, kvs []attribute.KeyValue) {
	m.EnsureCapacity(len(kvs))
	for _, kv := range kvs {
		k := string(kv.Key)
		switch kv.Value.Type() {
		case attribute.STRING:
			m.PutStr(k, kv.Value.AsString())
		case attribute.INT64:
			m.PutInt(k, kv.Value.AsInt64())
		case attribute.FLOAT64:
			m.PutDouble(k, kv.Value.AsFloat64())
		case attribute.BOOL:
			m.PutBool(k, kv.Value.AsBool())
		default:
			panic("benchdata: unsupported attribute type " + kv.Value.Type().String())
		}
	}
}

// AttrBytes is the attribute data of the spans in td: for every span and
// span event attribute, the length of its key plus the length of a string
// value or 8 bytes for a number (resource and scope not counted). It is the
// figure benchmarks pass to b.SetBytes.
func AttrBytes(td ptrace.Traces) int64 {
	var n int64
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				n += mapBytes(span.Attributes())
				for _, ev := range span.Events().All() {
					n += mapBytes(ev.Attributes())
				}
			}
		}
	}
	return n
}

func mapBytes(m pcommon.Map) int64 {
	var n int64
	for k, v := range m.All() {
		n += int64(len(k))
		switch v.Type() {
		case pcommon.ValueTypeStr:
			n += int64(len(v.Str()))
		case pcommon.ValueTypeBool:
			n++
		default:
			n += 8
		}
	}
	return n
}
