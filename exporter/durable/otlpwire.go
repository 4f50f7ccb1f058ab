package durable

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// This file encodes an ended SDK span directly as an OTLP TracesData
// protobuf (one ResourceSpans, one ScopeSpans, one Span), the bytes
// ptrace.ProtoMarshaler would give for exporter.SpansToTraces of the span,
// without building the pdata tree first. Each message is written after
// its length, computed by the matching size function. The Resource and
// InstrumentationScope messages are encoded once per tracer (envelope).
// Attributes are passed by pointer: copying the 48-byte attribute.Value
// into every call took a third of the time of encoding a span of string
// attributes.

// Protobuf wire types.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

// OTLP span flags (see exporter.spanFlags).
const (
	flagsContextHasIsRemote = 0x100
	flagsContextIsRemote    = 0x200
)

// OTLP status codes.
const (
	statusCodeOk    = 1
	statusCodeError = 2
)

func varintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func tagLen(field int) int { return varintLen(uint64(field) << 3) }

func appendTag(b []byte, field, wire int) []byte {
	return binary.AppendUvarint(b, uint64(field)<<3|uint64(wire))
}

// bytesFieldLen is the size of a length-delimited field of n bytes.
func bytesFieldLen(field, n int) int { return tagLen(field) + varintLen(uint64(n)) + n }

func appendString(b []byte, field int, s string) []byte {
	b = appendTag(b, field, wireBytes)
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b []byte, field int, s []byte) []byte {
	b = appendTag(b, field, wireBytes)
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendLen(b []byte, field, n int) []byte {
	b = appendTag(b, field, wireBytes)
	return binary.AppendUvarint(b, uint64(n))
}

func appendVarint(b []byte, field int, v uint64) []byte {
	return binary.AppendUvarint(appendTag(b, field, wireVarint), v)
}

func appendFixed64(b []byte, field int, v uint64) []byte {
	return binary.LittleEndian.AppendUint64(appendTag(b, field, wireFixed64), v)
}

func appendFixed32(b []byte, field int, v uint32) []byte {
	return binary.LittleEndian.AppendUint32(appendTag(b, field, wireFixed32), v)
}

// stringFieldLen is the size of a string field, 0 when empty (proto3
// omits empty scalars).
func stringFieldLen(field int, s string) int {
	if s == "" {
		return 0
	}
	return bytesFieldLen(field, len(s))
}

func appendStringOpt(b []byte, field int, s string) []byte {
	if s == "" {
		return b
	}
	return appendString(b, field, s)
}

func uintFieldLen(field int, v uint64) int {
	if v == 0 {
		return 0
	}
	return tagLen(field) + varintLen(v)
}

func appendUintOpt(b []byte, field int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return appendVarint(b, field, v)
}

func fixed64FieldLen(field int, v uint64) int {
	if v == 0 {
		return 0
	}
	return tagLen(field) + 8
}

func appendFixed64Opt(b []byte, field int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return appendFixed64(b, field, v)
}

func droppedCount(n int) uint64 { return uint64(uint32(max(n, 0))) }

// timestamp is pcommon.NewTimestampFromTime's value.
func timestamp(t interface{ UnixNano() int64 }) uint64 { return uint64(t.UnixNano()) }

// anyValueLen is the size of an AnyValue message holding v.
func anyValueLen(v *attribute.Value) int {
	switch v.Type() {
	case attribute.BOOL:
		return tagLen(2) + 1
	case attribute.INT64:
		return tagLen(3) + varintLen(uint64(v.AsInt64()))
	case attribute.FLOAT64:
		return tagLen(4) + 8
	case attribute.STRING:
		return bytesFieldLen(1, len(v.AsString()))
	case attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE, attribute.STRINGSLICE, attribute.SLICE:
		return bytesFieldLen(5, arrayLen(v))
	case attribute.BYTESLICE:
		return bytesFieldLen(7, len(v.AsByteSlice()))
	case attribute.MAP:
		n := 0
		kvs := v.AsMap()
		for i := range kvs {
			n += bytesFieldLen(1, keyValueLen(&kvs[i]))
		}
		return bytesFieldLen(6, n)
	}
	return 0 // EMPTY: an empty AnyValue
}

// arrayLen is the size of the ArrayValue message of a slice value.
func arrayLen(v *attribute.Value) int {
	n := 0
	switch v.Type() {
	case attribute.BOOLSLICE:
		for range v.AsBoolSlice() {
			n += bytesFieldLen(1, tagLen(2)+1)
		}
	case attribute.INT64SLICE:
		for _, x := range v.AsInt64Slice() {
			n += bytesFieldLen(1, tagLen(3)+varintLen(uint64(x)))
		}
	case attribute.FLOAT64SLICE:
		for range v.AsFloat64Slice() {
			n += bytesFieldLen(1, tagLen(4)+8)
		}
	case attribute.STRINGSLICE:
		for _, s := range v.AsStringSlice() {
			n += bytesFieldLen(1, bytesFieldLen(1, len(s)))
		}
	case attribute.SLICE:
		es := v.AsSlice()
		for i := range es {
			n += bytesFieldLen(1, anyValueLen(&es[i]))
		}
	}
	return n
}

// appendAnyValue appends the fields of an AnyValue message holding v.
func appendAnyValue(b []byte, v *attribute.Value) []byte {
	switch v.Type() {
	case attribute.BOOL:
		var x uint64
		if v.AsBool() {
			x = 1
		}
		return appendVarint(b, 2, x)
	case attribute.INT64:
		return appendVarint(b, 3, uint64(v.AsInt64()))
	case attribute.FLOAT64:
		return appendFixed64(b, 4, math.Float64bits(v.AsFloat64()))
	case attribute.STRING:
		return appendString(b, 1, v.AsString())
	case attribute.BOOLSLICE:
		b = appendLen(b, 5, arrayLen(v))
		for _, x := range v.AsBoolSlice() {
			b = appendLen(b, 1, tagLen(2)+1)
			e := attribute.BoolValue(x)
			b = appendAnyValue(b, &e)
		}
		return b
	case attribute.INT64SLICE:
		b = appendArrayHeader(b, v)
		for _, x := range v.AsInt64Slice() {
			e := attribute.Int64Value(x)
			b = appendLen(b, 1, anyValueLen(&e))
			b = appendAnyValue(b, &e)
		}
		return b
	case attribute.FLOAT64SLICE:
		b = appendArrayHeader(b, v)
		for _, x := range v.AsFloat64Slice() {
			e := attribute.Float64Value(x)
			b = appendLen(b, 1, anyValueLen(&e))
			b = appendAnyValue(b, &e)
		}
		return b
	case attribute.STRINGSLICE:
		b = appendArrayHeader(b, v)
		for _, x := range v.AsStringSlice() {
			b = appendLen(b, 1, bytesFieldLen(1, len(x)))
			b = appendString(b, 1, x)
		}
		return b
	case attribute.BYTESLICE:
		return appendBytes(b, 7, v.AsByteSlice())
	case attribute.SLICE:
		b = appendArrayHeader(b, v)
		es := v.AsSlice()
		for i := range es {
			b = appendLen(b, 1, anyValueLen(&es[i]))
			b = appendAnyValue(b, &es[i])
		}
		return b
	case attribute.MAP:
		kvs := v.AsMap()
		n := 0
		for i := range kvs {
			n += bytesFieldLen(1, keyValueLen(&kvs[i]))
		}
		b = appendLen(b, 6, n)
		for i := range kvs {
			b = appendKeyValue(b, 1, &kvs[i])
		}
		return b
	}
	return b
}

// appendArrayHeader appends the tag and length of the array_value of a
// slice value v.
func appendArrayHeader(b []byte, v *attribute.Value) []byte {
	return appendLen(b, 5, arrayLen(v))
}

// keyValueLen is the size of a KeyValue message.
func keyValueLen(kv *attribute.KeyValue) int {
	return bytesFieldLen(1, len(kv.Key)) + bytesFieldLen(2, anyValueLen(&kv.Value))
}

// appendKeyValue appends kv as field field.
func appendKeyValue(b []byte, field int, kv *attribute.KeyValue) []byte {
	vl := anyValueLen(&kv.Value)
	b = appendLen(b, field, bytesFieldLen(1, len(kv.Key))+bytesFieldLen(2, vl))
	b = appendString(b, 1, string(kv.Key))
	b = appendLen(b, 2, vl)
	return appendAnyValue(b, &kv.Value)
}

// attrsLen is the size of attrs as repeated KeyValue field field.
func attrsLen(field int, attrs []attribute.KeyValue) int {
	n := 0
	for i := range attrs {
		n += bytesFieldLen(field, keyValueLen(&attrs[i]))
	}
	return n
}

func appendAttrs(b []byte, field int, attrs []attribute.KeyValue) []byte {
	for i := range attrs {
		b = appendKeyValue(b, field, &attrs[i])
	}
	return b
}

// setLen and appendSet are attrsLen and appendAttrs for a set.
func setLen(field int, s *attribute.Set) int {
	n := 0
	for it := s.Iter(); it.Next(); {
		kv := it.Attribute()
		n += bytesFieldLen(field, keyValueLen(&kv))
	}
	return n
}

func appendSet(b []byte, field int, s *attribute.Set) []byte {
	for it := s.Iter(); it.Next(); {
		kv := it.Attribute()
		b = appendKeyValue(b, field, &kv)
	}
	return b
}

// otelSpanFlags combines trace flags with the remoteness of sc.
func otelSpanFlags(tf trace.TraceFlags, sc trace.SpanContext) uint32 {
	f := uint32(tf) | flagsContextHasIsRemote
	if sc.IsRemote() {
		f |= flagsContextIsRemote
	}
	return f
}

// otlpKind maps an SDK span kind to its OTLP number.
func otlpKind(k trace.SpanKind) uint64 {
	if k >= trace.SpanKindInternal && k <= trace.SpanKindConsumer {
		return uint64(k) // the same numbers
	}
	return 0
}

// statusLen is the size of the span's Status message.
func statusLen(st sdktrace.Status) int {
	switch st.Code {
	case codes.Error:
		return stringFieldLen(2, st.Description) + uintFieldLen(3, statusCodeError)
	case codes.Ok:
		return uintFieldLen(3, statusCodeOk)
	}
	return 0
}

func appendStatus(b []byte, st sdktrace.Status) []byte {
	switch st.Code {
	case codes.Error:
		b = appendStringOpt(b, 2, st.Description)
		return appendUintOpt(b, 3, statusCodeError)
	case codes.Ok:
		return appendUintOpt(b, 3, statusCodeOk)
	}
	return b
}

func eventLen(e sdktrace.Event) int {
	return fixed64FieldLen(1, timestamp(e.Time)) + stringFieldLen(2, e.Name) +
		attrsLen(3, e.Attributes) + uintFieldLen(4, droppedCount(e.DroppedAttributeCount))
}

func linkLen(l sdktrace.Link) int {
	sc := l.SpanContext
	tid, sid := sc.TraceID(), sc.SpanID()
	n := idLen(1, tid[:]) + idLen(2, sid[:]) + stringFieldLen(3, sc.TraceState().String()) +
		attrsLen(4, l.Attributes) + uintFieldLen(5, droppedCount(l.DroppedAttributeCount))
	return n + tagLen(6) + 4
}

// idLen is the size of an id field: pdata omits all-zero ids.
func idLen(field int, id []byte) int {
	if isZero(id) {
		return 0
	}
	return bytesFieldLen(field, len(id))
}

func appendID(b []byte, field int, id []byte) []byte {
	if isZero(id) {
		return b
	}
	return appendBytes(b, field, id)
}

func isZero(id []byte) bool {
	for _, c := range id {
		if c != 0 {
			return false
		}
	}
	return true
}

// spanLen is the size of the Span message of s.
func spanLen(s sdktrace.ReadOnlySpan) int {
	sc := s.SpanContext()
	tid, sid := sc.TraceID(), sc.SpanID()
	n := idLen(1, tid[:]) + idLen(2, sid[:]) + stringFieldLen(3, sc.TraceState().String())
	if p := s.Parent(); p.SpanID().IsValid() {
		psid := p.SpanID()
		n += idLen(4, psid[:])
	}
	n += stringFieldLen(5, s.Name()) + uintFieldLen(6, otlpKind(s.SpanKind()))
	n += fixed64FieldLen(7, timestamp(s.StartTime())) + fixed64FieldLen(8, timestamp(s.EndTime()))
	n += attrsLen(9, s.Attributes()) + uintFieldLen(10, droppedCount(s.DroppedAttributes()))
	for _, e := range s.Events() {
		n += bytesFieldLen(11, eventLen(e))
	}
	n += uintFieldLen(12, droppedCount(s.DroppedEvents()))
	for _, l := range s.Links() {
		n += bytesFieldLen(13, linkLen(l))
	}
	n += uintFieldLen(14, droppedCount(s.DroppedLinks()))
	if sl := statusLen(s.Status()); sl > 0 {
		n += bytesFieldLen(15, sl)
	}
	return n + tagLen(16) + 4
}

// appendSpan appends the fields of the Span message of s.
func appendSpan(b []byte, s sdktrace.ReadOnlySpan) []byte {
	sc := s.SpanContext()
	tid, sid := sc.TraceID(), sc.SpanID()
	b = appendID(b, 1, tid[:])
	b = appendID(b, 2, sid[:])
	b = appendStringOpt(b, 3, sc.TraceState().String())
	if p := s.Parent(); p.SpanID().IsValid() {
		psid := p.SpanID()
		b = appendID(b, 4, psid[:])
	}
	b = appendStringOpt(b, 5, s.Name())
	b = appendUintOpt(b, 6, otlpKind(s.SpanKind()))
	b = appendFixed64Opt(b, 7, timestamp(s.StartTime()))
	b = appendFixed64Opt(b, 8, timestamp(s.EndTime()))
	b = appendAttrs(b, 9, s.Attributes())
	b = appendUintOpt(b, 10, droppedCount(s.DroppedAttributes()))
	for _, e := range s.Events() {
		b = appendLen(b, 11, eventLen(e))
		b = appendFixed64Opt(b, 1, timestamp(e.Time))
		b = appendStringOpt(b, 2, e.Name)
		b = appendAttrs(b, 3, e.Attributes)
		b = appendUintOpt(b, 4, droppedCount(e.DroppedAttributeCount))
	}
	b = appendUintOpt(b, 12, droppedCount(s.DroppedEvents()))
	for _, l := range s.Links() {
		lsc := l.SpanContext
		ltid, lsid := lsc.TraceID(), lsc.SpanID()
		b = appendLen(b, 13, linkLen(l))
		b = appendID(b, 1, ltid[:])
		b = appendID(b, 2, lsid[:])
		b = appendStringOpt(b, 3, lsc.TraceState().String())
		b = appendAttrs(b, 4, l.Attributes)
		b = appendUintOpt(b, 5, droppedCount(l.DroppedAttributeCount))
		b = appendFixed32(b, 6, otelSpanFlags(lsc.TraceFlags(), lsc))
	}
	b = appendUintOpt(b, 14, droppedCount(s.DroppedLinks()))
	if sl := statusLen(s.Status()); sl > 0 {
		b = appendLen(b, 15, sl)
		b = appendStatus(b, s.Status())
	}
	return appendFixed32(b, 16, otelSpanFlags(sc.TraceFlags(), s.Parent()))
}

// envelope is what the TracesData of the spans of one tracer share: the
// Resource and the InstrumentationScope, encoded once. Their attribute
// sets iterate by reflection, which would cost more per span than the
// span's own attributes.
type envelope struct {
	res   *resource.Resource
	scope instrumentation.Scope
	// resourceField is ResourceSpans.resource and scopeField is
	// ScopeSpans.scope, each with its tag and length.
	resourceField, scopeField []byte
	resSchema                 string
}

// newEnvelope encodes a resource (nil for none) and a scope.
func newEnvelope(res *resource.Resource, is instrumentation.Scope) *envelope {
	resAttrs := attribute.EmptySet()
	var resSchema string
	if res != nil {
		resAttrs, resSchema = res.Set(), res.SchemaURL()
	}
	resourceLen := setLen(1, resAttrs)
	rf := make([]byte, 0, bytesFieldLen(1, resourceLen))
	rf = appendLen(rf, 1, resourceLen)
	rf = appendSet(rf, 1, resAttrs)

	scopeLen := stringFieldLen(1, is.Name) + stringFieldLen(2, is.Version) + setLen(3, &is.Attributes)
	sf := make([]byte, 0, bytesFieldLen(1, scopeLen))
	sf = appendLen(sf, 1, scopeLen)
	sf = appendStringOpt(sf, 1, is.Name)
	sf = appendStringOpt(sf, 2, is.Version)
	sf = appendSet(sf, 3, &is.Attributes)
	return &envelope{res: res, scope: is, resourceField: rf, scopeField: sf, resSchema: resSchema}
}

// matches reports whether e encodes res and is.
func (e *envelope) matches(res *resource.Resource, is *instrumentation.Scope) bool {
	return e.res == res && e.scope.Name == is.Name && e.scope.Version == is.Version &&
		e.scope.SchemaURL == is.SchemaURL && e.scope.Attributes.Equals(&is.Attributes)
}

// scopeSpansLen is the size of the ScopeSpans message holding one Span
// message of sl bytes.
func (e *envelope) scopeSpansLen(sl int) int {
	return len(e.scopeField) + bytesFieldLen(2, sl) + stringFieldLen(3, e.scope.SchemaURL)
}

// resourceSpansLen is the size of the ResourceSpans message holding one
// Span message of sl bytes.
func (e *envelope) resourceSpansLen(sl int) int {
	return len(e.resourceField) + bytesFieldLen(2, e.scopeSpansLen(sl)) + stringFieldLen(3, e.resSchema)
}

// tracesDataLen is the size of the TracesData holding one Span message of
// sl bytes.
func (e *envelope) tracesDataLen(sl int) int {
	return bytesFieldLen(1, e.resourceSpansLen(sl))
}

// appendTracesData appends the TracesData protobuf of s, whose Span
// message is sl bytes (spanLen) and whose resource and scope e encodes.
func (e *envelope) appendTracesData(b []byte, s sdktrace.ReadOnlySpan, sl int) []byte {
	b = appendLen(b, 1, e.resourceSpansLen(sl)) // TracesData.resource_spans
	b = append(b, e.resourceField...)
	b = appendLen(b, 2, e.scopeSpansLen(sl)) // ResourceSpans.scope_spans
	b = append(b, e.scopeField...)
	b = appendLen(b, 2, sl) // ScopeSpans.spans
	b = appendSpan(b, s)
	b = appendStringOpt(b, 3, e.scope.SchemaURL)
	return appendStringOpt(b, 3, e.resSchema)
}

// envelopeCacheSize is how many envelopes an envelopeCache keeps: one per
// tracer in use, for the few tracers of a process.
const envelopeCacheSize = 8

// envelopeCache keeps the envelopes of the last (resource, scope) pairs
// seen, newest first. It is safe for concurrent use: a miss publishes a
// new list, and when two misses race one of them is lost and encoded
// again later.
type envelopeCache struct {
	recent atomic.Pointer[[]*envelope]
}

// get returns the envelope of s's resource and scope.
func (c *envelopeCache) get(s sdktrace.ReadOnlySpan) *envelope {
	res, is := s.Resource(), s.InstrumentationScope()
	var recent []*envelope
	if p := c.recent.Load(); p != nil {
		recent = *p
	}
	for _, e := range recent {
		if e.matches(res, &is) {
			return e
		}
	}
	e := newEnvelope(res, is)
	next := append([]*envelope{e}, recent[:min(len(recent), envelopeCacheSize-1)]...)
	c.recent.Store(&next)
	return e
}

// encodeSpanFrame returns the spool frame of s, whose resource and scope
// e encodes, in buf's memory: spool.FrameHeaderLen bytes that
// spool.AppendFrame fills with the record header, then the record
// encodeSpan returns (the format byte and the TracesData protobuf). The
// size is computed first, so buf is replaced at most once, by one that
// fits, and never grows mid-encode.
func encodeSpanFrame(buf []byte, e *envelope, s sdktrace.ReadOnlySpan) ([]byte, error) {
	sl := spanLen(s)
	n := spool.FrameHeaderLen + 1 + e.tracesDataLen(sl)
	b := slices.Grow(buf[:0], n)[:spool.FrameHeaderLen]
	b = append(b, recordFormatOTLP)
	b = e.appendTracesData(b, s, sl)
	if len(b) != n {
		return b, fmt.Errorf("durable: encode span %s: %d bytes written, %d computed", s.SpanContext().SpanID(), len(b), n)
	}
	return b, nil
}
