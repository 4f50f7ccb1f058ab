package exporter

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// traceRow is one row of the traces table, in the column order of
// schema.TracesInsert (the contrib clickhouseexporter's order).
type traceRow struct {
	Timestamp          time.Time
	TraceID            string
	SpanID             string
	ParentSpanID       string
	TraceState         string
	SpanName           string
	SpanKind           string
	ServiceName        string
	ResourceAttributes *attrMap
	ScopeName          string
	ScopeVersion       string
	SpanAttributes     *attrMap
	Duration           uint64
	StatusCode         string
	StatusMessage      string
	EventsTimestamp    []time.Time
	EventsName         []string
	EventsAttributes   []*attrMap
	LinksTraceID       []string
	LinksSpanID        []string
	LinksTraceState    []string
	LinksAttributes    []*attrMap
}

// resourceInfo is what every row of one ResourceSpans shares.
type resourceInfo struct {
	serviceName string
	attributes  *attrMap
}

// newResourceInfo renders a resource once for all its spans.
func newResourceInfo(r pcommon.Resource) resourceInfo {
	return resourceInfo{serviceName: resourceServiceName(r), attributes: newAttrMap(r.Attributes())}
}

// newTraceRow maps one span to one row: the reference mapping, row by
// row, that the tests check the Writer's column-by-column tracesBlock
// against.
//
// newTraceRow maps a span as the contrib clickhouseexporter does: ids as
// lowercase hex ("" when empty), kind and status code as their pdata names
// ("Server", "Error", ...), attribute values as strings.
func newTraceRow(res resourceInfo, scope pcommon.InstrumentationScope, span ptrace.Span) traceRow {
	r := traceRow{
		Timestamp:          span.StartTimestamp().AsTime(),
		TraceID:            traceIDHex(span.TraceID()),
		SpanID:             spanIDHex(span.SpanID()),
		ParentSpanID:       spanIDHex(span.ParentSpanID()),
		TraceState:         span.TraceState().AsRaw(),
		SpanName:           span.Name(),
		SpanKind:           span.Kind().String(),
		ServiceName:        res.serviceName,
		ResourceAttributes: res.attributes,
		ScopeName:          scope.Name(),
		ScopeVersion:       scope.Version(),
		SpanAttributes:     newAttrMap(span.Attributes()),
		Duration:           referenceDuration(span),
		StatusCode:         span.Status().Code().String(),
		StatusMessage:      span.Status().Message(),
	}
	if n := span.Events().Len(); n > 0 {
		r.EventsTimestamp = make([]time.Time, n)
		r.EventsName = make([]string, n)
		r.EventsAttributes = make([]*attrMap, n)
		for i := range n {
			e := span.Events().At(i)
			r.EventsTimestamp[i] = e.Timestamp().AsTime()
			r.EventsName[i] = e.Name()
			r.EventsAttributes[i] = newAttrMap(e.Attributes())
		}
	}
	if n := span.Links().Len(); n > 0 {
		r.LinksTraceID = make([]string, n)
		r.LinksSpanID = make([]string, n)
		r.LinksTraceState = make([]string, n)
		r.LinksAttributes = make([]*attrMap, n)
		for i := range n {
			l := span.Links().At(i)
			r.LinksTraceID[i] = traceIDHex(l.TraceID())
			r.LinksSpanID[i] = spanIDHex(l.SpanID())
			r.LinksTraceState[i] = l.TraceState().AsRaw()
			r.LinksAttributes[i] = newAttrMap(l.Attributes())
		}
	}
	return r
}

// asMap returns the entries as a Go map.
func (a *attrMap) asMap() map[string]string {
	out := make(map[string]string, len(a.keys))
	for i, k := range a.keys {
		out[k] = a.values[i]
	}
	return out
}

// referenceDuration is end minus start in nanoseconds, 0 when the end
// precedes the start.
func referenceDuration(span ptrace.Span) uint64 {
	if span.EndTimestamp() < span.StartTimestamp() {
		return 0
	}
	return uint64(span.EndTimestamp() - span.StartTimestamp())
}

// newAttrMap renders every value of m as a string, as the contrib
// clickhouseexporter does (pcommon.Value.AsString: JSON for maps and
// slices, base64 for bytes).
func newAttrMap(m pcommon.Map) *attrMap {
	a := &attrMap{
		keys:   make([]string, 0, m.Len()),
		values: make([]string, 0, m.Len()),
	}
	for k, v := range m.All() {
		a.add(k, v.AsString())
	}
	return a
}
