package exportbench

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	chcompress "github.com/ClickHouse/ch-go/compress"
	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/proto"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/internal/native"
)

// Converter turns a batch of spans into the data packets that would go on
// the wire and hands each to sent (valid during the call only). It keeps
// its buffers from one call to the next, as a long-running exporter does.
type Converter func(td ptrace.Traces, sent func(packet []byte)) error

// NewContribConverter returns the contrib side: its rows appended to a
// clickhouse-go block (see contrib.go) and the block encoded as
// clickhouse-go's native connection sends it, compressed with method.
func NewContribConverter(method chcompress.Method) (Converter, error) {
	batch, err := NewBlockBatch(TracesColumns)
	if err != nil {
		return nil, err
	}
	enc := NewEncoder(method)
	return func(td ptrace.Traces, sent func([]byte)) error {
		batch.Reset()
		if err := ContribAppend(batch, td); err != nil {
			return err
		}
		out, err := enc.Encode(batch.Block)
		if err != nil {
			return err
		}
		sent(out)
		return nil
	}, nil
}

// NewOtelauditConverter returns otelaudit's side: exporter.Blocks, what the
// Writer builds from every batch, encoded as ch-go's native client sends a
// block, compressed with method. With audit, the audit block of the
// decision spans is encoded too (what the Writer sends besides otel_traces;
// the contrib exporter has no such table).
func NewOtelauditConverter(method chcompress.Method, audit bool) Converter {
	blocks := exporter.NewBlocks()
	enc := NewEncoder(method)
	return func(td ptrace.Traces, sent func([]byte)) error {
		blocks.Reset()
		toSend := []*native.Block{blocks.Traces()}
		if audit {
			blocks.AppendTraces(td)
			toSend = append(toSend, blocks.Audit())
		} else {
			blocks.AppendSpans(td)
		}
		for _, blk := range toSend {
			out, err := enc.EncodeInput(blk.Input(), blk.Rows())
			if err != nil {
				return err
			}
			sent(out)
		}
		return nil
	}
}

// BenchConversion measures one side of the conversion: every iteration
// converts the workload's batch with conv.
func BenchConversion(b *testing.B, conv Converter) {
	td := Batch()
	b.SetBytes(benchdata.AttrBytes(td))
	b.ReportAllocs()
	var wire int
	count := func(packet []byte) { wire += len(packet) }
	start := cpuTime()
	for b.Loop() {
		wire = 0
		if err := conv(td, count); err != nil {
			b.Fatal(err)
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

// checkSameRows fails unless both sides' uncompressed encodings decode,
// with clickhouse-go, to the same columns and the same values in every row
// (maps compared as maps: the contrib exporter sorts attributes by key,
// otelaudit keeps the source order; LowCardinality dictionaries may order
// or pad their values differently).
func checkSameRows(td ptrace.Traces) error {
	var blocks [2]*proto.Block
	contrib, err := NewContribConverter(chcompress.None)
	if err != nil {
		return err
	}
	for i, conv := range []Converter{contrib, NewOtelauditConverter(chcompress.None, false)} {
		if blocks[i], err = decodeWire(conv, td); err != nil {
			return err
		}
	}
	want, got := blocks[0], blocks[1]
	if got.Rows() != td.SpanCount() || want.Rows() != got.Rows() || len(want.Columns) != len(got.Columns) {
		return fmt.Errorf("exportbench: contrib %d rows × %d columns, otelaudit %d × %d, for %d spans",
			want.Rows(), len(want.Columns), got.Rows(), len(got.Columns), td.SpanCount())
	}
	for c, wc := range want.Columns {
		gc := got.Columns[c]
		if wc.Name() != gc.Name() || wc.Type() != gc.Type() {
			return fmt.Errorf("exportbench: column %d: contrib %s %s, otelaudit %s %s", c, wc.Name(), wc.Type(), gc.Name(), gc.Type())
		}
		for r := range want.Rows() {
			if w, g := wc.Row(r, false), gc.Row(r, false); !reflect.DeepEqual(w, g) {
				return fmt.Errorf("exportbench: column %s row %d: contrib %v, otelaudit %v", wc.Name(), r, w, g)
			}
		}
	}
	return nil
}

// decodeWire converts td with conv and decodes the data packet back into
// a clickhouse-go block.
func decodeWire(conv Converter, td ptrace.Traces) (*proto.Block, error) {
	var wire []byte
	if err := conv(td, func(packet []byte) { wire = append(wire[:0], packet...) }); err != nil {
		return nil, err
	}
	r := chproto.NewReader(bytes.NewReader(wire))
	if _, err := r.UVarInt(); err != nil { // packet type
		return nil, fmt.Errorf("exportbench: decode packet: %w", err)
	}
	if _, err := r.Str(); err != nil { // table name
		return nil, fmt.Errorf("exportbench: decode packet: %w", err)
	}
	block := &proto.Block{ServerContext: &column.ServerContext{Revision: Revision}}
	if err := block.Decode(r, Revision); err != nil {
		return nil, fmt.Errorf("exportbench: decode block: %w", err)
	}
	return block, nil
}
