package exporter

import (
	"context"
	"testing"

	chproto "github.com/ClickHouse/ch-go/proto"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// benchTraces repeats the sample's spans n times in one resource and scope.
func benchTraces(n int) ptrace.Traces {
	src := sampleTraces().ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	td := sampleTraces()
	spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	for range n - 1 {
		for _, s := range src.All() {
			s.CopyTo(spans.AppendEmpty())
		}
	}
	return td
}

// BenchmarkRows measures mapping spans to the traces and audit blocks and
// encoding them, as the Writer does before it sends them.
func BenchmarkRows(b *testing.B) {
	td := benchTraces(100)
	size := (&ptrace.ProtoMarshaler{}).TracesSize(td)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	blocks := NewBlocks()
	var buf chproto.Buffer
	for b.Loop() {
		blocks.Reset()
		blocks.AppendTraces(td)
		buf.Reset()
		if err := blocks.Traces().EncodeHTTP(&buf); err != nil {
			b.Fatal(err)
		}
		if err := blocks.Audit().EncodeHTTP(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*td.SpanCount()), "ns/span")
}

// BenchmarkWriteTraces measures a whole write through the embedded engine.
func BenchmarkWriteTraces(b *testing.B) {
	srv := needEngine(b)
	w, err := NewWriter(context.Background(), WithEndpoint(srv.URL()), WithDatabase("bench"))
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	td := benchTraces(100)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteTraces(context.Background(), td); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*td.SpanCount()), "ns/span")
}

// BenchmarkAppendOTLP measures building rows straight from OTLP records of
// one span each, as the durable shipper does, against the pdata path
// (decode each record, then AppendTraces).
func BenchmarkAppendOTLP(b *testing.B) {
	td := benchdata.Traces(200, 0.1, 1)
	recs := perSpan(b, td)
	blocks := NewBlocks()
	b.Run("otlp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blocks.Reset()
			for _, r := range recs {
				if err := blocks.AppendOTLP(r); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/span")
	})
	b.Run("pdata", func(b *testing.B) {
		b.ReportAllocs()
		var u ptrace.ProtoUnmarshaler
		for b.Loop() {
			blocks.Reset()
			for _, r := range recs {
				one, err := u.UnmarshalTraces(r)
				if err != nil {
					b.Fatal(err)
				}
				blocks.AppendTraces(one)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/span")
	})
}
