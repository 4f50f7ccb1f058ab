package exporter

import (
	"bytes"
	"encoding/json"

	"go.opentelemetry.io/collector/pdata/pcommon"
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
	traces        *tracesBlock
	audit         *auditBlock
	row           spanRow // the span being appended
	decisionAttrs attrMap // the Attributes of its audit row, when it is a decision

	// text holds the ids, integers and JSON the rows render; double
	// renders doubles (otlpParser.formatDouble) and jsonEnc, which writes
	// to jsonBuf, renders arrays and maps (otlpParser.json).
	text    stringArena
	double  pcommon.Value
	jsonBuf bytes.Buffer
	jsonEnc *json.Encoder
}

// NewBlocks returns empty blocks.
func NewBlocks() *Blocks {
	b := &Blocks{
		traces: newTracesBlock(),
		audit:  newAuditBlock(),
		double: pcommon.NewValueDouble(0),
	}
	b.jsonEnc = json.NewEncoder(&b.jsonBuf)
	b.jsonEnc.SetEscapeHTML(false)
	return b
}

// AppendTraces appends a traces row for every span of td and an audit row
// for every decision span.
func (b *Blocks) AppendTraces(td ptrace.Traces) { b.appendPdata(td, true, true) }

// AppendSpans appends only the traces rows of td's spans.
func (b *Blocks) AppendSpans(td ptrace.Traces) { b.appendPdata(td, true, false) }

// AppendDecisions appends only the audit rows of td's decision spans.
func (b *Blocks) AppendDecisions(td ptrace.Traces) { b.appendPdata(td, false, true) }

// appendPdata appends the traces rows (spans) and the audit rows
// (decisions) of td.
func (b *Blocks) appendPdata(td ptrace.Traces, spans, decisions bool) {
	for _, rs := range td.ResourceSpans().All() {
		serviceName := resourceServiceName(rs.Resource())
		if spans {
			b.traces.setResource(rs.Resource().Attributes())
		}
		for _, ss := range rs.ScopeSpans().All() {
			scopeName, scopeVersion := ss.Scope().Name(), ss.Scope().Version()
			for _, span := range ss.Spans().All() {
				b.row.fromSpan(&b.text, span)
				b.appendRow(serviceName, scopeName, scopeVersion, spans, decisions)
			}
		}
	}
}

// appendRow appends b.row to the traces block (spans) and, if it is a
// decision, to the audit block (decisions).
func (b *Blocks) appendRow(serviceName, scopeName, scopeVersion string, spans, decisions bool) {
	if spans {
		b.traces.appendRow(serviceName, scopeName, scopeVersion, &b.row)
	}
	if decisions && b.row.isDecision() {
		b.decisionAttrs.reset()
		r := newAuditRow(serviceName, &b.row, &b.decisionAttrs)
		b.audit.appendRow(&r)
	}
}

// Traces returns the traces block.
func (b *Blocks) Traces() *native.Block { return &b.traces.block }

// Audit returns the audit block.
func (b *Blocks) Audit() *native.Block { return &b.audit.block }

// Reset empties both blocks, keeping their buffers.
func (b *Blocks) Reset() {
	b.traces.reset()
	b.audit.block.Reset()
	b.row.release()
	b.decisionAttrs.reset()
}
