package exporter

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// recordSpans runs fn with a tracer of a real TracerProvider and returns
// the spans it ended.
func recordSpans(t *testing.T, res *resource.Resource, fn func(trace.Tracer)) []sdktrace.ReadOnlySpan {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithResource(res))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	fn(tp.Tracer("otelaudit/test", trace.WithInstrumentationVersion("1.2.3"),
		trace.WithSchemaURL("https://opentelemetry.io/schemas/1.26.0"),
		trace.WithInstrumentationAttributes(attribute.String("scope.attr", "s"))))
	return rec.Ended()
}

func TestSpansToTraces(t *testing.T) {
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		attribute.String("service.name", "support-bot"), attribute.Int("pid", 42))
	start := time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)
	end := start.Add(1234567 * time.Nanosecond)

	linkTraceID, _ := trace.TraceIDFromHex("0102030405060708090a0b0c0d0e0f10")
	linkSpanID, _ := trace.SpanIDFromHex("1112131415161718")
	ts, _ := trace.ParseTraceState("vendor=value")
	linked := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: linkTraceID, SpanID: linkSpanID, TraceFlags: trace.FlagsSampled, TraceState: ts, Remote: true,
	})
	remoteParent := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: linkTraceID, SpanID: linkSpanID, TraceFlags: trace.FlagsSampled, TraceState: ts, Remote: true,
	})

	spans := recordSpans(t, res, func(tr trace.Tracer) {
		ctx := trace.ContextWithRemoteSpanContext(context.Background(), remoteParent)
		ctx, parent := tr.Start(ctx, "invoke_agent support-bot", trace.WithSpanKind(trace.SpanKindServer), trace.WithTimestamp(start),
			trace.WithLinks(trace.Link{SpanContext: linked, Attributes: []attribute.KeyValue{attribute.String("link.attr", "l")}}))
		parent.SetAttributes(
			attribute.Bool("b", true),
			attribute.Int64("i", -7),
			attribute.Float64("f", 2.5),
			attribute.String("s", "text"),
			attribute.BoolSlice("bs", []bool{true, false}),
			attribute.Int64Slice("is", []int64{1, 2}),
			attribute.Float64Slice("fs", []float64{1.5, -0.25}),
			attribute.StringSlice("ss", []string{"a", "b"}),
		)
		parent.AddEvent("retry", trace.WithTimestamp(start.Add(time.Microsecond)), trace.WithAttributes(attribute.Int("attempt", 2)))
		_, child := tr.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient), trace.WithTimestamp(start.Add(time.Millisecond)))
		child.SetStatus(codes.Ok, "ignored for Ok")
		child.End(trace.WithTimestamp(start.Add(2 * time.Millisecond)))
		parent.RecordError(errors.New("boom"), trace.WithTimestamp(start.Add(3*time.Millisecond)))
		parent.SetStatus(codes.Error, "model refused")
		parent.End(trace.WithTimestamp(end))
	})
	if len(spans) != 2 {
		t.Fatalf("recorded %d spans, want 2", len(spans))
	}

	td := SpansToTraces(spans)
	if got := td.ResourceSpans().Len(); got != 1 {
		t.Fatalf("%d resource spans, want 1 (one resource)", got)
	}
	rs := td.ResourceSpans().At(0)
	if rs.SchemaUrl() != "https://opentelemetry.io/schemas/1.26.0" {
		t.Errorf("resource schema url = %q", rs.SchemaUrl())
	}
	wantRes := map[string]any{"service.name": "support-bot", "pid": int64(42)}
	assertMap(t, "resource", rs.Resource().Attributes(), wantRes)
	if got := rs.ScopeSpans().Len(); got != 1 {
		t.Fatalf("%d scope spans, want 1 (one scope)", got)
	}
	ss := rs.ScopeSpans().At(0)
	if ss.Scope().Name() != "otelaudit/test" || ss.Scope().Version() != "1.2.3" || ss.SchemaUrl() != "https://opentelemetry.io/schemas/1.26.0" {
		t.Errorf("scope = %q %q %q", ss.Scope().Name(), ss.Scope().Version(), ss.SchemaUrl())
	}
	assertMap(t, "scope", ss.Scope().Attributes(), map[string]any{"scope.attr": "s"})

	// The recorder holds spans in end order: the child first.
	child, parent := ss.Spans().At(0), ss.Spans().At(1)
	pSC, cSC := spans[1].SpanContext(), spans[0].SpanContext()

	if parent.TraceID() != pcommon.TraceID(linkTraceID) || parent.SpanID() != pcommon.SpanID(pSC.SpanID()) {
		t.Errorf("parent ids = %s/%s", parent.TraceID(), parent.SpanID())
	}
	if parent.ParentSpanID() != pcommon.SpanID(linkSpanID) {
		t.Errorf("parent's parent id = %s, want the remote parent %s", parent.ParentSpanID(), linkSpanID)
	}
	if parent.TraceState().AsRaw() != "vendor=value" {
		t.Errorf("trace state = %q", parent.TraceState().AsRaw())
	}
	if parent.Flags() != 0x301 {
		t.Errorf("flags = %#x, want sampled|has-is-remote|is-remote", parent.Flags())
	}
	if parent.Name() != "invoke_agent support-bot" || parent.Kind() != ptrace.SpanKindServer {
		t.Errorf("name/kind = %q/%v", parent.Name(), parent.Kind())
	}
	if !parent.StartTimestamp().AsTime().Equal(start) || !parent.EndTimestamp().AsTime().Equal(end) {
		t.Errorf("times = %v..%v, want %v..%v", parent.StartTimestamp(), parent.EndTimestamp(), start, end)
	}
	assertMap(t, "span", parent.Attributes(), map[string]any{
		"b": true, "i": int64(-7), "f": 2.5, "s": "text",
		"bs": []any{true, false}, "is": []any{int64(1), int64(2)},
		"fs": []any{1.5, -0.25}, "ss": []any{"a", "b"},
	})
	if v, _ := parent.Attributes().Get("fs"); v.AsString() != "[1.5,-0.25]" {
		t.Errorf("float slice renders as %q", v.AsString())
	}
	if parent.Status().Code() != ptrace.StatusCodeError || parent.Status().Message() != "model refused" {
		t.Errorf("status = %v %q", parent.Status().Code(), parent.Status().Message())
	}

	if parent.Events().Len() != 2 {
		t.Fatalf("%d events, want 2", parent.Events().Len())
	}
	ev := parent.Events().At(0)
	if ev.Name() != "retry" || !ev.Timestamp().AsTime().Equal(start.Add(time.Microsecond)) {
		t.Errorf("event = %q at %v", ev.Name(), ev.Timestamp())
	}
	assertMap(t, "event", ev.Attributes(), map[string]any{"attempt": int64(2)})
	if ex := parent.Events().At(1); ex.Name() != "exception" {
		t.Errorf("second event = %q, want exception", ex.Name())
	}

	if parent.Links().Len() != 1 {
		t.Fatalf("%d links, want 1", parent.Links().Len())
	}
	l := parent.Links().At(0)
	if l.TraceID() != pcommon.TraceID(linkTraceID) || l.SpanID() != pcommon.SpanID(linkSpanID) || l.TraceState().AsRaw() != "vendor=value" {
		t.Errorf("link = %s/%s %q", l.TraceID(), l.SpanID(), l.TraceState().AsRaw())
	}
	assertMap(t, "link", l.Attributes(), map[string]any{"link.attr": "l"})

	if child.ParentSpanID() != pcommon.SpanID(pSC.SpanID()) || child.SpanID() != pcommon.SpanID(cSC.SpanID()) {
		t.Errorf("child parent = %s, want %s", child.ParentSpanID(), pSC.SpanID())
	}
	if child.Flags() != 0x101 {
		t.Errorf("child flags = %#x, want sampled|has-is-remote", child.Flags())
	}
	if child.Kind() != ptrace.SpanKindClient || child.Status().Code() != ptrace.StatusCodeOk || child.Status().Message() != "" {
		t.Errorf("child kind/status = %v %v %q", child.Kind(), child.Status().Code(), child.Status().Message())
	}
}

func TestSpansToTracesDroppedCounts(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithSpanLimits(sdktrace.SpanLimits{
		AttributeCountLimit: 1, EventCountLimit: 1, LinkCountLimit: 1,
		AttributePerEventCountLimit: 1, AttributePerLinkCountLimit: 1, AttributeValueLengthLimit: -1,
	}))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}})
	two := []attribute.KeyValue{attribute.Int("a", 1), attribute.Int("b", 2)}
	_, s := tp.Tracer("t").Start(context.Background(), "s",
		trace.WithLinks(trace.Link{SpanContext: sc}, trace.Link{SpanContext: sc, Attributes: two}))
	s.SetAttributes(two...)
	// The SDK keeps the newest events and links.
	s.AddEvent("e1")
	s.AddEvent("e2", trace.WithAttributes(two...))
	s.End()

	span := SpansToTraces(rec.Ended()).ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
	for name, got := range map[string]uint32{
		"attributes":       span.DroppedAttributesCount(),
		"events":           span.DroppedEventsCount(),
		"links":            span.DroppedLinksCount(),
		"event attributes": span.Events().At(0).DroppedAttributesCount(),
		"link attributes":  span.Links().At(0).DroppedAttributesCount(),
	} {
		if got != 1 {
			t.Errorf("dropped %s = %d, want 1", name, got)
		}
	}
}

func TestSpansToTracesGrouping(t *testing.T) {
	resA := resource.NewSchemaless(attribute.String("service.name", "a"))
	resB := resource.NewSchemaless(attribute.String("service.name", "b"))
	var spans []sdktrace.ReadOnlySpan
	for _, res := range []*resource.Resource{resA, resB, resA} {
		spans = append(spans, recordSpans(t, res, func(tr trace.Tracer) {
			_, s := tr.Start(context.Background(), "s")
			s.End()
		})...)
	}
	spans = append(spans, tracetest.SpanStub{Name: "stub", InstrumentationScope: instrumentation.Scope{Name: "other"}, Resource: resA}.Snapshot())

	td := SpansToTraces(spans)
	if td.SpanCount() != 4 {
		t.Fatalf("span count = %d, want 4", td.SpanCount())
	}
	if td.ResourceSpans().Len() != 2 {
		t.Fatalf("%d resources, want 2", td.ResourceSpans().Len())
	}
	a := td.ResourceSpans().At(0)
	if a.ScopeSpans().Len() != 2 || a.ScopeSpans().At(0).Spans().Len() != 2 {
		t.Errorf("resource a: %d scopes, first with %d spans; want 2 scopes, 2 spans", a.ScopeSpans().Len(), a.ScopeSpans().At(0).Spans().Len())
	}
	if SpansToTraces(nil).SpanCount() != 0 {
		t.Error("nil spans gave spans")
	}
}

func TestPutValueNested(t *testing.T) {
	m := pcommon.NewMap()
	putAttributes(m, []attribute.KeyValue{
		attribute.Slice("mixed", attribute.IntValue(1), attribute.StringValue("x")),
		attribute.Map("obj", attribute.String("k", "v"), attribute.Bool("ok", true)),
		attribute.ByteSlice("raw", []byte{0xde, 0xad}),
		{Key: "empty"},
	})
	want := map[string]string{
		"mixed": `[1,"x"]`,
		"obj":   `{"k":"v","ok":true}`,
		"raw":   "3q0=",
		"empty": "",
	}
	for k, w := range want {
		v, ok := m.Get(k)
		if !ok {
			t.Errorf("%s missing", k)
			continue
		}
		if got := v.AsString(); got != w {
			t.Errorf("%s = %q, want %q", k, got, w)
		}
	}
}

// assertMap checks that m holds exactly want (values as pcommon.Value.AsRaw).
func assertMap(t *testing.T, what string, m pcommon.Map, want map[string]any) {
	t.Helper()
	got := m.AsRaw()
	if len(got) != len(want) {
		t.Errorf("%s attributes = %v, want %v", what, got, want)
		return
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || !equalRaw(g, w) {
			t.Errorf("%s attribute %s = %#v, want %#v", what, k, g, w)
		}
	}
}

// equalRaw compares AsRaw values, slices element by element.
func equalRaw(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok != bok {
		return false
	}
	if !aok {
		return a == b
	}
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		if !equalRaw(as[i], bs[i]) {
			return false
		}
	}
	return true
}
