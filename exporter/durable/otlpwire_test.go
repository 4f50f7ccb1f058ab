package durable

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/spool"
)

// wireTestSpans covers every field and attribute type of a span.
func wireTestSpans() []sdktrace.ReadOnlySpan {
	tid := trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	ts, _ := trace.ParseTraceState("vendor=value,other=x")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1, 1, 1, 1, 1, 1, 1, 1}, TraceFlags: trace.FlagsSampled, TraceState: ts})
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{2, 2, 2, 2, 2, 2, 2, 2}, Remote: true})
	start := time.Unix(1_700_000_000, 123456789)
	all := []attribute.KeyValue{
		attribute.String("s", "text"), attribute.String("empty", ""), attribute.String("utf8", "h\xffé"),
		attribute.Bool("t", true), attribute.Bool("f", false),
		attribute.Int64("i", -42), attribute.Int64("zero", 0), attribute.Float64("d", 3.25), attribute.Float64("dz", 0),
		attribute.BoolSlice("bs", []bool{true, false}), attribute.Int64Slice("is", []int64{1, -2, 1 << 40}),
		attribute.Float64Slice("fs", []float64{0.5, -1}), attribute.StringSlice("ss", []string{"a", "", "c"}),
		attribute.StringSlice("ss0", nil),
		{Key: "bytes", Value: attribute.ByteSliceValue([]byte{0, 1, 2})},
		{Key: "slice", Value: attribute.SliceValue(attribute.StringValue("x"), attribute.IntValue(3), attribute.SliceValue(attribute.BoolValue(true)))},
		{Key: "map", Value: attribute.MapValue(attribute.String("k", "v"), attribute.Int("n", 7), attribute.Map("inner", attribute.String("a", "b")))},
		{Key: "emptyv", Value: attribute.Value{}},
		attribute.String("big", string(bytes.Repeat([]byte("x"), 70000))),
	}
	res := resource.NewWithAttributes("https://schema/1", attribute.String("service.name", "svc"), attribute.Int("pid", 7))
	full := tracetest.SpanStub{
		Name: "invoke_agent planner", SpanContext: sc, Parent: parent, SpanKind: trace.SpanKindClient,
		StartTime: start, EndTime: start.Add(1500 * time.Millisecond), Attributes: all,
		Events: []sdktrace.Event{
			{Name: "ev1", Time: start.Add(time.Millisecond), Attributes: all[:3], DroppedAttributeCount: 2},
			{Name: "", Time: start},
		},
		Links: []sdktrace.Link{
			{SpanContext: parent, Attributes: all[3:6], DroppedAttributeCount: 1},
			{SpanContext: sc},
		},
		Status:            sdktrace.Status{Code: codes.Error, Description: "boom"},
		DroppedAttributes: 3, DroppedEvents: 4, DroppedLinks: 5, ChildSpanCount: 2,
		Resource:             res,
		InstrumentationScope: instrumentation.Scope{Name: "lib", Version: "1.2", SchemaURL: "https://schema/2", Attributes: attribute.NewSet(attribute.String("sa", "v"))},
	}
	ok := full
	ok.Status = sdktrace.Status{Code: codes.Ok, Description: "ignored"}
	ok.Parent = trace.SpanContext{}
	ok.SpanKind = trace.SpanKindUnspecified
	ok.Events, ok.Links = nil, nil
	minimal := tracetest.SpanStub{Name: "x", SpanContext: sc}
	noRes := tracetest.SpanStub{SpanContext: sc, SpanKind: trace.SpanKindConsumer, Resource: resource.Empty()}
	return tracetest.SpanStubs{full, ok, minimal, noRes}.Snapshots()
}

// TestEncodeSpanMatchesPdata checks that the direct encoding decodes to
// the same traces as exporter.SpansToTraces marshaled by pdata.
func TestEncodeSpanMatchesPdata(t *testing.T) {
	var jm ptrace.JSONMarshaler
	for i, s := range wireTestSpans() {
		rec, err := encodeSpan(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeRecord(rec)
		if err != nil {
			t.Fatalf("span %d: %v", i, err)
		}
		want := exporter.SpansToTraces([]sdktrace.ReadOnlySpan{s})
		gj, err := jm.MarshalTraces(got)
		if err != nil {
			t.Fatal(err)
		}
		wj, err := jm.MarshalTraces(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gj, wj) {
			t.Errorf("span %d decodes to\n%.2000s\nwant\n%.2000s", i, gj, wj)
		}
	}
}

// TestSpanFrameMatchesEncodeSpan checks that the frames OnEnd writes hold
// encodeSpan's record after the header room, with envelopes cached across
// spans of different resources and scopes and one reused buffer.
func TestSpanFrameMatchesEncodeSpan(t *testing.T) {
	var cache envelopeCache
	var buf []byte
	spans := wireTestSpans()
	for round := range 2 {
		for i, s := range spans {
			want, err := encodeSpan(s)
			if err != nil {
				t.Fatal(err)
			}
			e := cache.get(s)
			if round == 1 && cache.get(s) != e {
				t.Errorf("span %d: the envelope is not cached", i)
			}
			buf, err = encodeSpanFrame(buf, e, s)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf[spool.FrameHeaderLen:], want) {
				t.Errorf("round %d, span %d: the frame's record differs from encodeSpan's", round, i)
			}
		}
	}
}

// TestEnvelopeCacheKeepsTheLatest: the cache keeps the envelopes of the
// last envelopeCacheSize scopes seen and encodes older ones again.
func TestEnvelopeCacheKeepsTheLatest(t *testing.T) {
	var cache envelopeCache
	var spans []sdktrace.ReadOnlySpan
	var first []*envelope
	for i := range envelopeCacheSize + 2 {
		stub := tracetest.SpanStubFromReadOnlySpan(benchSpan())
		stub.InstrumentationScope.Name = fmt.Sprint("scope-", i)
		s := tracetest.SpanStubs{stub}.Snapshots()[0]
		spans = append(spans, s)
		first = append(first, cache.get(s))
	}
	for i := len(spans) - 1; i >= 0; i-- {
		cached := cache.get(spans[i]) == first[i]
		if want := i >= len(spans)-envelopeCacheSize; cached != want {
			t.Errorf("scope %d: cached %v, want %v", i, cached, want)
		}
	}
}

// benchSpan is a model-call-like span: 20 string attributes of 4 KB in
// all, a resource with the SDK's attributes and a named scope.
func benchSpan() sdktrace.ReadOnlySpan {
	attrs := make([]attribute.KeyValue, 0, 20)
	for i := range 20 {
		attrs = append(attrs, attribute.String(fmt.Sprintf("gen_ai.attribute.%d", i), strings.Repeat("x", 200)))
	}
	tid := trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	start := time.Unix(1_700_000_000, 123456789)
	return tracetest.SpanStubs{{
		Name:        "chat gpt-4o",
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled}),
		Parent:      trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled}),
		SpanKind:    trace.SpanKindClient, StartTime: start, EndTime: start.Add(time.Second), Attributes: attrs,
		Resource: resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
			attribute.String("service.name", "agent"), attribute.String("telemetry.sdk.language", "go"),
			attribute.String("telemetry.sdk.name", "opentelemetry"), attribute.String("telemetry.sdk.version", "1.47.0")),
		InstrumentationScope: instrumentation.Scope{Name: "github.com/otelaudit/otelaudit", Version: "1.0.0"},
	}}.Snapshots()[0]
}

// BenchmarkEncodeSpanFrame measures the encoding OnEnd does, into a
// reused buffer with a warm envelope cache.
func BenchmarkEncodeSpanFrame(b *testing.B) {
	s := benchSpan()
	var cache envelopeCache
	buf, err := encodeSpanFrame(nil, cache.get(s), s)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if buf, err = encodeSpanFrame(buf, cache.get(s), s); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU starts counting the process's CPU time; the function it
// returns reports it per iteration as cpu-ns/op, which other processes on
// the machine do not inflate as they inflate ns/op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
