package exportbench

import (
	"errors"
	"fmt"
	"slices"

	chcompress "github.com/ClickHouse/ch-go/compress"
	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/ClickHouse/clickhouse-go/v2/lib/proto"
)

// Column is one column of an insert: its name and ClickHouse type, as
// clickhouse-go learns them from the server when it prepares a batch.
type Column struct {
	Name string
	Type string
}

// TracesColumns are the columns of an otel_traces insert, in the order of
// the insert statement, with the types the server reports for them (Nested
// columns flattened into arrays). otelaudit and the contrib exporter create
// the same table and insert the same columns in the same order.
var TracesColumns = []Column{
	{"Timestamp", "DateTime64(9)"},
	{"TraceId", "String"},
	{"SpanId", "String"},
	{"ParentSpanId", "String"},
	{"TraceState", "String"},
	{"SpanName", "LowCardinality(String)"},
	{"SpanKind", "LowCardinality(String)"},
	{"ServiceName", "LowCardinality(String)"},
	{"ResourceAttributes", "Map(LowCardinality(String), String)"},
	{"ScopeName", "String"},
	{"ScopeVersion", "String"},
	{"SpanAttributes", "Map(LowCardinality(String), String)"},
	{"Duration", "UInt64"},
	{"StatusCode", "LowCardinality(String)"},
	{"StatusMessage", "String"},
	{"Events.Timestamp", "Array(DateTime64(9))"},
	{"Events.Name", "Array(LowCardinality(String))"},
	{"Events.Attributes", "Array(Map(LowCardinality(String), String))"},
	{"Links.TraceId", "Array(String)"},
	{"Links.SpanId", "Array(String)"},
	{"Links.TraceState", "Array(String)"},
	{"Links.Attributes", "Array(Map(LowCardinality(String), String))"},
}

// AuditColumns are the columns of an audit_decisions insert, in the order
// of otelaudit's insert statement.
var AuditColumns = []Column{
	{"DecisionId", "UUID"},
	{"Timestamp", "DateTime64(9)"},
	{"TraceId", "String"},
	{"SpanId", "String"},
	{"SessionId", "String"},
	{"UserId", "String"},
	{"AgentName", "LowCardinality(String)"},
	{"AgentVersion", "LowCardinality(String)"},
	{"AgentId", "LowCardinality(String)"},
	{"ServiceName", "LowCardinality(String)"},
	{"Operation", "LowCardinality(String)"},
	{"Provider", "LowCardinality(String)"},
	{"RequestModel", "LowCardinality(String)"},
	{"ResponseModel", "LowCardinality(String)"},
	{"Input", "String"},
	{"Reasoning", "String"},
	{"Output", "String"},
	{"Outcome", "LowCardinality(String)"},
	{"StatusCode", "LowCardinality(String)"},
	{"ErrorType", "LowCardinality(String)"},
	{"ErrorMessage", "String"},
	{"DurationNs", "UInt64"},
	{"InputTokens", "UInt64"},
	{"OutputTokens", "UInt64"},
	{"CostUSD", "Float64"},
	{"RedactionCount", "UInt32"},
	{"RedactionKinds", "Array(LowCardinality(String))"},
	{"Variant", "LowCardinality(String)"},
	{"Attributes", "Map(LowCardinality(String), String)"},
}

// Revision is the protocol revision blocks are encoded at: the one
// clickhouse-go announces, which a current server accepts as is.
const Revision = clickhouse.ClientTCPProtocolVersion

// BlockBatch is a driver.Batch that appends into a clickhouse-go
// proto.Block and never sends it: Append and Column do exactly what
// clickhouse-go's native and HTTP batches do (proto.Block.Append, the
// column's Append/AppendRow); Send, Flush and Abort only mark the batch.
// Reset empties it for the next iteration.
type BlockBatch struct {
	Block *proto.Block
	sent  bool
}

var _ driver.Batch = (*BlockBatch)(nil)

// errNotSupported is returned by the driver.Batch methods a block batch
// has no use for.
var errNotSupported = errors.New("exportbench: not supported by a block batch")

// NewBlockBatch returns an empty batch with the given columns.
func NewBlockBatch(cols []Column) (*BlockBatch, error) {
	sc := column.ServerContext{Revision: Revision, Timezone: nil}
	block := &proto.Block{ServerContext: &sc}
	for _, c := range cols {
		if err := block.AddColumn(c.Name, column.Type(c.Type)); err != nil {
			return nil, fmt.Errorf("exportbench: column %s %s: %w", c.Name, c.Type, err)
		}
	}
	return &BlockBatch{Block: block}, nil
}

// Reset empties the block, keeping its columns and their buffers.
func (b *BlockBatch) Reset() {
	b.Block.Reset()
	b.sent = false
}

// Append appends one row, as clickhouse-go's batches do.
func (b *BlockBatch) Append(v ...any) error { return b.Block.Append(v...) }

// AppendStruct is not supported.
func (b *BlockBatch) AppendStruct(any) error { return errNotSupported }

// Column returns column idx for column-wise appends.
func (b *BlockBatch) Column(idx int) driver.BatchColumn {
	return &blockColumn{col: b.Block.Columns[idx]}
}

// Flush does nothing: there is nowhere to send to.
func (b *BlockBatch) Flush() error { return nil }

// Send marks the batch as sent; the block stays for the encoder.
func (b *BlockBatch) Send() error { b.sent = true; return nil }

// Abort marks the batch as sent.
func (b *BlockBatch) Abort() error { b.sent = true; return nil }

// IsSent reports whether Send or Abort was called.
func (b *BlockBatch) IsSent() bool { return b.sent }

// Rows returns the number of rows appended.
func (b *BlockBatch) Rows() int { return b.Block.Rows() }

// Columns returns the block's columns.
func (b *BlockBatch) Columns() []column.Interface { return slices.Clone(b.Block.Columns) }

// Close does nothing.
func (b *BlockBatch) Close() error { return nil }

// blockColumn is the driver.BatchColumn of a block batch, as clickhouse-go
// implements it: Append for a slice of values, AppendRow for one.
type blockColumn struct {
	col column.Interface
}

// Append appends a slice of values.
func (c *blockColumn) Append(v any) error {
	_, err := c.col.Append(v)
	return err
}

// AppendRow appends one value.
func (c *blockColumn) AppendRow(v any) error { return c.col.AppendRow(v) }

// Encoder encodes blocks as the native protocol carries them: the data
// packet's header, then the block (block info, and every column with its
// name, type and serialization kind) into a protocol buffer, then, with
// compression, the block's bytes compressed as one ClickHouse compressed
// block (clickhouse-go compresses at most every 10 MB, ch-go a whole
// block; a batch of 1,000 spans of 7.3 KB is below that). Encode does it
// for a clickhouse-go block as its connection does (connect.sendData),
// EncodeInput for ch-go's columns as ch-go's client does, both at
// [Revision].
type Encoder struct {
	buf        *chproto.Buffer
	compressor *chcompress.Writer // nil: no compression
}

// NewEncoder returns an encoder for method (chcompress.None or
// chcompress.LZ4), at the default level, as clickhouse-go creates it.
func NewEncoder(method chcompress.Method) *Encoder {
	e := &Encoder{buf: new(chproto.Buffer)}
	if method != chcompress.None {
		e.compressor = chcompress.NewWriter(chcompress.LevelZero, method)
	}
	return e
}

// Encode encodes block and returns the bytes that would go on the wire
// (valid until the next call).
func (e *Encoder) Encode(block *proto.Block) ([]byte, error) {
	e.buf.Reset()
	e.buf.PutByte(proto.ClientData)
	e.buf.PutString("")
	start := len(e.buf.Buf)
	if err := block.Encode(e.buf, Revision); err != nil {
		return nil, fmt.Errorf("exportbench: encode block: %w", err)
	}
	return e.compress(start)
}

// EncodeInput encodes the rows of ch-go columns, as ch-go's client sends
// an insert's input, and returns the bytes that would go on the wire
// (valid until the next call).
func (e *Encoder) EncodeInput(input chproto.Input, rows int) ([]byte, error) {
	e.buf.Reset()
	e.buf.PutByte(byte(chproto.ClientCodeData))
	e.buf.PutString("")
	start := len(e.buf.Buf)
	block := chproto.Block{Info: chproto.BlockInfo{BucketNum: -1}, Columns: len(input), Rows: rows}
	if err := block.EncodeBlock(e.buf, Revision, input); err != nil {
		return nil, fmt.Errorf("exportbench: encode input: %w", err)
	}
	return e.compress(start)
}

// compress compresses the buffer from start on, when the encoder
// compresses, and returns the whole buffer.
func (e *Encoder) compress(start int) ([]byte, error) {
	if e.compressor != nil {
		if err := e.compressor.Compress(e.buf.Buf[start:]); err != nil {
			return nil, fmt.Errorf("exportbench: compress block: %w", err)
		}
		e.buf.Buf = append(e.buf.Buf[:start], e.compressor.Data...)
	}
	return e.buf.Buf, nil
}
