package exporter

import (
	"encoding/hex"

	"github.com/ClickHouse/ch-go/proto"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/native"
)

// serviceNameKey is the resource attribute naming the service.
const serviceNameKey = "service.name"

// tracesBlock is the columns of a traces insert, in the column order of
// schema.TracesInsert. Rows map spans as the contrib clickhouseexporter
// does (the tests check it against the row-by-row reference newTraceRow):
// ids in lowercase hex ("" when empty), kinds and status codes by name,
// every attribute value rendered with pcommon.Value.AsString (JSON for
// maps and slices, base64 for bytes). The columns hold references to the
// spans' strings: td must not change until the block is sent.
type tracesBlock struct {
	block native.Block

	timestamp     proto.ColDateTime64
	traceID       native.Strings
	spanID        native.Strings
	parentSpanID  native.Strings
	traceState    native.Strings
	spanName      native.LowCardinality
	spanKind      native.LowCardinality
	serviceName   native.LowCardinality
	resourceAttrs native.Map
	scopeName     native.Strings
	scopeVersion  native.Strings
	spanAttrs     native.Map
	duration      proto.ColUInt64
	statusCode    native.LowCardinality
	statusMessage native.Strings

	eventsTimestamp *native.Array[*proto.ColDateTime64]
	eventsName      *native.Array[*native.LowCardinality]
	eventsAttrs     *native.Array[*native.Map]
	linksTraceID    *native.Array[*native.Strings]
	linksSpanID     *native.Array[*native.Strings]
	linksTraceState *native.Array[*native.Strings]
	linksAttrs      *native.Array[*native.Map]

	// resource is the current ResourceSpans' attributes, rendered once and
	// repeated in every row.
	resource []keyValue
}

// keyValue is one attribute with its value rendered as a string.
type keyValue struct{ key, value string }

// newTracesBlock returns an empty traces block.
func newTracesBlock() *tracesBlock {
	b := &tracesBlock{
		eventsTimestamp: native.NewArray(newDateTime64()),
		eventsName:      native.NewArray(new(native.LowCardinality)),
		eventsAttrs:     native.NewArray(new(native.Map)),
		linksTraceID:    native.NewArray(new(native.Strings)),
		linksSpanID:     native.NewArray(new(native.Strings)),
		linksTraceState: native.NewArray(new(native.Strings)),
		linksAttrs:      native.NewArray(new(native.Map)),
	}
	b.timestamp.WithPrecision(proto.PrecisionNano)
	cols := []proto.ColInput{
		&b.timestamp, &b.traceID, &b.spanID, &b.parentSpanID, &b.traceState,
		&b.spanName, &b.spanKind, &b.serviceName, &b.resourceAttrs,
		&b.scopeName, &b.scopeVersion, &b.spanAttrs, &b.duration,
		&b.statusCode, &b.statusMessage,
		b.eventsTimestamp, b.eventsName, b.eventsAttrs,
		b.linksTraceID, b.linksSpanID, b.linksTraceState, b.linksAttrs,
	}
	for i, c := range cols {
		b.block.Add(tracesColumnNames[i], c)
	}
	return b
}

// newDateTime64 returns an empty DateTime64(9) column.
func newDateTime64() *proto.ColDateTime64 {
	return new(proto.ColDateTime64).WithPrecision(proto.PrecisionNano)
}

// tracesColumnNames are the names of the traces insert's columns, in order.
var tracesColumnNames = [...]string{
	"Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName",
	"SpanKind", "ServiceName", "ResourceAttributes", "ScopeName", "ScopeVersion",
	"SpanAttributes", "Duration", "StatusCode", "StatusMessage",
	"Events.Timestamp", "Events.Name", "Events.Attributes",
	"Links.TraceId", "Links.SpanId", "Links.TraceState", "Links.Attributes",
}

// idsHexLen is the length of a span's trace, span and parent span ids in hex.
const idsHexLen = 32 + 16 + 16

// appendTraces appends a row for every span of td and calls decision with
// the row's service name and ids for every decision span.
func (b *tracesBlock) appendTraces(td ptrace.Traces, decision func(serviceName, traceID, spanID string, span ptrace.Span)) {
	n := td.SpanCount()
	// All ids of the batch in hex, rendered into one buffer and turned
	// into one string: trace, span and parent span id of each span.
	ids := make([]byte, 0, n*idsHexLen)
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				ids = appendIDsHex(ids, span)
			}
		}
	}
	all := string(ids)
	row := 0
	for _, rs := range td.ResourceSpans().All() {
		serviceName := resourceServiceName(rs.Resource())
		b.resource = renderAttributes(b.resource[:0], rs.Resource().Attributes())
		for _, ss := range rs.ScopeSpans().All() {
			scopeName, scopeVersion := ss.Scope().Name(), ss.Scope().Version()
			for _, span := range ss.Spans().All() {
				off := row * idsHexLen
				row++
				traceID := hexOrEmpty(all[off : off+32])
				spanID := hexOrEmpty(all[off+32 : off+48])
				b.timestamp.AppendRaw(proto.DateTime64(span.StartTimestamp()))
				b.traceID.Append(traceID)
				b.spanID.Append(spanID)
				b.parentSpanID.Append(hexOrEmpty(all[off+48 : off+64]))
				b.traceState.Append(span.TraceState().AsRaw())
				b.spanName.Append(span.Name())
				b.spanKind.Append(span.Kind().String())
				b.serviceName.Append(serviceName)
				for _, kv := range b.resource {
					b.resourceAttrs.Add(kv.key, kv.value)
				}
				b.resourceAttrs.EndRow()
				b.scopeName.Append(scopeName)
				b.scopeVersion.Append(scopeVersion)
				addAttributes(&b.spanAttrs, span.Attributes())
				b.duration.Append(spanDuration(span))
				b.statusCode.Append(span.Status().Code().String())
				b.statusMessage.Append(span.Status().Message())
				b.appendEvents(span.Events())
				b.appendLinks(span.Links())
				if decision != nil && isDecision(span) {
					decision(serviceName, traceID, spanID, span)
				}
			}
		}
	}
}

// appendEvents adds the Events.* values of one row.
func (b *tracesBlock) appendEvents(events ptrace.SpanEventSlice) {
	for _, e := range events.All() {
		b.eventsTimestamp.Elems.AppendRaw(proto.DateTime64(e.Timestamp()))
		b.eventsName.Elems.Append(e.Name())
		addAttributes(b.eventsAttrs.Elems, e.Attributes())
	}
	b.eventsTimestamp.EndRow()
	b.eventsName.EndRow()
	b.eventsAttrs.EndRow()
}

// appendLinks adds the Links.* values of one row.
func (b *tracesBlock) appendLinks(links ptrace.SpanLinkSlice) {
	for _, l := range links.All() {
		b.linksTraceID.Elems.Append(traceIDHex(l.TraceID()))
		b.linksSpanID.Elems.Append(spanIDHex(l.SpanID()))
		b.linksTraceState.Elems.Append(l.TraceState().AsRaw())
		addAttributes(b.linksAttrs.Elems, l.Attributes())
	}
	b.linksTraceID.EndRow()
	b.linksSpanID.EndRow()
	b.linksTraceState.EndRow()
	b.linksAttrs.EndRow()
}

// addAttributes adds m as one row of a map column.
func addAttributes(col *native.Map, m pcommon.Map) {
	for k, v := range m.All() {
		col.Add(k, v.AsString())
	}
	col.EndRow()
}

// renderAttributes appends m's entries, values rendered as strings, to dst.
func renderAttributes(dst []keyValue, m pcommon.Map) []keyValue {
	for k, v := range m.All() {
		dst = append(dst, keyValue{k, v.AsString()})
	}
	return dst
}

// reset empties the block, keeping its buffers.
func (b *tracesBlock) reset() {
	b.block.Reset()
	b.resource = b.resource[:0]
}

// appendIDsHex appends the span's trace, span and parent span ids in hex.
func appendIDsHex(dst []byte, span ptrace.Span) []byte {
	t, s, p := span.TraceID(), span.SpanID(), span.ParentSpanID()
	dst = hex.AppendEncode(dst, t[:])
	dst = hex.AppendEncode(dst, s[:])
	return hex.AppendEncode(dst, p[:])
}

// hexOrEmpty returns "" for an all-zero (empty) id, as traceIDHex does.
func hexOrEmpty(h string) string {
	for i := range len(h) {
		if h[i] != '0' {
			return h
		}
	}
	return ""
}

// spanDuration is end minus start in nanoseconds, 0 when the end precedes
// the start.
func spanDuration(span ptrace.Span) uint64 {
	start, end := span.StartTimestamp(), span.EndTimestamp()
	if end < start {
		return 0
	}
	return uint64(end - start)
}

// traceIDHex renders a trace id as lowercase hex, "" when empty.
func traceIDHex(id pcommon.TraceID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// spanIDHex renders a span id as lowercase hex, "" when empty.
func spanIDHex(id pcommon.SpanID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}
