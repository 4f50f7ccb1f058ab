package redactproc

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/redact"
)

// BenchmarkRedact redacts the benchmark workload's ended decision spans
// (about 7.3 KB of attributes each, 10% with personal data), one span per
// iteration, as OnEnd does. The 1,000 spans do not fit in the CPU caches
// together, as in a real pipeline.
func BenchmarkRedact(b *testing.B) {
	spans := benchdata.Spans(1000, 0.10, 1)
	var size int64
	for _, s := range spans {
		for _, kv := range s.Attributes() {
			if kv.Value.Type() == attribute.STRING {
				size += int64(len(kv.Value.AsString()))
			}
		}
	}
	p := New(nil, redact.Default()) // Redact does not use the next processor
	b.SetBytes(size / int64(len(spans)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Redact(spans[i%len(spans)])
		i++
	}
}
