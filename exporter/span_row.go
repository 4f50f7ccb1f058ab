package exporter

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/semconv"
)

// spanRow is one span as the traces and audit tables read it, whether it
// came from pdata (fromSpan) or straight from OTLP bytes (otlp.go). Its
// slices are reused from span to span.
type spanRow struct {
	traceID, spanID, parentSpanID string // lowercase hex, "" when empty
	traceState                    string
	name                          string
	kind                          string // pdata's name: "Server", "Internal"...
	start, end                    uint64 // Unix nanoseconds
	attrs                         []rowAttr
	statusCode                    string // pdata's name: "Unset", "Ok", "Error"
	statusMessage                 string
	events                        []eventRow
	links                         []linkRow
	// nested holds the attributes of the span's events and links, which
	// take their slices from it.
	nested []rowAttr
}

// rowAttr is one attribute: its value rendered as pcommon.Value.AsString
// renders it (what the tables store), and, for the audit table's typed
// columns, its type and scalar value.
type rowAttr struct {
	key, value string
	typ        pcommon.ValueType
	i          int64    // ValueTypeInt
	d          float64  // ValueTypeDouble
	list       []string // ValueTypeSlice: the elements, rendered
}

// eventRow is one span event.
type eventRow struct {
	time  uint64
	name  string
	attrs []rowAttr
}

// linkRow is one span link.
type linkRow struct {
	traceID, spanID, traceState string
	attrs                       []rowAttr
}

// reset empties the row for the next span, keeping its slices. It leaves
// their old elements in place, to be overwritten: clearing them for every
// span cost a write barrier per pointer while the GC runs. release drops
// them.
func (r *spanRow) reset() {
	*r = spanRow{attrs: r.attrs[:0], events: r.events[:0], links: r.links[:0], nested: r.nested[:0]}
}

// release empties the row and drops its references to the spans' strings,
// keeping its slices.
func (r *spanRow) release() {
	clear(r.attrs[:cap(r.attrs)])
	clear(r.events[:cap(r.events)])
	clear(r.links[:cap(r.links)])
	clear(r.nested[:cap(r.nested)])
	r.reset()
}

// isDecision reports whether the row is a decision: an invoke_agent span.
func (r *spanRow) isDecision() bool {
	for i := range r.attrs {
		if r.attrs[i].key == string(semconv.GenAIOperationNameKey) {
			return r.attrs[i].value == semconv.OperationInvokeAgent
		}
	}
	return false
}

// setIDs renders the trace, span and parent span ids in hex, into text.
func (r *spanRow) setIDs(text *stringArena, traceID [16]byte, spanID, parentSpanID [8]byte) {
	r.traceID, r.spanID, r.parentSpanID = text.idsHex(traceID, spanID, parentSpanID)
}

// addNested appends attributes for an event or link and returns them.
func (r *spanRow) addNested(m pcommon.Map) []rowAttr {
	start := len(r.nested)
	r.nested = appendAttrs(r.nested, m)
	return r.nested[start:len(r.nested):len(r.nested)]
}

// fromSpan fills the row from a pdata span, rendering its ids into text.
func (r *spanRow) fromSpan(text *stringArena, span ptrace.Span) {
	r.reset()
	r.setIDs(text, span.TraceID(), span.SpanID(), span.ParentSpanID())
	r.traceState = span.TraceState().AsRaw()
	r.name = span.Name()
	r.kind = span.Kind().String()
	r.start, r.end = uint64(span.StartTimestamp()), uint64(span.EndTimestamp())
	r.attrs = appendAttrs(r.attrs, span.Attributes())
	r.statusCode = span.Status().Code().String()
	r.statusMessage = span.Status().Message()
	for _, e := range span.Events().All() {
		r.events = append(r.events, eventRow{time: uint64(e.Timestamp()), name: e.Name(), attrs: r.addNested(e.Attributes())})
	}
	for _, l := range span.Links().All() {
		r.links = append(r.links, linkRow{
			traceID:    traceIDHex(l.TraceID()),
			spanID:     spanIDHex(l.SpanID()),
			traceState: l.TraceState().AsRaw(),
			attrs:      r.addNested(l.Attributes()),
		})
	}
}

// appendAttrs appends m's entries to dst.
func appendAttrs(dst []rowAttr, m pcommon.Map) []rowAttr {
	for k, v := range m.All() {
		a := rowAttr{key: k, value: v.AsString(), typ: v.Type()}
		switch v.Type() {
		case pcommon.ValueTypeInt:
			a.i = v.Int()
		case pcommon.ValueTypeDouble:
			a.d = v.Double()
		case pcommon.ValueTypeSlice:
			a.list = make([]string, 0, v.Slice().Len())
			for _, e := range v.Slice().All() {
				a.list = append(a.list, e.AsString())
			}
		}
		dst = append(dst, a)
	}
	return dst
}

// spanDuration is end minus start in nanoseconds, 0 when the end precedes
// the start.
func (r *spanRow) duration() uint64 {
	if r.end < r.start {
		return 0
	}
	return r.end - r.start
}
