package otelaudit

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// ToolCall is one tool execution made for a decision.
type ToolCall struct {
	span trace.Span
}

// End ends the tool call with what the tool returned, or with err when it
// failed.
func (t *ToolCall) End(result string, err error) {
	if result != "" {
		t.span.SetAttributes(semconv.GenAIToolCallResult(result))
	}
	endSpan(t.span, err)
}
