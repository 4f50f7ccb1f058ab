package redactbench

import (
	"sync"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// The workload every case runs on.
const (
	// BatchSpans is the number of spans in the batch.
	BatchSpans = 1000
	// PIIFraction is the share of spans carrying personal data.
	PIIFraction = 0.1
	// Seed makes the workload reproducible.
	Seed = 1
)

var (
	batch = sync.OnceValue(func() ptrace.Traces {
		td := benchdata.Traces(BatchSpans, PIIFraction, Seed)
		td.MarkReadOnly() // the master copy: cases redact copies of it
		return td
	})
	sdkSpans = sync.OnceValue(func() []sdktrace.ReadOnlySpan {
		return benchdata.Spans(BatchSpans, PIIFraction, Seed)
	})
)

// Batch returns the shared, read-only batch in pdata form. Redact a copy.
func Batch() ptrace.Traces { return batch() }

// Copy returns a fresh, writable copy of the batch.
func Copy() ptrace.Traces {
	td := ptrace.NewTraces()
	Batch().CopyTo(td)
	return td
}

// SDKSpans returns the same batch as ended SDK spans.
func SDKSpans() []sdktrace.ReadOnlySpan { return sdkSpans() }

// benchPdata runs consume on a fresh copy of the batch per iteration. The
// copy is made with the timer stopped, so neither its time nor its
// allocations count; one iteration redacts 1,000 spans, so stopping the
// timer costs nothing measurable next to it.
func benchPdata(b *testing.B, consume func(ptrace.Traces)) {
	src := Batch()
	work := ptrace.NewTraces()
	b.SetBytes(benchdata.AttrBytes(src))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// CopyTo overwrites work entirely, reusing its slices.
		src.CopyTo(work)
		b.StartTimer()
		consume(work)
	}
	reportPerSpan(b, src.SpanCount())
}

func reportPerSpan(b *testing.B, spans int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(spans), "ns/span")
}
