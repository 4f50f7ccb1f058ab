package redactbench

import (
	"context"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/redact/redactproc"
)

// BenchOtelauditPdata measures redact.Default().Traces, in place on a fresh
// copy of the batch per iteration: the same input and the same work as
// the contrib processor (what otelaudit's Collector processor runs).
func BenchOtelauditPdata(b *testing.B) {
	r := redact.Default()
	benchPdata(b, func(td ptrace.Traces) { r.Traces(td) })
}

// BenchOtelauditSDK measures the SDK span processor: OnEnd over the batch's
// ended spans, handing the redacted views to a processor that drops them.
// The input spans are read-only, so no copy is needed.
func BenchOtelauditSDK(b *testing.B) {
	spans := SDKSpans()
	p := redactproc.New(discard{}, redact.Default())
	b.SetBytes(benchdata.SpanAttrBytes(spans))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range spans {
			p.OnEnd(s)
		}
	}
	reportPerSpan(b, len(spans))
}

// discard is the next processor of the SDK case: it drops every span.
type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) Shutdown(context.Context) error                  { return nil }
func (discard) ForceFlush(context.Context) error                { return nil }

func init() {
	register(Case{Name: "otelaudit-pdata", Bench: BenchOtelauditPdata, order: 1})
	register(Case{Name: "otelaudit-sdk", Bench: BenchOtelauditSDK, order: 2})
}
