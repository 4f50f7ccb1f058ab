package exporter

import (
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/native"
)

// Blocks holds the Native blocks of one batch: the traces rows of its
// spans and the audit rows of its decision spans, ready to encode. It is
// what the Writer sends, exported for the benchmarks. The blocks refer to
// the spans' strings, so the traces must not change until they are sent.
// Reuse one Blocks for batch after batch (Reset keeps its buffers); it is
// not safe for concurrent use.
type Blocks struct {
	traces *tracesBlock
	audit  *auditBlock
}

// NewBlocks returns empty blocks.
func NewBlocks() *Blocks {
	return &Blocks{traces: newTracesBlock(), audit: newAuditBlock()}
}

// AppendTraces appends a traces row for every span of td and an audit row
// for every decision span.
func (b *Blocks) AppendTraces(td ptrace.Traces) {
	b.traces.appendTraces(td, b.audit.appendSpan)
}

// AppendSpans appends only the traces rows of td's spans.
func (b *Blocks) AppendSpans(td ptrace.Traces) { b.traces.appendTraces(td, nil) }

// AppendDecisions appends only the audit rows of td's decision spans.
func (b *Blocks) AppendDecisions(td ptrace.Traces) { b.audit.appendDecisions(td) }

// Traces returns the traces block.
func (b *Blocks) Traces() *native.Block { return &b.traces.block }

// Audit returns the audit block.
func (b *Blocks) Audit() *native.Block { return &b.audit.block }

// Reset empties both blocks, keeping their buffers.
func (b *Blocks) Reset() {
	b.traces.reset()
	b.audit.block.Reset()
}
