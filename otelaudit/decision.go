package otelaudit

import (
	"context"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// Decision is one agent decision being recorded: an invoke_agent span.
// Its methods are safe for concurrent use; after End they do nothing.
type Decision struct {
	span   trace.Span
	tracer trace.Tracer
	id     string

	mu            sync.Mutex
	ended         bool
	provider      string
	requestModel  string
	responseModel string
	reasoning     []string
	output        string
	outcome       string
	inputTokens   int64
	outputTokens  int64
	costUSD       float64
}

// ID returns the decision's id (audit.decision.id).
func (d *Decision) ID() string { return d.id }

// SpanContext returns the span context of the decision's span.
func (d *Decision) SpanContext() trace.SpanContext { return d.span.SpanContext() }

// Reason records a step of the agent's reasoning or plan. Steps are kept in
// order and stored together in audit.reasoning.
func (d *Decision) Reason(step string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.ended {
		d.reasoning = append(d.reasoning, step)
	}
}

// SetOutput records what the agent answered or did.
func (d *Decision) SetOutput(text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.output = text
}

// SetOutcome records the decision's outcome, e.g. semconv.OutcomeEscalated.
// A decision that ends without an error and without an outcome is a success.
func (d *Decision) SetOutcome(outcome string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.outcome = outcome
}

// End ends the decision. A nil err marks it successful; otherwise the span
// gets an Error status with err's message, error.type, an exception event
// and, unless SetOutcome chose another, the outcome "error".
func (d *Decision) End(err error) {
	d.mu.Lock()
	if d.ended {
		d.mu.Unlock()
		return
	}
	d.ended = true
	outcome := d.outcome
	if outcome == "" {
		outcome = semconv.OutcomeSuccess
		if err != nil {
			outcome = semconv.OutcomeError
		}
	}
	attrs := make([]attribute.KeyValue, 0, 9)
	attrs = append(attrs,
		semconv.AuditDecisionOutcome(outcome),
		semconv.GenAIUsageInputTokensKey.Int64(d.inputTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(d.outputTokens),
		semconv.AuditCostUSD(d.costUSD))
	attrs = appendIfSet(attrs, semconv.AuditDecisionOutputKey, d.output)
	attrs = appendIfSet(attrs, semconv.AuditReasoningKey, strings.Join(d.reasoning, "\n"))
	attrs = appendIfSet(attrs, semconv.GenAIProviderNameKey, d.provider)
	attrs = appendIfSet(attrs, semconv.GenAIRequestModelKey, d.requestModel)
	attrs = appendIfSet(attrs, semconv.GenAIResponseModelKey, d.responseModel)
	d.mu.Unlock()

	d.span.SetAttributes(attrs...)
	endSpan(d.span, err)
}

// StartModelCall starts a call to model on the decision's behalf: a
// "chat {model}" span under ctx, which should be the context StartDecision
// returned. End it with [ModelCall.End].
func (d *Decision) StartModelCall(ctx context.Context, model string, opts ...ModelCallOption) (context.Context, *ModelCall) {
	mc := newModelCallConfig(opts)
	d.mu.Lock()
	provider := mc.provider
	if provider == "" {
		provider = d.provider
	}
	if d.provider == "" {
		d.provider = provider
	}
	if d.requestModel == "" {
		d.requestModel = model
	}
	d.mu.Unlock()

	operation := mc.operation
	if operation == "" {
		operation = semconv.OperationChat
	}
	attrs := []attribute.KeyValue{
		semconv.GenAIOperationName(operation),
		semconv.GenAIRequestModel(model),
	}
	attrs = appendIfSet(attrs, semconv.GenAIProviderNameKey, provider)
	attrs = append(attrs, mc.attrs...)
	ctx, span := d.tracer.Start(ctx, spanName(operation, model),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...),
	)
	return ctx, &ModelCall{span: span, decision: d}
}

// StartToolCall starts the execution of tool with the given arguments
// (JSON as the model produced them): an "execute_tool {tool}" span under
// ctx. End it with [ToolCall.End].
func (d *Decision) StartToolCall(ctx context.Context, tool, arguments string) (context.Context, *ToolCall) {
	attrs := []attribute.KeyValue{
		semconv.GenAIOperationName(semconv.OperationExecuteTool),
		semconv.GenAIToolName(tool),
		semconv.GenAIToolType("function"),
	}
	d.mu.Lock()
	attrs = appendIfSet(attrs, semconv.GenAIProviderNameKey, d.provider)
	d.mu.Unlock()
	attrs = appendIfSet(attrs, semconv.GenAIToolCallArgumentsKey, arguments)
	ctx, span := d.tracer.Start(ctx, spanName(semconv.OperationExecuteTool, tool),
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attrs...),
	)
	return ctx, &ToolCall{span: span}
}

// addUsage adds a finished model call's figures to the decision's totals.
func (d *Decision) addUsage(res ModelResult) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.inputTokens += int64(res.InputTokens)
	d.outputTokens += int64(res.OutputTokens)
	d.costUSD += res.CostUSD
	if res.ResponseModel != "" {
		d.responseModel = res.ResponseModel
	}
}

// endSpan ends span with an Ok status, or with err as an Error status,
// error.type and an exception event.
func endSpan(span trace.Span, err error) {
	if err == nil {
		span.SetStatus(codes.Ok, "")
		span.End()
		return
	}
	span.SetAttributes(semconv.ErrorType(errorType(err)))
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
	span.End()
}
