package durable

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/semconv"
)

// recordFormatOTLP marks a spool record holding an OTLP TracesData
// protobuf.
const recordFormatOTLP = 1

// errBadRecord marks a spool record that does not decode.
var errBadRecord = errors.New("durable: undecodable spool record")

// decodeRecord returns the traces in a spool record.
func decodeRecord(rec []byte) (ptrace.Traces, error) {
	if len(rec) == 0 || rec[0] != recordFormatOTLP {
		return ptrace.Traces{}, fmt.Errorf("%w: unknown format", errBadRecord)
	}
	var u ptrace.ProtoUnmarshaler
	td, err := u.UnmarshalTraces(rec[1:])
	if err != nil {
		return ptrace.Traces{}, fmt.Errorf("%w: %w", errBadRecord, err)
	}
	return td, nil
}

// appendRecord appends the rows of a spool record to b, straight from its
// OTLP bytes; nothing is appended when it does not decode.
func appendRecord(b *exporter.Blocks, rec []byte) error {
	if len(rec) == 0 || rec[0] != recordFormatOTLP {
		return fmt.Errorf("%w: unknown format", errBadRecord)
	}
	if err := b.AppendOTLP(rec[1:]); err != nil {
		return fmt.Errorf("%w: %w", errBadRecord, err)
	}
	return nil
}

// isDecisionSpan reports whether an SDK span is a decision (invoke_agent).
func isDecisionSpan(s sdktrace.ReadOnlySpan) bool {
	for _, kv := range s.Attributes() {
		if kv.Key == semconv.GenAIOperationNameKey {
			return kv.Value.AsString() == semconv.OperationInvokeAgent
		}
	}
	return false
}

// summary counts the spans and decisions of td and lists the decision ids.
type summary struct {
	spans, decisions int
	ids              []string
}

// summarize returns td's summary.
func summarize(td ptrace.Traces) summary {
	var s summary
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				s.spans++
				op, ok := span.Attributes().Get(string(semconv.GenAIOperationNameKey))
				if !ok || op.Str() != semconv.OperationInvokeAgent {
					continue
				}
				s.decisions++
				if id, ok := span.Attributes().Get(string(semconv.AuditDecisionIDKey)); ok {
					s.ids = append(s.ids, id.AsString())
				}
			}
		}
	}
	return s
}
