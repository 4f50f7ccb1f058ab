package exporter

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// scopeKey identifies an instrumentation scope within one resource.
type scopeKey struct {
	name, version, schemaURL string
	attrs                    attribute.Distinct
}

// SpansToTraces converts ended SDK spans to pdata, grouping them by
// resource and instrumentation scope as OTLP does: what the SpanExporter
// and the durable pipeline hand the Writer.
func SpansToTraces(spans []sdktrace.ReadOnlySpan) ptrace.Traces {
	td := ptrace.NewTraces()
	if len(spans) == 0 {
		return td
	}
	type resourceGroup struct {
		rs     ptrace.ResourceSpans
		scopes map[scopeKey]ptrace.ScopeSpans
	}
	resources := make(map[attribute.Distinct]*resourceGroup)
	for _, s := range spans {
		if s == nil {
			continue
		}
		res := s.Resource()
		rkey := resourceKey(res)
		rg, ok := resources[rkey]
		if !ok {
			rg = &resourceGroup{rs: td.ResourceSpans().AppendEmpty(), scopes: make(map[scopeKey]ptrace.ScopeSpans)}
			if res != nil {
				rg.rs.SetSchemaUrl(res.SchemaURL())
				putAttributes(rg.rs.Resource().Attributes(), res.Attributes())
			}
			resources[rkey] = rg
		}
		is := s.InstrumentationScope()
		skey := scopeKey{name: is.Name, version: is.Version, schemaURL: is.SchemaURL, attrs: is.Attributes.Equivalent()}
		ss, ok := rg.scopes[skey]
		if !ok {
			ss = rg.rs.ScopeSpans().AppendEmpty()
			ss.SetSchemaUrl(is.SchemaURL)
			ss.Scope().SetName(is.Name)
			ss.Scope().SetVersion(is.Version)
			putAttributes(ss.Scope().Attributes(), is.Attributes.ToSlice())
			rg.scopes[skey] = ss
		}
		convertSpan(s, ss.Spans().AppendEmpty())
	}
	return td
}

// resourceKey groups spans of equal resources; a nil resource is the empty one.
func resourceKey(r *sdkresource.Resource) attribute.Distinct {
	if r == nil {
		return attribute.EmptySet().Equivalent()
	}
	return r.Equivalent()
}

// convertSpan copies one SDK span into dst.
func convertSpan(s sdktrace.ReadOnlySpan, dst ptrace.Span) {
	sc := s.SpanContext()
	dst.SetTraceID(pcommon.TraceID(sc.TraceID()))
	dst.SetSpanID(pcommon.SpanID(sc.SpanID()))
	dst.TraceState().FromRaw(sc.TraceState().String())
	dst.SetFlags(spanFlags(sc.TraceFlags(), s.Parent()))
	if p := s.Parent(); p.SpanID().IsValid() {
		dst.SetParentSpanID(pcommon.SpanID(p.SpanID()))
	}
	dst.SetName(s.Name())
	dst.SetKind(spanKind(s.SpanKind()))
	dst.SetStartTimestamp(pcommon.NewTimestampFromTime(s.StartTime()))
	dst.SetEndTimestamp(pcommon.NewTimestampFromTime(s.EndTime()))
	putAttributes(dst.Attributes(), s.Attributes())
	dst.SetDroppedAttributesCount(uint32(max(s.DroppedAttributes(), 0)))

	events := s.Events()
	dst.Events().EnsureCapacity(len(events))
	for _, e := range events {
		de := dst.Events().AppendEmpty()
		de.SetName(e.Name)
		de.SetTimestamp(pcommon.NewTimestampFromTime(e.Time))
		putAttributes(de.Attributes(), e.Attributes)
		de.SetDroppedAttributesCount(uint32(max(e.DroppedAttributeCount, 0)))
	}
	dst.SetDroppedEventsCount(uint32(max(s.DroppedEvents(), 0)))

	links := s.Links()
	dst.Links().EnsureCapacity(len(links))
	for _, l := range links {
		dl := dst.Links().AppendEmpty()
		dl.SetTraceID(pcommon.TraceID(l.SpanContext.TraceID()))
		dl.SetSpanID(pcommon.SpanID(l.SpanContext.SpanID()))
		dl.TraceState().FromRaw(l.SpanContext.TraceState().String())
		dl.SetFlags(spanFlags(l.SpanContext.TraceFlags(), l.SpanContext))
		putAttributes(dl.Attributes(), l.Attributes)
		dl.SetDroppedAttributesCount(uint32(max(l.DroppedAttributeCount, 0)))
	}
	dst.SetDroppedLinksCount(uint32(max(s.DroppedLinks(), 0)))

	st := s.Status()
	switch st.Code {
	case codes.Error:
		dst.Status().SetCode(ptrace.StatusCodeError)
		dst.Status().SetMessage(st.Description)
	case codes.Ok:
		dst.Status().SetCode(ptrace.StatusCodeOk)
	default:
		dst.Status().SetCode(ptrace.StatusCodeUnset)
	}
}

// OTLP span flags: the W3C trace flags in the low byte, then whether the
// remoteness of the parent (or link) is known and whether it is remote.
const (
	flagsContextHasIsRemote = 0x100
	flagsContextIsRemote    = 0x200
)

// spanFlags combines trace flags with the remoteness of sc, as the OTLP
// exporters of the Go SDK do.
func spanFlags(tf trace.TraceFlags, sc trace.SpanContext) uint32 {
	f := uint32(tf) | flagsContextHasIsRemote
	if sc.IsRemote() {
		f |= flagsContextIsRemote
	}
	return f
}

// spanKind maps an SDK span kind to pdata.
func spanKind(k trace.SpanKind) ptrace.SpanKind {
	switch k {
	case trace.SpanKindInternal:
		return ptrace.SpanKindInternal
	case trace.SpanKindServer:
		return ptrace.SpanKindServer
	case trace.SpanKindClient:
		return ptrace.SpanKindClient
	case trace.SpanKindProducer:
		return ptrace.SpanKindProducer
	case trace.SpanKindConsumer:
		return ptrace.SpanKindConsumer
	}
	return ptrace.SpanKindUnspecified
}

// putAttributes copies attributes into dst.
func putAttributes(dst pcommon.Map, attrs []attribute.KeyValue) {
	dst.EnsureCapacity(len(attrs))
	for _, kv := range attrs {
		putValue(dst.PutEmpty(string(kv.Key)), kv.Value)
	}
}

// putValue copies one attribute value into dst, keeping its type: slices
// become pdata slices and maps pdata maps, so they render as JSON.
func putValue(dst pcommon.Value, v attribute.Value) {
	switch v.Type() {
	case attribute.BOOL:
		dst.SetBool(v.AsBool())
	case attribute.INT64:
		dst.SetInt(v.AsInt64())
	case attribute.FLOAT64:
		dst.SetDouble(v.AsFloat64())
	case attribute.STRING:
		dst.SetStr(v.AsString())
	case attribute.BOOLSLICE:
		s := dst.SetEmptySlice()
		for _, b := range v.AsBoolSlice() {
			s.AppendEmpty().SetBool(b)
		}
	case attribute.INT64SLICE:
		s := dst.SetEmptySlice()
		for _, n := range v.AsInt64Slice() {
			s.AppendEmpty().SetInt(n)
		}
	case attribute.FLOAT64SLICE:
		s := dst.SetEmptySlice()
		for _, f := range v.AsFloat64Slice() {
			s.AppendEmpty().SetDouble(f)
		}
	case attribute.STRINGSLICE:
		s := dst.SetEmptySlice()
		for _, str := range v.AsStringSlice() {
			s.AppendEmpty().SetStr(str)
		}
	case attribute.BYTESLICE:
		dst.SetEmptyBytes().FromRaw(v.AsByteSlice())
	case attribute.SLICE:
		s := dst.SetEmptySlice()
		for _, e := range v.AsSlice() {
			putValue(s.AppendEmpty(), e)
		}
	case attribute.MAP:
		m := dst.SetEmptyMap()
		for _, kv := range v.AsMap() {
			putValue(m.PutEmpty(string(kv.Key)), kv.Value)
		}
	}
	// EMPTY stays an empty value.
}
