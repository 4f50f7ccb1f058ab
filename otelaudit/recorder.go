package otelaudit

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// ScopeName is the instrumentation scope of the spans a Recorder creates.
const ScopeName = "github.com/otelaudit/otelaudit"

// Recorder starts decisions for one agent. It is safe for concurrent use.
type Recorder struct {
	tracer trace.Tracer
	cfg    recorderConfig
	// agentAttrs and decisionName are the same for every decision.
	agentAttrs   []attribute.KeyValue
	decisionName string
}

// NewRecorder returns a Recorder that creates its spans with tp.
func NewRecorder(tp trace.TracerProvider, opts ...RecorderOption) *Recorder {
	cfg := newRecorderConfig(opts)
	var agent []attribute.KeyValue
	agent = appendIfSet(agent, semconv.GenAIAgentNameKey, cfg.agentName)
	agent = appendIfSet(agent, semconv.GenAIAgentVersionKey, cfg.agentVersion)
	agent = appendIfSet(agent, semconv.GenAIAgentIDKey, cfg.agentID)
	agent = appendIfSet(agent, semconv.GenAIAgentDescriptionKey, cfg.agentDescription)
	return &Recorder{
		tracer:       tp.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL)),
		cfg:          cfg,
		agentAttrs:   agent,
		decisionName: spanName(semconv.OperationInvokeAgent, cfg.agentName),
	}
}

// StartDecision starts a decision answering input and returns a context
// holding its span, for the model and tool calls made on its behalf. End
// the decision with [Decision.End].
func (r *Recorder) StartDecision(ctx context.Context, input string, opts ...DecisionOption) (context.Context, *Decision) {
	dc := newDecisionConfig(opts)
	id := dc.id
	if id == "" {
		id = newDecisionID()
	}
	variant := dc.variant
	if variant == "" {
		variant = r.cfg.variant
	}
	attrs := make([]attribute.KeyValue, 0, 6+len(r.agentAttrs))
	attrs = append(attrs,
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.AuditDecisionID(id),
		semconv.AuditDecisionInput(input))
	attrs = append(attrs, r.agentAttrs...)
	attrs = appendIfSet(attrs, semconv.GenAIConversationIDKey, dc.session)
	attrs = appendIfSet(attrs, semconv.UserIDKey, dc.user)
	attrs = appendIfSet(attrs, semconv.AuditVariantKey, variant)

	ctx, span := r.tracer.Start(ctx, r.decisionName,
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attrs...),
		trace.WithTimestamp(dc.start),
	)
	d := &Decision{
		span:     span,
		tracer:   r.tracer,
		id:       id,
		provider: r.cfg.provider,
	}
	return ctx, d
}

// spanName names a span "{operation} {subject}", or just the operation when
// the subject is unknown, as the GenAI conventions ask.
func spanName(operation, subject string) string {
	if subject == "" {
		return operation
	}
	return operation + " " + subject
}

// appendIfSet appends key=value to attrs unless value is empty.
func appendIfSet(attrs []attribute.KeyValue, key attribute.Key, value string) []attribute.KeyValue {
	if value == "" {
		return attrs
	}
	return append(attrs, key.String(value))
}
