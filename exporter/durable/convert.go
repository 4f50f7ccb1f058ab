package durable

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// spanToTraces returns one SDK span, with its resource and scope, as pdata.
// It maps fields the way the exporter package does for the plain SDK
// exporter, so a span reaches the same rows through either path.
func spanToTraces(s sdktrace.ReadOnlySpan) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	if res := s.Resource(); res != nil {
		rs.SetSchemaUrl(res.SchemaURL())
		setAttrs(rs.Resource().Attributes(), res.Attributes())
	}
	ss := rs.ScopeSpans().AppendEmpty()
	scope := s.InstrumentationScope()
	ss.SetSchemaUrl(scope.SchemaURL)
	ss.Scope().SetName(scope.Name)
	ss.Scope().SetVersion(scope.Version)
	setAttrs(ss.Scope().Attributes(), scope.Attributes.ToSlice())

	dst := ss.Spans().AppendEmpty()
	sc := s.SpanContext()
	dst.SetTraceID(pcommon.TraceID(sc.TraceID()))
	dst.SetSpanID(pcommon.SpanID(sc.SpanID()))
	dst.TraceState().FromRaw(sc.TraceState().String())
	dst.SetFlags(otlpFlags(sc.TraceFlags(), s.Parent().IsRemote()))
	if parent := s.Parent(); parent.SpanID().IsValid() {
		dst.SetParentSpanID(pcommon.SpanID(parent.SpanID()))
	}
	dst.SetName(s.Name())
	dst.SetKind(pdataKind(s.SpanKind()))
	dst.SetStartTimestamp(pcommon.NewTimestampFromTime(s.StartTime()))
	dst.SetEndTimestamp(pcommon.NewTimestampFromTime(s.EndTime()))
	setAttrs(dst.Attributes(), s.Attributes())
	dst.SetDroppedAttributesCount(nonNegative(s.DroppedAttributes()))

	for _, e := range s.Events() {
		ev := dst.Events().AppendEmpty()
		ev.SetName(e.Name)
		ev.SetTimestamp(pcommon.NewTimestampFromTime(e.Time))
		setAttrs(ev.Attributes(), e.Attributes)
		ev.SetDroppedAttributesCount(nonNegative(e.DroppedAttributeCount))
	}
	dst.SetDroppedEventsCount(nonNegative(s.DroppedEvents()))

	for _, l := range s.Links() {
		lk := dst.Links().AppendEmpty()
		lk.SetTraceID(pcommon.TraceID(l.SpanContext.TraceID()))
		lk.SetSpanID(pcommon.SpanID(l.SpanContext.SpanID()))
		lk.TraceState().FromRaw(l.SpanContext.TraceState().String())
		lk.SetFlags(otlpFlags(l.SpanContext.TraceFlags(), l.SpanContext.IsRemote()))
		setAttrs(lk.Attributes(), l.Attributes)
		lk.SetDroppedAttributesCount(nonNegative(l.DroppedAttributeCount))
	}
	dst.SetDroppedLinksCount(nonNegative(s.DroppedLinks()))

	switch st := s.Status(); st.Code {
	case codes.Error:
		dst.Status().SetCode(ptrace.StatusCodeError)
		dst.Status().SetMessage(st.Description)
	case codes.Ok:
		dst.Status().SetCode(ptrace.StatusCodeOk)
	}
	return td
}

// otlpFlags are OTLP span flags: the W3C trace flags, plus bit 8 (the
// remoteness is known) and bit 9 (the parent or link is remote).
func otlpFlags(tf trace.TraceFlags, remote bool) uint32 {
	f := uint32(tf) | 1<<8
	if remote {
		f |= 1 << 9
	}
	return f
}

// pdataKind maps an SDK span kind to pdata.
func pdataKind(k trace.SpanKind) ptrace.SpanKind {
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
	default:
		return ptrace.SpanKindUnspecified
	}
}

// nonNegative converts a count to uint32, clamping negatives to 0.
func nonNegative(n int) uint32 { return uint32(max(n, 0)) }

// setAttrs copies SDK attributes into a pdata map.
func setAttrs(m pcommon.Map, kvs []attribute.KeyValue) {
	m.EnsureCapacity(len(kvs))
	for _, kv := range kvs {
		setValue(m.PutEmpty(string(kv.Key)), kv.Value)
	}
}

// setValue copies one attribute value, keeping its type; slices and maps
// become pdata slices and maps.
func setValue(v pcommon.Value, a attribute.Value) {
	switch a.Type() {
	case attribute.BOOL:
		v.SetBool(a.AsBool())
	case attribute.INT64:
		v.SetInt(a.AsInt64())
	case attribute.FLOAT64:
		v.SetDouble(a.AsFloat64())
	case attribute.STRING:
		v.SetStr(a.AsString())
	case attribute.BYTESLICE:
		v.SetEmptyBytes().FromRaw(a.AsByteSlice())
	case attribute.BOOLSLICE:
		s := v.SetEmptySlice()
		for _, x := range a.AsBoolSlice() {
			s.AppendEmpty().SetBool(x)
		}
	case attribute.INT64SLICE:
		s := v.SetEmptySlice()
		for _, x := range a.AsInt64Slice() {
			s.AppendEmpty().SetInt(x)
		}
	case attribute.FLOAT64SLICE:
		s := v.SetEmptySlice()
		for _, x := range a.AsFloat64Slice() {
			s.AppendEmpty().SetDouble(x)
		}
	case attribute.STRINGSLICE:
		s := v.SetEmptySlice()
		for _, x := range a.AsStringSlice() {
			s.AppendEmpty().SetStr(x)
		}
	case attribute.SLICE:
		s := v.SetEmptySlice()
		for _, x := range a.AsSlice() {
			setValue(s.AppendEmpty(), x)
		}
	case attribute.MAP:
		m := v.SetEmptyMap()
		for _, kv := range a.AsMap() {
			setValue(m.PutEmpty(string(kv.Key)), kv.Value)
		}
	}
}
