package benchdata

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// Spans returns the same decision spans as [Traces] with the same arguments,
// as ended spans of a real SDK TracerProvider (same ids, timestamps,
// attributes and events), in order.
func Spans(n int, piiFraction float64, seed uint64) []sdktrace.ReadOnlySpan {
	specs, _ := generate(n, piiFraction, seed)
	ids := &fixedIDs{}
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithResource(resource.NewSchemaless(resourceAttrs()...)),
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithIDGenerator(ids),
		sdktrace.WithRawSpanLimits(sdktrace.SpanLimits{
			AttributeValueLengthLimit:   -1,
			AttributeCountLimit:         -1,
			EventCountLimit:             -1,
			LinkCountLimit:              -1,
			AttributePerEventCountLimit: -1,
			AttributePerLinkCountLimit:  -1,
		}),
		sdktrace.WithSpanProcessor(rec),
	)
	tracer := tp.Tracer(ScopeName, trace.WithInstrumentationVersion(ScopeVersion))
	ctx := context.Background()
	for i := range specs {
		s := &specs[i]
		ids.traceID, ids.spanID = s.traceID, s.spanID
		_, span := tracer.Start(ctx, s.name,
			trace.WithTimestamp(s.start),
			trace.WithSpanKind(trace.SpanKindInternal),
			trace.WithAttributes(s.attrs...),
		)
		for _, e := range s.events {
			span.AddEvent(e.name, trace.WithTimestamp(e.time), trace.WithAttributes(e.attrs...))
		}
		span.End(trace.WithTimestamp(s.end))
	}
	if err := tp.Shutdown(ctx); err != nil {
		panic(err)
	}
	return rec.Ended()
}

// fixedIDs hands out the ids of the span about to start.
type fixedIDs struct {
	traceID [16]byte
	spanID  [8]byte
}

func (f *fixedIDs) NewIDs(context.Context) (trace.TraceID, trace.SpanID) {
	return f.traceID, f.spanID
}

func (f *fixedIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	return f.spanID
}

// SpanAttrBytes is [AttrBytes] for SDK spans.
func SpanAttrBytes(spans []sdktrace.ReadOnlySpan) int64 {
	var n int64
	for _, s := range spans {
		n += kvBytes(s.Attributes())
		for _, e := range s.Events() {
			n += kvBytes(e.Attributes)
		}
	}
	return n
}

func kvBytes(kvs []attribute.KeyValue) int64 {
	var n int64
	for _, kv := range kvs {
		n += int64(len(kv.Key))
		switch kv.Value.Type() {
		case attribute.STRING:
			n += int64(len(kv.Value.AsString()))
		case attribute.BOOL:
			n++
		default:
			n += 8
		}
	}
	return n
}
