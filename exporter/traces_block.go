package exporter

import (
	"encoding/hex"

	"github.com/ClickHouse/ch-go/proto"
	"go.opentelemetry.io/collector/pdata/pcommon"

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

// resetResource empties the attributes of the current resource.
func (b *tracesBlock) resetResource() {
	clear(b.resource)
	b.resource = b.resource[:0]
}

// setResource renders the attributes every row of one ResourceSpans
// repeats.
func (b *tracesBlock) setResource(m pcommon.Map) {
	b.resetResource()
	for k, v := range m.All() {
		b.resource = append(b.resource, keyValue{k, v.AsString()})
	}
}

// appendRow appends the row of one span of the current resource.
func (b *tracesBlock) appendRow(serviceName, scopeName, scopeVersion string, r *spanRow) {
	b.timestamp.AppendRaw(proto.DateTime64(r.start))
	b.traceID.Append(r.traceID)
	b.spanID.Append(r.spanID)
	b.parentSpanID.Append(r.parentSpanID)
	b.traceState.Append(r.traceState)
	b.spanName.Append(r.name)
	b.spanKind.Append(r.kind)
	b.serviceName.Append(serviceName)
	for _, kv := range b.resource {
		b.resourceAttrs.Add(kv.key, kv.value)
	}
	b.resourceAttrs.EndRow()
	b.scopeName.Append(scopeName)
	b.scopeVersion.Append(scopeVersion)
	addAttributes(&b.spanAttrs, r.attrs)
	b.duration.Append(r.duration())
	b.statusCode.Append(r.statusCode)
	b.statusMessage.Append(r.statusMessage)
	for i := range r.events {
		e := &r.events[i]
		b.eventsTimestamp.Elems.AppendRaw(proto.DateTime64(e.time))
		b.eventsName.Elems.Append(e.name)
		addAttributes(b.eventsAttrs.Elems, e.attrs)
	}
	b.eventsTimestamp.EndRow()
	b.eventsName.EndRow()
	b.eventsAttrs.EndRow()
	for i := range r.links {
		l := &r.links[i]
		b.linksTraceID.Elems.Append(l.traceID)
		b.linksSpanID.Elems.Append(l.spanID)
		b.linksTraceState.Elems.Append(l.traceState)
		addAttributes(b.linksAttrs.Elems, l.attrs)
	}
	b.linksTraceID.EndRow()
	b.linksSpanID.EndRow()
	b.linksTraceState.EndRow()
	b.linksAttrs.EndRow()
}

// addAttributes adds attrs as one row of a map column.
func addAttributes(col *native.Map, attrs []rowAttr) {
	for i := range attrs {
		col.Add(attrs[i].key, attrs[i].value)
	}
	col.EndRow()
}

// reset empties the block, keeping its buffers.
func (b *tracesBlock) reset() {
	b.block.Reset()
	b.resetResource()
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
