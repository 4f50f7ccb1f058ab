package exportbench

import (
	"fmt"
	"testing"

	chcompress "github.com/ClickHouse/ch-go/compress"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// AppendFunc appends the rows of td to a batch.
type AppendFunc func(batch driver.Batch, td ptrace.Traces) error

// OtelauditAppend is otelaudit's conversion of spans into otel_traces
// rows: exporter.AppendTraces, what the Writer does with every batch.
func OtelauditAppend(batch driver.Batch, td ptrace.Traces) error {
	return exporter.AppendTraces(batch, td)
}

// BenchConversion measures one side of the conversion: every iteration
// empties the block (keeping its buffers, as a reused clickhouse-go block
// does), appends the batch's rows with appendRows and encodes the block
// with method. With audit, it also appends otelaudit's audit rows of the
// decision spans into a second block and encodes that too (what the Writer
// sends besides otel_traces; the contrib exporter has no such table).
func BenchConversion(b *testing.B, appendRows AppendFunc, method chcompress.Method, audit bool) {
	td := Batch()
	traces, err := NewBlockBatch(TracesColumns)
	if err != nil {
		b.Fatal(err)
	}
	auditBatch, err := NewBlockBatch(AuditColumns)
	if err != nil {
		b.Fatal(err)
	}
	enc := NewEncoder(method)
	b.SetBytes(benchdata.AttrBytes(td))
	b.ReportAllocs()
	var wire int
	start := cpuTime()
	for b.Loop() {
		traces.Reset()
		if err := appendRows(traces, td); err != nil {
			b.Fatal(err)
		}
		out, err := enc.Encode(traces.Block)
		if err != nil {
			b.Fatal(err)
		}
		wire = len(out)
		if audit {
			auditBatch.Reset()
			if err := exporter.AppendDecisions(auditBatch, td); err != nil {
				b.Fatal(err)
			}
			out, err := enc.Encode(auditBatch.Block)
			if err != nil {
				b.Fatal(err)
			}
			wire += len(out)
		}
	}
	cpu := cpuTime() - start
	n := td.SpanCount()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/span")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*n), "cpu-ns/span")
	}
	b.ReportMetric(float64(wire)/float64(n), "wireB/span")
}

// checkSameRows fails unless both appends give blocks of the same rows and
// the same encoded size (attribute order within a map may differ: the
// contrib exporter sorts by key, otelaudit keeps the source order).
func checkSameRows(td ptrace.Traces) error {
	var sizes [2]int
	for i, f := range []AppendFunc{ContribAppend, OtelauditAppend} {
		bb, err := NewBlockBatch(TracesColumns)
		if err != nil {
			return err
		}
		if err := f(bb, td); err != nil {
			return err
		}
		if bb.Rows() != td.SpanCount() {
			return fmt.Errorf("exportbench: side %d: %d rows for %d spans", i, bb.Rows(), td.SpanCount())
		}
		out, err := NewEncoder(chcompress.None).Encode(bb.Block)
		if err != nil {
			return err
		}
		sizes[i] = len(out)
	}
	if sizes[0] != sizes[1] {
		return fmt.Errorf("exportbench: encoded blocks differ in size: contrib %d bytes, otelaudit %d", sizes[0], sizes[1])
	}
	return nil
}
