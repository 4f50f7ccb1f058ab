package durable

import (
	"bytes"
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
